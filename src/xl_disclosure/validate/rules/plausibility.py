"""Plausibility within one year (P-001 ... P-005)."""

from __future__ import annotations

from collections.abc import Iterator

from xl_disclosure.validate.context import Context
from xl_disclosure.validate.findings import Finding, make


def rules(ctx: Context) -> Iterator[Finding]:
    spec = ctx.spec
    block_a = spec.table("T2").block("A")
    for row in block_a.rows:
        keys = [block_a.cell_key(row, c) for c in block_a.columns]
        vals = ctx.nums(keys)
        if vals is None:
            continue
        c1, c2, c3 = vals
        if spec.id == "gb2021" and c1 > c3 + c2:
            yield make(
                "P-001",
                (keys[0], keys[2], keys[1]),
                row=row.label,
                a=c1,
                b=c3,
                c=c2,
                expected=f"≤ {c3 + c2}",
                actual=c1,
            )
        if spec.id == "gb2019":
            detail = ""
            if c2 > c3:
                detail += f"本年新公开数量（{c2}）大于对外公开总数量（{c3}）；"
            if c1 != c2:
                detail += f"本年新制作数量（{c1}）与本年新公开数量（{c2}）不一致；"
            if detail:
                yield make("P-002", (keys[1],), row=row.label, detail=detail)
    if spec.id == "gb2019":
        for block_id in ("B", "C", "D"):
            block = spec.table("T2").block(block_id)
            for row in block.rows:
                k1, k2 = (
                    block.cell_key(row, block.column("C1")),
                    block.cell_key(row, block.column("C2")),
                )
                vals = ctx.nums([k1, k2])
                if vals is not None and vals[0] + vals[1] < 0:
                    yield make("P-003", (k2, k1), row=row.label, a=vals[0], b=vals[1])
    if not ctx.report.meta.rulemaking:
        rule_row = [block_a.cell_key(block_a.rows[0], c) for c in block_a.columns]
        if any(ctx.num(k) for k in rule_row):
            yield make("P-004", tuple(k for k in rule_row if ctx.num(k)))
    new, carry_out = ctx.num("T3.new.C7"), ctx.num("T3.carry_out.C7")
    if new is not None and carry_out is not None and carry_out > 0.5 * new:
        yield make("P-005", ("T3.carry_out.C7", "T3.new.C7"), x=carry_out)
