"""Claims: what one sentence of the narrative says about the figures of the tables.

Every number with a unit (``N件``, ``N%``, ``N万元``) is given to the nearest keyword before it in
the same clause (or, for a few keywords, right after it: ``3件结转下年度办理``). A number is
dropped — never guessed — when the clause is about something else (complaints, consultations,
permits: :data:`~.lexicon.DISTRACTORS`), about another scope (全区, 各部门, 本级), another year,
a comparison or a subset (较上年增加, 涉及…的), a list (``…等N件``), or a gazette (刊登规章、
规范性文件…). Claims without a number are read too: 均获维持, 无败诉, 未发生行政复议.
"""

from __future__ import annotations

import re

from xl_disclosure.spec import FormatSpec
from xl_disclosure.validate.prose.claims import Claim, Mention, clause_at
from xl_disclosure.validate.prose.documents import elliptic_target
from xl_disclosure.validate.prose.keywords import Lexicon, lexicon
from xl_disclosure.validate.prose.lexicon import (
    ATTRIBUTE_FIGURES,
    CHANNELS,
    DISTRACTORS,
    GAP_MAX,
    GAP_STOPS,
    GENERIC_APPLICANTS,
    OTHER_YEARS,
    POST_GAP_MAX,
    PUBLICATION_ATTRIBUTES,
    SCOPES,
    TIMINGS,
)
from xl_disclosure.validate.prose.numbers import decimals
from xl_disclosure.validate.prose.quantities import (
    APPLICATIONS_NOUN,
    COUNT_UNITS,
    DOCUMENT_UNITS,
    ITEM_FIGURES,
    ITEM_UNITS,
    MONEY_UNITS,
    Quantity,
    quantities,
)
from xl_disclosure.validate.prose.readings import (
    after_foreign_parts,
    after_own_rows,
    reason_before,
    stated_sum,
)
from xl_disclosure.validate.prose.sentences import Sentence

_STOPS = re.compile(GAP_STOPS)
_CONTEXT_STOPS = re.compile(f"{DISTRACTORS}|{OTHER_YEARS}")
_SCOPE = re.compile(SCOPES)
_ATTRIBUTES = re.compile(PUBLICATION_ATTRIBUTES)
_TOTALS = frozenset({"received", "completed"})
_SHARE_STOPS = re.compile(f"较|同比|环比|提高|增|减|上升|下降|{OTHER_YEARS}|{SCOPES}")
_GENERIC_APPLICANTS = re.compile(GENERIC_APPLICANTS)
_CASES_WORDS = re.compile(r"复议|诉讼|起诉|应诉")
#: Between a count and its share: ``，占比`` / ``（占办结总数的`` / just ``（`` (``22件（40.7%）``).
_DIGIT = re.compile(r"\d")
#: A share named without 占: ``…的比例为59.3%``, ``…比重为``.
_RATIO = re.compile(r"(?:的)?(?:比例|比重|占比)(?:为|是|达)?$")
#: "As of now" (the report is written weeks after the year's end).
_NOW = re.compile(r"目前|截至发稿|截止发稿|现有|现仍|至今")
_CHANNELS = re.compile(CHANNELS)
#: What may follow a count in its clause when only a reason is given there (7件因在法定期限内).
_REASON_ONLY = re.compile(r"(?:的)?(?:政府信息公开|依申请公开|信息公开)?(?:申请)?因[^\d]{1,24}")
_TIMINGS = re.compile(TIMINGS)
_SHARE = re.compile(r"^[,(]?(?:[^,;。\d]{0,10}?(?:占|比例|比重)[^,;。\d]{0,12}?)?$")


