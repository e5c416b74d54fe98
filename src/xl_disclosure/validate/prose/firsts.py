"""The characters a regular expression's non-empty matches can start with.

A sentence that holds none of them cannot match, so the lexicon skips that keyword without
running it (most of its 60-odd keywords are absent from any one sentence). The set is computed
from the parsed pattern; anything the analysis does not know (a category such as ``\\d``, a
negated class, a back-reference) makes it give up (``None``: always run the pattern).

Example:
    >>> sorted(first_chars(r"(?<!不)(?:作出)?答复|自然人"))
    ['作', '答', '自']
    >>> first_chars(r"\\d+件") is None
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
    try:
        parsed = sre_parse.parse(pattern)
        if parsed.state.flags & _c.SRE_FLAG_IGNORECASE:
            return None
        chars, _ = _sequence(parsed.data)
    except (_Unknown, _c.error):
        return None
    return frozenset(chars)


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
