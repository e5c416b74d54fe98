"""Geometry of the official tables: A1 helpers and the grid of one spec block.

Pure Python (no openpyxl), shared by the template builder and every reader through
:mod:`xl_disclosure.layout`. Header and row-label merges are derived from the ``path`` tuples
of the spec, the way the official tables print them:

* consecutive columns (rows) with the same path prefix share one merged header (label) cell;
* a path shorter than the deepest one spans down (right) to the last header row (label column).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from xl_disclosure.spec import Block, Column, Row
from xl_disclosure.spec.model import path_runs

_A1 = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)$")

#: Label shown over the live-sum helper cells (never input cells; the validator ignores them).
HELPER_LABEL = "自动合计（参考）"


def col_letter(col: int) -> str:
    """1 -> ``A``, 27 -> ``AA``."""
    if col < 1:
        raise ValueError(f"column {col} < 1")
    out = ""
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def col_number(letters: str) -> int:
    """``A`` -> 1, ``AA`` -> 27."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def a1(row: int, col: int) -> str:
    """(12, 4) -> ``D12``."""
    return f"{col_letter(col)}{row}"


def parse_a1(ref: str) -> tuple[int, int]:
    """``D12`` -> (12, 4) (row, column; 1-based)."""
    m = _A1.match(ref.upper())
    if not m:
        raise ValueError(f"not an A1 reference: {ref!r}")
    return int(m.group(2)), col_number(m.group(1))


def span(row1: int, col1: int, row2: int, col2: int) -> str | None:
    """``A1:C3`` for a multi-cell range, ``None`` for a single cell."""
    if (row1, col1) == (row2, col2):
        return None
    return f"{a1(row1, col1)}:{a1(row2, col2)}"


@dataclass(frozen=True)
class Label:
    """A fixed (locked) text cell, optionally merged over ``merge``."""

    cell: str
    text: str
    role: str
    """Style role: title, subtitle, heading, header, corner, rowlabel, unit, field, readonly,
    note, hint, helper_label, rule."""
    merge: str | None = None


@dataclass(frozen=True)
class Helper:
    """A live ``SUM`` next to a total, for staff to compare while typing (not an input)."""

    cell: str
    summands: tuple[str, ...]
    total_of: str
    """The spec key of the total this cell re-computes."""

    @property
    def formula(self) -> str:
        return "=SUM(" + ",".join(self.summands) + ")"


@dataclass(frozen=True)
class GridCell:
    """Where one spec value cell of a block sits."""

    key: str
    cell: str
    merge: str | None


@dataclass
class BlockGrid:
    """The drawn grid of one block: labels, value cells, helpers and its extent."""

    labels: list[Label] = field(default_factory=list)
    cells: list[GridCell] = field(default_factory=list)
    helpers: list[Helper] = field(default_factory=list)
    header_rows: tuple[int, int] = (0, 0)
    top: int = 0
    bottom: int = 0
    """Last row used by the official table (helpers excluded)."""
    next_row: int = 0
    """First free row after the block (helpers and notes included)."""
    right: int = 0
    """Last column of the official table."""


def _slots(columns: Sequence[Column], left: int, value_slots: int | None) -> list[tuple[int, int]]:
    """Physical (first, last) column of each value column; the last one takes spare slots."""
    n = len(columns)
    slots = [(left + i, left + i) for i in range(n)]
    if value_slots and n < value_slots:
        first, _ = slots[-1]
        slots[-1] = (first, left + value_slots - 1)
    return slots


def _helper_summands(items: Sequence[Column | Row], index: int) -> list[int]:
    """Indexes of the non-total siblings of ``items[index]`` (same path minus the last label)."""
    prefix = items[index].path[:-1]
    return [
        i
        for i, item in enumerate(items)
        if i != index
        and item.path[: len(prefix)] == prefix
        and not _is_total(item)
        and not (isinstance(item, Row) and item.heading)
    ]


def _is_total(item: Column | Row) -> bool:
    return item.total if isinstance(item, Column) else item.key == "total"


def block_grid(
    block: Block,
    top: int,
    left: int = 1,
    *,
    label_cols: int | None = None,
    value_slots: int | None = None,
    helpers: bool = True,
) -> BlockGrid:
    """Lay out one block with its first row at ``top`` and first column at ``left``.

    Args:
        label_cols: number of row-label columns (default: deepest row path).
        value_slots: physical value columns to fill (section 二's 4-column grid uses 3); a
            block with fewer value columns merges its last value cell across the spare ones.
        helpers: add live-sum helper cells next to/below totals.
    """
    rows, columns = block.rows, block.columns
    depth_rows = label_cols if label_cols is not None else max(len(r.path) for r in rows)
    unit_col = left + depth_rows if block.unit_header is not None else 0
    geo = _Geometry(
        left,
        depth_rows,
        max(len(c.path) for c in columns),
        unit_col,
        _slots(columns, left + depth_rows + (1 if unit_col else 0), value_slots),
    )
    grid = BlockGrid(top=top)
    row = top
    if block.heading:
        grid.labels.append(
            Label(a1(row, left), block.heading, "heading", span(row, left, row, geo.right))
        )
        row += 1
    grid.header_rows = (row, row + geo.depth_cols - 1)
    _header_labels(grid, block, geo)
    d0 = grid.header_rows[1] + 1
    _row_labels(grid, block, geo, d0)
    _body(grid, block, geo, d0)
    grid.bottom = d0 + len(rows) - 1
    grid.right = geo.right
    grid.next_row = grid.bottom + 1
    if helpers:
        _add_helpers(grid, block, geo)
    return grid


