"""What the reader says about workbooks that are not (or no longer) our template, and about
cells staff filled in unexpected ways: clear refusals (exit 2) or findings, never tracebacks."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from support.workbooks import fill_template, template_path
from xl_disclosure.cells import BLANK, ExcelError, NotCalculated
from xl_disclosure.cli import main
from xl_disclosure.errors import InputError
from xl_disclosure.layout import (
    FINDINGS_FIRST_ROW,
    FINDINGS_SHEET,
    META_CELLS,
    META_SHEET,
    findings_column,
    layout_for,
)
from xl_disclosure.model import AnnualReport
from xl_disclosure.readers import assemble, read_workbook
from xl_disclosure.readers.assemble import (
    RULE_LAYOUT_CHANGED,
    RULE_NEWER_TEMPLATE,
    RULE_TEMPLATE_VERSION,
)
from xl_disclosure.readers.base import TemplateInfo
from xl_disclosure.validate import validate
from xl_disclosure.version import TEMPLATE_VERSION

ENGINES = ("openpyxl", "calamine")


def _cli_refuses(path: Path, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["validate", str(path)]) == 2
    captured = capsys.readouterr()
    err = captured.err.strip()
    assert "Traceback" not in captured.err + captured.out
    assert len(err.splitlines()) == 1, err
    assert str(path) in err
    return err


def _copy_template(tmp_path: Path, fid: str = "gb2021") -> Path:
    return Path(shutil.copy(template_path(fid), tmp_path / f"{fid}-copy.xlsx"))


def test_foreign_workbook_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "foreign.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = "申请人情况"
    wb.save(path)
    err = _cli_refuses(path, capsys)
    assert "不是 xl-disclosure 年度报告模板" in err and "build-template" in err
    for engine in ENGINES:
        with pytest.raises(InputError, match="模板标识"):
            read_workbook(path, engine=engine)  # type: ignore[arg-type]


def test_deleted_sheet_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _copy_template(tmp_path)
    wb = openpyxl.load_workbook(path)
    sheet = layout_for("gb2021").section_sheet(3)
    wb.remove(wb[sheet])
    wb.save(path)
    err = _cli_refuses(path, capsys)
    assert f"缺少工作表“{sheet}”" in err and "恢复原名称" in err


def test_renamed_sheet_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _copy_template(tmp_path, "gb2019")
    wb = openpyxl.load_workbook(path)
    wb[layout_for("gb2019").section_sheet(4)].title = "表四"
    wb.save(path)
    err = _cli_refuses(path, capsys)
    assert "“表四”" in err and "改名" in err


@pytest.mark.parametrize("content", [b"not a workbook at all", b"", b"PK\x03\x04broken"])
def test_not_a_zip_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    path = tmp_path / "bad.xlsx"
    path.write_bytes(content)
    _cli_refuses(path, capsys)


def _set_meta(path: Path, key: str, value: str) -> None:
    wb = openpyxl.load_workbook(path)
    wb[META_SHEET][META_CELLS[key]] = value
    wb.save(path)


@pytest.mark.parametrize("engine", ENGINES)
def test_old_template_version_is_a_warning(tmp_path: Path, engine: str) -> None:
    report = AnnualReport.blank("gb2021", agency="某局", year=2024)
    report.values["T3.new.C7"] = 3
    path = fill_template(report, tmp_path / "old.xlsx")
    _set_meta(path, "template_version", "0.9.0")
    result = read_workbook(path, engine=engine)  # type: ignore[arg-type]
    assert [(f.rule, f.severity.value) for f in result.findings] == [
        (RULE_TEMPLATE_VERSION, "warning")
    ]
    assert "0.9.0" in result.findings[0].message
    assert result.report.value("T3.new.C7") == 3


def test_tampered_layout_is_a_warning(tmp_path: Path) -> None:
    path = _copy_template(tmp_path)
    _set_meta(path, "layout_checksum", "0000000000000000")
    result = read_workbook(path)
    assert [f.rule for f in result.findings] == [RULE_LAYOUT_CHANGED]


def test_unknown_format_in_metadata_is_refused(tmp_path: Path) -> None:
    path = _copy_template(tmp_path)
    _set_meta(path, "format", "gb2030")
    with pytest.raises(InputError, match="gb2030"):
        read_workbook(path)


def test_values_are_found_by_defined_name_when_cells_moved(tmp_path: Path) -> None:
    """An older template put a cell elsewhere: its defined name still finds it."""
    path = _copy_template(tmp_path)
    wb = openpyxl.load_workbook(path)
    p = layout_for("gb2021").locate("T4.F01")
    assert p is not None
    ws = wb[p.sheet]
    ws["Z40"] = 7
    ws[p.cell] = 999
    wb.defined_names[p.name].attr_text = f"'{p.sheet}'!$Z$40"
    wb.save(path)
    assert read_workbook(path).report.value("T4.F01") == 7
    # calamine reads the names from xl/workbook.xml itself: both engines follow them
    assert read_workbook(path, engine="calamine").report.value("T4.F01") == 7


@pytest.mark.parametrize("engine", ENGINES)
def test_formulas_text_and_errors_in_number_cells_become_findings(
    tmp_path: Path, engine: str
) -> None:
    report = AnnualReport.blank("gb2021", agency="某局", year=2024)
    report.values.update({c.key: 0 for c in report.spec.cells})
    path = fill_template(report, tmp_path / "odd.xlsx")
    wb = openpyxl.load_workbook(path)
    layout = layout_for("gb2021")

    def cell(key: str) -> openpyxl.cell.cell.Cell:
        p = layout.locate(key)
        assert p is not None
        return wb[p.sheet][p.cell]

    cell("T3.new.C1").value = "=1+1"  # openpyxl never calculates: no cached value
    cell("T3.new.C2").value = "12件"
    cell("T3.new.C3").value = "#DIV/0!"
    cell("T3.new.C4").value = None
    wb.save(path)
    result = read_workbook(path, engine=engine)  # type: ignore[arg-type]
    values = result.report.values
    assert values["T3.new.C1"] == NotCalculated("=1+1")
    assert values["T3.new.C2"] == "12件"
    assert values["T3.new.C3"] == ExcelError("#DIV/0!")
    assert values["T3.new.C4"] == BLANK
    rules = {(f.rule, f.places[0]) for f in validate(result.report).findings if f.places}
    assert {
        ("V-009", "T3.new.C1"),
        ("V-002", "T3.new.C2"),
        ("V-008", "T3.new.C3"),
        ("V-001", "T3.new.C4"),
    } <= rules


def test_explanations_are_read_from_the_findings_sheet(tmp_path: Path) -> None:
    path = _copy_template(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb[FINDINGS_SHEET]
    fp, ex = findings_column("fingerprint"), findings_column("explanation")
    row = FINDINGS_FIRST_ROW
    ws[f"{fp}{row}"], ws[f"{ex}{row}"] = "P-005@T3.carry_out.C7", " 年末集中收到申请 "
    ws[f"{fp}{row + 1}"], ws[f"{ex}{row + 1}"] = "V-006@T2.A.R1.C1", None  # no explanation: ignored
    wb.save(path)
    assert read_workbook(path).report.explanations == {"P-005@T3.carry_out.C7": "年末集中收到申请"}


def test_assemble_from_raw_grids() -> None:
    """What an engine such as xlwings hands over: ragged rows, None for empty, Excel dates."""
    layout = layout_for("gb2019")
    grids: dict[str, list[list[object]]] = {}

    def put(place: str, value: object) -> None:
        p = layout.locate(place)
        assert p is not None
        grid = grids.setdefault(p.sheet, [])
        while len(grid) < p.row:
            grid.append([])
        row = grid[p.row - 1]
        row.extend([None] * (p.col - len(row)))
        row[p.col - 1] = value

    put("meta.agency", " 某市某局 ")
    put("meta.year", 2020.0)
    put("meta.period_start", datetime(2020, 1, 1))
    put("meta.period_end", 44196)  # Excel serial of 2020-12-31
    put("meta.agency_kind", "人民政府")
    put("meta.rulemaking", "是")
    put("meta.money_unit", "万元")
    put("meta.signed_off", True)
    put("T2.B.R1.C2", -8)
    put("section.6", "无。")
    info = TemplateInfo("gb2019", "0.1.0", "x")
    result = assemble("gb2019", grids, info=info)  # type: ignore[arg-type]
    m = result.report.meta
    assert (m.agency, m.year, m.period_start, m.period_end) == (
        "某市某局",
        2020,
        "2020-01-01",
        "2020-12-31",
    )
    assert (m.agency_kind, m.rulemaking, m.money_unit, m.signed_off) == (
        "government",
        True,
        "万元",
        True,
    )
    assert result.report.value("T2.B.R1.C2") == -8
    assert result.report.value("T2.B.R1.C1") == BLANK
    assert result.report.text(6) == "无。"
    assert [f.rule for f in result.findings] == [RULE_TEMPLATE_VERSION]


@pytest.mark.parametrize(
    ("version", "rules"),
    [
        ("0.1.0", [RULE_TEMPLATE_VERSION]),
        ("", [RULE_TEMPLATE_VERSION]),
        ("第一版", [RULE_TEMPLATE_VERSION]),
        (TEMPLATE_VERSION.removesuffix(".0"), []),
        ("9.0.0", [RULE_NEWER_TEMPLATE]),
        (TEMPLATE_VERSION + ".1", [RULE_NEWER_TEMPLATE]),
    ],
)
def test_template_version_older_or_newer(version: str, rules: list[str]) -> None:
    """An older template is told to move to the new one (R-001); a newer one than this
    toolkit builds (staff have the new template, the office an old install) says the
    receiving side is behind (R-005); 1.1 and 1.1.0 are one version."""
    layout = layout_for("gb2021")
    grids: dict[str, list[list[object]]] = {s.name: [] for s in layout.sheets}
    info = TemplateInfo("gb2021", version, layout.checksum)
    result = assemble("gb2021", grids, info=info)  # type: ignore[arg-type]
    assert [f.rule for f in result.findings] == rules
    if rules == [RULE_NEWER_TEMPLATE]:
        message = result.findings[0].message
        assert (
            f"比本系统当前的{TEMPLATE_VERSION}版新" in message and "升级 xl-disclosure" in message
        )


def test_dates_typed_as_dates_in_cover(tmp_path: Path) -> None:
    report = AnnualReport.blank("gb2021", agency="某局", year=2024)
    report.meta.publish_date = "2025-01-20"
    report.meta.period_start = "2024年1月1日"  # free text is kept as typed (D-004 judges it)
    path = fill_template(report, tmp_path / "d.xlsx")
    ws = openpyxl.load_workbook(path)["封面"]
    p = layout_for("gb2021").locate("meta.publish_date")
    assert p is not None and ws[p.cell].value == datetime(2025, 1, 20)
    back = read_workbook(path).report.meta
    assert (back.publish_date, back.period_start) == ("2025-01-20", "2024年1月1日")
    assert date.fromisoformat(back.publish_date).year == 2025
