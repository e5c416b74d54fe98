"""The lexicon skips a keyword when a sentence holds none of the characters its matches can
start with, or none of the words one of which each of its matches contains: that must never
lose a mention."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from xl_disclosure.spec import format_ids, load_format
from xl_disclosure.validate.prose.claims import Mention
from xl_disclosure.validate.prose.firsts import first_chars, required_words
from xl_disclosure.validate.prose.keywords import Lexicon, lexicon
from xl_disclosure.validate.prose.lexicon import GENERIC_APPLICANTS

LEXICONS = [lexicon(load_format(fid)) for fid in format_ids()]
PATTERNS = [p.pattern for lex in LEXICONS for p, _, _ in lex.patterns]
#: Every character of every keyword pattern, digits, punctuation and common words around them.
ALPHABET = sorted({c for p in PATTERNS for c in p if not c.isascii()} | set("0123456789,;:。"))


def _unfiltered(lex: Lexicon, norm: str) -> list[Mention]:
    found = [
        Mention(m.start(), m.end(), key)
        for pattern, key, _ in lex.patterns
        for m in pattern.finditer(norm)
        if m.end() > m.start()
    ]
    generic = [m.span() for m in re.finditer(GENERIC_APPLICANTS, norm)]
    found = [
        m
        for m in found
        if not (m.key.kind == "applicant" and any(a <= m.start < b for a, b in generic))
    ]
    return sorted(found, key=lambda m: (m.start, -m.end))


def test_known_shapes() -> None:
    assert first_chars(r"(?<!不)(?<!未)(?:作出)?答复") == frozenset("作答")
    assert first_chars(r"上一?年度?|结转") == frozenset("上结")
    assert first_chars(r"[零一]件|(?:经|经过)?复议后") == frozenset("零一经复")
    assert first_chars(r"\d+件") is None  # a category: unknown, the pattern always runs
    assert first_chars(r"[^不]公开") is None
    assert first_chars(r"(?i)abc") is None
    assert first_chars(r"(") is None  # not a pattern at all


def test_every_lexicon_pattern_is_understood() -> None:
    assert all(first is not None for lex in LEXICONS for _, _, first in lex.patterns)
    assert all(required_words(p) for p in PATTERNS)  # every keyword has words to look for


def test_required_words_of_known_shapes() -> None:
    assert required_words(r"(?<!不)(?<!未)(?:作出)?答复") == {"答复"}
    assert required_words(r"(?:结果)?(?:被)?(?:纠正|纠错)|(?<!不)(?:败诉|被撤销)") == {
        "纠",
        "败诉",
        "被撤销",
    }  # 纠正|纠错 is parsed as 纠 + [正错]
    assert required_words(r"上一?年度?(?:结转|转入)|结转上一?年度?") == {"结转", "转入", "结转上"}
    assert required_words(r"[零一]件") == {"件"}  # the longer word of the two parts
    assert required_words(r"[零一二]") == frozenset("零一二")
    assert required_words(r"(?:行政)?复议|") is None  # may match nothing at all
    assert required_words(r"\d+") is None
    assert required_words(r"(?i)abc") is None
    assert required_words(r"(") is None


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=ALPHABET, min_size=1, max_size=60))
def test_a_match_starts_with_one_of_the_first_characters(text: str) -> None:
    for pattern in PATTERNS:
        first = first_chars(pattern)
        assert first is not None
        for m in re.finditer(pattern, text):
            if m.end() > m.start():
                assert text[m.start()] in first, (pattern, text)


@settings(max_examples=400, deadline=None)
@given(st.sampled_from(PATTERNS), st.data())
def test_a_match_contains_one_of_the_required_words(pattern: str, data: st.DataObject) -> None:
    words = required_words(pattern)
    assert words
    # a match of the pattern inside filler, and filler alone
    piece = data.draw(st.from_regex(pattern, fullmatch=True).filter(lambda s: 0 < len(s) < 30))
    filler = data.draw(st.text(alphabet=ALPHABET, max_size=12))
    for text in (filler + piece + filler, filler):
        for m in re.finditer(pattern, text):
            if m.end() > m.start():
                assert any(w in m.group() for w in words), (pattern, m.group(), words)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=4), st.data())
def test_mentions_equal_the_unfiltered_scan(patterns: list[str], data: st.DataObject) -> None:
    # Sentences made of keyword words (a match of each chosen pattern) and filler.
    pieces = [
        data.draw(st.from_regex(p, fullmatch=True).filter(lambda s: len(s) < 30)) for p in patterns
    ]
    filler = data.draw(st.text(alphabet=ALPHABET, max_size=8))
    norm = filler.join(pieces) + filler
    for lex in LEXICONS:
        assert lex.mentions(norm) == _unfiltered(lex, norm)
