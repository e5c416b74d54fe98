"""规章 and 规范性文件 in the text: which column of table 二 a count of them fills is said by the
verb before the noun (制发/废止/现行有效, or 新制作/新公开/对外公开总数), and a count of others'
documents (a gazette, a filing review, 部门规范性文件) is not the agency's."""

from __future__ import annotations

import re

from xl_disclosure.spec import FormatSpec
from xl_disclosure.validate.prose.claims import Mention, Target, clause_at
from xl_disclosure.validate.prose.lexicon import DOC_GUARDS, DOC_QUALIFIERS, DOC_VERBS

#: What may stand around the verb of an elliptic clause (``，已废止1件``, ``，现行有效的为12件``,
#: ``，清理废止文件1件``: 文件 alone is the documents the sentence named).
_ELLIPTIC_LEAD = r"(?:其中|另有|另|同时|含|包括)?(?:已|共|累计|本年|全年)?(?:清理)?新?"
_ELLIPTIC_TAIL = r"(?:了|的)?(?:文件)?(?:的)?(?:为|数为|数量为?|件数为?|总数为?|总量为?)?"


def document_target(spec: FormatSpec, norm: str, m: Mention, c0: int, q: int) -> Target | None:
    """The cell a count of the documents ``m`` names fills (clause from ``c0``, number at
    ``q``), or None (:func:`doc_field`)."""
    found = doc_field(norm, m, c0, q)
    return None if found is None else _record(spec, m.key.name, *found)


def elliptic_target(
    spec: FormatSpec, norm: str, mentions: list[Mention], c0: int, q: int
) -> Target | None:
    """``制发行政规范性文件3件，废止1件，现行有效12件``: a clause that is only a document verb and
    its count counts the documents the sentence named last, unless that naming is of others'
    documents (:func:`_others`)."""
    c0 = max(c0, norm.rfind("(", c0, q) + 1)  # 规章13件(含新制定5件,废止4件)
    docs = [m for m in mentions if m.key.kind == "doc" and m.end <= c0]
    if not docs:
        return None
    m = docs[-1]
    start, end = clause_at(norm, m.start)
    if _others(norm, m, start, min(end, c0)):
        return None  # the documents named were others' (a gazette, a filing review)
    head = norm[c0:q]
    for pattern, field in DOC_VERBS:
        verb = re.fullmatch(rf"{_ELLIPTIC_LEAD}({pattern}){_ELLIPTIC_TAIL}", head)
        if verb is not None:
            return _record(spec, m.key.name, verb.group(1), field)
    return None


def _record(spec: FormatSpec, noun: str, verb: str, field: str) -> Target | None:
    for rec in (*spec.records("documents"), *spec.records("publications")):
        if rec.label.endswith(noun) and field in dict(rec.fields):
            return Target(f"{verb}{noun}", (rec.cell(field),))
    return None


def doc_field(norm: str, m: Mention, c0: int, q: int) -> tuple[str, str] | None:
    """(verb as written, record field) of a 规章/规范性文件 mention, or ``None`` when the clause is
    about others' documents (a gazette, filing review, a qualifier such as 部门) or a list."""
    if _others(norm, m, c0, q):
        return None
    head, tail = norm[c0 : m.start], norm[m.end : q]
    best: tuple[int, str, str] | None = None
    for pattern, field in DOC_VERBS:
        for v in re.finditer(pattern, head):
            if best is None or v.start() > best[0]:
                best = (v.start(), v.group(0), field)
    if best is None:
        return None
    if "总数" in tail or "总量" in tail:
        return best[1], "published_total"
    return best[1], best[2]


def _others(norm: str, m: Mention, c0: int, q: int) -> bool:
    """Whether the clause names others' documents or a part of them: a qualifier (部门, 上级),
    a list (…等N件), one issuer's share (以区政府名义…), or a verb of publishing or reviewing
    others' (刊登, 备案, 审查) as the last verb before the noun."""
    if re.search(DOC_QUALIFIERS, norm[max(c0, m.start - 6) : m.start]):
        return True
    head, tail = norm[c0 : m.start], norm[m.end : q]
    if "等" in head or "等" in tail or "名义" in head:
        return True
    if re.search(DOC_GUARDS, tail):
        return True  # 规范性文件备案审查15件
    guard = [g.start() for g in re.finditer(DOC_GUARDS, head)]
    if not guard:
        return False
    verbs = [v.start() for pattern, _ in DOC_VERBS for v in re.finditer(pattern, head)]
    return max(guard) > max(verbs, default=-1)
