"""Claims without a number about table 四: 均获维持, 无败诉, 未发生行政复议 (and 未收到申请,
无结转下年度, 均为自然人提交, 未收取行政事业性收费)."""

from __future__ import annotations

import re

from xl_disclosure.validate.prose.claims import Claim, Target, clauses
from xl_disclosure.validate.prose.keywords import Lexicon
from xl_disclosure.validate.prose.sentences import Sentence

_ALL_UPHELD = re.compile(
    r"(?:均|全部|都|皆)(?:已)?(?:获|被|予以|得到)?(?:法院|复议机关)?(?:判决|决定)?(?:予以)?维持"
)
_NO_LOSS = re.compile(
    r"(?:无|没有|未有|未出现|未发生|零)(?:一起|一件)?败诉|(?:均|全部|都)(?:已)?胜诉"
)
_NOT_CORRECTED = re.compile(
    r"(?:均)?未被(?:法院|复议机关)?(?:判决|决定)?(?:纠正|纠错|撤销|确认违法)|(?:无|没有|未有)(?:被)?(?:纠错|纠正)"
)
_NEGATION = re.compile(
    r"未发生|没有发生|未出现|没有出现|未产生|没有产生|未收到|未接到|未被|没有|未有|不存在"
    r"|(?<!尚)(?<!并)无(?!法|论|需|须|关|一|误|异|效)"
)
_ZERO = re.compile(r"(?:均|都)?为(?:零|0)(?![\d.件])")
_RESULT_WORDS = re.compile(r"败诉|胜诉|纠错|纠正|撤销|维持|审结|审理|\d+(?:件|宗|起)")
_OUTCOME_WORDS = re.compile(r"维持|纠正|纠错|撤销|审结|其他结果|败诉")
_NO_APPLICATIONS = re.compile(
    r"(?:未|没有|未曾|暂未)(?:收到|受理|接到)(?:过)?(?:任何)?[^,;。\d因]{0,10}?"
    r"(?:政府信息公开|依申请公开|信息公开)(?:的)?(?:申请|事项)(?!引起|引发|而引起|提起|导致)"
)  # (not 未收到因政府信息公开申请引起的行政诉讼: no suit)
_NO_CARRY_OVER = re.compile(
    r"(?:无|没有|未有)(?:需要?)?(?:转结|结转)(?:至|到|入)?下一?年度?(?:继续办理)?"
)
_NO_FEES = re.compile(
    r"(?:未|没有|未曾|暂未|不)(?:收取|收缴|征收|产生)(?:过)?(?:任何)?行政事业性(?:收费|费用)"
    r"|(?:无|没有)行政事业性收费(?!\d)"
)
_OTHER_YEAR = re.compile(r"上一?年|去年|以前年度|他年")
#: Another year named before 未收到…申请 (上年结转 is this year's table).
_YEAR_BEFORE = re.compile(r"(?:上一?年度?|去年|以前年度|他年)(?!度?(?:未办结)?结转)")
_LABELS = {"review": "行政复议", "litigation": "行政诉讼"}


def bare_claims(lex: Lexicon, sentence: Sentence) -> list[Claim]:
    """The claims without a number that ``sentence`` makes."""
    out: list[Claim] = []
    norm = sentence.norm
    # Every claim about cases names a subject (复议, 诉讼) or a suit's result (败诉, 胜诉), and
    # every claim of no applications ends in 申请: most sentences have neither and are done.
    cases = "复议" in norm or "诉" in norm
    if cases and lex.cases and (sentence.section == lex.cases or "公开" in norm):
        out += case_claims(lex, sentence)
    if "申请" in norm:
        out += no_applications(lex, sentence) + all_from_one_group(lex, sentence)
    if "结转" in norm or "转结" in norm:
        out += no_carry_over(lex, sentence)
    if "行政事业性" in norm:
        out += no_fees(lex, sentence)
    return out


def all_from_one_group(lex: Lexicon, sentence: Sentence) -> list[Claim]:
    """受理58件申请（均为自然人提交）: no application this year from the other groups."""
    norm = sentence.norm
    m = lex.all_from.search(norm)
    if m is None or not lex.about_applications(sentence):
        return []
    if any(
        x.key.kind == "figure" and x.key.name != "received" and x.end <= m.start()
        for x in lex.mentions(norm)
    ):
        return []  # 予以公开的申请均为自然人提交, 上年结转的…: a part, not the year's applications
    found = lex.only_group(m.group("who"))
    if found is None:
        return []
    return [Claim(sentence, "none", "claim.均为", found[1], 0, m.group(0), m.start())]


def no_fees(lex: Lexicon, sentence: Sentence) -> list[Claim]:
    """未收取行政事业性收费: no fee collected this year (not 信息处理费, which is no cell)."""
    m = _NO_FEES.search(sentence.norm)
    fees = lex.figure_target("fee_amount")
    if m is None or fees is None or _YEAR_BEFORE.search(sentence.norm, 0, m.start()):
        return []
    return [Claim(sentence, "none", "claim.未发生", fees, 0, m.group(0), m.start())]


