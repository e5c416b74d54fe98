"""Shared by the section and service sheets: input placements and row heights that fit labels.

Pure Python.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import replace

from xl_disclosure.layout.grid import Label, col_letter, parse_a1
from xl_disclosure.layout.model import InputKind, Placement, SheetLayout, defined_name
from xl_disclosure.spec import ValueType

YES_NO: tuple[str, ...] = ("是", "否")
_LINE_PT = 15.0
#: Font size of a role relative to 11 pt (smaller text needs fewer lines).
_ROLE_SIZE = {
    "hint": 0.82,
    "corner": 0.82,
    "helper_label": 0.82,
    "note": 0.91,
    "header": 0.95,
    "rowlabel": 0.95,
    "rule": 0.91,
    "title": 1.45,
}
_DEFAULT_PT = 15.0


def make_input(
    place: str,
    sheet: str,
    cell: str,
    kind: InputKind,
    *,
    merge: str | None = None,
    choices: tuple[str, ...] = (),
    label: str = "",
    spec_type: ValueType | None = None,
    na: bool = False,
) -> Placement:
    """An input placement with its deterministic defined name."""
    return Placement(
        place, sheet, cell, defined_name(place), kind, merge, spec_type, choices, label, na
    )


def _text_width(text: str) -> float:
    return sum(2.05 if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in text)


def _range_box(cell: str, merge: str | None) -> tuple[int, int, int, int]:
    r1, c1 = parse_a1(cell)
    if not merge:
        return r1, c1, r1, c1
    r2, c2 = parse_a1(merge.split(":")[1])
    return r1, c1, r2, c2


def _lines(text: str, width: float, size: float = 1.0) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` characters wide (font ``size`` × 11 pt)."""
    return sum(max(1, math.ceil(_text_width(p) * size / max(width, 1.0))) for p in text.split("\n"))


def wrapped_height(cells: Iterable[tuple[str, float]]) -> float | None:
    """The height (pt) a row needs to show each (text, column width) of it wrapped in full;
    ``None`` when one line is enough (the default height)."""
    lines = max((_lines(text, width - 1.0) for text, width in cells if text), default=1)
    return None if lines <= 1 else round(lines * _LINE_PT + 3.0, 1)


def _fit_heights(
    labels: Iterable[Label], widths: dict[str, float]
) -> tuple[tuple[int, float], ...]:
    """Row heights so wrapped fixed labels show in full (Excel does not autofit merged cells)."""
    need: dict[int, float] = {}
    for lab in labels:
        r1, c1, r2, c2 = _range_box(lab.cell, lab.merge)
        width = sum(widths.get(col_letter(c), 8.43) for c in range(c1, c2 + 1)) - 1.0
        size = _ROLE_SIZE.get(lab.role, 1.0)
        lines = _lines(lab.text, width, size)
        if lines == 1 and lab.role != "title":
            continue
        per_row = (lines * _LINE_PT * max(size, 0.8) + 3.0) / (r2 - r1 + 1)
        for r in range(r1, r2 + 1):
            if per_row > _DEFAULT_PT + 0.5:
                need[r] = max(need.get(r, 0.0), round(per_row, 1))
    return tuple(sorted(need.items()))


def finish(sheet: SheetLayout) -> SheetLayout:
    heights = dict(_fit_heights(sheet.labels, dict(sheet.col_widths)))
    for p in sheet.inputs:  # a one-row long-text input (contact) gets room for three lines
        r1, _, r2, _ = _range_box(p.cell, p.merge)
        if p.kind == InputKind.LONGTEXT and r1 == r2:
            row = r1
            heights[row] = max(heights.get(row, 0.0), 3 * _LINE_PT + 3.0)
    return replace(sheet, row_heights=tuple(sorted(heights.items())))
