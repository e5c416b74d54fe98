"""The marked copy (``validate FILE --mark``) on files saved by different suites.

Each test fills a template with known mistakes, saves it the way a suite would
(:mod:`support.dialects`), writes the marked copy and reads the copy back with openpyxl:
the cells the conditional formats colour, the findings sheet, the active cell, the values
staff typed, and a second validation of the copy.
"""

from __future__ import annotations

import json
import random
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from support.action_applier import apply_to_file, coloured_cells
from support.corpus import read_parts
from support.dialects import DIALECTS, saved_as
from support.factories import consistent_report
from support.remote_payload import build_payload
from xl_disclosure.builder.fill import fill_template, write_report
from xl_disclosure.cli import main
from xl_disclosure.errors import InputError
from xl_disclosure.layout import FINDINGS_FIRST_ROW, FINDINGS_SHEET, layout_for
from xl_disclosure.layout.marks import MARKS_SHEET
from xl_disclosure.libreoffice import soffice
from xl_disclosure.marking.copy import mark_workbook, write_marked_copy
from xl_disclosure.marking.findings_sheet import level_of, placement_of
from xl_disclosure.model import AnnualReport
from xl_disclosure.readers import read_workbook

T3 = "三、收到和处理政府信息公开申请情况"


def broken(format_id: str = "gb2021", seed: int = 7) -> AnnualReport:
    """A consistent report with one wrong total, text in a number cell and a "/" (warning)."""
    report = consistent_report(format_id, random.Random(seed))
    report.values["T3.total.C7"] = int(str(report.values["T3.total.C7"])) + 5
    report.values["T3.new.C1"] = "十二"
    report.values["T3.new.C2"] = "/"
    return report


def expected_marks(path: Path) -> dict[tuple[str, str], str]:
    """(sheet, cell) -> level the findings of a fresh validation ask for."""
    result = read_workbook(path).validate()
    layout = layout_for(result.format_id)
    want: dict[tuple[str, str], str] = {}
    for f in result.findings:
        p, level = placement_of(f, layout), level_of(f)
        if p is not None and level is not None:
            want.setdefault((p.sheet, p.cell), level)
    return want


def sheet_data(path: Path) -> dict[str, bytes]:
    """The ``<sheetData>`` bytes of every part of the package that has one."""
    out = {}
    for name, data in read_parts(path).items():
        start, end = data.find(b"sheetData"), data.rfind(b"sheetData")
        if start >= 0:
            out[name] = data[start:end]
    return out


def _findings_rows(path: Path, *, data_only: bool = True) -> list[tuple[Any, ...]]:
    ws = load_workbook(path, data_only=data_only)[FINDINGS_SHEET]
    return [
        r[:8]
        for r in ws.iter_rows(min_row=FINDINGS_FIRST_ROW, values_only=True)
        if any(v is not None for v in r[:8])
    ]


@pytest.mark.parametrize("dialect", DIALECTS)
def test_copy_marks_exactly_the_wrong_cells_on_every_dialect(tmp_path: Path, dialect: str) -> None:
    if dialect == "libreoffice" and soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    filled = fill_template(broken(), tmp_path / "填报.xlsx")
    extra = {"formula_cell": (T3, "D15", 9)} if dialect == "excel" else {}
    source = saved_as(dialect, filled, tmp_path / "saved", **extra)
    original = source.read_bytes()
    before = read_workbook(source)

    copy = write_marked_copy(source)

    assert source.read_bytes() == original  # the original is never touched
    assert copy.path.name == f"{dialect}_已标记.xlsx" and copy.coloured
    # what the copy says equals a fresh validation of the original, and of the copy
    assert list(copy.result.findings) == list(before.validate().findings)
    assert list(read_workbook(copy.path).validate().findings) == list(copy.result.findings)
    # the conditional formats colour exactly the cells of the findings, at their level
    marked = {k: v[0] for k, v in coloured_cells(load_workbook(copy.path)).items()}
    assert marked == expected_marks(source)
    assert {marked[(T3, "J37")], marked[(T3, "D14")], marked[(T3, "E14")]} == {"E", "W"}
    # typed values: the sheets staff type into keep their cell XML byte for byte
    data_before, data_after = sheet_data(source), sheet_data(copy.path)
    layout = layout_for("gb2021")
    typed_parts = {n for n in data_before if data_before[n] != data_after.get(n)}
    assert len(typed_parts) == 2  # 校验结果 and the mark list, nothing else
    assert read_workbook(copy.path).report.values == before.report.values
    # the first error is the active cell, on the only selected tab
    wb = load_workbook(copy.path)
    first = next(p for f in copy.result.errors if (p := placement_of(f, layout)))
    assert wb.active.title == first.sheet
    assert wb.active.sheet_view.selection[0].activeCell == first.cell
    assert [ws.title for ws in wb.worksheets if ws.sheet_view.tabSelected] == [first.sheet]
    rows = _findings_rows(copy.path)
    assert [(r[0], r[1], r[7]) for r in rows] == [
        (f.severity.label, f.rule, f.fingerprint) for f in copy.result.findings
    ]
    assert str(wb[FINDINGS_SHEET].cell(FINDINGS_FIRST_ROW, 3).value).startswith('=HYPERLINK("#')


