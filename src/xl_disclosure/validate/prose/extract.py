"""Claims: what one sentence of the narrative says about the figures of the tables.

Every number with a unit (``N件``, ``N%``, ``N万元``) is given to the nearest keyword before it in
the same clause (or, for a few keywords, right after it: ``3件结转下年度办理``). A number is
dropped — never guessed — when the clause is about something else (complaints, consultations,
permits: :data:`~.lexicon.DISTRACTORS`), about another scope (全区, 各部门, 本级), another year,
a comparison or a subset (较上年增加, 涉及…的), a list (``…等N件``), or a gazette (刊登规章、
规范性文件…). Claims without a number are read too: 均获维持, 无败诉, 未发生行政复议.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace

from xl_disclosure.spec import FormatSpec
from xl_disclosure.validate.prose.claims import (
    Claim,
    Lexicon,
    Mention,
    Target,
    clauses,
    lexicon,
    row_core,
)
from xl_disclosure.validate.prose.lexicon import (
    CHANNELS,
    DISTRACTORS,
    GAP_STOPS,
    GENERIC_APPLICANTS,
    OTHER_YEARS,
    SCOPES,
    TIMINGS,
)
from xl_disclosure.validate.prose.numbers import NUM, decimals, parse_number
from xl_disclosure.validate.prose.sentences import Sentence

_clauses = functools.lru_cache(maxsize=256)(clauses)
_CLAUSE_END = r"(?=[,;:。!?、()]|$)"
#: The units a stated quantity ends in: each with what must not follow it (起诉, 起草) and
#: what it measures.
_UNITS = (
    ("件次", "", "count"),
    ("件", "", "count"),
    ("宗", "", "count"),
    ("起", "(?!诉|草)", "count"),
    ("%", "", "percent"),
    ("万元", "", "money"),
    ("元", "", "money"),
    # documents are often counted in 个/份 (制发行政规范性文件6个); only for them, and only
    # where the count ends the clause (not 3个工作日, 2份材料)
    ("个", _CLAUSE_END, "document"),
    ("份", _CLAUSE_END, "document"),
    # small bodies count applications in 条 too (收到依申请公开信息3条); only for the flow of
    # applications, whose sentences name 申请 (条 mostly counts published items: 信息50条)
    ("条", "", "item"),
)


def _quantity_pattern(units: tuple[tuple[str, str, str], ...]) -> re.Pattern[str]:
    return re.compile(rf"({NUM})(" + "|".join(re.escape(u) + g for u, g, _ in units) + ")")


def _unit_ends(units: tuple[tuple[str, str, str], ...]) -> re.Pattern[str]:
    """The last characters of the units: a sentence without one states no quantity, and
    searching for them is much cheaper than for a quantity, which may start anywhere."""
    return re.compile("[" + re.escape("".join(sorted({u[-1] for u, _, _ in units}))) + "]")


#: Units read only in a sentence with one of these words: 个/份 are everywhere (一个, 3个工作日)
#: and serve only the nouns of DOCS; 条 (信息50条) serves only applications.
_GATES = {"document": re.compile("规范性文件|规章"), "item": re.compile("申请")}
_COUNT_UNITS = tuple(u for u, _, kind in _UNITS if kind == "count")
_DOCUMENT_UNITS = tuple(u for u, _, kind in _UNITS if kind == "document")
_ITEM_UNITS = tuple(u for u, _, kind in _UNITS if kind == "item")
_MONEY_UNITS = tuple(u for u, _, kind in _UNITS if kind == "money")
#: How far before a count in 条 the word 申请 must stand (受理申请61条，办结54条，结转下年度7条).
_ITEM_REACH = 20
#: Figures an application may be counted in 条 for.
_ITEM_FIGURES = frozenset({"received", "carry_in", "completed", "carry_out"})


def _quantity_patterns(gates: frozenset[str]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The quantity pattern and its unit ends for a sentence whose open gates are ``gates``."""
    units = tuple(u for u in _UNITS if u[2] not in _GATES or u[2] in gates)
    return _quantity_pattern(units), _unit_ends(units)


