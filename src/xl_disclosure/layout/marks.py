"""How wrong cells are coloured without touching any cell's own format.

The template's sheets are protected (formatting cells is not allowed) and its structure is
locked (no sheet can be added at run time), and the xlwings VBA client can only colour one
rectangle per action. So the buttons never write a fill. Instead:

* a very hidden sheet :data:`MARKS_SHEET` holds the *mark list*: column A the key of a
  marked cell (``<sheet>!D12``), column B its level (:data:`LEVELS`); columns D:E keep staff's
  explanations of warnings while the findings sheet is cleared;
* every input cell carries conditional formats (installed once, by the template build, with
  :func:`install_marks`) that colour the cell while its key is in the list with that level.

Marking is one block write to the mark list, unmarking is writing blanks over it: exactly the
cells the last run marked lose their colour, and staff's own fills, values and notes are never
written. The same works through COM, the remote interpreter, Office.js and LibreOffice.

Example:
    >>> mark_key("三、收到和处理政府信息公开申请情况", "J14")
    '三、收到和处理政府信息公开申请情况!J14'
"""

from __future__ import annotations

from typing import Final

MARKS_SHEET: Final = "_xd_marks"
#: Defined names over the mark list (CF formulas use names, which also works in Excel 2007).
KEYS_NAME: Final = "_xd_mark_cells"
LEVELS_NAME: Final = "_xd_mark_levels"
#: Rows reserved for marks and for saved explanations (far above the ~420 inputs of a format).
CAPACITY: Final = 2000
#: First row of the lists (row 1 holds headers).
FIRST_ROW: Final = 2
KEY_COL, LEVEL_COL, FP_COL, TEXT_COL = 1, 2, 4, 5

#: Level code -> (fill, font colour, meaning). Errors and warnings look different; a warning
#: already explained in writing is green.
LEVELS: Final[dict[str, tuple[str, str, str]]] = {
    "E": ("FFC7CE", "9C0006", "强制性错误"),
    "W": ("FFEB9C", "9C5700", "提示（待说明）"),
    "K": ("C6EFCE", "006100", "提示（已说明）"),
}


def mark_key(sheet: str, cell: str) -> str:
    """The text a mark-list row holds for one cell (no quotes, no ``$``)."""
    return f"{sheet}!{cell}"


def mark_formula(sheet: str, level: str) -> str:
    """The conditional-format formula of ``level`` on ``sheet`` (position independent)."""
    literal = mark_key(sheet, "").replace('"', '""')
    return f'COUNTIFS({KEYS_NAME},"{literal}"&ADDRESS(ROW(),COLUMN(),4),{LEVELS_NAME},"{level}")>0'
