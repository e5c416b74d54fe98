"""The review workflow: submissions become immutable versions; the office moves the case.

States of a case (one unit, one year): ``submitted`` 已提交 → ``approved`` 审核通过 or
``returned`` 退回 (with the office's reason) → ``filed`` 已备案 → ``published`` 已公开 (with
URL and date). ``refused`` marks a case whose only attempts were refused (有错误). Each
submission is a new version (never overwritten); the newest accepted one is active.
Every action is written to the audit log in the same transaction.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import Connection, func, select, update
from sqlalchemy.exc import IntegrityError

from xl_disclosure.server.auth import Principal
from xl_disclosure.server.checks import Checked, check_submission
from xl_disclosure.server.db import Database, audit, cases, inserted_id, versions
from xl_disclosure.server.safety import Refused
from xl_disclosure.server.units import Unit, deadline, get_unit, name_matches

CHINA = timezone(timedelta(hours=8))
STATES = {
    "refused": "有错误",
    "submitted": "已提交",
    "returned": "退回",
    "approved": "审核通过",
    "filed": "已备案",
    "published": "已公开",
}
#: Where an agency may still send a new version.
OPEN_STATES = ("refused", "submitted", "returned")
MAX_REASON = 2000
MIN_YEAR, MAX_YEAR = 1990, 2200
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Outcome:
    """What a submission did, for the API reply and the button's alert."""

    version_id: int
    number: int
    state: str
    late: bool
    created: bool
    reason: str = ""
    """The office's reason when the case had been returned."""

    def message(self, unit: str, year: int) -> str:
        head = (
            f"已提交到服务器：{unit} {year} 年度第 {self.number} 版。"
            if self.created
            else f"内容与服务器上的第 {self.number} 版相同，未新建版本。"
        )
        state = f"当前状态：{STATES[self.state]}"
        if self.state == "submitted":
            state += "，等待政务公开办审核"
        tail = "（已逾期报送）" if self.late else ""
        back = f"\n上次退回原因：{self.reason}" if self.reason else ""
        return f"{head}\n{state}{tail}。{back}"


