"""Fonts, fills, borders and alignments of the template, by layout role. Nothing else."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

#: 宋体 renders Chinese in Excel/WPS; LibreOffice substitutes a CJK font (e.g. Noto CJK).
FONT_NAME = "宋体"
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")  # light yellow: "you may type here"
HELPER_FILL = PatternFill("solid", fgColor="F2F2F2")
READONLY_FILL = PatternFill("solid", fgColor="E7E6E6")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HELPER_BORDER = Border(*(Side(style="hair", color="808080"),) * 4)
LOCKED = Protection(locked=True)
UNLOCKED = Protection(locked=False)
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"


def font(
    size: float = 11, *, bold: bool = False, italic: bool = False, color: str = "000000"
) -> Font:
    return Font(name=FONT_NAME, size=size, bold=bold, italic=italic, color=color, charset=134)


@dataclass(frozen=True)
class Look:
    """How one role is drawn."""

    font: Font
    alignment: Alignment
    fill: PatternFill | None = None


def _align(h: str = "left", v: str = "center", *, wrap: bool = True) -> Alignment:
    return Alignment(horizontal=h, vertical=v, wrap_text=wrap)


LABEL_LOOKS: dict[str, Look] = {
    "title": Look(font(16, bold=True), _align("center")),
    "subtitle": Look(font(11), _align("center")),
    "heading": Look(font(11, bold=True), _align("left")),
    "header": Look(font(10.5, bold=True), _align("center")),
    "corner": Look(font(9), _align("center")),
    "rowlabel": Look(font(10.5), _align("left")),
    "unit": Look(font(10.5), _align("center")),
    "field": Look(font(11, bold=True), _align("left")),
    "readonly": Look(font(11), _align("left"), READONLY_FILL),
    "note": Look(font(10), _align("left")),
    "hint": Look(font(9, italic=True, color="595959"), _align("left")),
    "helper_label": Look(font(9, italic=True, color="595959"), _align("center"), HELPER_FILL),
    "rule": Look(font(10), _align("left", "top")),
}
HELPER_LOOK = Look(font(10, italic=True, color="595959"), _align("center"), HELPER_FILL)
NUMBER_LOOK = Look(font(11), _align("center", wrap=False), INPUT_FILL)
TEXT_LOOK = Look(font(11), _align("left"), INPUT_FILL)
LONGTEXT_LOOK = Look(font(11), _align("left", "top"), INPUT_FILL)
CHOICE_LOOK = Look(font(11), _align("left", wrap=False), INPUT_FILL)
#: The columns of 校验结果: rows are written by the 校验 button or the marked copy, long messages
#: wrap inside the column instead of running off the screen (a column style new cells take).
FINDINGS_ALIGNMENT = Alignment(horizontal="left", vertical="top", wrap_text=True)
