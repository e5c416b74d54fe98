"""The shipped profiles' rules: silent on correct reports, and each fires — alone — on a report
crafted to break it; a profile's local deadline is D-006's; messages name cells, show values."""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support.factories import following_report
from support.profiles import add_profile, profiled_report
from xl_disclosure.model import AnnualReport
from xl_disclosure.spec import load_format
from xl_disclosure.validate import validate

ZJ = "gb2019+zj-2019"
TZ = "gb2021+notice-example"
Breaker = Callable[[AnnualReport], None]


def _int(report: AnnualReport, key: str) -> int:
    return int(str(report.values[key]))


def _set(**values: object) -> Breaker:
    def apply(r: AnnualReport) -> None:
        r.values.update({k.replace("_", "."): v for k, v in values.items()})

    return apply


def _zj_004(r: AnnualReport) -> None:
    """More newly published 规范性文件 than 主动公开政府信息数 (P-002 kept quiet)."""
    n = _int(r, "ZJ.T1.R1") + 5
    r.values["T2.A.R2.C1"] = r.values["T2.A.R2.C2"] = n
    r.values["T2.A.R2.C3"] = max(_int(r, "T2.A.R2.C3"), n)


def _tz_channels(r: AnnualReport, website: int) -> None:
    r.values["TZ.T1.A.R1"] = website
    r.values["TZ.T1.A.total"] = sum(_int(r, f"TZ.T1.A.R{i}") for i in range(1, 7))


def _tz_004(r: AnnualReport) -> None:
    """Fewer items on the website than 规章 and 行政规范性文件 made (P-001, TZ-005 kept quiet)."""
    r.values["T2.A.R2.C1"] = _int(r, "T2.A.R2.C1") + 5
    r.values["T2.A.R2.C3"] = _int(r, "T2.A.R2.C3") + 5
    r.values["TZ.T1.B.R1"] = max(_int(r, "TZ.T1.B.R1"), _int(r, "T2.A.R2.C1"))
    _tz_channels(r, _int(r, "T2.A.R1.C1") + _int(r, "T2.A.R2.C1") - 1)


def _tz_005(r: AnnualReport) -> None:
    """Fewer 政策解读 than 行政规范性文件 made (TZ-003, TZ-004, P-001 kept quiet)."""
    made = _int(r, "T2.A.R2.C1") + 3
    r.values["T2.A.R2.C1"] = made
    r.values["T2.A.R2.C3"] = _int(r, "T2.A.R2.C3") + 3
    r.values["TZ.T1.B.R1"] = made - 1
    r.values["TZ.T1.B.R2"] = min(_int(r, "TZ.T1.B.R2"), made - 1)
    _tz_channels(r, max(_int(r, "TZ.T1.A.R1"), _int(r, "T2.A.R1.C1") + made))


def _text(no: int, change: Callable[[str], str]) -> Breaker:
    def apply(r: AnnualReport) -> None:
        r.sections[no].text = change(r.sections[no].text)

    return apply


def _field(key: str, value: str) -> Breaker:
    def apply(r: AnnualReport) -> None:
        r.fields[key] = value

    return apply


def _filed_late(r: AnnualReport) -> None:
    year = (r.meta.year or 0) + 1
    r.meta.publish_date, r.fields["TZ.filed_date"] = f"{year}-01-20", f"{year}-01-22"


BREAKERS: dict[str, tuple[str, Breaker]] = {
    "ZJ-001": (ZJ, _set(ZJ_T1_R10=1, ZJ_T1_R11=2)),
    "ZJ-002": (ZJ, _set(ZJ_T1_R12=3, ZJ_T1_R13=5)),
    "ZJ-003": (ZJ, _set(ZJ_T1_R12="/", ZJ_T1_R13=2)),
    "ZJ-004": (ZJ, _zj_004),
    "TZ-001": (TZ, _text(1, lambda t: t + "\n" + "加强政策解读，" * 500)),
    "TZ-002": (TZ, lambda r: r.values.update({"TZ.T1.A.total": _int(r, "TZ.T1.A.total") + 1})),
    "TZ-003": (TZ, lambda r: r.values.update({"TZ.T1.B.R2": _int(r, "TZ.T1.B.R1") + 1})),
    "TZ-004": (TZ, _tz_004),
    "TZ-005": (TZ, _tz_005),
    "TZ-006": (TZ, _field("TZ.leader_signed", "否")),
    "TZ-007": (TZ, _filed_late),
    "TZ-008": (TZ, _field("TZ.zone", "")),
    "TZ-009": (TZ, _text(1, lambda t: t.replace("\n围绕重要政策文件开展政策解读。", ""))),
}


