"""``make serve``: a demo district so a newcomer sees the console at once.

示例市 (the city) has the district 示例区 with five agencies: two have submitted, one has
been approved, one was returned with the office's reason, one has not submitted yet. The
reports are the bundled sample report under other names, with its figures multiplied by a
whole number (every balance of the tables is linear, so they stay consistent).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from importlib import resources
from pathlib import Path

from xl_disclosure.model import AnnualReport
from xl_disclosure.server.auth import Principal, issue_token, principal_for
from xl_disclosure.server.db import Database
from xl_disclosure.server.review import act
from xl_disclosure.server.units import add_unit
from xl_disclosure.server.workflow import submit

SAMPLE = "zhenhai-2019.json"
CITY, DISTRICT = "示例市", "示例区"
#: (agency, factor, day of January after the report year it submitted, what happened next).
#: Day 36 is 5 February: after the departments' deadline, so flagged late.
AGENCIES = (
    ("示例区教育局", 1, 12, "submitted"),
    ("示例区卫生健康局", 2, 36, "submitted"),
    ("示例区自然资源局", 3, 8, "approved"),
    ("示例区交通运输局", 2, 15, "returned"),
    ("示例区市场监督管理局", 0, 0, "none"),
)
RETURN_REASON = "第五部分未写明具体改进措施和时限，请补充后重新报送。"
EXPLANATION = "本单位第一部分按本地模板撰写，已涵盖相关内容。"


def sample_report() -> AnnualReport:
    from xl_disclosure.io.canonical import report_from_dict

    text = resources.files("xl_disclosure.samples").joinpath(SAMPLE).read_text("utf-8")
    return report_from_dict(json.loads(text), where=SAMPLE)


def demo_report(agency: str, factor: int) -> bytes:
    """The sample under ``agency``'s name, figures times ``factor``, one warning explained."""
    from xl_disclosure.export import export_payload
    from xl_disclosure.model.report import SectionContent
    from xl_disclosure.validate import Severity, validate

    report = sample_report()
    old = report.meta.agency
    report.meta.agency = agency
    report.meta.title = ""
    report.meta.money_unit = report.meta.money_unit or "元"
    report.meta.signed_off = True
    for key, value in list(report.values.items()):
        if isinstance(value, int | float) and not isinstance(value, bool):
            report.values[key] = value * factor
    report.sections = {
        no: SectionContent(report.spec.section(no).title, s.text.replace(old, agency))
        for no, s in report.sections.items()
    }
    report.preamble = report.preamble.replace(old, agency)
    warnings = [f for f in validate(report).findings if f.severity is Severity.WARNING]
    if warnings:
        report.explanations[warnings[0].fingerprint] = EXPLANATION
    data, _ = export_payload(report)
    return data


def build_demo(folder: Path, *, base: str = "http://127.0.0.1:8765") -> tuple[str, list[str]]:
    """A fresh demo database in ``folder``; returns its path and what to print."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "demo.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = Database(path)
    city = add_unit(db, CITY, region=True)
    district = add_unit(db, DISTRICT, parent=CITY, region=True)
    city_token = issue_token(db, city.id, "office", label="演示")
    office_token = issue_token(db, district.id, "office", label="演示")
    office = principal_for(db, office_token)
    assert office is not None
    lines = [f"演示数据库：{path}", f"打开 {base}/console/login ，用下面的令牌登录："]
    lines.append(f"  {DISTRICT}政务公开办：{office_token}")
    lines.append(f"  {CITY}政务公开办：{city_token}")
    for name, factor, day, fate in AGENCIES:
        unit = add_unit(db, name, parent=DISTRICT)
        token = issue_token(db, unit.id, "agency", label="演示")
        lines.append(f"  {name}（填报单位）：{token}")
        if fate == "none":
            continue
        who = principal_for(db, token)
        assert who is not None
        data = demo_report(name, factor)
        year = int(json.loads(data)["meta"]["year"])
        when = datetime(year + 1, 1, 1, 9, 30, tzinfo=UTC) + timedelta(days=day - 1)
        submit(db, who, data, f"{name}.json", source="demo", clock=_fixed(when))
        if fate == "approved":
            _accept_kept(db, office, unit.id, year)
            act(db, office, unit.id, year, "approve")
        elif fate == "returned":
            act(db, office, unit.id, year, "return", reason=RETURN_REASON)
    (folder / "tokens.txt").write_text("\n".join(lines) + "\n", "utf-8")
    db.dispose()
    return str(path), lines


def _fixed(when: datetime) -> Callable[[], datetime]:
    return lambda: when


def _accept_kept(db: Database, office: Principal, unit_id: int, year: int) -> None:
    from xl_disclosure.server.queries import case_detail
    from xl_disclosure.server.review import review_warning

    for f in case_detail(db, office, unit_id, year).kept:
        review_warning(
            db,
            office,
            unit_id,
            year,
            fingerprint=f["fingerprint"],
            decision="accepted",
            note="说明合理",
        )
