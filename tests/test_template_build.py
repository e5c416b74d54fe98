"""The built template, re-read with openpyxl: protection, inputs, validations, names, labels,
byte-determinism, and the committed templates equal to a fresh build."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from support.workbooks import template_path
from xl_disclosure.builder import build_bytes, build_template
from xl_disclosure.builder.sheets import cells_of
from xl_disclosure.cli import main
from xl_disclosure.layout import (
    FINDINGS_SHEET,
    GENERATOR,
    META_CELLS,
    META_SHEET,
    InputKind,
    layout_for,
)
from xl_disclosure.layout.grid import parse_a1
from xl_disclosure.layout.marks import MARKS_SHEET
from xl_disclosure.spec import ValueType, format_ids, load_format, rules_for
from xl_disclosure.spec.catalogue import severity_labels
from xl_disclosure.version import TEMPLATE_VERSION

FORMATS = list(format_ids())
REGENERATE = "make templates  （或 .venv/bin/xl-disclosure build-template --all -o workbook_templates --force）"


@cache
def _built(fid: str, tmp: str) -> Path:
    return build_template(fid, Path(tmp) / f"{fid}.xlsx")


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Workbook]:
    tmp = tmp_path_factory.mktemp("templates")
    return {fid: openpyxl.load_workbook(_built(fid, str(tmp))) for fid in FORMATS}


def _anchor_values(ws: Worksheet) -> dict[tuple[int, int], object]:
    """(row, col) -> value shown there (merged cells show their anchor's value)."""
    out: dict[tuple[int, int], object] = {}
    for row in ws.iter_rows():
        for c in row:
            if c.value is not None:
                out[(c.row, c.column)] = c.value
    for rng in ws.merged_cells.ranges:
        value = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for col in range(rng.min_col, rng.max_col + 1):
                out[(r, col)] = value
    return out


@pytest.mark.parametrize("fid", FORMATS)
def test_committed_template_equals_fresh_build(fid: str) -> None:
    committed = template_path(fid)
    assert committed.exists(), f"{committed} 不存在，请运行：{REGENERATE}"
    assert committed.read_bytes() == build_bytes(fid), (
        f"{committed} 与最新生成的模板不一致（改了 spec、layout 或 builder？）。请重新生成并提交：{REGENERATE}"
    )


def test_build_is_byte_deterministic_across_processes() -> None:
    code = (
        "import hashlib; from xl_disclosure.builder import build_bytes; "
        "print(hashlib.sha256(build_bytes('gb2021') + build_bytes('gb2019')).hexdigest())"
    )
    digests = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout.strip()
        for seed in ("1", "2")
    }
    here = hashlib.sha256(build_bytes("gb2021") + build_bytes("gb2019")).hexdigest()
    assert digests == {here}


@pytest.mark.parametrize("fid", FORMATS)
def test_sheets_and_workbook_structure_are_protected(books: dict[str, Workbook], fid: str) -> None:
    wb = books[fid]
    assert wb.security is not None and wb.security.lockStructure
    layout = layout_for(fid)
    assert wb.sheetnames == [*layout.sheet_names, META_SHEET, MARKS_SHEET]
    assert wb[MARKS_SHEET].sheet_state == "veryHidden"  # the buttons' mark list, never shown
    for sheet in layout.sheets:
        assert wb[sheet.name].protection.sheet is sheet.protected, sheet.name
    assert wb[META_SHEET].protection.sheet
    assert not wb[FINDINGS_SHEET].protection.sheet  # written by the buttons


