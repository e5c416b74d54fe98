"""Chinese text normalisation shared by the validator and the importer.

Published reports reach us in Simplified characters, in Traditional-character mirrors made by
automatic converters, with full-width digits and letters, and with stray whitespace. Matching a
heading or a label must not depend on any of that.

* :func:`to_simplified` converts Traditional characters one by one (OpenCC ``t2s``, which leaves
  Simplified text unchanged) and then undoes the phrase replacements mirror converters make
  (``規範性檔案`` for 规范性文件, ``資訊`` for 信息);
* :func:`nfkc` folds full-width forms (``５０`` -> ``50``, ``（`` -> ``(``; ``。`` and ``、`` stay).

OpenCC is imported on first use only.

Example:
    >>> to_simplified("規範性檔案、政府資訊公開")
    '规范性文件、政府信息公开'
    >>> to_simplified("规范性文件")
    '规范性文件'
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

#: Characters XML 1.0 (and so .xlsx and .docx) cannot carry.
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
#: Those and lone UTF-16 surrogates (which UTF-8 cannot encode): text no output file can hold.
UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

#: Phrases that Simplified→Traditional mirror converters substitute (Taiwan usage), as they
#: read after character-level conversion back to Simplified, and the mainland original.
MIRROR_PHRASES: tuple[tuple[str, str], ...] = (
    ("规范性档案", "规范性文件"),
    ("资讯", "信息"),
    ("软体", "软件"),
    ("网路", "网络"),
    ("许可证以外", "许可以外"),
    ("专案数量", "项目数量"),
    ("本列资料", "本列数据"),
    ("覆议", "复议"),
    ("讯息公开", "信息公开"),
)


@cache
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


#: The CJK blocks OpenCC's character table covers (unified ideographs and extension A).
_CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))


@cache
def _traditional() -> re.Pattern[str]:
    """A character ``t2s`` changes (one conversion of the CJK blocks finds them all): text
    without one is Simplified already, and is returned without calling OpenCC."""
    chars = "".join(chr(c) for lo, hi in _CJK_RANGES for c in range(lo, hi + 1))
    converted: str = _converter().convert(chars)
    if len(converted) != len(chars):  # a phrase rule changed the length: be exact instead
        changed = chars
    else:
        changed = "".join(a for a, b in zip(chars, converted, strict=True) if a != b)
    return re.compile("[" + re.escape(changed) + "]")


def to_simplified(text: str) -> str:
    """``text`` in Simplified characters (unchanged if it already is)."""
    if text.isascii() or _traditional().search(text) is None:
        return text
    converted: str = _converter().convert(text)
    if converted == text:
        return text
    for mirror, original in MIRROR_PHRASES:
        converted = converted.replace(mirror, original)
    return converted


#: Full-width forms common in Chinese prose (，（）：；！？％, digits, the ideographic space) and
#: the ASCII character NFKC folds each to. Any one of them sends ``unicodedata.normalize`` down
#: its slow path; replaced first, most text is then NFKC already (a quick check says so).
_COMMON_WIDE = tuple(
    (wide, unicodedata.normalize("NFKC", wide))
    for wide in "，（）：；！？％０１２３４５６７８９\u3000"
)


def nfkc(text: str) -> str:
    """Unicode NFKC: full-width digits, letters and spaces folded to ASCII.

    Each common full-width form is replaced by its compatibility mapping first (the result is
    compatibility-equivalent, so its NFKC form is the same) and ``normalize`` runs only if the
    quick check finds anything left to fold.
    """
    if text.isascii():
        return text
    for wide, narrow in _COMMON_WIDE:
        if wide in text:
            text = text.replace(wide, narrow)
    if unicodedata.is_normalized("NFKC", text):
        return text
    return unicodedata.normalize("NFKC", text)