def extract(spec: FormatSpec, sentence: Sentence) -> list[Claim]:
    """Every claim of ``sentence`` the lexicon can attribute with confidence."""
    lex = lexicon(spec)
    norm = sentence.norm
    stated = quantities(norm)
    if not stated:
        return []
    mentions = lex.mentions(norm)
    masked = _masked(norm, mentions)
    claims: list[Claim] = []
    for q in stated:
        if q.unit == "%":
            claim = _share(lex, sentence, mentions, claims, q)
        else:
            claim = _amount(lex, sentence, mentions, masked, q)
            if claim is None and claims:
                head = norm[clause_at(norm, q.start)[0] : q.start]
                claim = stated_sum(lex, claims, q, head)
        if claim is not None:
            claims.append(claim)
    if lex.parts and claims:
        claims = after_foreign_parts(lex, norm, stated, claims)
    return after_own_rows(claims) if len(claims) > 1 else claims


def _masked(norm: str, mentions: list[Mention]) -> str:
    """``norm`` with every keyword blotted out, so that the words of a keyword (上年结转,
    信访举报投诉类申请) are not read as context (another year, a complaint)."""
    chars = list(norm)
    for m in mentions:
        chars[m.start : m.end] = "#" * (m.end - m.start)
    return "".join(chars)


def _attributes(norm: str, before: int) -> bool:
    """Whether the sentence sorts documents by 公开属性 before ``before`` and names no
    application (依申请公开 is one of the attributes)."""
    return _ATTRIBUTES.search(norm, 0, before) is not None and "申请" not in norm.replace(
        "依申请公开", ""
    )


def _frame(norm: str, c0: int) -> str:
    """The clause that frames this one, if the one before ends in 中: ``上年结转的申请中，
    有2件予以公开`` counts within last year's, ``办结的申请中，予以公开…`` within this year's."""
    before = norm[:c0].rstrip(",;:")
    if not before.endswith("中"):
        return ""
    return before[max(before.rfind(","), before.rfind(";"), before.rfind(":")) + 1 :]


def _amount(
    lex: Lexicon, sentence: Sentence, mentions: list[Mention], masked: str, q: Quantity
) -> Claim | None:
    norm = sentence.norm
    c0, c1 = clause_at(norm, q.start)
    found = _keyword_for(norm, masked, mentions, q, clause=(c0, c1))
    if found is None:
        return _elliptic(lex, sentence, mentions, q, c0)
    m, context = found
    m = reason_before(lex, norm, mentions, m, (c0, q.start))
    if _CONTEXT_STOPS.search(context + "|" + _frame(norm, c0)) or _SCOPE.search(norm[: q.start]):
        return None  # another subject or year in the clause (or its frame); another scope
    if m.key.weak and not lex.about_applications(sentence):
        return None
    if m.key.name in ATTRIBUTE_FIGURES and _attributes(norm, m.start):
        return None  # 制发公文130件，其中主动公开18件，不予公开112件: attributes, not answers
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
    if target.figure == "carry_out" and _NOW.search(norm):
        return None  # 截至目前仍有2件正在办理: when the report was written, not at the year's end
    money = q.unit in MONEY_UNITS
    if q.unit in DOCUMENT_UNITS:
        if m.key.kind != "doc" and not m.key.pieces:
            return None  # 6个工作日, 3份材料: 个/份/项 count documents (and purchases) only
    elif q.unit in ITEM_UNITS:
        if target.figure not in ITEM_FIGURES:
            return None  # 信息50条: 条 counts applications only
    elif money != lex.counts_money(target) or (not money and q.unit not in COUNT_UNITS):
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


def _elliptic(
    lex: Lexicon, sentence: Sentence, mentions: list[Mention], q: Quantity, c0: int
) -> Claim | None:
    """``…规范性文件3件，废止1件``: a count after a bare document verb
    (:func:`~.documents.elliptic_target`)."""
    if q.unit not in COUNT_UNITS and q.unit not in DOCUMENT_UNITS:
        return None
    if _SCOPE.search(sentence.norm[: q.start]):
        return None
    target = elliptic_target(lex.spec, sentence.norm, mentions, c0, q.start)
    if target is None:
        return None
    return Claim(sentence, "count", "documents", target, q.value, q.text, q.start)


