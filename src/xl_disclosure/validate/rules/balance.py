"""Arithmetic (T3-001 ... T4-003), driven entirely by the ``checks`` of the format spec."""

from __future__ import annotations

from collections.abc import Iterator

from xl_disclosure.spec import Block, Check
from xl_disclosure.validate.context import Context
from xl_disclosure.validate.findings import Finding, emits, make


@emits(kind="balance")
def balances(ctx: Context) -> Iterator[Finding]:
    for check in ctx.spec.checks:
        block = ctx.spec.table(check.table).blocks[0]
        yield from _check(ctx, check, block)


def _instances(check: Check, block: Block) -> Iterator[tuple[str, list[str], list[str]]]:
    """(label of the line, lhs cell keys, rhs cell keys) for each column/row the check runs over."""
    if check.over == "columns":
        for col in block.columns:
            lhs = [block.cell_key(block.row(k), col) for k in check.lhs]
            rhs = [block.cell_key(block.row(k), col) for k in check.rhs]
            yield col.label, lhs, rhs
    elif check.over == "rows":
        for row in block.rows:
            lhs = [block.cell_key(row, block.column(k)) for k in check.lhs]
            rhs = [block.cell_key(row, block.column(k)) for k in check.rhs]
            yield row.label, lhs, rhs
    else:
        row = block.rows[0]
        yield (
            "",
            [block.cell_key(row, block.column(k)) for k in check.lhs],
            [block.cell_key(row, block.column(k)) for k in check.rhs],
        )


def _check(ctx: Context, check: Check, block: Block) -> Iterator[Finding]:
    for label, lhs, rhs in _instances(check, block):
        left, right = ctx.nums(lhs), ctx.nums(rhs)
        if left is None or right is None:
            continue  # a value finding (V-00x) already stands for a cell of this line
        x, y = sum(left), sum(right)
        if x == y:
            continue
        terms = {
            "a": left[0],
            "b": left[1] if len(left) > 1 else "",
            "c": right[0],
            "d": right[1] if len(right) > 1 else "",
        }
        # Point at the total first: that is the cell staff usually mistype.
        places = (*lhs, *rhs) if _has_total(check.lhs, block) else (*rhs, *lhs)
        yield make(
            check.rule,
            places,
            col=label,
            row=label,
            x=x,
            y=y,
            delta=abs(x - y),
            expected=y,
            actual=x,
            **terms,
        )


def _has_total(keys: tuple[str, ...], block: Block) -> bool:
    columns = {c.key: c for c in block.columns}
    return any(k == "total" or (k in columns and columns[k].total) for k in keys)
