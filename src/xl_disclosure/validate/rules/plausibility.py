"""Plausibility within one year (P-001 ... P-005), over the named records and figures."""

from __future__ import annotations

from collections.abc import Iterator

from xl_disclosure.cells import format_number
from xl_disclosure.validate.context import Context
from xl_disclosure.validate.findings import Finding, emits, make


@emits("P-001", "P-002", "P-003", "P-004", "P-005")
def rules(ctx: Context) -> Iterator[Finding]:
    spec = ctx.spec
    for rec in spec.records("documents"):  # P-001: 制发 ≤ 现行有效 + 废止
        v = ctx.fields(rec)
        if v is not None and v["made"] > v["in_force"] + v["repealed"]:
            yield make(
                "P-001",
                (rec.cell("made"), rec.cell("in_force"), rec.cell("repealed")),
                row=rec.label,
                a=v["made"],
                b=v["in_force"],
                c=v["repealed"],
                expected=f"≤ {format_number(v['in_force'] + v['repealed'])}",
                actual=v["made"],
            )
    for rec in spec.records("publications"):  # P-002: 新公开 ≤ 对外公开总数; 新制作 = 新公开
        v = ctx.fields(rec)
        if v is None:
            continue
        detail = ""
        if v["published"] > v["published_total"]:
            detail += (
                f"本年新公开数量（{format_number(v['published'])}）"
                f"大于对外公开总数量（{format_number(v['published_total'])}）；"
            )
        if v["made"] != v["published"]:
            detail += (
                f"本年新制作数量（{format_number(v['made'])}）"
                f"与本年新公开数量（{format_number(v['published'])}）不一致；"
            )
        if detail:
            yield make("P-002", (rec.cell("published"),), row=rec.label, detail=detail)
    for rec in spec.records("item_counts"):  # P-003: 上一年项目数量 + 本年增/减 ≥ 0
        v = ctx.fields(rec)
        if v is not None and v["last"] + v["delta"] < 0:
            yield make(
                "P-003",
                (rec.cell("delta"), rec.cell("last")),
                row=rec.label,
                a=v["last"],
                b=v["delta"],
            )
    if not ctx.report.meta.rulemaking and spec.has_figure("regulations"):
        cells = spec.figure("regulations").cells
        if any(ctx.num(k) for k in cells):
            yield make("P-004", tuple(k for k in cells if ctx.num(k)))
    if spec.has_figure("received") and spec.has_figure("carry_out"):
        new, carry_out = ctx.figure("received"), ctx.figure("carry_out")
        if new is not None and carry_out is not None and carry_out > 0.5 * new:
            yield make(
                "P-005",
                (*spec.figure("carry_out").cells, *spec.figure("received").cells),
                x=carry_out,
            )
