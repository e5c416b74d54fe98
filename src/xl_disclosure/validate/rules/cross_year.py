"""Cross-year rules (Y-001 ... Y-005): need last year's report.

Last year's report may be in another format: every comparison goes through names both
formats' specs define (figures ``carry_in``/``carry_out``, records ``documents`` and
``item_counts``), so what is not comparable across formats is simply not compared.
"""

from __future__ import annotations

from collections.abc import Iterator

from xl_disclosure.model import AnnualReport
from xl_disclosure.spec.model import carried_cells
from xl_disclosure.validate.context import Context, number_of
from xl_disclosure.validate.findings import Finding, emits, make
from xl_disclosure.validate.similarity import similarity
from xl_disclosure.validate.text import fold

#: Below this many characters a section is boilerplate ("本年度无其他需要报告事项。").
MIN_SIMILARITY_CHARS = 60
SIMILARITY_LIMIT = 0.8


@emits("Y-004", "Y-005")
def rules(ctx: Context) -> Iterator[Finding]:
    prev = ctx.previous
    if prev is None:
        return
    yield from _carry_over(ctx, prev)
    yield from _in_force(ctx, prev)
    yield from _item_counts(ctx, prev)
    for no in (1, 5, 6):
        a, b = fold(ctx.report.text(no)), fold(prev.text(no))
        if min(len(a), len(b)) < MIN_SIMILARITY_CHARS:
            continue
        ratio = similarity(a, b)  # bounded in time whatever the length (validate/similarity.py)
        if ratio >= SIMILARITY_LIMIT:
            yield make(
                "Y-004", (f"section.{no}",), n=ctx.spec.section(no).numeral, p=round(ratio * 100)
            )
    if ctx.spec.has("rectification") and prev.text(5).strip():
        s5 = ctx.report.text(5)
        if not any(w in s5 for w in ("上年", "上一年", "去年", "整改")):
            yield make("Y-005", ("section.5",))


def _prev_year(ctx: Context, prev: AnnualReport) -> int | str:
    return prev.meta.year or (ctx.year - 1 if ctx.year else "上")


@emits("Y-001")
def _carry_over(ctx: Context, prev: AnnualReport) -> Iterator[Finding]:
    """Y-001: this year's 上年结转 = last year's 结转下年度, column by column."""
    for key, last_key in carried_cells(ctx.spec, prev.spec):
        this, last = ctx.num(key), number_of(prev.value(last_key))
        if this is not None and last is not None and this != last:
            yield make(
                "Y-001",
                (key,),
                col=ctx.spec.cell(key).column.label,
                a=this,
                b=last,
                prev_year=_prev_year(ctx, prev),
                expected=last,
                actual=this,
            )


def _prev(prev: AnnualReport, name: str, record_id: str, field: str) -> int | float | None:
    """A field of last year's record of the same id (``None`` if absent or not a number)."""
    rec = next((r for r in prev.spec.records(name) if r.id == record_id), None)
    return None if rec is None else number_of(prev.value(rec.cell(field)))


@emits("Y-002")
def _in_force(ctx: Context, prev: AnnualReport) -> Iterator[Finding]:
    """Y-002: 现行有效 = last 现行有效 + 制发 − 废止."""
    for rec in ctx.spec.records("documents"):
        v, last = ctx.fields(rec), _prev(prev, "documents", rec.id, "in_force")
        if v is None or last is None:
            continue
        expected = last + v["made"] - v["repealed"]
        if v["in_force"] != expected:
            yield make(
                "Y-002",
                (rec.cell("in_force"),),
                row=rec.label,
                a=v["in_force"],
                b=last,
                c=v["made"],
                d=v["repealed"],
                e=expected,
                expected=expected,
                actual=v["in_force"],
            )


@emits("Y-003")
def _item_counts(ctx: Context, prev: AnnualReport) -> Iterator[Finding]:
    """Y-003: 上一年项目数量 = last 上一年项目数量 + last 本年增/减."""
    for rec in ctx.spec.records("item_counts"):
        this = ctx.num(rec.cell("last"))
        last = _prev(prev, "item_counts", rec.id, "last")
        delta = _prev(prev, "item_counts", rec.id, "delta")
        if this is None or last is None or delta is None:
            continue
        if this != last + delta:
            yield make(
                "Y-003",
                (rec.cell("last"),),
                row=rec.label,
                a=this,
                e=last + delta,
                expected=last + delta,
                actual=this,
            )
