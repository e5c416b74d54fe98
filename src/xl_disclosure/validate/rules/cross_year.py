"""Cross-year rules (Y-001 ... Y-005): need last year's report."""

from __future__ import annotations

from collections.abc import Iterator
from difflib import SequenceMatcher

from xl_disclosure.validate.context import Context
from xl_disclosure.validate.findings import Finding, make
from xl_disclosure.validate.text import fold

#: Below this many characters a section is boilerplate ("本年度无其他需要报告事项。").
MIN_SIMILARITY_CHARS = 60
SIMILARITY_LIMIT = 0.8


def rules(ctx: Context) -> Iterator[Finding]:
    prev = ctx.previous
    if prev is None:
        return
    prev_year = prev.meta.year or (ctx.year - 1 if ctx.year else "上")
    t3 = ctx.spec.table("T3").blocks[0]
    for col in t3.columns:
        this, last = ctx.num(f"T3.carry_in.{col.key}"), prev.value(f"T3.carry_out.{col.key}")
        if (
            this is not None
            and isinstance(last, int | float)
            and not isinstance(last, bool)
            and this != last
        ):
            yield make(
                "Y-001",
                (f"T3.carry_in.{col.key}",),
                col=col.label,
                a=this,
                b=last,
                prev_year=prev_year,
                expected=last,
                actual=this,
            )
    if ctx.report.format_id == prev.format_id == "gb2021":
        yield from _in_force(ctx)
    if ctx.report.format_id == prev.format_id == "gb2019":
        yield from _item_counts(ctx)
    for no in (1, 5, 6):
        a, b = fold(ctx.report.text(no)), fold(prev.text(no))
        if min(len(a), len(b)) < MIN_SIMILARITY_CHARS:
            continue
        ratio = SequenceMatcher(None, a, b, autojunk=False).ratio()
        if ratio >= SIMILARITY_LIMIT:
            yield make(
                "Y-004", (f"section.{no}",), n=ctx.spec.section(no).numeral, p=round(ratio * 100)
            )
    if ctx.report.format_id == "gb2021" and prev.text(5).strip():
        s5 = ctx.report.text(5)
        if not any(w in s5 for w in ("上年", "上一年", "去年", "整改")):
            yield make("Y-005", ("section.5",))


def _prev_num(ctx: Context, key: str) -> int | float | None:
    assert ctx.previous is not None
    v = ctx.previous.value(key)
    return v if isinstance(v, int | float) and not isinstance(v, bool) else None


def _in_force(ctx: Context) -> Iterator[Finding]:
    """Y-002: 现行有效 = last 现行有效 + 制发 − 废止."""
    for r in ("R1", "R2"):
        made, repealed, in_force = (ctx.num(f"T2.A.{r}.C{i}") for i in (1, 2, 3))
        last = _prev_num(ctx, f"T2.A.{r}.C3")
        if None in (made, repealed, in_force, last):
            continue
        assert (
            made is not None and repealed is not None and in_force is not None and last is not None
        )
        expected = last + made - repealed
        if in_force != expected:
            row = ctx.spec.table("T2").block("A").row(r).label
            yield make(
                "Y-002",
                (f"T2.A.{r}.C3",),
                row=row,
                a=in_force,
                b=last,
                c=made,
                d=repealed,
                e=expected,
                expected=expected,
                actual=in_force,
            )


def _item_counts(ctx: Context) -> Iterator[Finding]:
    """Y-003: 上一年项目数量 = last 上一年项目数量 + last 本年增/减."""
    t2 = ctx.spec.table("T2")
    for block_id in ("B", "C", "D"):
        block = t2.block(block_id)
        for row in block.rows:
            key = f"T2.{block_id}.{row.key}"
            this, last1, last2 = (
                ctx.num(f"{key}.C1"),
                _prev_num(ctx, f"{key}.C1"),
                _prev_num(ctx, f"{key}.C2"),
            )
            if this is None or last1 is None or last2 is None:
                continue
            if this != last1 + last2:
                yield make(
                    "Y-003",
                    (f"{key}.C1",),
                    row=row.label,
                    a=this,
                    e=last1 + last2,
                    expected=last1 + last2,
                    actual=this,
                )