def test_password_option_sets_hashes(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(build_template("gb2021", tmp_path / "p.xlsx", password="secret"))
    assert wb.security is not None and wb.security.workbookPassword
    assert wb["封面"].protection.password


@pytest.mark.parametrize("fid", FORMATS)
def test_unlocked_cells_are_exactly_the_inputs(books: dict[str, Workbook], fid: str) -> None:
    layout = layout_for(fid)
    for sheet in layout.sheets:
        if not sheet.protected:
            continue
        ws = books[fid][sheet.name]
        unlocked = {
            (c.row, c.column)
            for row in ws.iter_rows(max_row=ws.max_row + 5, max_col=ws.max_column + 5)
            for c in row
            if c.has_style and not c.protection.locked
        }
        expected = {rc for p in sheet.inputs for rc in cells_of(p.cell, p.merge)}
        assert unlocked == expected, sheet.name
        for p in sheet.inputs:
            assert ws[p.cell].fill.fgColor.rgb.endswith("FFF2CC"), p.place


def _validations(ws: Worksheet) -> dict[tuple[int, int], object]:
    out = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            for r in range(rng.min_row, rng.max_row + 1):
                for c in range(rng.min_col, rng.max_col + 1):
                    out[(r, c)] = dv
    return out


@pytest.mark.parametrize("fid", FORMATS)
def test_every_number_cell_has_a_data_validation(books: dict[str, Workbook], fid: str) -> None:
    expected = {
        ValueType.COUNT: ("whole", "greaterThanOrEqual", "0"),
        ValueType.SIGNED: ("whole", "between", "-999999999"),
        ValueType.AMOUNT_WAN: ("decimal", "greaterThanOrEqual", "0"),
        ValueType.MONEY: ("decimal", "greaterThanOrEqual", "0"),
    }
    layout = layout_for(fid)
    seen = set()
    for sheet in layout.sheets:
        dvs = _validations(books[fid][sheet.name])
        for p in sheet.inputs:
            dv = dvs.get(parse_a1(p.cell))
            if p.kind == InputKind.NUMBER:
                assert p.value_type is not None and dv is not None, p.place
                assert (dv.type, dv.operator, dv.formula1) == expected[p.value_type], p.place
                assert dv.showErrorMessage and dv.error and dv.prompt and dv.showInputMessage
                assert any("\u4e00" <= ch <= "\u9fff" for ch in dv.error + dv.prompt)
                seen.add(p.value_type)
            elif p.kind == InputKind.CHOICE:
                assert dv is not None and dv.type == "list"
                assert dv.formula1 == '"' + ",".join(p.choices) + '"'
    assert seen == {c.type for c in load_format(fid).cells}


@pytest.mark.parametrize("fid", FORMATS)
def test_defined_names_for_every_input(books: dict[str, Workbook], fid: str) -> None:
    wb = books[fid]
    layout = layout_for(fid)
    names = {n: list(d.destinations) for n, d in wb.defined_names.items()}
    for p in layout.input_placements():
        assert names.get(p.name) == [
            (p.sheet, f"${''.join(ch for ch in p.cell if ch.isalpha())}${p.row}")
        ]
    assert {n for n in names if n.startswith("XD_")} == {p.name for p in layout.input_placements()}


@pytest.mark.parametrize("fid", FORMATS)
def test_metadata_sheet_identifies_the_template(books: dict[str, Workbook], fid: str) -> None:
    ws = books[fid][META_SHEET]
    assert ws.sheet_state == "veryHidden"
    values = {k: ws[ref].value for k, ref in META_CELLS.items()}
    assert values == {
        "generator": GENERATOR,
        "format": fid,
        "template_version": TEMPLATE_VERSION,
        "layout_checksum": layout_for(fid).checksum,
    }


@pytest.mark.parametrize("fid", FORMATS)
def test_table_labels_equal_the_spec(books: dict[str, Workbook], fid: str) -> None:
    """Every row/column path label of every value cell stands verbatim where the official
    table prints it: column labels above (one header row per path level), row labels left."""
    spec = load_format(fid)
    layout = layout_for(fid)
    for table in spec.tables:
        sheet = layout.section_sheet(table.section)
        shown = _anchor_values(books[fid][sheet])
        for block in table.blocks:
            depth = max(len(c.path) for c in block.columns)
            first = layout.locate(block.cells[0].key)
            assert first is not None
            header_top = first.row - depth
            if block.heading:
                assert shown[(header_top - 1, 1)] == block.heading
            label_cols = first.col - 1
            if block.corner:
                assert shown[(header_top, 1)] == block.corner
            for cell in block.cells:
                p = layout.locate(cell.key)
                assert p is not None
                for d, text in enumerate(cell.column.path):
                    assert shown[(header_top + d, p.col)] == text, (cell.key, d)
                if len(cell.column.path) < depth:  # a short path spans down to the last header row
                    assert shown[(first.row - 1, p.col)] == cell.column.label
                for d, text in enumerate(cell.row.path):
                    assert shown[(p.row, 1 + d)] == text, (cell.key, d)
                for d in range(len(cell.row.path), label_cols):  # ... and right over label columns
                    assert shown[(p.row, 1 + d)] == cell.row.label


@pytest.mark.parametrize("fid", FORMATS)
def test_rules_sheet_lists_every_rule(books: dict[str, Workbook], fid: str) -> None:
    ws = books[fid]["审核公式"]
    rows = [r for r in ws.iter_rows(min_row=4, values_only=True) if r[1]]
    rules = list(rules_for(load_format(fid)))
    assert [r[1] for r in rows] == [r.id for r in rules]
    labels = severity_labels()
    assert [r[2] for r in rows] == [labels[r.severity] for r in rules]
    assert [r[4] for r in rows] == [r.formula for r in rules]
    assert set(labels.values()) == {"强制", "提示", "参考"}


@pytest.mark.parametrize("fid", FORMATS)
def test_print_setup(books: dict[str, Workbook], fid: str) -> None:
    layout = layout_for(fid)
    for sheet in layout.sheets:
        ws = books[fid][sheet.name]
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        if sheet.print_title_rows:
            first, last = sheet.print_title_rows.split(":")
            assert ws.print_title_rows == f"${first}:${last}"
    t3 = books[fid][layout.section_sheet(3)]
    assert t3.print_title_rows and t3.print_area
    assert books[fid][layout.section_sheet(4)].page_setup.orientation == "landscape"
    font = books[fid][layout.section_sheet(3)]["A1"].font
    assert font.name == "宋体"


def test_cli_build_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build-template", "--all", "-o", str(tmp_path)]) == 0
    assert {p.name for p in tmp_path.iterdir()} == {"gb2019.xlsx", "gb2021.xlsx"}
    assert (tmp_path / "gb2021.xlsx").read_bytes() == build_bytes("gb2021")
    assert main(["build-template", "--format", "gb2019", "-o", str(tmp_path / "x.xlsx")]) == 0
    assert "已生成模板" in capsys.readouterr().out
    assert main(["build-template", "--all", "-o", str(tmp_path / "y.xlsx")]) == 2
    assert "目录" in capsys.readouterr().err