def test_every_shipped_rule_has_a_breaker() -> None:
    ids = {r.id for fid in (ZJ, TZ) for r in load_format(fid).expr_rules}
    assert ids == set(BREAKERS) | {"TZ-010"}  # TZ-010 (cross-year) below


@settings(max_examples=60, deadline=None)
@given(fid=st.sampled_from([ZJ, TZ]), seed=st.integers(0, 2**32 - 1))
def test_correct_reports_are_silent(fid: str, seed: int) -> None:
    assert validate(profiled_report(fid, random.Random(seed))).findings == ()


@pytest.mark.parametrize("rule_id", sorted(BREAKERS))
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_each_rule_fires_alone_on_its_breaker(rule_id: str, seed: int) -> None:
    fid, breaker = BREAKERS[rule_id]
    report = profiled_report(fid, random.Random(seed))
    breaker(report)
    result = validate(report)
    assert [f.rule for f in result.findings] == [rule_id], result.flatten(("rule", "message"))
    finding = result.findings[0]
    rule = next(r for r in report.spec.expr_rules if r.id == rule_id)
    assert finding.severity.value == rule.severity
    assert "{" not in finding.message and re.search(r"[\u4e00-\u9fff]", finding.message)
    layout_places = {c.key for c in report.spec.cells} | {f.key for f in report.spec.input_fields}
    for place in finding.places:
        assert place in layout_places or re.fullmatch(r"section\.\d|meta\.\w+", place), place


def test_messages_name_the_cells_and_show_both_sides() -> None:
    report = profiled_report(ZJ, random.Random(7))
    _set(ZJ_T1_R10=1, ZJ_T1_R11=4)(report)
    (finding,) = validate(report).findings
    assert finding.places == ("ZJ.T1.R11", "ZJ.T1.R10")
    assert "为4次" in finding.message and "的1次" in finding.message
    assert (finding.actual, finding.expected) == ("4", "≤ 1")


def test_cross_year_rule_compares_with_last_year() -> None:
    rnd = random.Random(11)
    prev = profiled_report(TZ, rnd, year=2023)
    national = copy.deepcopy(prev)
    national.format_id = "gb2021"
    this = add_profile(following_report(national, rnd), TZ, rnd)
    assert validate(this, prev).findings == ()
    prev.values["TZ.T1.A.R6"] = _int(prev, "TZ.T1.A.R6") + 2 * _int(this, "TZ.T1.A.total") + 10
    prev.values["TZ.T1.A.total"] = sum(_int(prev, f"TZ.T1.A.R{i}") for i in range(1, 7))
    result = validate(this, prev)
    assert [f.rule for f in result.findings] == ["TZ-010"]
    assert validate(this).findings == ()  # without last year's report it cannot be checked


@pytest.mark.parametrize(("day", "fires"), [("01-24", False), ("01-28", True)])
def test_local_deadline_is_stricter(day: str, fires: bool) -> None:
    report = profiled_report(TZ, random.Random(5), year=2023)
    report.meta.publish_date = f"2024-{day}"
    report.fields["TZ.filed_date"] = "2024-01-10"
    found = [f for f in validate(report).findings if f.rule == "D-006"]
    assert bool(found) is fires
    if fires:
        assert "本地规定期限2024-01-25" in found[0].message and "地方年报通知" in found[0].message
    national = copy.deepcopy(report)
    national.format_id = "gb2021"
    assert not [f for f in validate(national).findings if f.rule == "D-006"]  # 1月31日 national