#: (document words there, application words there) -> the patterns (looked up per sentence).
_PATTERNS = {
    (d, i): _quantity_patterns(frozenset(k for k, on in (("document", d), ("item", i)) if on))
    for d in (False, True)
    for i in (False, True)
}
_DOCUMENT_GATE, _ITEM_GATE = _GATES["document"].search, _GATES["item"].search


_GAP_MAX, _POST_GAP_MAX = 14, 8
_STOPS = re.compile(GAP_STOPS)
_CONTEXT_STOPS = re.compile(f"{DISTRACTORS}|{OTHER_YEARS}")
_SCOPE = re.compile(SCOPES)
_TOTALS = frozenset({"received", "completed"})
_SHARE_STOPS = re.compile(f"较|同比|环比|提高|增|减|上升|下降|{OTHER_YEARS}|{SCOPES}")
_GENERIC_APPLICANTS = re.compile(GENERIC_APPLICANTS)
_CASES_WORDS = re.compile(r"复议|诉讼|起诉|应诉")
_IDIOM = re.compile(r"[一两]件(?:[一两事件]|不落|不漏)")
#: Between a count and its share: ``，占比`` / ``（占办结总数的`` / just ``（`` (``22件（40.7%）``).
_DIGIT = re.compile(r"\d")
_CHANNELS = re.compile(CHANNELS)
_TIMINGS = re.compile(TIMINGS)
#: Between an outcome and its count: a sum of the reasons named before (共5件).
_SUMMED = re.compile(r"共|合计|总计|累计")
#: Between a reason and its outcome: a list of reasons, or a number (another count).
_LISTED = re.compile(r"[、等和及\d]")
#: Between a part's words and its count: nothing that starts another figure or clause.
_PART_GAP = re.compile(r"[\d,;:。]")
_SHARE = re.compile(r"^[,(]?(?:[^,;。\d]{0,10}?(?:占|比例|比重)[^,;。\d]{0,12}?)?$")


@dataclass(frozen=True)
class _Quantity:
    start: int
    end: int
    value: float
    text: str
    unit: str


def _quantities(norm: str) -> list[_Quantity]:
    out: list[_Quantity] = []
    quantity, unit_ends = _PATTERNS[_DOCUMENT_GATE(norm) is not None, _ITEM_GATE(norm) is not None]
    if unit_ends.search(norm) is None:
        return out
    for m in quantity.finditer(norm):
        value = parse_number(m.group(1))
        if value is None or (m.start() > 0 and norm[m.start() - 1] in ".-/~"):
            continue
        if _IDIOM.match(norm, m.start()) or (m.start() > 0 and norm[m.start() - 1] in "每逐第同"):
            continue  # 一件一档, 每一件: not a count
        if (
            m.group(2) in _ITEM_UNITS
            and "申请" not in norm[max(0, m.start() - _ITEM_REACH) : m.start()]
        ):
            continue  # 信息50条 in a sentence that names 申请 elsewhere
        out.append(_Quantity(m.start(), m.end(), value, m.group(0), m.group(2)))
    return out


def extract(spec: FormatSpec, sentence: Sentence) -> list[Claim]:
    """Every claim of ``sentence`` the lexicon can attribute with confidence."""
    lex = lexicon(spec)
    norm = sentence.norm
    quantities = _quantities(norm)
    if not quantities:
        return []
    mentions = lex.mentions(norm)
    masked = _masked(norm, mentions)
    claims: list[Claim] = []
    for q in quantities:
        if q.unit == "%":
            claim = _share(lex, sentence, mentions, claims, q)
        else:
            claim = _amount(lex, sentence, mentions, masked, q)
        if claim is not None:
            claims.append(claim)
    if lex.parts and claims:
        claims = _after_foreign_parts(lex, norm, quantities, claims)
    return _after_own_rows(claims) if len(claims) > 1 else claims


