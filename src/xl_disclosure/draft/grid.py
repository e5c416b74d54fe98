"""The official tables as printed: spec blocks -> a merged grid (:class:`Table`).

Merges are derived from the ``path`` tuples of the spec, the way the official format prints
them:

* consecutive columns (rows) sharing a path prefix share one merged header (label) cell;
* a path shorter than the deepest one spans down (right) to the last header row (label column);
* the corner text (表三's 勾稽关系 note, 表二's 信息内容) covers the header rows x label columns.

表二 stacks its blocks (one per 《条例》第二十条 item) in one grid: each block starts with a
full-width heading row, and a block with fewer value columns than the widest one lets its last
column span the rest (gb2021 （五）/（六）/（八） print one value cell over three columns).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from xl_disclosure.cells import Blank, CellValue, display, is_number
from xl_disclosure.draft.model import Cell, Table
from xl_disclosure.model import AnnualReport
from xl_disclosure.spec import Block
from xl_disclosure.spec.model import path_runs

#: Widths (mm at the A4 公文 text width of 156 mm) of the label columns, by their number.
_LABEL_WIDTHS: dict[int, tuple[float, ...]] = {1: (46.0,), 2: (20.0, 44.0), 3: (9.0, 18.0, 36.0)}
TEXT_WIDTH_MM = 156.0


def value_text(value: CellValue) -> str:
    """A cell value as printed: numbers plainly, ``/`` as ``/``, blank as nothing.

    Example:
        >>> value_text(12), value_text(3.50), value_text(7.0), value_text(" / ")
        ('12', '3.5', '7', '/')
    """
    if isinstance(value, Blank):
        return ""
    if isinstance(value, str):
        return value.strip()
    if is_number(value):
        number = float(value)  # type: ignore[arg-type]
        if number.is_integer():
            return str(int(number))
        return f"{number:.6f}".rstrip("0").rstrip(".")
    return display(value)


def official_table(report: AnnualReport, table_id: str) -> Table:
    """Table ``T2``/``T3``/``T4`` of ``report`` — or a profile's table, drawn the same way —
    with every label and value, merged as printed."""
    spec_table = report.spec.table(table_id)
    blocks = spec_table.blocks
    local = bool(spec_table.profile)

    def text(key: str) -> str:
        return value_text(report.value(key))

    width = max(_label_cols(b) + _unit_cols(b) + len(b.columns) for b in blocks)
    cells: list[Cell] = []
    top = 0
    for block in blocks:
        block_cells, top = _block_cells(block, text, top, width, indent=local)
        cells.extend(block_cells)
    header_rows = 0
    if len(blocks) == 1:
        header_rows = (1 if blocks[0].heading else 0) + _header_depth(blocks[0])
    label_cols = min(_label_cols(b) for b in blocks)
    widths = _local_widths(label_cols, width) if local else _widths(label_cols, width)
    return Table(
        n_rows=top,
        n_cols=width,
        cells=tuple(sorted(cells, key=lambda c: (c.row, c.col))),
        widths=widths,
        header_rows=header_rows,
        name=table_id,
    )


def _label_cols(block: Block) -> int:
    return max((len(r.path) for r in block.rows), default=0)


def _unit_cols(block: Block) -> int:
    return 1 if block.unit_header is not None else 0


def _local_widths(label_cols: int, width: int) -> tuple[float, ...]:
    """A local indicator table: its labels take 60% of the width, units and values the rest."""
    labels = _LABEL_WIDTHS.get(label_cols, (46.0,) * label_cols)
    scale = 0.6 * TEXT_WIDTH_MM / sum(labels) if labels else 0.0
    n_values = width - label_cols
    each = (TEXT_WIDTH_MM - sum(labels) * scale) / n_values if n_values else 0.0
    return (*(round(w * scale, 3) for w in labels), *([round(each, 3)] * n_values))


def label_indent(label: str) -> int:
    """Indent of a local table's row label, by its numbering: （一） 1, 1. 2, 其中 3."""
    if re.match(r"^[（(][一二三四五六七八九十]+[）)]", label):
        return 1
    if re.match(r"^\d+[.．、]", label):
        return 2
    if label.startswith("其中"):
        return 3
    return 0


def _header_depth(block: Block) -> int:
    return max((len(c.path) for c in block.columns), default=0)


def _widths(label_cols: int, width: int) -> tuple[float, ...]:
    labels = _LABEL_WIDTHS.get(label_cols, (46.0,) * label_cols)
    n_values = width - label_cols
    each = (TEXT_WIDTH_MM - sum(labels)) / n_values if n_values else 0.0
    return (*labels, *([round(each, 3)] * n_values))


def _block_cells(
    block: Block, text: Callable[[str], str], top: int, width: int, *, indent: bool = False
) -> tuple[list[Cell], int]:
    """The cells of one block laid out from grid row ``top``; returns them and the next row."""
    cells: list[Cell] = []
    row = top
    if block.heading:
        cells.append(Cell(block.heading, row, 0, colspan=width, header=True))
        row += 1
    label_cols = _label_cols(block)
    depth = _header_depth(block)
    units = _unit_cols(block)
    if units and depth:
        cells.append(Cell(block.unit_header or "", row, label_cols, rowspan=depth, header=True))
    starts = [label_cols + units + i for i in range(len(block.columns))]
    ends = [*starts[1:], width]
    ends = [e - 1 for e in ends]
    if label_cols and depth:
        cells.append(
            Cell(block.corner or "", row, 0, rowspan=depth, colspan=label_cols, header=True)
        )
    for level in range(depth):
        for first, last, label, leaf in path_runs([c.path for c in block.columns], level):
            cells.append(
                Cell(
                    label,
                    row + level,
                    starts[first],
                    rowspan=depth - level if leaf else 1,
                    colspan=ends[last] - starts[first] + 1,
                    header=True,
                )
            )
    body = row + depth
    for level in range(label_cols):
        for first, last, label, leaf in path_runs([r.path for r in block.rows], level):
            cells.append(
                Cell(
                    label,
                    body + first,
                    level,
                    rowspan=last - first + 1,
                    colspan=label_cols - level if leaf else 1,
                    header=True,
                    align="left" if leaf else "center",
                    indent=label_indent(label) if indent else 0,
                )
            )
    for i, spec_row in enumerate(block.rows):
        if units:
            cells.append(Cell(spec_row.unit, body + i, label_cols))
        for j, column in enumerate(block.columns):
            key = block.cell_key(spec_row, column)
            value = block.filler if spec_row.heading else text(key)
            cells.append(Cell(value, body + i, starts[j], colspan=ends[j] - starts[j] + 1))
    return cells, body + len(block.rows)