def test_formula_results_survive_the_copy(tmp_path: Path) -> None:
    """A formula staff typed keeps its cached result (an openpyxl round trip would drop it)."""
    filled = fill_template(broken(), tmp_path / "填报.xlsx")
    source = saved_as("excel", filled, tmp_path / "saved", formula_cell=(T3, "D15", 9))
    copy = write_marked_copy(source)
    assert read_workbook(copy.path).report.values["T3.carry_in.C1"] == 9
    names = set(read_parts(copy.path))
    assert "xl/calcChain.xml" not in names  # dropped with its relationship and content type
    assert b"calcChain" not in read_parts(copy.path)["[Content_Types].xml"]
    assert b"calcChain" not in read_parts(copy.path)["xl/_rels/workbook.xml.rels"]


def test_copy_leaves_what_the_button_leaves(tmp_path: Path) -> None:
    """Same findings sheet and mark list as pressing 校验 (remote engine, actions applied)."""
    xw = pytest.importorskip("xlwings")
    from xl_disclosure import excel

    pressed = fill_template(broken(), tmp_path / "按钮.xlsx")
    copy = write_marked_copy(shutil.copy(pressed, tmp_path / "副本.xlsx"))
    book = xw.Book(json=json.loads(json.dumps(build_payload(pressed))))
    try:
        excel.validate(book)
        actions = book.json()["actions"]
    finally:
        book.close()
    apply_to_file(pressed, actions)

    assert _findings_rows(copy.path, data_only=False) == _findings_rows(pressed, data_only=False)
    mine, theirs = (
        list(load_workbook(p)[MARKS_SHEET].iter_rows(values_only=True))
        for p in (copy.path, pressed)
    )
    assert mine == theirs
    assert load_workbook(copy.path).active.title == load_workbook(pressed).active.title


def test_explanations_given_outside_keep_the_warning_and_survive(tmp_path: Path) -> None:
    filled = fill_template(broken(), tmp_path / "填报.xlsx")
    warning = next(f for f in read_workbook(filled).validate().warnings)
    copy = write_marked_copy(filled, explanations={warning.fingerprint: "本项确实不适用。"})
    kept = next(f for f in copy.result.findings if f.fingerprint == warning.fingerprint)
    assert kept.kept and kept.explanation == "本项确实不适用。"
    marked = coloured_cells(load_workbook(copy.path))
    assert marked[(T3, "E14")][0] == "K"
    again = read_workbook(copy.path).validate()
    assert list(again.findings) == list(copy.result.findings)
    # a copy of the copy with the explanation blanked brings the warning back
    second = write_marked_copy(copy.path, explanations={warning.fingerprint: ""})
    assert not next(f for f in second.result.findings if f.fingerprint == warning.fingerprint).kept


