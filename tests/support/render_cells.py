"""Where a cell of the layout lands on a LibreOffice print of its sheet, and what colour it is.

The page is not guessed: columns are placed from the layout's column widths between the
table's outer border lines (LibreOffice scales widths linearly to fit the page width), and
rows from the horizontal border lines found in the cell's own column, matched one to one with
the row edges the layout says are drawn there (merged cells hide some). Any mismatch fails
loudly instead of sampling the wrong place.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
from PIL import Image

from xl_disclosure.layout import SheetLayout
from xl_disclosure.layout.grid import col_number, parse_a1

Box = tuple[int, int, int, int]


def _line_mask(pixels: np.ndarray) -> np.ndarray:
    """Pixels of border lines: dark and grey (a dark red mark fill is not)."""
    hi, lo = pixels.max(axis=2).astype(int), pixels.min(axis=2).astype(int)
    return (hi < 150) & (hi - lo < 40)


def _longest_run(column: np.ndarray) -> int:
    gaps = np.flatnonzero(~np.concatenate(([False], column, [False])))
    return int(np.diff(gaps).max()) - 1


def _ranges(ref: str) -> tuple[int, int, int, int]:
    first, _, last = ref.partition(":")
    r1, c1 = parse_a1(first)
    r2, c2 = parse_a1(last or first)
    return r1, c1, r2, c2


@dataclass
class SheetPrint:
    """One printed page of a sheet (the sheet must fit on one page)."""

    pixels: np.ndarray
    sheet: SheetLayout
    _lines: dict[int, list[int]] = field(default_factory=dict)

    @classmethod
    def open(cls, png: Path, sheet: SheetLayout) -> SheetPrint:
        return cls(np.asarray(Image.open(png).convert("RGB")), sheet)

    @cached_property
    def _mask(self) -> np.ndarray:
        return _line_mask(self.pixels)

    # -- columns -------------------------------------------------------------------------
    def _widths(self) -> dict[int, float]:
        widths = {col_number(c): w for c, w in self.sheet.col_widths}
        hidden = {col_number(c) for c in self.sheet.hidden_cols}
        last = max(_ranges(r)[3] for r in self.sheet.borders)
        return {c: (0.0 if c in hidden else widths.get(c, 8.43)) for c in range(1, last + 1)}

    @cached_property
    def _outer_verticals(self) -> tuple[int, int]:
        """x of the leftmost and rightmost long vertical border lines."""
        h, w = self._mask.shape
        long_lines = [x for x in range(w) if _longest_run(self._mask[:, x]) >= h // 12]
        assert long_lines, "no table border found on the page"
        return min(long_lines), max(long_lines)

    def column_span(self, col: int, last_col: int | None = None) -> tuple[float, float]:
        widths = self._widths()
        first = min(_ranges(r)[1] for r in self.sheet.borders)
        left, right = self._outer_verticals
        total = sum(widths[c] for c in range(first, max(widths) + 1))
        scale = (right - left) / total
        x1 = left + scale * sum(widths[c] for c in range(first, col))
        x2 = left + scale * sum(widths[c] for c in range(first, (last_col or col) + 1))
        return x1, x2

    # -- rows ----------------------------------------------------------------------------
    def _merges(self) -> list[tuple[int, int, int, int]]:
        merges = [lab.merge for lab in self.sheet.labels if lab.merge]
        merges += [p.merge for p in self.sheet.inputs if p.merge]
        return [_ranges(m) for m in merges]

    def drawn_row_edges(self, col: int) -> list[int]:
        """Row numbers r whose top edge has a border line in column ``col``."""
        bordered: set[int] = set()
        for ref in self.sheet.borders:
            r1, c1, r2, c2 = _ranges(ref)
            if c1 <= col <= c2:
                bordered.update(range(r1, r2 + 1))
        merges = self._merges()
        edges = []
        for r in range(min(bordered), max(bordered) + 2):
            if r not in bordered and r - 1 not in bordered:
                continue
            inside = any(m[0] < r <= m[2] and m[1] <= col <= m[3] for m in merges)
            if not inside:
                edges.append(r)
        return edges

    def horizontal_lines(self, x1: float, x2: float) -> list[int]:
        """y of every horizontal border line crossing the band [x1, x2]."""
        band = self._mask[:, int(x1) + 3 : int(x2) - 2]
        hits = [int(y) for y in np.flatnonzero(band.mean(axis=1) >= 0.9)]
        lines: list[list[int]] = []
        for y in hits:
            if lines and y - lines[-1][-1] <= 1:
                lines[-1].append(y)
            else:
                lines.append([y])
        return [round(sum(g) / len(g)) for g in lines]

    def measurable(self, cell: str, merge: str | None = None) -> bool:
        """The cell's top and bottom edges are border lines (it sits in an official table)."""
        r1, c1, r2, _ = _ranges(merge or cell)
        edges = self.drawn_row_edges(c1)
        return r1 in edges and r2 + 1 in edges

    def box(self, cell: str, merge: str | None = None) -> Box:
        """The pixel rectangle of a cell (or of the merge it heads)."""
        r1, c1, r2, c2 = _ranges(merge or cell)
        x1, x2 = self.column_span(c1, c2)
        edges = self.drawn_row_edges(c1)
        if c1 not in self._lines:
            self._lines[c1] = self.horizontal_lines(*self.column_span(c1))
        lines = self._lines[c1]
        assert len(lines) == len(edges), (
            f"{self.sheet.name}: {len(lines)} horizontal lines in column {c1}, layout draws {len(edges)}"
        )
        y_of = dict(zip(edges, lines, strict=True))
        return round(x1), y_of[r1], round(x2), y_of[r2 + 1]

    def share(self, box: Box, rgb: tuple[int, int, int], tol: int = 48) -> float:
        """Share of the box's inner pixels (a margin off the borders) close to ``rgb``."""
        x1, y1, x2, y2 = box
        mx, my = max(2, (x2 - x1) // 6), max(2, (y2 - y1) // 6)
        inner = self.pixels[y1 + my : y2 - my, x1 + mx : x2 - mx].astype(int)
        assert inner.size, f"empty box {box}"
        near = np.abs(inner - np.array(rgb)).max(axis=2) <= tol
        return float(near.mean())


def hex_rgb(colour: str) -> tuple[int, int, int]:
    colour = colour[-6:]
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)
