"""The balance checks of a format's tables (``spec.checks``) expanded to cell keys."""

from __future__ import annotations

from xl_disclosure.spec import Block, Row, derived_cache, format_ids, load_format

Equation = tuple[tuple[str, ...], tuple[str, ...]]


def load_format_of(block: Block) -> str:
    """The format a block belongs to: compared by value, since a block may come from a cache
    filled before the formats were loaded again (a profile registered since)."""
    for fid in format_ids():
        table = load_format(fid).table(block.table)
        if any(b == block for b in table.blocks):
            return fid
    raise KeyError(block.table)


@derived_cache
def equations(format_id: str, table_id: str) -> tuple[Equation, ...]:
    """The format's balance checks of one table, expanded to cell keys (lhs sum == rhs sum)."""
    spec = load_format(format_id)
    out: list[Equation] = []
    for check in spec.checks:
        if check.table != table_id:
            continue
        for block in spec.table(table_id).blocks:
            out.extend(_expand(block, check.over, check.lhs, check.rhs))
    return tuple(out)


def _expand(block: Block, over: str, lhs: tuple[str, ...], rhs: tuple[str, ...]) -> list[Equation]:
    rows = {r.key: r for r in block.rows}
    cols = {c.key: c for c in block.columns}
    if over == "columns" and set(lhs) | set(rhs) <= set(rows):
        return [
            (
                tuple(block.cell_key(rows[k], c) for k in lhs),
                tuple(block.cell_key(rows[k], c) for k in rhs),
            )
            for c in block.columns
        ]
    if over in ("rows", "none") and set(lhs) | set(rhs) <= set(cols):
        return [
            (
                tuple(block.cell_key(r, cols[k]) for k in lhs),
                tuple(block.cell_key(r, cols[k]) for k in rhs),
            )
            for r in block.rows
        ]
    return []


def row_equations(block: Block, row: Row) -> list[Equation]:
    """The balances of ``block`` that involve only cells of ``row``."""
    keys = {block.cell_key(row, c) for c in block.columns}
    return [eq for eq in equations(load_format_of(block), block.table) if {*eq[0], *eq[1]} <= keys]
