"""Cells without a value: V-001 once per row, V-010 the published convention, V-011 not available.

* **Staff workbooks and JSON**: a blank cell is a cell not filled in. V-001 is reported once per
  row (once per table when the whole table is empty), listing the cells; a total left blank
  beside parts that are not all zero is named with the value its parts give.
* **Imported publications**: an empty cell means none (the published convention). Only a total
  left blank beside non-zero parts is an error (V-001, one per row, with its value); the other
  empty cells are counted as 0 and mentioned once per table (V-010).
* **Cells not available** (the importer could not place them: a page cut off) are unknown, not
  blank: one V-011 for the report names them, and no check runs through them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from xl_disclosure.cells import NotAvailable
from xl_disclosure.spec import CellSpec
from xl_disclosure.validate.arith import Arithmetic
from xl_disclosure.validate.cellnames import describe, name_row_part, rows_of
from xl_disclosure.validate.context import Context
from xl_disclosure.validate.findings import Finding, emits, make, number_text

FILL_ZERO = "没有发生的请填写 0，不要留空。"
FILL_TOTAL = "请按各项之和填写合计数。"
PUBLISHED_TOTAL = "公开文本中该合计数留空，请对照原文核实，并请发布机关补正。"


@emits("V-001")
def unfilled(ctx: Context) -> Iterator[Finding]:
    """V-001: cells left blank, one finding per row (or per empty table)."""
    arith = ctx.arith
    keys = set(arith.derived) if ctx.published else set(arith.blank)
    if not keys:
        return
    spec = ctx.spec
    by_table = spec.table_keys
    empty_tables = {tid for tid, cells in by_table.items() if all(k in keys for k in cells)} - {
        spec.cell(k).table for k in arith.derived
    }
    for table in (t for t in spec.tables if t.id in empty_tables):
        tid = table.id
        yield make(
            "V-001",
            tuple(by_table[tid]),
            cells=f"{ctx.spec.table(tid).label}全部{len(by_table[tid])}个单元格",
            total="",
            fix=FILL_ZERO,
            actual="（空）",
            every_place=True,
        )
    for cells in rows_of(spec, keys).values():
        if cells[0].table not in empty_tables:
            row = _row(ctx, arith, cells)
            yield make(
                "V-001",
                row.places,
                cells=row.cells,
                total=row.total,
                fix=row.fix,
                expected=row.expected,
                actual="（空）",
                every_place=True,
            )


@dataclass(frozen=True)
class _Row:
    places: tuple[str, ...]
    cells: str
    total: str
    fix: str
    expected: str | None


def _row(ctx: Context, arith: Arithmetic, cells: list[CellSpec]) -> _Row:
    """The places and message fields of V-001 for the blank ``cells`` of one row."""
    derived = [c for c in cells if c.key in arith.derived]
    others = [c for c in cells if c.key not in arith.derived]
    totals = "、".join(
        f"{'“' + _short(c) + '”' if others or len(derived) > 1 else ''}"
        f"按{arith.derived[c.key].line.how}应为{number_text(arith.derived[c.key].value)}"
        for c in derived
    )
    fix = PUBLISHED_TOTAL if ctx.published else (FILL_ZERO if others else FILL_TOTAL)
    expected = number_text(arith.derived[derived[0].key].value) if len(derived) == 1 else None
    return _Row(
        tuple(c.key for c in (*derived, *others)),
        name_row_part(ctx.spec, cells),
        f"，{totals}" if totals else "",
        fix,
        expected,
    )


def _short(cell: CellSpec) -> str:
    return cell.column.label if cell.row.path else cell.column.full_label


@emits("V-010")
def published_blanks(ctx: Context) -> Iterator[Finding]:
    """V-010: in an imported publication, empty cells counted as 0 — one note per table."""
    if not ctx.published:
        return
    arith = ctx.arith
    zeros = [c for c in ctx.spec.cells if c.key in arith.blank and c.key not in arith.derived]
    by_table: dict[str, list[CellSpec]] = {}
    for c in zeros:
        by_table.setdefault(c.table, []).append(c)
    for tid, cells in by_table.items():
        keys = [c.key for c in cells]
        symbols = any(isinstance(ctx.report.value(k), str) for k in keys)
        yield make(
            "V-010",
            tuple(keys),
            table=ctx.spec.table(tid).label,
            n=len(keys),
            symbols="或填写“/”等符号" if symbols else "",
            cells=describe(ctx.spec, keys, table=False),
        )


@emits("V-011")
def not_available(ctx: Context) -> Iterator[Finding]:
    """V-011: cells the source did not show (not placed by the importer) — one note."""
    keys = [k for k in ctx.others if isinstance(ctx.report.value(k), NotAvailable)]
    if keys:
        yield make(
            "V-011",
            tuple(keys),
            n=len(keys),
            cells=describe(ctx.spec, keys),
            actual="（原文缺失）",
        )
