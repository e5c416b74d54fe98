"""The narrative against the tables (X-003) and against itself (X-005).

Each claim the text makes (:mod:`xl_disclosure.validate.prose`) is compared with the cells it
names; a finding quotes the sentence, names the cells and gives both numbers. A share
(``占N%``) agrees when it matches the table within 0.1 point (or the precision it was written
with) over any usual base (办结, 新收, 新收 + 上年结转). X-005 is reported only for a sentence
X-003 says nothing about: one finding per mistake.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from xl_disclosure.spec import ValueType
from xl_disclosure.validate.cellnames import sum_name
from xl_disclosure.validate.context import Context
from xl_disclosure.validate.findings import Finding, emits, make, number_text
from xl_disclosure.validate.prose import Claim, Target
from xl_disclosure.validate.prose.numbers import NUM
from xl_disclosure.validate.rules.prose_internal import inconsistencies

_EPS = 1e-9
#: The number a stated count starts with (what follows is its unit).
_COUNT_UNIT = re.compile(rf"^{NUM}")


def text_figures(ctx: Context) -> Iterator[Finding]:
    """X-003 for every claim that disagrees with the tables, each stated figure once."""
    seen: set[tuple[object, ...]] = set()
    for claim, finding in zip(ctx.claims, _mismatches(ctx), strict=True):
        if finding is None:
            continue
        key = (claim.kind, claim.target.cells, claim.value, claim.text)
        if key not in seen:
            seen.add(key)
            yield finding


def _mismatches(ctx: Context) -> list[Finding | None]:
    """X-003 of each claim (``None`` where the tables agree), worked out once per report."""
    return ctx.memo("X-003", lambda: [mismatch(ctx, c) for c in ctx.claims])


def flagged(ctx: Context) -> set[tuple[int, str]]:
    """(section, sentence) pairs X-003 reports on."""
    found = zip(ctx.claims, _mismatches(ctx), strict=True)
    return {(c.sentence.section, c.sentence.text) for c, f in found if f is not None}


@emits("X-003")
def mismatch(ctx: Context, claim: Claim) -> Finding | None:
    """X-003 for one claim, or ``None`` when the tables agree (or cannot tell)."""
    verdict = _verdict(ctx, claim)
    if verdict is None:
        return None
    what, stated, value, cells = verdict
    no = claim.sentence.section
    return make(
        "X-003",
        (f"section.{no}", *claim.target.cells),
        section=ctx.spec.section(no).numeral,
        quote=claim.sentence.quote,
        what=what,
        stated=stated,
        value=value,
        cells=cells,
        expected=value,
        actual=stated,
        extra={"family": claim.family, "stated": claim.text},
    )


def _verdict(ctx: Context, claim: Claim) -> tuple[str, str, str, str] | None:
    """(what, stated, table value, cells) when the claim disagrees with the tables."""
    if claim.kind in ("count", "money"):
        return _amount(ctx, claim)
    if claim.kind == "percent":
        return _share(ctx, claim)
    return _bare(ctx, claim)


def _unit(claim: Claim) -> str:
    """万元 for money (stated in 元 or 万元), else the unit the text counts in (件, 个, 起 …)."""
    if claim.kind == "money":
        return "万元"
    return _COUNT_UNIT.sub("", claim.text) or "件"


def _agrees(claim: Claim, stated: float, table: float) -> bool:
    if claim.kind == "money":
        return abs(stated - table) <= 0.5 * 10.0**-claim.decimals + _EPS
    return abs(stated - table) < _EPS


def _in_wan(ctx: Context, claim: Claim, cells: tuple[str, ...]) -> float | None:
    """The table's sum of ``cells`` in the claim's unit: money in 万元 (an amount in the cover's
    unit, 2019's 采购总金额, converted; None while the cover declares none: V-007 stands)."""
    value = ctx.table_value(cells)
    if value is None or claim.kind != "money":
        return value
    if not any(ctx.spec.cell(k).type is ValueType.MONEY for k in cells):
        return value
    unit = ctx.report.meta.money_unit
    return value / 10000 if unit == "元" else value if unit == "万元" else None


def _amount(ctx: Context, claim: Claim) -> tuple[str, str, str, str] | None:
    assert claim.value is not None
    table = _in_wan(ctx, claim, claim.target.cells)
    if table is None or _agrees(claim, claim.value, table):
        return None
    unit = _unit(claim)
    others = []
    for alt in claim.alternates:
        other = _in_wan(ctx, claim, alt.cells)
        other = None if other is None else other - alt.less
        if other is not None and _agrees(claim, claim.value, other):
            return None
        if other is not None and other != table:
            others.append(f"{alt.label}为{number_text(other)}{unit}")
    cells = sum_name(ctx.spec, claim.target.cells, claim.target.label)
    return (
        claim.target.label,
        f"{number_text(claim.value)}{unit}",
        f"{number_text(table)}{unit}",
        "；".join([cells, *others]),
    )


def _bases(ctx: Context, claim: Claim) -> list[tuple[str, Target]]:
    spec = ctx.spec
    names = ("received",) if claim.target.label.startswith("新收申请中") else (
        "completed", "received", "received+carry_in",
    )  # fmt: skip
    out = []
    for name in names:
        parts = name.split("+")
        if all(spec.has_figure(n) for n in parts):
            cells = tuple(c for n in parts for c in spec.figure(n).cells)
            label = "＋".join(spec.figure(n).label.split("/")[0] for n in parts)
            out.append((label, Target(label, cells)))
    return out


def _share(ctx: Context, claim: Claim) -> tuple[str, str, str, str] | None:
    assert claim.value is not None
    part = ctx.table_value(claim.target.cells)
    if part is None:
        return None
    tolerance = max(0.1, 0.5 * 10.0**-claim.decimals) + _EPS
    # The count written before the share may itself be wrong (X-003 names it): a share that
    # agrees with the written count is not a second mistake.
    parts = [part] + ([claim.base.value] if claim.base and claim.base.value is not None else [])
    usable = []
    for label, base in _bases(ctx, claim):
        total = ctx.table_value(base.cells)
        if total:
            if any(abs(100 * p / total - claim.value) <= tolerance for p in parts):
                return None
            usable.append((label, total, 100 * part / total))
    if not usable:
        return None
    label, total, pct = usable[0]
    shown = f"{pct:.{max(1, claim.decimals)}f}".rstrip("0").rstrip(".")
    unit = "件"
    cells = (
        f"= {claim.target.label}{number_text(part)}{unit} ÷ {label}{number_text(total)}{unit}，"
        f"{sum_name(ctx.spec, claim.target.cells, claim.target.label)}"
    )
    return f"{claim.target.label}所占比例", f"{number_text(claim.value)}%", f"{shown}%", cells


def _bare(ctx: Context, claim: Claim) -> tuple[str, str, str, str] | None:
    value = ctx.table_value(claim.target.cells)
    if value is None:
        return None
    stated = f"“{claim.text}”"
    cells = sum_name(ctx.spec, claim.target.cells, claim.target.label)
    if claim.kind == "all_upheld":
        total = ctx.table_value(claim.alternates[0].cells)
        if total is None or total in (0, value):
            return None
        return (
            f"{claim.target.label}结果",
            stated,
            f"总计{number_text(total)}件，其中结果维持{number_text(value)}件",
            f"{cells}；{sum_name(ctx.spec, claim.alternates[0].cells, claim.target.label)}",
        )
    if value == 0:
        return None
    for alt in claim.alternates:
        if ctx.table_value(alt.cells) == 0:
            return None
    what = f"{claim.target.label}结果纠正" if claim.kind == "no_corrected" else claim.target.label
    return what, stated, f"{number_text(value)}{_cells_unit(ctx, claim.target.cells)}", cells


def _cells_unit(ctx: Context, cells: tuple[str, ...]) -> str:
    """The unit the table counts ``cells`` in: 万元 for 收费金额, the cover's unit for 2019's
    采购总金额, else 件."""
    types = {ctx.spec.cell(k).type for k in cells}
    if types == {ValueType.AMOUNT_WAN}:
        return "万元"
    if types == {ValueType.MONEY}:
        return ctx.report.meta.money_unit
    return "件"


@emits("X-005")
def text_consistency(ctx: Context) -> Iterator[Finding]:
    """X-005: parts that do not add up to the total the text gives, shares far from 100%."""
    claims = ctx.claims
    skip = flagged(ctx)
    for sentence, detail, involved, kind in inconsistencies(ctx.spec, claims):
        if involved & skip:
            continue
        yield make(
            "X-005",
            (f"section.{sentence.section}",),
            section=ctx.spec.section(sentence.section).numeral,
            quote=sentence.quote,
            detail=detail,
            extra={"family": f"internal.{kind}"},
        )
