"""Every rule of the catalogue: one report that breaks exactly that rule, and silence on a
correct report. Messages are Chinese and name the cells."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any

import pytest

from support.factories import SECTION1, consistent_report, following_report
from xl_disclosure.cells import BLANK, NOT_AVAILABLE, ExcelError, NotCalculated
from xl_disclosure.model import AnnualReport
from xl_disclosure.model.report import ReportSource, SectionContent
from xl_disclosure.spec import load_rules
from xl_disclosure.validate import validate

Pair = tuple[AnnualReport, AnnualReport | None]
Breaker = Callable[[AnnualReport, AnnualReport | None], None]


def _add(r: AnnualReport, key: str, delta: int) -> None:
    r.values[key] = int(str(r.values[key])) + delta


def _add_both(r: AnnualReport, row: str, delta: int, col: str = "C1") -> None:
    """Add to a T3 cell and its row total, keeping T3-003."""
    _add(r, f"T3.{row}.{col}", delta)
    _add(r, f"T3.{row}.C7", delta)


def _t3_003(r: AnnualReport, _: Any) -> None:
    for row in ("partial", "total", "new"):
        _add_both(r, row, 1)
    _add(r, "T3.open.C7", 1)
    _add(r, "T3.partial.C7", -1)


def _p005(r: AnnualReport, _: Any) -> None:
    x = int(str(r.values["T3.new.C7"])) + 1
    for row in ("carry_out", "new"):
        _add_both(r, row, x)


def _y001(r: AnnualReport, _: Any) -> None:
    for row in ("carry_in", "open", "total"):
        _add_both(r, row, 1)


def _x001(r: AnnualReport, _: Any) -> None:
    for row in ("other.no_fee", "total", "new"):
        _add_both(r, row, 1)
    r.sections[
        6
    ].text = "本年度未收取信息处理费。上级工作要点、建议提案办理结果、创新情况均已落实。"


def _x002(r: AnnualReport, _: Any) -> None:
    """Drop the fee statement; move any 逾期未缴费 cases to 其他 so X-001 stays quiet."""
    for c in range(1, 8):
        n = int(str(r.values[f"T3.other.no_fee.C{c}"]))
        _add(r, f"T3.other.no_fee.C{c}", -n)
        _add(r, f"T3.other.other.C{c}", n)
    r.sections[
        6
    ].text = "认真落实上级年度政务公开工作要点；人大代表建议和政协提案办理结果均已公开；创新开展政策解读。"


def _published_blank(r: AnnualReport, _: Any) -> None:
    r.source = ReportSource.PUBLISHED
    r.values["T2.B.R1"] = BLANK


def _x005(r: AnnualReport, _: Any) -> None:
    """受理 = 新收 + 上年结转 (agrees with the table), but the applicants listed add to 新收 only."""
    for row in ("carry_in", "open", "total"):
        _add_both(r, row, 1)
    n = {k: int(str(r.values[k])) for k in r.values if k.startswith("T3.")}
    legal = sum(n[f"T3.new.C{i}"] for i in range(2, 7))
    r.sections[3].text = (
        f"本年度共受理政府信息公开申请{n['T3.new.C7'] + n['T3.carry_in.C7']}件，"
        f"其中自然人申请{n['T3.new.C1']}件，法人或其他组织申请{legal}件。"
    )


def _set(**values: Any) -> Breaker:
    def apply(r: AnnualReport, _: Any) -> None:
        r.values.update(values)

    return apply


def _text(no: int, text: str | Callable[[AnnualReport], str]) -> Breaker:
    def apply(r: AnnualReport, _: Any) -> None:
        r.sections[no].text = text(r) if callable(text) else text

    return apply


def _meta(**fields: Any) -> Breaker:
    def apply(r: AnnualReport, _: Any) -> None:
        for k, v in fields.items():
            setattr(r.meta, k, v)

    return apply


def _copy_prev_section1(r: AnnualReport, prev: AnnualReport | None) -> None:
    assert prev is not None
    r.sections[1].text = prev.sections[1].text


def _remove_section5(r: AnnualReport, _: Any) -> None:
    del r.sections[5]


def _retitle5(r: AnnualReport, _: Any) -> None:
    r.sections[5].title = "五、存在问题及改进情况"


def _gov(r: AnnualReport, _: Any) -> None:
    r.meta.agency_kind = "government"


# rule id -> (format, needs previous year, breaker)
CASES: dict[str, tuple[str, bool, Breaker]] = {
    "T3-001": ("gb2021", False, lambda r, _: _add_both(r, "new", 1)),
    "T3-002": ("gb2021", False, lambda r, _: _add_both(r, "open", 1)),
    "T3-003": ("gb2019", False, _t3_003),
    "T4-001": ("gb2021", False, lambda r, _: _add(r, "T4.F05", 1)),
    "T4-002": ("gb2019", False, lambda r, _: _add(r, "T4.F10", 2)),
    "T4-003": ("gb2021", False, lambda r, _: _add(r, "T4.F15", 3)),
    "V-001": ("gb2021", False, _set(**{"T2.B.R1": BLANK})),
    "V-002": ("gb2021", False, _set(**{"T2.C.R2": "五十"})),
    "V-003": ("gb2019", False, _set(**{"T2.B.R1.C2": 1.5})),
    "V-004": ("gb2021", False, _set(**{"T2.D.R1": "12万元"})),
    "V-005": ("gb2021", False, _set(**{"T2.D.R1": 12.345678})),
    "V-006": ("gb2021", False, _set(**{"T2.B.R1": "/"})),
    "V-007": ("gb2019", False, _meta(money_unit="")),
    "V-008": ("gb2021", False, _set(**{"T2.C.R1": ExcelError("#REF!")})),
    "V-009": ("gb2019", False, _set(**{"T2.C.R1.C3": NotCalculated("=SUM(B2:B3)")})),
    "V-010": ("gb2021", False, _published_blank),
    "V-011": ("gb2019", False, _set(**{"T2.C.R1.C3": NOT_AVAILABLE})),
    "P-001": ("gb2021", False, _set(**{"T2.A.R2.C1": 10, "T2.A.R2.C2": 0, "T2.A.R2.C3": 5})),
    "P-002": ("gb2019", False, _set(**{"T2.A.R2.C1": 3, "T2.A.R2.C2": 2, "T2.A.R2.C3": 10})),
    "P-003": ("gb2019", False, _set(**{"T2.B.R1.C1": 2, "T2.B.R1.C2": -5})),
    "P-004": ("gb2021", False, _set(**{"T2.A.R1.C1": 1, "T2.A.R1.C3": 1})),
    "P-005": ("gb2021", False, _p005),
    "Y-001": ("gb2021", True, _y001),
    "Y-002": ("gb2021", True, lambda r, _: _add(r, "T2.A.R2.C3", 1)),
    "Y-003": ("gb2019", True, lambda r, _: _add(r, "T2.B.R1.C1", 1)),
    "Y-004": ("gb2021", True, _copy_prev_section1),
    "Y-005": (
        "gb2021",
        True,
        _text(5, "存在的不足：信息发布时效性不强。改进措施：下一步将建立发布提醒制度，加强培训。"),
    ),
    "X-001": ("gb2021", False, _x001),
    "X-002": ("gb2021", False, _x002),
    "X-003": (
        "gb2021",
        False,
        _text(
            1,
            lambda r: (
                SECTION1 + f"\n本年新收政府信息公开申请{int(str(r.values['T3.new.C7'])) + 1}件。"
            ),
        ),
    ),
    "X-004": (
        "gb2021",
        False,
        lambda r, _: (
            r.values.update({"T2.D.R1": 1.5}),
            setattr(r.sections[6], "text", r.sections[6].text + "\n本年度收取信息处理费1.5万元。"),
        ),
    ),
    "X-005": ("gb2021", False, _x005),
    "D-001": ("gb2021", False, _remove_section5),
    "D-002": ("gb2019", False, _retitle5),
    "D-003": ("gb2021", False, _meta(year=2020, publish_date="2021-01-15")),
    "D-004": (
        "gb2021",
        False,
        lambda r, _: _meta(period_start=f"{r.meta.year}-02-01", period_end=f"{r.meta.year}-12-31")(
            r, _
        ),
    ),
    "D-005": (
        "gb2021",
        False,
        _text(1, lambda r: f"{(r.meta.year or 0) - 1}年，我局持续推进政务公开。\n" + SECTION1),
    ),
    "D-006": (
        "gb2021",
        False,
        lambda r, _: _meta(publish_date=f"{(r.meta.year or 0) + 1}-02-15")(r, _),
    ),
    "D-007": ("gb2019", False, _text(5, "无。")),
    "D-008": ("gb2021", False, _text(5, "本年度工作中存在一些问题。")),
    "D-009": (
        "gb2021",
        False,
        _text(
            1,
            SECTION1.replace(
                "（二）依申请公开\n规范依申请公开受理、审查、答复流程，按时答复申请人。\n", ""
            ),
        ),
    ),
    "D-011": ("gb2021", False, _gov),
    "D-012": ("gb2021", False, _text(6, lambda r: r.sections[6].text.split("\n")[0])),
    "D-013": ("gb2021", False, _meta(title="关于政府信息公开工作的报告")),
    "D-014": ("gb2019", False, _meta(signed_off=False)),
    "M-001": ("gb2021", False, _meta(agency="")),
}
#: Rules not produced by the validator from a report alone, tested elsewhere.
ELSEWHERE = {
    "D-010": "test_cli_validate.py::test_json_with_added_cells_is_d010",
    "R-001": "test_reader_errors.py (old template version)",
    "R-002": "test_reader_errors.py (layout checksum changed)",
    "R-003": "test_profile_workbook.py (workbook or JSON of an older profile version)",
    "R-004": "test_profile_workbook.py (workbook of a newer profile version than the server's)",
    "R-005": "test_reader_errors.py (workbook of a newer template than this toolkit's)",
    "S-001": "test_reliability_safety.py (macros noted, never run)",
    "S-002": "test_reliability_safety.py (external links)",
    "S-003": "test_reliability_safety.py (embedded objects)",
}


def _pair(fmt: str, needs_previous: bool, seed: int) -> Pair:
    rnd = random.Random(seed)
    if not needs_previous:
        return consistent_report(fmt, rnd), None
    prev_fmt_year = 2023 if fmt == "gb2021" else 2019
    prev = consistent_report(fmt, rnd, year=prev_fmt_year)
    return following_report(prev, rnd), prev


def test_every_catalogue_rule_is_covered() -> None:
    assert {r.id for r in load_rules()} == set(CASES) | set(ELSEWHERE)


@pytest.mark.parametrize("rule_id", sorted(CASES))
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_breaking_one_rule_fires_exactly_that_rule(rule_id: str, seed: int) -> None:
    fmt, needs_previous, breaker = CASES[rule_id]
    report, prev = _pair(fmt, needs_previous, seed)
    assert validate(report, prev).findings == ()
    breaker(report, prev)
    result = validate(report, prev)
    assert {f.rule for f in result.findings} == {rule_id}, result.flatten(("rule", "message"))
    for f in result.findings:
        assert re.search(r"[\u4e00-\u9fff]", f.message), f.message
        for place in f.places:
            assert place in report.spec.cell_index or re.fullmatch(
                r"(section\.\d(\.title)?|meta\.\w+)", place
            )
        assert "{" not in f.message, f.message


@pytest.mark.parametrize("rule_id", sorted(CASES))
@pytest.mark.parametrize("fmt", ["gb2019", "gb2021"])
def test_rule_is_silent_on_correct_report(rule_id: str, fmt: str) -> None:
    report, prev = _pair(fmt, True, 11)
    assert rule_id not in {f.rule for f in validate(report, prev).findings}


def test_balance_message_names_column_and_values() -> None:
    report, _ = _pair("gb2021", False, 5)
    _add_both(report, "new", 2, col="C3")
    [f, g] = validate(report).findings
    assert f.rule == g.rule == "T3-001"
    assert "表三“科研机构”列不符合勾稽关系" in f.message and "相差2" in f.message
    assert f.places[0] == "T3.total.C3"
    assert "T3.new.C3" in f.places
    assert "表三“总计”列" in g.message


def test_text_in_number_cell_hints_at_the_number() -> None:
    report, _ = _pair("gb2021", False, 5)
    report.values["T3.open.C1"] = "５０"
    msgs = [f.message for f in validate(report).findings]
    assert any("以文本形式保存的数字“50”" in m for m in msgs), msgs


def test_kept_warning_carries_explanation() -> None:
    report, _ = _pair("gb2021", False, 5)
    report.values["T2.B.R1"] = "/"
    report.explanations["V-006@T2.B.R1"] = "本机关无行政许可职能。"
    result = validate(report)
    [f] = result.findings
    assert f.kept and result.clean
    assert result.summary()["kept_warnings"] == ["V-006@T2.B.R1"]


def test_zhenhai_fixture_has_the_findings_it_really_has(zhenhai: AnnualReport) -> None:
    result = validate(zhenhai)
    assert result.valid
    assert result.flatten(("rule", "places")) == [
        ["V-007", ["T2.E.R1.C2", "meta.money_unit"]],
        ["D-002", ["section.1.title"]],
        ["D-002", ["section.2.title"]],
        ["D-002", ["section.4.title"]],
        ["D-002", ["section.5.title"]],
        ["D-009", ["section.1"]],
        ["D-009", ["section.1"]],
        ["D-013", ["meta.title"]],
        ["D-014", ["meta.signed_off"]],
    ]
    aspects = [f.message for f in result.findings if f.rule == "D-009"]
    assert "“主动公开”" in aspects[0] and "“依申请公开”" in aspects[1]


@pytest.mark.parametrize("value", [True, __import__("datetime").date(2024, 1, 2), -3])
def test_fee_cell_with_a_non_number_is_v004(value: object) -> None:
    report, _ = _pair("gb2021", False, 5)
    report.values["T2.D.R1"] = value  # type: ignore[assignment]
    assert [f.rule for f in validate(report).findings] == ["V-004"]


@pytest.mark.parametrize("year", [9999, 2**40])
def test_year_far_in_the_future_is_m001_not_a_crash(year: int) -> None:
    report, _ = _pair("gb2021", False, 5)
    report.meta.year = year
    assert [f.rule for f in validate(report).findings] == ["M-001"]


@pytest.mark.parametrize("fmt", ["gb2019", "gb2021"])
@pytest.mark.parametrize("missing", [1, 5, 6])
def test_a_missing_section_is_one_finding(fmt: str, missing: int) -> None:
    """A section the report lacks (an import that found no heading) is D-001 alone: the rules
    about what that section must say (D-007/D-008, D-009/D-011, D-012, X-001/X-002) stay
    silent, while a present section without the words still gets them."""
    report = consistent_report(fmt, random.Random(missing))
    report.meta.agency_kind = "government"  # D-011 asks section 一 of a government
    if "T3.other.no_fee.C1" in report.values:  # a fee case: X-001 asks section 六 about it
        _add_both(report, "other.no_fee", 1)
    section = f"section.{missing}"
    emptied = report.sections[missing].title
    del report.sections[missing]
    gone = [(f.rule, f.places[0]) for f in validate(report).findings if section in f.places]
    assert gone == [("D-001", section)]
    # the same section present with none of the words: its content rules speak
    report.sections[missing] = SectionContent(emptied, "本年度工作正常开展。")
    spoken = {f.rule for f in validate(report).findings if section in f.places}
    spec = report.spec
    asks = missing != 6 or spec.has("fee_reporting") or spec.section(6).items_for("D-012")
    assert "D-001" not in spoken
    assert bool(spoken) == bool(asks), spoken


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("本年度未收取信息处理费。", False),
        ("2024年，本单位没有收取政府信息公开相关费用。", False),
        ("本机关在依申请公开工作中未收取任何费用。", False),
        ("本年度未产生政府信息公开处理费。", False),
        ("本年度无收费情况。", False),
        ("认真落实上级年度政务公开工作要点；创新开展政策解读。", True),
        ("本年度无其他需要报告的事项。", True),
    ],
)
def test_the_fee_statement_of_section_six_in_the_words_reports_use(text: str, fires: bool) -> None:
    """X-002 asks section 六 whether fees were charged; published reports say it in many
    ways (未收取任何费用, 没有收取…相关费用, 未产生…处理费), all of which answer it."""
    report, _ = _pair("gb2021", False, 3)
    for c in range(1, 8):  # no fee case, so X-001 stays out of it
        n = int(str(report.values[f"T3.other.no_fee.C{c}"]))
        _add(report, f"T3.other.no_fee.C{c}", -n)
        _add(report, f"T3.other.other.C{c}", n)
    report.sections[6].text = text
    assert ("X-002" in {f.rule for f in validate(report).findings}) is fires