@dataclass(frozen=True)
class _Geometry:
    """Where a block's parts go: its first column, how many columns the row labels and rows
    the column headers take, the unit column (0: none), each value column's physical span."""

    left: int
    depth_rows: int
    depth_cols: int
    unit_col: int
    slots: list[tuple[int, int]]

    @property
    def right(self) -> int:
        return self.slots[-1][1]


def _header_labels(grid: BlockGrid, block: Block, geo: _Geometry) -> None:
    """The corner, the unit header and the column headers (merged over their runs)."""
    h0, h1 = grid.header_rows
    left, slots = geo.left, geo.slots
    if geo.depth_rows:
        merge = span(h0, left, h1, left + geo.depth_rows - 1)
        grid.labels.append(Label(a1(h0, left), block.corner or "", "corner", merge))
    if geo.unit_col:
        merge = span(h0, geo.unit_col, h1, geo.unit_col)
        grid.labels.append(Label(a1(h0, geo.unit_col), block.unit_header or "", "header", merge))
    col_paths = [c.path for c in block.columns]
    for d in range(geo.depth_cols):
        for first, last, text, leaf in path_runs(col_paths, d):
            r2 = h1 if leaf else h0 + d
            merge = span(h0 + d, slots[first][0], r2, slots[last][1])
            grid.labels.append(Label(a1(h0 + d, slots[first][0]), text, "header", merge))


def _row_labels(grid: BlockGrid, block: Block, geo: _Geometry, d0: int) -> None:
    """The row labels from row ``d0`` on (merged over their runs and to the last label column)."""
    left = geo.left
    row_paths = [r.path for r in block.rows]
    for d in range(geo.depth_rows):
        for first, last, text, leaf in path_runs(row_paths, d):
            c2 = left + geo.depth_rows - 1 if leaf else left + d
            merge = span(d0 + first, left + d, d0 + last, c2)
            grid.labels.append(Label(a1(d0 + first, left + d), text, "rowlabel", merge))


def _body(grid: BlockGrid, block: Block, geo: _Geometry, d0: int) -> None:
    """Each row's unit and value cells from row ``d0`` on (a local table's heading line gets
    its filler label instead of inputs)."""
    for i, r in enumerate(block.rows):
        if geo.unit_col:
            grid.labels.append(Label(a1(d0 + i, geo.unit_col), r.unit, "unit"))
        for j, c in enumerate(block.columns):
            first, last = geo.slots[j]
            merge = span(d0 + i, first, d0 + i, last)
            if r.heading:
                grid.labels.append(Label(a1(d0 + i, first), block.filler, "unit", merge))
                continue
            grid.cells.append(GridCell(block.cell_key(r, c), a1(d0 + i, first), merge))


def _add_helpers(grid: BlockGrid, block: Block, geo: _Geometry) -> None:
    """Live sums beside (or, for a single row, below) each total column and below a total
    row, with the note that explains them."""
    extra_row = grid.bottom + 1
    helper_col, below = _column_helpers(grid, block, geo, extra_row)
    below = _row_helpers(grid, block, geo, extra_row) or below
    if not grid.helpers:
        return
    note_row = extra_row + 1 if below else extra_row
    grid.labels.append(
        Label(
            a1(note_row, geo.left),
            f"注：灰色斜体数字为“{HELPER_LABEL}”，由公式自动计算，仅供填写时核对，不需填写；"
            "校验以黄色单元格中填写的数字为准。",
            "note",
            span(note_row, geo.left, note_row, max(helper_col - 1, grid.right)),
        )
    )
    grid.next_row = note_row + 1


def _column_helpers(
    grid: BlockGrid, block: Block, geo: _Geometry, extra_row: int
) -> tuple[int, bool]:
    """A helper column per total column (one sum per row), or for a single-row table a
    helper right below the total. The next free column, and whether ``extra_row`` is used."""
    rows, columns, slots = block.rows, block.columns, geo.slots
    h0, h1 = grid.header_rows
    d0 = h1 + 1
    helper_col, below = grid.right + 1, False
    for j, col in enumerate(columns):
        if not col.total:
            continue
        parts = _helper_summands(columns, j)
        if len(rows) == 1:
            cells = tuple(a1(d0, slots[k][0]) for k in parts)
            grid.helpers.append(
                Helper(a1(extra_row, slots[j][0]), cells, block.cell_key(rows[0], col))
            )
            below = True
            continue
        merge = span(h0, helper_col, h1, helper_col)
        grid.labels.append(Label(a1(h0, helper_col), HELPER_LABEL, "helper_label", merge))
        for i, r in enumerate(rows):
            if r.heading:
                continue
            cells = tuple(a1(d0 + i, slots[k][0]) for k in parts)
            grid.helpers.append(Helper(a1(d0 + i, helper_col), cells, block.cell_key(r, col)))
        helper_col += 1
    return helper_col, below


def _row_helpers(grid: BlockGrid, block: Block, geo: _Geometry, extra_row: int) -> bool:
    """Helpers in ``extra_row`` below each total row, one per column; whether there were any."""
    d0 = grid.header_rows[1] + 1
    below = False
    for i, r in enumerate(block.rows):
        if r.key != "total":
            continue
        parts = _helper_summands(block.rows, i)
        if geo.depth_rows:
            merge = span(extra_row, geo.left, extra_row, geo.left + geo.depth_rows - 1)
            label = f"{r.label}{HELPER_LABEL}"
            grid.labels.append(Label(a1(extra_row, geo.left), label, "helper_label", merge))
        for j, col in enumerate(block.columns):
            cells = tuple(a1(d0 + k, geo.slots[j][0]) for k in parts)
            cell = a1(extra_row, geo.slots[j][0])
            grid.helpers.append(Helper(cell, cells, block.cell_key(r, col)))
        below = True
    return below