def log(
    conn: Connection,
    who: Principal | None,
    action: str,
    *,
    unit_id: int | None = None,
    year: int | None = None,
    version_id: int | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    conn.execute(
        audit.insert().values(
            at=(at or utc_now()).isoformat(timespec="seconds"),
            token_id=who.token_id if who else None,
            actor=who.actor if who else "系统",
            action=action,
            unit_id=unit_id,
            year=year,
            version_id=version_id,
            detail=json.dumps(detail or {}, ensure_ascii=False),
        )
    )


def case_row(conn: Connection, unit_id: int, year: int, *, lock: bool) -> Any:
    q = select(cases).where(cases.c.unit_id == unit_id, cases.c.year == year)
    return conn.execute(q.with_for_update() if lock else q).first()


def clean_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if len(reason) > MAX_REASON:
        raise Refused(422, f"原因过长（上限 {MAX_REASON} 字）。", "too-long")
    return reason


def submit(
    db: Database,
    who: Principal,
    body: bytes,
    filename: str,
    *,
    reason: str = "",
    source: str = "api",
    clock: Clock = utc_now,
) -> Outcome:
    """Store ``body`` as a new version of the caller's own unit (the one function every
    entry point uses: API, workbook button, staff web page, roll-up)."""
    with db.read() as conn:
        unit = get_unit(conn, who.unit_id)
    assert unit is not None
    try:
        checked = check_submission(body)
    except Refused as exc:
        _record_refusal(db, who, body, exc)
        raise
    if not name_matches(unit, checked.report.meta.agency):
        raise Refused(
            403,
            f"报告封面的机关名称“{checked.report.meta.agency[:100]}”与令牌所属单位“{unit.name}”不一致，"
            "只能提交本单位的报告。",
            "wrong-agency",
        )
    for attempt in range(5):
        try:
            return _store(
                db,
                who,
                unit,
                checked=checked,
                body=body,
                filename=filename[:255],
                reason=reason,
                source=source,
                clock=clock,
            )
        except IntegrityError:  # a concurrent first submission for the same case: retry
            if attempt == 4:
                raise
    raise AssertionError("unreachable")


def _record_refusal(db: Database, who: Principal, body: bytes, exc: Refused) -> None:
    """A refused report leaves a trace (who, when, why), never its content."""
    year = report_year(body)
    with db.write() as conn:
        detail = {"reason": exc.message, "sha256": hashlib.sha256(body).hexdigest()}
        log(conn, who, "submit-refused", unit_id=who.unit_id, year=year, detail=detail)
        if year is None:
            return
        case = case_row(conn, who.unit_id, year, lock=True)
        stamp = utc_now().isoformat(timespec="seconds")
        _put_case(
            conn,
            who.unit_id,
            year,
            {"refused_at": stamp, "refused_reason": exc.message[:MAX_REASON]},
            exists=case is not None,
            new={"state": "refused", "updated_at": stamp},
        )


def report_year(body: bytes) -> int | None:
    """The report year of a (possibly refused) body, when it is a plausible one."""
    try:
        year = json.loads(body)["meta"]["year"]
    except Exception:  # anything unreadable: no year
        return None
    return year if type(year) is int and MIN_YEAR <= year <= MAX_YEAR else None


def _reason_for(case: Any, active: Any, sha: str, reason: str, source: str) -> str:
    """The reason of a new version, or :class:`Refused` when none may be made."""
    if case is not None and case.state not in OPEN_STATES:
        raise Refused(
            409,
            f"{case.year} 年度报告已{STATES[case.state]}，不能再提交新版本；如需修改，请联系政务公开办退回。",
            "closed",
            state=case.state,
        )
    if active is not None and active.sha256 == sha and case.state == "returned":
        raise Refused(
            409, "提交的内容与被退回的版本完全相同，请按退回意见修改后再提交。", "unchanged"
        )
    reason = clean_reason(reason)
    if active is not None and not reason and source != "api":
        # Buttons and pages have no reason field: say what the resubmission answers.
        reason = "按退回意见修改后重新提交" if case.state == "returned" else "单位重新导出并提交"
    if active is not None and not reason:
        raise Refused(422, "已有提交的版本：重新提交请说明原因（reason）。", "reason-required")
    return reason


def _active_version(conn: Connection, case: Any) -> Any:
    """The number, digest and lateness of the case's active version (``None`` if none)."""
    if case is None or case.active_version_id is None:
        return None
    return conn.execute(
        select(versions.c.number, versions.c.sha256, versions.c.late).where(
            versions.c.id == case.active_version_id
        )
    ).one()


def _next_number(conn: Connection, unit_id: int, year: int) -> int:
    """The number the unit's next version of ``year`` takes (1, 2, …)."""
    last = conn.execute(
        select(func.max(versions.c.number)).where(
            versions.c.unit_id == unit_id, versions.c.year == year
        )
    ).scalar()
    return 1 + (last or 0)


def _checked_columns(checked: Checked, body: bytes) -> dict[str, Any]:
    """The columns of a version that its check decides: format, size, counts, findings."""
    return {
        "format": str(checked.data["format"]),
        "size": len(body),
        "errors": len(checked.result.errors),
        "warnings": len(checked.result.warnings),
        "kept": len(checked.kept),
        "findings": checked.findings_json(),
    }


def _put_case(
    conn: Connection,
    unit_id: int,
    year: int,
    values: dict[str, Any],
    *,
    exists: bool,
    new: dict[str, Any] | None = None,
) -> None:
    """Set ``values`` on the unit's case of ``year``; a case that does not exist yet is made,
    with ``new`` besides."""
    if exists:
        conn.execute(
            update(cases).where(cases.c.unit_id == unit_id, cases.c.year == year).values(**values)
        )
    else:
        conn.execute(cases.insert().values(unit_id=unit_id, year=year, **values, **(new or {})))


def _store(
    db: Database,
    who: Principal,
    unit: Unit,
    *,
    checked: Checked,
    body: bytes,
    filename: str,
    reason: str,
    source: str,
    clock: Clock,
) -> Outcome:
    year = checked.year
    sha = hashlib.sha256(body).hexdigest()
    now = clock()
    stamp = now.isoformat(timespec="seconds")
    with db.write() as conn:
        case = case_row(conn, unit.id, year, lock=True)
        active = _active_version(conn, case)
        if active is not None and active.sha256 == sha and case.state in ("submitted", "refused"):
            return Outcome(case.active_version_id, active.number, case.state, active.late, False)
        reason = _reason_for(case, active, sha, reason, source)
        back = case.reason if case is not None and case.state == "returned" else ""
        number = _next_number(conn, unit.id, year)
        late = now.astimezone(CHINA).date() > deadline(conn, year, unit.kind)
        row = {
            "unit_id": unit.id,
            "year": year,
            "number": number,
            "created_at": stamp,
            "token_id": who.token_id,
            "source": source,
            "reason": reason,
            "filename": filename or "submission.json",
            "sha256": sha,
            "late": late,
            "body": body,
            **_checked_columns(checked, body),
        }
        vid = inserted_id(conn.execute(versions.insert().values(**row)))
        submitted = {
            "active_version_id": vid,
            "state": "submitted",
            "reason": "",
            "updated_at": stamp,
        }
        _put_case(conn, unit.id, year, submitted, exists=case is not None)
        detail = {"number": number, "reason": reason, "sha256": sha, "late": late, "source": source}
        log(conn, who, "submit", unit_id=unit.id, year=year, version_id=vid, detail=detail, at=now)
    return Outcome(vid, number, "submitted", late, True, back)
