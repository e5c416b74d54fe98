"""Draw a :class:`~xl_disclosure.layout.SheetLayout` onto an openpyxl worksheet.

Every address comes from the layout; this module only decides how things look.
"""

from __future__ import annotations

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from xl_disclosure.builder import styles
from xl_disclosure.layout import InputKind, Placement, SheetLayout
from xl_disclosure.layout.grid import parse_a1


def cells_of(ref: str, merge: str | None = None) -> list[tuple[int, int]]:
    """(row, col) of every cell of ``merge`` (or of the single cell ``ref``)."""
    if merge is None:
        return [parse_a1(ref)]
    first, last = merge.split(":")
    r1, c1 = parse_a1(first)
    r2, c2 = parse_a1(last)
    return [(r, c) for r in range(r1, r2 + 1) for c in range(c1, c2 + 1)]


def _apply(cell: Cell | MergedCell, look: styles.Look) -> None:
    cell.font = look.font
    cell.alignment = look.alignment
    if look.fill is not None:
        cell.fill = look.fill


def _input_look(p: Placement) -> styles.Look:
    return {
        InputKind.NUMBER: styles.NUMBER_LOOK,
        InputKind.YEAR: styles.NUMBER_LOOK,
        InputKind.DATE: styles.CHOICE_LOOK,
        InputKind.CHOICE: styles.CHOICE_LOOK,
        InputKind.TEXT: styles.TEXT_LOOK,
        InputKind.LONGTEXT: styles.LONGTEXT_LOOK,
    }[p.kind]


def draw(ws: Worksheet, sheet: SheetLayout) -> None:
    """Labels, inputs (unlocked, yellow), helper formulas, borders, widths, print setup."""
    for col, width in sheet.col_widths:
        ws.column_dimensions[col].width = width
        if sheet.kind == "findings":
            ws.column_dimensions[col].alignment = styles.FINDINGS_ALIGNMENT
    for col in sheet.hidden_cols:
        ws.column_dimensions[col].hidden = True
    for row, height in sheet.row_heights:
        ws.row_dimensions[row].height = height
    # Merge first: openpyxl replaces merged-over cells, dropping styles set on them earlier.
    merges = {lab.merge for lab in sheet.labels if lab.merge} | {
        p.merge for p in sheet.inputs if p.merge
    }
    for merge in sorted(merges):
        ws.merge_cells(merge)
    for rng in sheet.borders:
        for r, c in cells_of(rng.split(":")[0], rng if ":" in rng else None):
            ws.cell(r, c).border = styles.BORDER
    for lab in sheet.labels:
        look = styles.LABEL_LOOKS[lab.role]
        for r, c in cells_of(lab.cell, lab.merge):
            _apply(ws.cell(r, c), look)
        cell = ws[lab.cell]
        cell.value = lab.text
        cell.data_type = "s"  # labels are text even if they start with "=" or look like numbers
    for p in sheet.inputs:
        look = _input_look(p)
        for r, c in cells_of(p.cell, p.merge):
            target = ws.cell(r, c)
            _apply(target, look)
            target.protection = styles.UNLOCKED
            if p.kind == InputKind.DATE:
                target.number_format = styles.DATE_FORMAT
    for h in sheet.helpers:
        cell = ws[h.cell]
        cell.value = h.formula
        _apply(cell, styles.HELPER_LOOK)
        cell.border = styles.HELPER_BORDER
    _page_setup(ws, sheet)


def _page_setup(ws: Worksheet, sheet: SheetLayout) -> None:
    ws.sheet_view.showGridLines = sheet.kind == "findings"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if sheet.landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    if sheet.print_area:
        ws.print_area = sheet.print_area
    if sheet.print_title_rows:
        ws.print_title_rows = sheet.print_title_rows
