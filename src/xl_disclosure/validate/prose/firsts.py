"""What a regular expression's non-empty matches must hold: the characters they can start
with (:func:`first_chars`), and words one of which each of them contains
(:func:`required_words`).

A sentence that holds none of them cannot match, so the lexicon skips that keyword without
running it (most of its 60-odd keywords are absent from any one sentence, and a keyword that
begins with look-behinds and optional words, ``(?<!未)(?<!不)(?:结果)?(?:被)?维持``, costs
the regular expression engine a try at every character). Both are computed from the parsed
pattern; anything the analysis does not know (a category such as ``\\d``, a negated class, a
back-reference) makes :func:`first_chars` give up (``None``: always run the pattern), and
:func:`required_words` leave that part out.

Example:
    >>> sorted(first_chars(r"(?<!不)(?:作出)?答复|自然人"))
    ['作', '答', '自']
    >>> first_chars(r"\\d+件") is None
    True
    >>> sorted(required_words(r"(?<!不)(?:作出)?答复|自然人"))
    ['答复', '自然人']
    >>> required_words(r"\\d+件|\\d+宗") == frozenset("件宗")
    True
    >>> required_words(r"(?:作出)?\\d*") is None
    True
"""

from __future__ import annotations

import warnings
from typing import Any

with warnings.catch_warnings():  # the parser of the standard re module, under its old name
    warnings.simplefilter("ignore", DeprecationWarning)
    import sre_constants as _c
    import sre_parse

_ZERO_WIDTH = frozenset({_c.ASSERT, _c.ASSERT_NOT, _c.AT})
_REPEATS = frozenset({_c.MAX_REPEAT, _c.MIN_REPEAT, _c.POSSESSIVE_REPEAT})


class _Unknown(Exception):
    """The pattern uses something the analysis does not follow."""


def first_chars(pattern: str) -> frozenset[str] | None:
    """Every character a non-empty match of ``pattern`` can begin with (``None``: unknown)."""
    items = _parsed(pattern)
    if items is None:
        return None
    try:
        chars, _ = _sequence(items)
    except _Unknown:
        return None
    return frozenset(chars)


def _parsed(pattern: str) -> list[tuple[Any, Any]] | None:
    """The parsed items of ``pattern`` (``None``: not a pattern, or one ignoring case, which
    neither analysis follows)."""
    try:
        parsed = sre_parse.parse(pattern)
    except _c.error:
        return None
    return None if parsed.state.flags & _c.SRE_FLAG_IGNORECASE else list(parsed.data)


def _sequence(items: list[tuple[Any, Any]]) -> tuple[set[str], bool]:
    """(first characters, whether the sequence can match the empty string)."""
    out: set[str] = set()
    for op, av in items:
        chars, nullable = _item(op, av)
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _item(op: Any, av: Any) -> tuple[set[str], bool]:
    if op == _c.LITERAL:
        return {chr(av)}, False
    if op in _ZERO_WIDTH:
        return set(), True
    if op == _c.SUBPATTERN:
        if av[1] & _c.SRE_FLAG_IGNORECASE:
            raise _Unknown("ignore case")
        return _sequence(list(av[-1]))
    if op == _c.ATOMIC_GROUP:
        return _sequence(list(av))
    if op == _c.BRANCH:
        out: set[str] = set()
        nullable = False
        for branch in av[1]:
            chars, empty = _sequence(list(branch))
            out |= chars
            nullable = nullable or empty
        return out, nullable
    if op in _REPEATS:
        low, _, body = av
        chars, empty = _sequence(list(body))
        return chars, empty or low == 0
    if op == _c.IN:
        return _charset(av), False
    raise _Unknown(str(op))


def _charset(av: list[tuple[Any, Any]]) -> set[str]:
    out: set[str] = set()
    for op, value in av:
        if op == _c.LITERAL:
            out.add(chr(value))
        elif op == _c.RANGE and value[1] - value[0] < 256:
            out.update(chr(c) for c in range(value[0], value[1] + 1))
        else:  # a category, a negated set, a wide range
            raise _Unknown(str(op))
    return out


def required_words(pattern: str) -> frozenset[str] | None:
    """Words one of which every non-empty match of ``pattern`` contains (``None``: no such
    words are known, the pattern must always run)."""
    items = _parsed(pattern)
    return None if items is None else _required(items)


def _required(items: list[tuple[Any, Any]]) -> frozenset[str] | None:
    """The best set of words every match of a sequence contains one of: its longest run of
    literal characters that must all be there, or the words of one part it must match."""
    options: list[frozenset[str]] = []
    run = ""
    for op, av in items:
        if op == _c.LITERAL:
            run += chr(av)
            continue
        if run:
            options.append(frozenset({run}))
            run = ""
        inner = _required_item(op, av)
        if inner is not None:
            options.append(inner)
    if run:
        options.append(frozenset({run}))
    # the rarest: the longest shortest word, then the fewest words
    return max(options, key=lambda o: (min(map(len, o)), -len(o)), default=None)


def _required_item(op: Any, av: Any) -> frozenset[str] | None:
    """The words of one part of a sequence that every match of it contains one of."""
    if op == _c.SUBPATTERN and not av[1] & _c.SRE_FLAG_IGNORECASE:
        return _required(list(av[-1]))
    if op == _c.ATOMIC_GROUP:
        return _required(list(av))
    if op in _REPEATS and av[0] >= 1:
        return _required(list(av[2]))
    if op == _c.BRANCH:
        out: set[str] = set()
        for branch in av[1]:
            words = _required(list(branch))
            if words is None:
                return None  # a branch without a known word: nothing the part must hold
            out |= words
        return frozenset(out)
    if op == _c.IN:  # a few characters: one of them (a class of anything else: nothing)
        try:
            chars = _charset(av)
        except _Unknown:
            return None
        return frozenset(chars) if len(chars) <= 8 else None
    return None  # a look-around, an anchor, an optional part, a category: nothing required
