"""Blank-aware arithmetic and where a report came from (issue 11, items 1, 2 and 6).

Staff workbooks: V-001 once per row with the cells, a blank total named with its value, the
marks colour every cell. Imported publications: blank = 0 (one note per table), a blank total
beside non-zero parts is one error per row, and the 总计-column check still runs. Cells not
available (a cut-off page) give one note. Canonical JSON keeps all of that.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import openpyxl

from support.factories import consistent_report
from support.workbooks import fill_template
from xl_disclosure.cells import BLANK, NOT_AVAILABLE
from xl_disclosure.io.canonical import dumps, load_report_json, report_to_dict
from xl_disclosure.layout import layout_for
from xl_disclosure.marking.findings_sheet import marks_of
from xl_disclosure.model import AnnualReport
from xl_disclosure.model.report import ReportSource
from xl_disclosure.readers import read_workbook
from xl_disclosure.spec import load_format
from xl_disclosure.validate import validate
from xl_disclosure.validate.findings import number_text


def _report(fmt: str = "gb2019", seed: int = 3) -> AnnualReport:
    report = consistent_report(fmt, random.Random(seed))
    # every applicant column non-zero in the outcome rows used below
    for row in ("open", "partial", "unable.not_held"):
        for col, n in ((1, 4), (2, 1)):
            _bump(report, f"T3.{row}.C{col}", n)
            _bump(report, f"T3.new.C{col}", n)
    for key in report.values:
        if key.startswith("T3.") and key.endswith(".C7"):
            row = key[3:-3]
            report.values[key] = sum(_int(report, f"T3.{row}.C{i}") for i in range(1, 7))
    _recompute_totals(report)
    assert validate(report).findings == ()
    return report


def _int(report: AnnualReport, key: str) -> int:
    return int(str(report.values[key]))


def _bump(report: AnnualReport, key: str, n: int) -> None:
    report.values[key] = _int(report, key) + n


def _recompute_totals(report: AnnualReport) -> None:
    spec = report.spec
    rhs = next(c for c in spec.checks if c.rule == "T3-002").rhs
    for col in range(1, 8):
        report.values[f"T3.total.C{col}"] = sum(_int(report, f"T3.{r}.C{col}") for r in rhs)


def _sub_rows(spec_id: str) -> list[str]:
    rhs = next(c for c in load_format(spec_id).checks if c.rule == "T3-002").rhs
    return list(rhs)


def test_published_blank_total_column_one_error_per_row_and_the_column_is_checked() -> None:
    report = _report()
    report.source = ReportSource.PUBLISHED
    nonzero = [r for r in _sub_rows("gb2019") if _int(report, f"T3.{r}.C7")]
    zero = [r for r in _sub_rows("gb2019") if not _int(report, f"T3.{r}.C7")]
    for row in nonzero + zero:
        report.values[f"T3.{row}.C7"] = BLANK  # the 总计 cell left blank on every sub-row
    result = validate(report)
    v001 = [f for f in result.findings if f.rule == "V-001"]
    assert [f.places[0] for f in v001] == [f"T3.{r}.C7" for r in nonzero]
    first = v001[0]
    label = "（一）予以公开"
    assert first.message.startswith(f"表三“{label}”的“总计”未填写，按各列应为")
    assert first.expected == str(_int(report, "T3.open.C1") + _int(report, "T3.open.C2"))
    # the rows that are all zero follow the published convention: one note for the table
    notes = [f for f in result.findings if f.rule == "V-010"]
    assert len(notes) == 1 and notes[0].severity.value == "info"
    assert {f.rule for f in result.findings} <= {"V-001", "V-010"}
    # the 总计 column is checked with the derived totals: a wrong grand total is caught there
    report.values["T3.total.C7"] = _int(report, "T3.total.C7") + 2
    caught = [f for f in validate(report).findings if f.rule == "T3-002"]
    assert [f.places[0] for f in caught] == ["T3.total.C7"]
    assert "“总计”列" in caught[0].message and "按各列推算为" in caught[0].message


def test_workbook_blank_cells_are_one_v001_per_row_and_blank_parts_count_as_zero() -> None:
    report = _report("gb2021", 4)
    report.values["T3.open.C3"] = BLANK
    report.values["T3.open.C4"] = BLANK
    report.values["T3.partial.C2"] = BLANK  # it held a 1: the row total no longer adds up
    result = validate(report)
    v001 = [f for f in result.findings if f.rule == "V-001"]
    assert [f.places for f in v001] == [("T3.open.C3", "T3.open.C4"), ("T3.partial.C2",)]
    assert v001[0].message == (
        "表三“（一）予以公开”的“科研机构”“社会公益组织”未填写。没有发生的请填写 0，不要留空。"
    )
    t3003 = next(f for f in result.findings if f.rule == "T3-003")
    assert "（“商业企业”未填写，按 0 计算）" in t3003.message
    assert {f.rule for f in result.findings} == {"V-001", "T3-002", "T3-003"}


def test_blank_total_in_a_workbook_says_what_it_must_be() -> None:
    report = _report("gb2021", 4)
    new = _int(report, "T3.new.C7")
    report.values["T3.new.C7"] = BLANK
    [f] = validate(report).findings
    assert f.rule == "V-001" and f.places == ("T3.new.C7",)
    assert f.message == (
        f"表三“一、本年新收政府信息公开申请数量”的“总计”未填写，按各列应为{new}。"
        "请按各项之和填写合计数。"
    )


def test_an_empty_table_is_one_finding_and_every_cell_is_marked() -> None:
    report = _report("gb2021", 4)
    t4 = [c.key for c in report.spec.table("T4").cells]
    for key in t4:
        report.values[key] = BLANK
    [f] = validate(report).findings
    assert f.rule == "V-001" and f.places == tuple(t4) and f.every_place
    assert f.message.startswith("表四全部15个单元格未填写")
    layout = layout_for("gb2021")
    assert len(marks_of([f], layout)) == len(t4)


def test_marks_colour_every_cell_of_a_row_read_back_from_a_workbook(tmp_path: Path) -> None:
    report = _report("gb2021", 5)
    path = fill_template(report, tmp_path / "blank.xlsx")
    layout = layout_for("gb2021")
    wb = openpyxl.load_workbook(path)
    for key in ("T3.open.C3", "T3.open.C4", "T3.open.C5"):
        p = layout.locate(key)
        assert p is not None
        wb[p.sheet][p.cell] = None
    wb.save(path)
    findings = read_workbook(path).report
    result = validate(findings)
    [row] = [f for f in result.findings if f.rule == "V-001"]
    assert row.places == ("T3.open.C3", "T3.open.C4", "T3.open.C5")
    marked = dict(marks_of(result.findings, layout))
    for key in row.places:
        p = layout.locate(key)
        assert p is not None and marked[f"{p.sheet}!{p.cell}"] == "E"


def test_cut_off_page_is_one_note_and_no_check_runs_through_it(tmp_path: Path) -> None:
    report = _report("gb2019", 6)
    report.source = ReportSource.PUBLISHED
    gone = [c.key for c in report.spec.table("T4").cells] + ["T3.other.C5", "T3.other.C6"]
    for key in gone:
        report.values[key] = NOT_AVAILABLE
    result = validate(report)
    [note] = result.findings
    assert note.rule == "V-011" and note.places == tuple(
        k for k in (c.key for c in report.spec.cells) if k in gone
    )
    assert "表三“（六）其他处理”的“法律服务机构”“其他”；表四全部" in note.message
    # persisted in the canonical JSON and read back the same way
    path = tmp_path / "cut.json"
    path.write_bytes(dumps(report_to_dict(report)))
    back = load_report_json(path)
    assert back.source is ReportSource.PUBLISHED
    assert validate(back).flatten() == result.flatten()


def test_published_convention_survives_the_json_round_trip(tmp_path: Path) -> None:
    report = _report("gb2021", 7)
    report.source = ReportSource.PUBLISHED
    report.values["T3.open.C7"] = BLANK
    report.values["T2.B.R1"] = "/"
    data = report_to_dict(report)
    assert data["source"] == "published" and "not_available" not in data
    path = tmp_path / "published.json"
    path.write_bytes(dumps(data))
    assert [f.rule for f in validate(load_report_json(path)).findings] == ["V-001", "V-010"]
    # the same cells in a staff workbook's JSON keep the staff meaning
    report.source = ReportSource.WORKBOOK
    assert "source" not in report_to_dict(report)
    rules = [f.rule for f in validate(report).findings]
    assert rules == ["V-001", "V-006"]


def test_no_nested_quotes_and_numbers_as_people_write_them() -> None:
    report = _report("gb2021", 8)
    report.values["T3.open.C1"] = BLANK
    report.values["T3.partial.C1"] = "五"
    report.values["T4.F01"] = 1e308
    report.values["T3.deny.safety.C1"] = BLANK  # a row label with quotes: 危及“三安全一稳定”
    report.values["T3.deny.safety.C7"] = _int(report, "T3.deny.safety.C7") + 1
    findings = validate(report).findings
    assert {"V-001", "V-002", "T3-003", "T4-001"} <= {f.rule for f in findings}
    for f in findings:
        assert not re.search(r"“[^”]*“", f.message), f.message
        assert not re.search(r"\d{16,}", f.message), f.message
    assert any("危及‘三安全一稳定’" in f.message for f in findings)
    assert number_text(1e308) == "1×10³⁰⁸" and number_text(0.1 + 0.2) == "0.3"
    assert number_text(12.345678) == "12.345678" and number_text(10**309) == "1×10³⁰⁹"


def test_a_published_table_with_only_its_total_column_is_one_note_not_an_error_per_row() -> None:
    report = _report("gb2021", 9)
    report.source = ReportSource.PUBLISHED
    for cell in report.spec.table("T3").cells:
        if cell.column.key != "C7":
            report.values[cell.key] = BLANK
    result = validate(report)
    assert [f.rule for f in result.findings] == ["V-010"]