def _after_foreign_parts(
    lex: Lexicon, norm: str, quantities: list[_Quantity], claims: list[Claim]
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
            if q and q.unit in _COUNT_UNITS and len(gap) <= _GAP_MAX and not _PART_GAP.search(gap):
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


def _after_own_rows(claims: list[Claim]) -> list[Claim]:
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
        named = "、".join(row_core(c.target.label) for c in rows)
        rest_target = Target(f"{claim.target.label}（不含{named}）", rest)
        out.append(replace(claim, alternates=(*claim.alternates, rest_target)))
    return out


def _masked(norm: str, mentions: list[Mention]) -> str:
    """``norm`` with every keyword blotted out, so that the words of a keyword (上年结转,
    信访举报投诉类申请) are not read as context (another year, a complaint)."""
    chars = list(norm)
    for m in mentions:
        chars[m.start : m.end] = "#" * (m.end - m.start)
    return "".join(chars)


def _frame(norm: str, c0: int) -> str:
    """The clause that frames this one, if the one before ends in 中: ``上年结转的申请中，
    有2件予以公开`` counts within last year's, ``办结的申请中，予以公开…`` within this year's."""
    before = norm[:c0].rstrip(",;:")
    if not before.endswith("中"):
        return ""
    return before[max(before.rfind(","), before.rfind(";"), before.rfind(":")) + 1 :]


def _clause(norm: str, pos: int) -> tuple[int, int]:
    for start, end in _clauses(norm):
        if start <= pos < end:
            return start, end
    return 0, len(norm)


def _amount(
    lex: Lexicon, sentence: Sentence, mentions: list[Mention], masked: str, q: _Quantity
) -> Claim | None:
    norm = sentence.norm
    c0, c1 = _clause(norm, q.start)
    found = _keyword_for(norm, masked, mentions, q, clause=(c0, c1))
    if found is None:
        return _elliptic(lex, sentence, mentions, q, c0)
    m, context = found
    m = _reason_before(lex, norm, mentions, m, (c0, q.start))
    if _CONTEXT_STOPS.search(context + "|" + _frame(norm, c0)) or _SCOPE.search(norm[: q.start]):
        return None  # another subject or year in the clause (or its frame); another scope
    if m.key.weak and not lex.about_applications(sentence):
        return None
    target = lex.target(sentence, m, mentions, c0, q.start)
    if target is None or not lex.topic_ok(
        sentence, target, norm[c0 : m.start] + "|" + norm[m.end : q.start]
    ):  # (the keyword's own words, 正在审理, are not the context)
        return None
    if target.figure in _TOTALS and (
        _CHANNELS.search(context)
        or (m.key.weak and ("其中" in context or _TIMINGS.search(context)))
    ):
        return None  # 其中…收到 / 通过网上…收到 / 按时答复: a part of the total, not the total
    if not lex.in_case_table(target) and _CASES_WORDS.search(context):
        return None  # 新受理行政复议案件…: not an application for disclosure
    money = q.unit in _MONEY_UNITS
    if q.unit in _DOCUMENT_UNITS:
        if m.key.kind != "doc":
            return None  # 6个工作日, 3份材料: 个/份 count documents only
    elif q.unit in _ITEM_UNITS:
        if target.figure not in _ITEM_FIGURES:
            return None  # 信息50条: 条 counts applications only
    elif money != (target.figure == "fee_amount") or (not money and q.unit not in _COUNT_UNITS):
        return None
    value = q.value / 10000 if q.unit == "元" else q.value
    return Claim(
        sentence,
        "money" if money else "count",
        m.key.family,
        target,
        value,
        q.text,
        q.start,
        alternates=lex.alternates(m),
        decimals=decimals(q.text.removesuffix(q.unit)) + (4 if q.unit == "元" else 0),
        exact=m.key.family == "received.新收",
    )


def _reason_before(
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
        if c0 <= x.start and x.end <= m.start and x.key.name.startswith("cell:")
        and x.key.name[5:] in cells
    ]  # fmt: skip
    if len({x.key.name for x in rows}) != 1:  # (属于国家秘密 and 国家秘密 are one row)
        return m
    row = max(rows, key=lambda x: x.end - x.start)
    return m if _LISTED.search(norm, row.end, m.start) else row


def _elliptic(
    lex: Lexicon, sentence: Sentence, mentions: list[Mention], q: _Quantity, c0: int
) -> Claim | None:
    """``…规范性文件3件，废止1件``: a count after a bare document verb
    (:meth:`~.claims.Lexicon.elliptic_document`)."""
    if q.unit not in _COUNT_UNITS and q.unit not in _DOCUMENT_UNITS:
        return None
    if _SCOPE.search(sentence.norm[: q.start]):
        return None
    target = lex.elliptic_document(sentence.norm, mentions, c0, q.start)
    if target is None:
        return None
    return Claim(sentence, "count", "documents", target, q.value, q.text, q.start)


def _keyword_for(
    norm: str, masked: str, mentions: list[Mention], q: _Quantity, *, clause: tuple[int, int]
) -> tuple[Mention, str] | None:
    """The keyword a number belongs to, and the clause text around it (keywords masked)."""
    c0, c1 = clause
    before = [m for m in mentions if c0 <= m.start and m.end <= q.start and m.numbered]
    if before:
        m = max(before, key=lambda x: (x.end, x.end - x.start))
        gap = norm[m.end : q.start]
        short = _GENERIC_APPLICANTS.sub("", gap)  # 收到公民、法人或者其他组织提出的申请N件
        if len(short) <= _GAP_MAX and not _DIGIT.search(gap) and not _STOPS.search(gap):
            return m, masked[c0 : m.start] + "|" + gap
        if not _DIGIT.search(gap):
            return None  # the nearest keyword is stopped by a comparison, a subset, a list
    after = [m for m in mentions if q.end <= m.start and m.end <= c1 and m.numbered and m.key.post]
    if after:
        m = min(after, key=lambda x: (x.start, x.start - x.end))
        gap = norm[q.end : m.start]
        if len(gap) <= _POST_GAP_MAX and not _STOPS.search(gap) and "均" not in gap:
            return m, masked[c0 : q.start] + "|" + gap
    return None


def _share(
    lex: Lexicon,
    sentence: Sentence,
    mentions: list[Mention],
    claims: list[Claim],
    q: _Quantity,
) -> Claim | None:
    """``予以公开20件，占44.4%`` / ``予以公开的占44.4%``: a share of an outcome or applicants."""
    norm = sentence.norm
    for prev in reversed(claims):
        end = prev.start + len(prev.text)
        between = norm[end : q.start]
        if prev.kind == "count" and end <= q.start and _SHARE.match(between):
            if not prev.target.shareable or _SHARE_STOPS.search(between):
                return None  # 占比同比提高5%, 占全区的3%: another quantity, another base
            return Claim(
                sentence, "percent", "percent", prev.target, q.value, q.text, q.start,
                decimals=decimals(q.text[:-1]), base=prev,
            )  # fmt: skip
    c0, _ = _clause(norm, q.start)
    before = [m for m in mentions if c0 <= m.start and m.end <= q.start and m.numbered]
    if not before:
        return None
    m = max(before, key=lambda x: (x.end, x.end - x.start))
    gap = norm[m.end : q.start]
    if len(gap) > _GAP_MAX or "占" not in gap or _DIGIT.search(gap):
        return None
    if _SHARE_STOPS.search(gap):
        return None
    if _CONTEXT_STOPS.search(norm[c0 : m.start] + gap) or _SCOPE.search(norm[: q.start]):
        return None
    target = lex.target(sentence, m, mentions, c0, q.start)
    if target is None or not target.shareable:
        return None
    return Claim(
        sentence, "percent", "percent", target, q.value, q.text, q.start,
        decimals=decimals(q.text[:-1]),
    )  # fmt: skip