def _keyword_for(
    norm: str, masked: str, mentions: list[Mention], q: Quantity, *, clause: tuple[int, int]
) -> tuple[Mention, str] | None:
    """The keyword a number belongs to, and the clause text around it (keywords masked)."""
    c0, c1 = clause
    before = [m for m in mentions if c0 <= m.start and m.end <= q.start and m.numbered]
    if before:
        m = max(before, key=lambda x: (x.end, x.end - x.start))
        gap = norm[m.end : q.start]
        short = _GENERIC_APPLICANTS.sub("", gap)  # 收到公民、法人或者其他组织提出的申请N件
        if len(short) <= GAP_MAX and not _DIGIT.search(gap) and not _STOPS.search(gap):
            return m, masked[c0 : m.start] + "|" + gap
        if not _DIGIT.search(gap):
            return None  # the nearest keyword is stopped by a comparison, a subset, a list
    after = [m for m in mentions if q.end <= m.start and m.end <= c1 and m.numbered and m.key.post]
    if after:
        m = min(after, key=lambda x: (x.start, x.start - x.end))
        gap = norm[q.end : m.start]
        if "因" in gap and m.key.row_cell is not None:
            return _outcome_after_reason(norm, masked, mentions, q, clause, reason=m)
        noun = APPLICATIONS_NOUN.match(gap)  # 8件申请因在法定期限内尚未办结: not part of the gap
        short = gap[noun.end() if noun else 0 :]
        if len(short) <= POST_GAP_MAX and not _STOPS.search(gap) and "均" not in gap:
            return m, masked[c0 : q.start] + "|" + gap
    return _after_reason(norm, masked, mentions, q, clause)


def _outcome_after_reason(
    norm: str,
    masked: str,
    mentions: list[Mention],
    q: Quantity,
    clause: tuple[int, int],
    *,
    reason: Mention,
) -> tuple[Mention, str] | None:
    """``1件因申请内容不明确无法提供`` / ``2件因涉及第三方合法权益，不予公开``: a row named as the
    reason (因…) counts only with its outcome after it (the row is then read from the reason,
    :func:`.readings.reason_before`); ``3件因申请内容不明确，已告知申请人补正`` states none."""
    c0, c1 = clause
    same = next(
        (
            m
            for m in mentions
            if m.start >= reason.end and m.end <= c1 and m.key.post and m.key.row_cell is None
        ),
        None,
    )
    if same is not None and same.start - reason.end <= 2:
        return same, masked[c0 : q.start] + "|" + norm[q.end : same.start]
    return _after_reason(norm, masked, mentions, q, clause)  # the outcome opens the next clause


def _after_reason(
    norm: str, masked: str, mentions: list[Mention], q: Quantity, clause: tuple[int, int]
) -> tuple[Mention, str] | None:
    """``另有7件因在法定答复期限内，结转下年度继续办理``: a count whose clause only gives a reason
    belongs to the keyword that opens the next clause (one that may follow its number)."""
    c0, c1 = clause
    if _REASON_ONLY.fullmatch(norm, q.end, c1) is None:
        return None
    start = c1 + 1 + (norm.startswith("已", c1 + 1))
    m = next((m for m in mentions if m.start == start and m.numbered and m.key.post), None)
    if m is None:
        return None
    return m, masked[c0 : q.start] + "|" + norm[q.end : m.start]


def _share(
    lex: Lexicon,
    sentence: Sentence,
    mentions: list[Mention],
    claims: list[Claim],
    q: Quantity,
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
    c0, _ = clause_at(norm, q.start)
    before = [m for m in mentions if c0 <= m.start and m.end <= q.start and m.numbered]
    if not before:
        return None
    m = max(before, key=lambda x: (x.end, x.end - x.start))
    gap = norm[m.end : q.start]
    if len(gap) > GAP_MAX or _DIGIT.search(gap) or not ("占" in gap or _RATIO.search(gap)):
        return None  # 予以公开的占40.7%, 予以公开和部分公开的比例为59.3%
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
