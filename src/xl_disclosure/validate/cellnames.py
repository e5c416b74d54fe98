"""Chinese names for groups of cells in messages: a row, some cells of a row, a whole table.

One level of quotes: ``表三“（一）予以公开”的“商业企业”“总计”``, never a label inside quotes
inside quotes.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from xl_disclosure.spec import CellSpec, FormatSpec
from xl_disclosure.validate.findings import inner_quotes

#: Cells (or rows) named one by one before "等N个".
NAMED = 6


def row_label(cell: CellSpec) -> str:
    """The row as people name it: ``（一）予以公开``, ``（三）不予公开—1.属于国家秘密``;
    ``""`` for a one-row table (表四)."""
    path = [_GLOSS.sub("", p) or p for p in cell.row.path]
    return inner_quotes("—".join(path[1:]) if len(path) > 2 else (path[-1] if path else ""))


#: A gloss printed after a row label, e.g. ``（区分处理的，只计这一情形，不计其他情形）``.
_GLOSS = re.compile(r"(?<=[^\s])（[^（）]*）$")


def column_label(cell: CellSpec) -> str:
    """The column within its row: ``商业企业``; in a one-row table the full header path."""
    return inner_quotes(cell.column.label if cell.row.path else cell.column.full_label)


def _quoted(names: Iterable[str]) -> str:
    return "".join(f"“{inner_quotes(n)}”" for n in names)


def _limited(names: list[str], unit: str = "个单元格") -> str:
    head = _quoted(names[:NAMED])
    return head + (f"等{len(names)}{unit}" if len(names) > NAMED else "")


def rows_of(spec: FormatSpec, keys: Iterable[str]) -> dict[tuple[str, str, str], list[CellSpec]]:
    """The cells ``keys`` grouped by (table, block, row), in spec order."""
    wanted = set(keys)
    out: dict[tuple[str, str, str], list[CellSpec]] = {}
    for cell in spec.cells:
        if cell.key in wanted:
            out.setdefault((cell.table, cell.block, cell.row.key), []).append(cell)
    return out


def row_cells(spec: FormatSpec, table: str, block: str, row: str) -> list[CellSpec]:
    return [c for c in spec.table(table).block(block).cells if c.row.key == row]


def name_row_part(spec: FormatSpec, cells: list[CellSpec], *, table: bool = True) -> str:
    """Cells of one row: ``表三“（一）予以公开”的“商业企业”“其他”``; the whole row:
    ``表三“（一）予以公开”整行``; a one-cell row or a one-row table: the cell names."""
    first = cells[0]
    prefix = spec.table(first.table).label if table else ""
    whole = row_cells(spec, first.table, first.block, first.row.key)
    label = row_label(first)
    if len(whole) == 1:
        return f"{prefix}“{inner_quotes(label)}”/“{inner_quotes(column_label(first))}”"
    if not label:
        return (prefix + "的" if prefix else "") + _limited([column_label(c) for c in cells])
    if len(cells) == len(whole):
        return f"{prefix}“{inner_quotes(label)}”整行"
    return f"{prefix}“{inner_quotes(label)}”的" + _limited([column_label(c) for c in cells])


def describe(spec: FormatSpec, keys: Iterable[str], *, table: bool = True) -> str:
    """Many cells, row by row: ``表三“（一）予以公开”的“其他”；“（二）部分公开”整行；表四全部``.
    At most :data:`NAMED` rows are named, the rest counted."""
    rows = rows_of(spec, keys)
    by_table: dict[str, list[list[CellSpec]]] = {}
    for (tid, _, _), cells in rows.items():
        by_table.setdefault(tid, []).append(cells)
    parts: list[str] = []
    for tid, groups in by_table.items():
        if sum(len(g) for g in groups) == len(spec.table(tid).cells):
            parts.append(f"{spec.table(tid).label}全部" if table else "全部")
            continue
        names = [name_row_part(spec, g, table=table and i == 0) for i, g in enumerate(groups)]
        more = len(names) - NAMED
        text = "；".join(names[:NAMED])
        parts.append(text + (f"等{len(names)}行" if more > 0 else ""))
    return "；".join(parts)


def sum_name(spec: FormatSpec, keys: tuple[str, ...], label: str) -> str:
    """The cells a figure sums, for a message: one cell by its label; several as
    ``= 表三“不予公开”各项的“总计”之和`` or ``= 表四“行政诉讼—未经复议直接起诉—总计”与“…”之和``."""
    cells = [spec.cell(k) for k in keys]
    first = cells[0]
    t = spec.table(first.table).label
    if len(cells) == 1:
        row = row_label(first)
        return f"{t}“{row}”/“{column_label(first)}”" if row else f"{t}“{column_label(first)}”"
    if any(c.table != first.table for c in cells):
        return "= 各项之和"
    if len({c.column.key for c in cells}) == 1:
        col = column_label(first)
        rows = [row_label(c) for c in cells]
        if len(rows) <= 2:
            return f"= {t}" + "与".join(f"“{r}”" for r in rows) + f"的“{col}”之和"
        return f"= {t}“{label}”各项的“{col}”之和"
    if len({(c.block, c.row.key) for c in cells}) == 1:
        cols = [column_label(c) for c in cells]
        row = row_label(first)
        prefix = f"= {t}“{row}”的" if row else f"= {t}"
        if len(cols) <= 3:
            return prefix + "与".join(f"“{c}”" for c in cols) + "之和"
        return prefix + f"“{cols[0]}”至“{cols[-1]}”之和"
    return "= 各项之和"
