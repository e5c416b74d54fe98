"""The conditional formats that colour marked cells, installed once by the template build.

See :mod:`xl_disclosure.layout.marks` for the mark list they read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xl_disclosure.layout import Layout
from xl_disclosure.layout.marks import (
    CAPACITY,
    FIRST_ROW,
    FP_COL,
    KEY_COL,
    KEYS_NAME,
    LEVEL_COL,
    LEVELS,
    LEVELS_NAME,
    MARKS_SHEET,
    TEXT_COL,
    mark_formula,
)

if TYPE_CHECKING:
    from openpyxl import Workbook


def install_marks(wb: Workbook, layout: Layout) -> None:
    """Add the mark list sheet, its names and the conditional formats to a template workbook.

    Idempotent: a workbook that already has :data:`MARKS_SHEET` is left alone. Call it on
    the openpyxl workbook before saving (the ``.xlsm`` build does; the ``.xlsx`` builder may).
    """
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Font, PatternFill
    from openpyxl.workbook.defined_name import DefinedName

    if MARKS_SHEET in wb.sheetnames:
        return
    ws = wb.create_sheet(MARKS_SHEET)
    ws.sheet_state = "veryHidden"
    for col, title in (
        (KEY_COL, "标记单元格"),
        (LEVEL_COL, "级别"),
        (FP_COL, "标识"),
        (TEXT_COL, "说明"),
    ):
        ws.cell(1, col, title)
    last = FIRST_ROW + CAPACITY - 1
    for name, letter in ((KEYS_NAME, "A"), (LEVELS_NAME, "B")):
        ref = f"'{MARKS_SHEET}'!${letter}${FIRST_ROW}:${letter}${last}"
        wb.defined_names[name] = DefinedName(name, attr_text=ref, hidden=True)
    for sheet in layout.sheets:
        if not sheet.inputs or sheet.name not in wb.sheetnames:
            continue
        target = wb[sheet.name]
        sqref = " ".join(p.merge or p.cell for p in sheet.inputs)
        for level, look in LEVELS.items():
            rule = FormulaRule(  # type: ignore[no-untyped-call]
                formula=[mark_formula(sheet.name, level)],
                fill=PatternFill("solid", start_color=look.fill, end_color=look.fill),
                font=Font(color=look.font, bold=look.bold, italic=look.italic),
                stopIfTrue=True,
            )
            target.conditional_formatting.add(sqref, rule)
