"""Numbers as reports write them: ``12``, ``41.7``, ``十二``, ``两``, ``一百零五``."""

from __future__ import annotations

#: A number in normalised text (Arabic, or Chinese numerals up to the thousands).
NUM = r"(?:\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百千]+)"

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def parse_number(text: str) -> float | None:
    """The value of a number token; ``None`` if it is not one.

    Example:
        >>> parse_number("41.7"), parse_number("十二"), parse_number("一百零五"), parse_number("两")
        (41.7, 12.0, 105.0, 2.0)
    """
    if not text:
        return None
    if text[0].isdigit():
        try:
            return float(text)
        except ValueError:
            return None
    total, digit = 0, None
    for ch in text:
        if ch in "零〇" and len(text) > 1:
            continue  # 一百零五: a placeholder between units
        if ch in _DIGITS:
            if digit is not None:  # "一二" is not a number people write
                return None
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            return None
    return float(total + (digit or 0))


def decimals(text: str) -> int:
    """How many decimals a number was written with (``41.7`` -> 1)."""
    return len(text.split(".", 1)[1]) if "." in text else 0
