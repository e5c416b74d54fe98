"""The narrative against itself: parts that do not add up to the total it states, the flow of
applications (新收 + 上年结转 = 办结 + 结转下年度), shares that add to far from 100%.

Only what the text itself makes certain is reported: parts adding to more than their total,
or all parts of a partition stated and not adding up; never a partial list.
"""

from __future__ import annotations

from collections.abc import Iterator

from xl_disclosure.spec import FormatSpec
from xl_disclosure.validate.findings import number_text
from xl_disclosure.validate.prose import Claim, Sentence

_EPS = 1e-9
_CASE_FIELDS = ("upheld", "corrected", "other", "pending")

Problem = tuple[Sentence, str, frozenset[tuple[int, str]], str]
"""(sentence quoted, detail, every (section, sentence) the problem rests on, kind: ``sum``,
``percent`` or ``flow``)."""


def _partitions(spec: FormatSpec) -> dict[str, list[tuple[str, frozenset[str]]]]:
    """Total figure -> [(partition name, its members)]."""
    outcomes = frozenset(spec.group("outcomes"))
    applicants = frozenset(str(dict(g)["label"]) for g in spec.group("applicants"))
    return {
        "completed": [("outcomes", outcomes)],
        "received": [("applicants", applicants)],
        "review_total": [("review", frozenset(f"review_{f}" for f in _CASE_FIELDS))],
        "litigation_total": [
            ("litigation", frozenset(f"litigation_{f}" for f in _CASE_FIELDS)),
            ("suits", frozenset({"suit_direct_total", "suit_after_total"})),
        ],
    }


def _members(claim: Claim) -> frozenset[str]:
    """What part of a partition a claim states (an outcome, an applicant group, a result)."""
    label = claim.target.label
    if label.startswith("新收申请中"):
        return frozenset({label.removeprefix("新收申请中")})
    return frozenset(claim.target.figure.split("+")) if claim.target.figure else frozenset()


def _where(*claims: Claim) -> frozenset[tuple[int, str]]:
    return frozenset((c.sentence.section, c.sentence.text) for c in claims)


def inconsistencies(spec: FormatSpec, claims: list[Claim]) -> Iterator[Problem]:
    by_sentence: dict[tuple[int, str], list[Claim]] = {}
    for c in claims:
        by_sentence.setdefault((c.sentence.section, c.sentence.text), []).append(c)
    parts = _partitions(spec)
    for group in by_sentence.values():
        yield from _sums(parts, [c for c in group if c.kind == "count"])
        yield from _shares(spec, [c for c in group if c.kind == "percent"])
    for no in sorted({c.sentence.section for c in claims}):
        yield from _flow([c for c in claims if c.sentence.section == no and c.kind == "count"])


def _sums(
    partitions: dict[str, list[tuple[str, frozenset[str]]]], counts: list[Claim]
) -> Iterator[Problem]:
    for i, total in enumerate(counts):
        for _, members in partitions.get(total.target.figure, []):
            found: list[Claim] = []
            for c in counts[i + 1 :]:
                if c.target.figure == total.target.figure:
                    break
                if _members(c) and _members(c) <= members:
                    found.append(c)
            problem = _sum_problem(total, found, members)
            if problem is not None:
                yield problem


def _sum_problem(total: Claim, found: list[Claim], members: frozenset[str]) -> Problem | None:
    if len(found) < 2 or total.value is None:
        return None
    covered: set[str] = set()
    for c in found:
        if covered & _members(c):
            return None  # the same part twice (予以公开 and 予以公开及部分公开): not a list
        covered |= _members(c)
    s = sum(c.value or 0 for c in found)
    complete = frozenset(covered) == members
    if not (s > total.value + _EPS or (complete and abs(s - total.value) > _EPS)):
        return None
    terms = "＋".join(f"{c.target.label}{number_text(c.value)}件" for c in found)
    detail = (
        f"所列各项之和为{number_text(s)}件（{terms}），"
        f"与所写{total.target.label}{number_text(total.value)}件不一致"
    )
    return total.sentence, detail, _where(total, *found), "sum"


def _shares(spec: FormatSpec, pcts: list[Claim]) -> Iterator[Problem]:
    outcomes = frozenset(spec.group("outcomes"))
    applicants = frozenset(str(dict(g)["label"]) for g in spec.group("applicants"))
    for members in (outcomes, applicants):
        group = [c for c in pcts if _members(c) and _members(c) <= members]
        covered: set[str] = set()
        for c in group:
            covered |= _members(c)
        if len(group) < 2 or sum(len(_members(c)) for c in group) != len(covered):
            continue
        s = sum(c.value or 0 for c in group)
        tolerance = 0.1 + sum(0.5 * 10.0**-c.decimals for c in group)
        if s > 100 + tolerance or (frozenset(covered) == members and abs(s - 100) > tolerance):
            terms = "＋".join(f"{c.target.label}{number_text(c.value)}%" for c in group)
            word = "超过" if s > 100 else "不足"
            detail = f"所列比例之和为{number_text(round(s, 2))}%（{terms}），{word} 100%"
            yield group[0].sentence, detail, _where(*group), "percent"


def _flow(counts: list[Claim]) -> Iterator[Problem]:
    """新收 + 上年结转 = 办结 + 结转下年度, when the section states each exactly once."""
    picked: dict[str, Claim] = {}
    for name in ("received", "carry_in", "completed", "carry_out"):
        found = [c for c in counts if c.target.figure == name and (name != "received" or c.exact)]
        if len({c.value for c in found}) != 1:
            return
        picked[name] = found[0]
    v = {k: c.value or 0 for k, c in picked.items()}
    left, right = v["received"] + v["carry_in"], v["completed"] + v["carry_out"]
    if abs(left - right) > _EPS:
        detail = (
            f"新收{number_text(v['received'])}件＋上年结转{number_text(v['carry_in'])}件"
            f"＝{number_text(left)}件，办结{number_text(v['completed'])}件＋结转下年度"
            f"{number_text(v['carry_out'])}件＝{number_text(right)}件，二者应相等"
        )
        yield picked["completed"].sentence, detail, _where(*picked.values()), "flow"
