"""How much of one narrative repeats another: rule Y-004 and ``xl-disclosure compare``.

:class:`difflib.SequenceMatcher` (``ratio() = 2·matched / total``) is exact but quadratic in
the length of the text: two sections of 5,000 characters take 0.2 s, of 40,000 characters
30 s, and a 4.8 MB section never finishes. So texts are compared exactly while the product of
their lengths is within :data:`EXACT_LIMIT` (every real section is), and beyond that by
*fingerprints*: the multisets of the :data:`GRAM`-character substrings that start with one of
a set of anchor characters (chosen by their CRC-32, about :data:`MAX_SAMPLES` occurrences per
text), compared with the same ``2·shared / total`` formula. That is linear in time and bounded
in work, gives 100 % for a verbatim copy, about the copied share for a text partly copied and
little for unrelated text; fingerprints are compared as strings and anchors chosen by CRC-32,
so the answer never depends on the process (no hash seed). Unlike the exact ratio it does not
see the order of sentences: the same sentences reshuffled still count as copied.

Example:
    >>> similarity("本年度加强政府信息公开工作。", "本年度加强政府信息公开工作。")
    1.0
    >>> similarity("", "")
    0.0
"""

from __future__ import annotations

import re
import zlib
from collections import Counter

from xl_disclosure.validate.text import fold

#: Up to this product of the two folded lengths the exact ratio is computed (~0.5 s at most).
EXACT_LIMIT = 6_000 * 6_000
#: Fingerprint length in characters (5: closest to the exact ratio on edited Chinese text).
GRAM = 5
#: About this many fingerprints per text are kept beyond :data:`EXACT_LIMIT`.
MAX_SAMPLES = 50_000
#: Characters sampled (evenly) to estimate character frequencies for choosing anchors.
SAMPLE_CHARS = 100_000


def similarity(a: str, b: str) -> float:
    """The share of text the two narratives have in common, 0.0 to 1.0 (whitespace and
    full-width forms folded first)."""
    fa, fb = fold(a), fold(b)
    if not fa and not fb:
        return 0.0
    if len(fa) * len(fb) <= EXACT_LIMIT:
        from difflib import SequenceMatcher

        return SequenceMatcher(None, fa, fb, autojunk=False).ratio()
    return fingerprint_ratio(fa, fb)


def fingerprint_ratio(a: str, b: str) -> float:
    """``2·shared / total`` over sampled :data:`GRAM`-grams: linear time, bounded memory."""
    if a == b:
        return 1.0 if a else 0.0
    if len(a) < GRAM or len(b) < GRAM:
        return 0.0
    # Character frequencies from a sample (counting every character of megabytes is slow).
    step = max(1, (len(a) + len(b)) // SAMPLE_CHARS)
    anchor = _anchor_pattern(Counter(a[::step]) + Counter(b[::step]), 2 * MAX_SAMPLES / step)
    fa, fb = _fingerprints(a, anchor), _fingerprints(b, anchor)
    total = sum(fa.values()) + sum(fb.values())
    return 2 * sum((fa & fb).values()) / total if total else 0.0


def _anchor_pattern(freq: Counter[str], budget: float) -> re.Pattern[str]:
    """The characters a fingerprint starts with: chosen by the CRC-32 of the character (not by
    position, so shared text gives shared fingerprints in both texts) until ``budget``
    occurrences (in ``freq``'s units) are covered; the regex finds them at C speed."""
    chosen: list[str] = []
    total = 0
    for ch in sorted(freq, key=lambda c: (zlib.crc32(c.encode("utf-32-le")), c)):
        if chosen and total + freq[ch] > budget:
            continue  # too frequent for what is left of the budget: rarer ones may fit
        chosen.append(ch)
        total += freq[ch]
    return re.compile("[" + "".join(re.escape(c) for c in chosen) + "]")


def _fingerprints(text: str, anchor: re.Pattern[str]) -> Counter[str]:
    """The :data:`GRAM`-grams of ``text`` that start with an anchor character."""
    last = len(text) - GRAM + 1
    return Counter(text[m.start() : m.start() + GRAM] for m in anchor.finditer(text, 0, last))


__all__ = ["EXACT_LIMIT", "GRAM", "MAX_SAMPLES", "fingerprint_ratio", "similarity"]
