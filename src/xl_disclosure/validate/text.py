"""Text helpers for the narrative rules: folding for comparison, keyword search."""

from __future__ import annotations

import re
from functools import lru_cache

from xl_disclosure.textnorm import nfkc, to_simplified

_SPACE = re.compile(r"\s+")


def fold(text: str) -> str:
    """NFKC-fold (full-width digits/letters) and drop whitespace, for matching."""
    return _SPACE.sub("", nfkc(text))


def same_text(text: str) -> str:
    """:func:`fold` after conversion to Simplified characters: a heading or title written (or
    mirrored) in Traditional characters is the same text.

    Example:
        >>> same_text("一、總體情況 ") == same_text("一、总体情况")
        True
    """
    return fold(to_simplified(text))


#: The numeral of a section title and what follows it: ``一、`` in the format, ``一，``/``一.``/
#: ``一：``/``一 ``/``1、``/``（一）``/``第一部分`` as typeset (the space is gone after :func:`fold`).
_NUMBERING = re.compile(
    r"^(?:第([一二三四五六七八九十]+)部分|\(([一二三四五六七八九十]+)\)|([一二三四五六七八九十]+)|([1-9]))"
    r"[、,.:;．]?"
)
_NUMERALS = "一二三四五六七八九"


def _numeral(m: re.Match[str]) -> str:
    chinese = m.group(1) or m.group(2) or m.group(3)
    return (chinese or _NUMERALS[int(m.group(4)) - 1]) + "、"


@lru_cache(maxsize=1024)
def same_title(title: str) -> str:
    """:func:`same_text` of a section title, with its numeral as in the format (``一，总体情况``,
    ``1、总体情况``, ``（一）总体情况``, ``第一部分 总体情况`` are typesetting, not another
    title); remembered: the same few wordings recur in every report (the official titles, the
    usual variants).

    Example:
        >>> same_title("一．总体情况") == same_title("一 总体情况") == same_title("1、总体情况")
        True
        >>> same_title("1、总体情况") == same_title("一、总体情况")
        True
    """
    return _NUMBERING.sub(_numeral, same_text(title), count=1)


def contains_any(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def is_empty_or_none(text: str) -> bool:
    """Empty, or only "无"/"暂无" (D-007)."""
    core = re.sub(r"[\s。．.，,；;：:！!]", "", text)
    return core in ("", "无", "暂无", "没有", "无。")


#: A figure quoted in a narrative has at most this many digits; a longer run of digits is not
#: a count (and ``int()`` refuses runs of more than 4,300 digits).
MAX_QUOTED_DIGITS = 15


def quoted_number(digits: str) -> int | None:
    """The count a run of digits in a narrative states, or ``None`` past :data:`MAX_QUOTED_DIGITS`."""
    return int(digits) if len(digits) <= MAX_QUOTED_DIGITS else None
