"""Other readings of a stated number than "the table's figure the nearest keyword names":
the one reason an outcome is named with (因属于国家秘密不予公开1件: that row), the rest of a
group stated after some of its rows (逾期未补正2件，其他处理5件), the rest of a row another format
divides (2019's （六）其他处理). Each either replaces the keyword or adds an alternate reading
that agrees with the text too; none guesses.
"""

from __future__ import annotations

import re
from dataclasses import replace

from xl_disclosure.validate.prose.claims import Claim, Mention, Target
from xl_disclosure.validate.prose.keywords import Lexicon, row_core
from xl_disclosure.validate.prose.lexicon import GAP_MAX
from xl_disclosure.validate.prose.quantities import COUNT_UNITS, Quantity

#: Between an outcome and its count: a sum of the reasons named before (共5件).
_SUMMED = re.compile(r"共|合计|总计|累计")
#: Between a reason and its outcome: a list of reasons, or a number (another count).
_LISTED = re.compile(r"[、等和及\d]")
#: Between a part's words and its count: nothing that starts another figure or clause.
_PART_GAP = re.compile(r"[\d,;:。]")


def after_foreign_parts(
    lex: Lexicon, norm: str, quantities: list[Quantity], claims: list[Claim]
) -> list[Claim]:
    """An outcome this format counts in one row, stated after a part of it that another format
    gives a row of its own (2019: ``逾期未补正2件，其他处理3件``), may count only the rest: the
    row less the parts stated before agrees with the text too."""
    out: list[Claim] = []
    for claim in claims:
        pattern = lex.parts.get(claim.target.figure)
        if claim.kind != "count" or pattern is None:
            out.append(claim)
            continue
        named, less = [], 0.0
        for m in pattern.finditer(norm, 0, claim.start):
            q = next((q for q in quantities if m.end() <= q.start < claim.start), None)
            gap = norm[m.end() : q.start] if q else ""
            if q and q.unit in COUNT_UNITS and len(gap) <= GAP_MAX and not _PART_GAP.search(gap):
                named.append(m.group(0))
                less += q.value
        if not named:
            out.append(claim)
            continue
        rest = replace(
            claim.target, label=f"{claim.target.label}（不含{'、'.join(named)}）", less=less
        )
        out.append(replace(claim, alternates=(*claim.alternates, rest)))
    return out


def after_own_rows(claims: list[Claim]) -> list[Claim]:
    """A group stated after some of its own rows, in one list (``逾期未补正2件，其他处理5件``),
    may count only the rest of the group: that reading agrees with the text too. (After the
    group, the rows are its parts: ``不予公开4件，其中国家秘密1件``.)"""
    out: list[Claim] = []
    for claim in claims:
        cells = set(claim.target.cells)
        rows = [c for c in out if c.kind == "count" and set(c.target.cells) < cells]
        if claim.kind != "count" or not rows:
            out.append(claim)
            continue
        stated = {k for c in rows for k in c.target.cells}
        rest = tuple(k for k in claim.target.cells if k not in stated)
        if not rest:  # every row stated before: the number is their sum (共计61件)
            out.append(claim)
            continue
        named = "、".join(row_core(c.target.label) for c in rows)
        rest_target = Target(f"{claim.target.label}（不含{named}）", rest)
        out.append(replace(claim, alternates=(*claim.alternates, rest_target)))
    return out


def reason_before(
    lex: Lexicon, norm: str, mentions: list[Mention], m: Mention, span: tuple[int, int]
) -> Mention:
    """``因属于国家秘密不予公开1件``: an outcome whose one reason (a row of it) is named before
    it in the clause counts that row, not the whole outcome — unless the text sums (重复申请、
    要求提供公开出版物等…不予处理4件, …不予处理共5件). ``span``: the clause start, the number."""
    if m.key.kind != "figure" or not lex.spec.has_figure(m.key.name):
        return m
    cells = set(lex.spec.figure(m.key.name).cells)
    c0, q = span
    if len(cells) < 2 or _SUMMED.search(norm, m.end, q):
        return m
    rows = [
        x
        for x in mentions
        if c0 <= x.start and x.end <= m.start and x.key.row_cell in cells
    ]  # fmt: skip
    if len({x.key.name for x in rows}) != 1:  # (属于国家秘密 and 国家秘密 are one row)
        return m
    row = max(rows, key=lambda x: x.end - x.start)
    return m if _LISTED.search(norm, row.end, m.start) else row


#: A clause that is only a total (``，共计61件``, ``，合计为61件``).
_BARE_TOTAL = re.compile(r"(?:加上|连同|两项)?(?:共计|合计|总计|一共|总共|共)(?:为|达)?")


def stated_sum(lex: Lexicon, claims: list[Claim], q: Quantity, head: str) -> Claim | None:
    """``新收申请58件，上年结转3件，共计61件``: a bare total right after the year's new and the
    carried-in applications states their sum (nothing else is read from a bare total)."""
    if len(claims) < 2 or q.unit not in COUNT_UNITS or _BARE_TOTAL.fullmatch(head) is None:
        return None
    last = claims[-2:]
    if {c.target.figure for c in last} != {"received", "carry_in"} or any(
        c.kind != "count" for c in last
    ):
        return None
    target = lex.figure_target("received+carry_in")
    if target is None:
        return None
    sentence = last[-1].sentence
    return Claim(sentence, "count", "received.合计", target, q.value, q.text, q.start)
