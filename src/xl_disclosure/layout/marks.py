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

from typing import Final, NamedTuple

MARKS_SHEET: Final = "_xd_marks"
#: Defined names over the mark list (CF formulas use names, which also works in Excel 2007).
KEYS_NAME: Final = "_xd_mark_cells"
LEVELS_NAME: Final = "_xd_mark_levels"
#: Rows reserved for marks and for saved explanations (far above the ~420 inputs of a format).
CAPACITY: Final = 2000
#: First row of the lists (row 1 holds headers).
FIRST_ROW: Final = 2
KEY_COL, LEVEL_COL, FP_COL, TEXT_COL = 1, 2, 4, 5


class MarkStyle(NamedTuple):
    """How a mark level looks: a fill far from the input cells' cream (``FFF2CC``) and a font
    cue that is not colour (weight, style, text colour), for staff who cannot tell red from
    green; the three levels also differ in lightness (dark, middle, light)."""

    fill: str
    font: str
    bold: bool
    italic: bool
    meaning: str
    """Chinese legend, as the alerts and the web page word it."""


#: Level code -> look. Errors are white bold on dark red, warnings still to explain black bold
#: on amber, warnings explained in writing black italic on green.
LEVELS: Final[dict[str, MarkStyle]] = {
    "E": MarkStyle("C00000", "FFFFFF", True, False, "深红底白色粗体为强制性错误"),
    "W": MarkStyle("FFC000", "000000", True, False, "橙黄底黑色粗体为待说明的提示"),
    "K": MarkStyle("92D050", "000000", False, True, "绿底斜体为已写明理由的提示"),
}


def legend() -> str:
    """``深红底白色粗体为强制性错误，橙黄底…`` (one line, for alerts and pages)."""
    return "，".join(style.meaning for style in LEVELS.values())


def mark_key(sheet: str, cell: str) -> str:
    """The text a mark-list row holds for one cell (no quotes, no ``$``)."""
    return f"{sheet}!{cell}"


def mark_formula(sheet: str, level: str) -> str:
    """The conditional-format formula of ``level`` on ``sheet`` (position independent)."""
    literal = mark_key(sheet, "").replace('"', '""')
    return f'COUNTIFS({KEYS_NAME},"{literal}"&ADDRESS(ROW(),COLUMN(),4),{LEVELS_NAME},"{level}")>0'