def no_carry_over(lex: Lexicon, sentence: Sentence) -> list[Claim]:
    """无结转下年度继续办理的申请: nothing carried over to next year (any sentence)."""
    m = _NO_CARRY_OVER.search(sentence.norm)
    carried = lex.figure_target("carry_out")
    if m is None or carried is None or not lex.about_applications(sentence):
        return []
    return [Claim(sentence, "none", "claim.未发生", carried, 0, m.group(0), m.start())]


def case_claims(lex: Lexicon, sentence: Sentence) -> list[Claim]:
    """均获维持, 无败诉, 未发生行政复议: the claims about table 四 (any sentence)."""
    return [*_upheld(lex, sentence), *_not_corrected(lex, sentence), *_none(lex, sentence)]


def no_applications(lex: Lexicon, sentence: Sentence) -> list[Claim]:
    """未收到政府信息公开申请: no application this year (any sentence)."""
    m = _NO_APPLICATIONS.search(sentence.norm)
    received = lex.figure_target("received")
    if m is None or received is None or _YEAR_BEFORE.search(sentence.norm, 0, m.start()):
        return []  # 2022年，未收到…: another year
    alt = lex.figure_target("received+carry_in")
    return [
        Claim(sentence, "none", "claim.未发生", received, 0, m.group(0), m.start(),
              alternates=(alt,) if alt else ())
    ]  # fmt: skip


def _segment_subjects(lex: Lexicon, norm: str, end: int) -> set[str]:
    """Subjects the words at ``end`` speak of: those mentioned since the last ``;`` or the last
    case result named before (``复议2件，维持1件，纠正1件，诉讼1件，均获维持`` -> 诉讼)."""
    start = norm.rfind(";", 0, end) + 1
    for m in _OUTCOME_WORDS.finditer(norm, start, end):
        start = max(start, m.end())
    return {s for pos, s in lex.subject_mentions(norm) if start <= pos < end}


def _target(lex: Lexicon, subject: str, field: str) -> Target | None:
    return lex.figure_target(f"{subject}_{field}", _LABELS[subject])


def _upheld(lex: Lexicon, sentence: Sentence) -> list[Claim]:
    """均获维持: every case upheld; ``已审结的均获维持``: none corrected (some still pending)."""
    out = []
    norm = sentence.norm
    for m in _ALL_UPHELD.finditer(norm):
        if _relative(norm, m.end()):
            continue
        concluded = "审结" in norm[max(0, norm.rfind(",", 0, m.start())) : m.start()]
        for subject in sorted(_segment_subjects(lex, norm, m.start())):
            if concluded:
                lost = lex.figure_target(f"{subject}_corrected+{subject}_other", _LABELS[subject])
                if lost:
                    out.append(Claim(sentence, "no_corrected", "claim.均获维持", lost, 0, m.group(0), m.start()))  # fmt: skip
                continue
            upheld, total = _target(lex, subject, "upheld"), _target(lex, subject, "total")
            if upheld and total:
                out.append(
                    Claim(sentence, "all_upheld", "claim.均获维持", upheld, None, m.group(0),
                          m.start(), alternates=(total,))
                )  # fmt: skip
    return out


def _relative(norm: str, end: int) -> bool:
    """``未被纠错的有3件``: the words describe some cases (a relative clause), not all."""
    return norm[end : end + 1] == "的"


def _not_corrected(lex: Lexicon, sentence: Sentence) -> list[Claim]:
    out = []
    norm = sentence.norm
    for m in _NO_LOSS.finditer(norm):
        target = _target(lex, "litigation", "corrected")
        if target:
            out.append(
                Claim(sentence, "no_corrected", "claim.无败诉", target, 0, m.group(0), m.start())
            )
    for m in _NOT_CORRECTED.finditer(norm):
        if _relative(norm, m.end()):
            continue
        for subject in sorted(_segment_subjects(lex, norm, m.start())):
            target = _target(lex, subject, "corrected")
            if target:
                out.append(
                    Claim(sentence, "no_corrected", "claim.无败诉", target, 0, m.group(0), m.start())
                )  # fmt: skip
    return out


def _none(lex: Lexicon, sentence: Sentence) -> list[Claim]:
    """未发生…行政复议、行政诉讼 / 行政复议、行政诉讼均为零: each subject in that clause is 0."""
    norm = sentence.norm
    subjects = lex.subject_mentions(norm)
    if not subjects:
        return []
    found: dict[str, tuple[int, str]] = {}
    for c0, c1 in clauses(norm):
        clause = norm[c0:c1]
        if _RESULT_WORDS.search(clause) or _OTHER_YEAR.search(clause):
            continue
        neg, zero = _NEGATION.search(clause), _ZERO.search(clause)
        if neg:
            span = (c0 + neg.start(), c1)
        elif zero:
            span = (c0, c0 + zero.start())
        else:
            continue
        words = (neg or zero).group(0)  # type: ignore[union-attr]
        for pos, subject in subjects:
            if span[0] <= pos < span[1] and subject not in found:
                found[subject] = (pos, words)
    out = []
    for subject, (pos, words) in found.items():
        target = _target(lex, subject, "total")
        if target:
            out.append(Claim(sentence, "none", "claim.未发生", target, 0, words, pos))
    return out