def test_xlsm_copy_keeps_macros_and_buttons(tmp_path: Path) -> None:
    from xl_disclosure.excel.xlsm.build import build_xlsm_bytes

    source = tmp_path / "填报.xlsm"
    source.write_bytes(build_xlsm_bytes("gb2021", prepare=lambda wb: write_report(wb, broken())))
    before = read_parts(source)
    assert any(n.startswith("xl/drawings/") for n in before)

    copy = write_marked_copy(source)
    after = read_parts(copy.path)
    assert copy.path.suffix == ".xlsm" and set(after) == set(before)
    for name in before:
        if name.startswith(("xl/drawings/", "xl/vbaProject")) or name.endswith(".rels"):
            assert after[name] == before[name], name
    assert any(f.rule == "S-001" for f in copy.result.findings)  # macros noted, never run
    marked = coloured_cells(load_workbook(copy.path, keep_vba=True))
    assert {k: v[0] for k, v in marked.items()} == expected_marks(source)


def test_never_over_the_original_or_an_existing_file(tmp_path: Path) -> None:
    filled = fill_template(broken(), tmp_path / "填报.xlsx")
    with pytest.raises(InputError, match="原文件"):
        write_marked_copy(filled, filled)
    taken = tmp_path / "别的.xlsx"
    taken.write_bytes(b"keep me")
    with pytest.raises(InputError, match="已存在"):
        write_marked_copy(filled, taken)
    assert taken.read_bytes() == b"keep me"
    with pytest.raises(InputError, match=r"\.xlsx"):
        write_marked_copy(filled, tmp_path / "副本.xlsm")
    first, second = write_marked_copy(filled), write_marked_copy(filled)
    assert (first.path.name, second.path.name) == ("填报_已标记.xlsx", "填报_已标记 (2).xlsx")


def test_gate_refuses_what_validate_refuses(tmp_path: Path) -> None:
    bad = tmp_path / "坏.xlsx"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
    with pytest.raises(InputError):
        mark_workbook(bad)


def test_cli_mark(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    filled = fill_template(broken(), tmp_path / "填报.xlsx")
    assert main(["validate", str(filled), "--mark"]) == 1
    out = capsys.readouterr().out
    assert "已生成标记副本" in out and (tmp_path / "填报_已标记.xlsx").exists()
    target = tmp_path / "给科长看.xlsx"
    assert main(["validate", str(filled), "--mark", str(target), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["marked_copy"] == str(target) and data["coloured"] and not data["valid"]
    assert main(["validate", str(filled), "--mark", str(target)]) == 2  # exists: refused
    assert "已存在" in capsys.readouterr().err
    report = tmp_path / "r.json"
    report.write_text("{}", "utf-8")
    assert main(["validate", str(report), "--mark"]) == 2
    assert "--mark 只能用于单个工作簿" in capsys.readouterr().err


@pytest.mark.parametrize("dialect", DIALECTS)
def test_long_messages_wrap_on_the_findings_sheet(tmp_path: Path, dialect: str) -> None:
    """Each row the copy writes on 校验结果 wraps its text at the top of the cell (the template's
    column style), so a long explanation stays readable instead of running off the screen."""
    if dialect == "libreoffice" and soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    source = saved_as(dialect, fill_template(broken(), tmp_path / "填报.xlsx"), tmp_path / "s")
    copy = write_marked_copy(source)
    ws = load_workbook(copy.path)[FINDINGS_SHEET]
    rows = list(ws.iter_rows(min_row=FINDINGS_FIRST_ROW, max_row=FINDINGS_FIRST_ROW + 4))
    assert len(copy.result.findings) >= 5
    written = [cell for row in rows for cell in row[:7] if cell.value is not None]
    assert len(written) >= 5 * 4
    for cell in written:
        assert cell.alignment.wrap_text and cell.alignment.vertical == "top", (
            dialect,
            cell.coordinate,
        )
    # rows are as tall as their wrapped text: more than one line where the message is long
    widest = max(rows, key=lambda row: len(str(row[3].value or "")))
    assert ws.row_dimensions[widest[0].row].height > 15
    assert all(
        (ws.row_dimensions[row[0].row].height or 15) >= 15 * (len(str(row[3].value)) // 40)
        for row in rows
    )
    for col in range(1, 8):  # and a cell typed later (a 说明) takes the column's style
        # (a suite may save neighbouring columns as one <col min= max=> range)
        dims = [d for d in ws.column_dimensions.values() if d.min <= col <= d.max]
        assert dims and dims[0].alignment.wrap_text, (dialect, col)
        assert dims[0].alignment.vertical == "top", (dialect, col)
