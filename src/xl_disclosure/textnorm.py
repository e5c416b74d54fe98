"""Chinese text normalisation shared by the validator and the importer.

Published reports reach us in Simplified characters, in Traditional-character mirrors made by
automatic converters, with full-width digits and letters, and with stray whitespace. Matching a
heading or a label must not depend on any of that.

* :func:`to_simplified` converts Traditional characters one by one (OpenCC ``t2s``, which leaves
  Simplified text unchanged) and then undoes the phrase replacements mirror converters make
  (``規範性檔案`` for 规范性文件, ``資訊`` for 信息);
* :func:`nfkc` folds full-width forms (``５０`` -> ``50``, ``（`` stays, ASCII ``(`` stays).

OpenCC is imported on first use only.

Example:
    >>> to_simplified("規範性檔案、政府資訊公開")
    '规范性文件、政府信息公开'
    >>> to_simplified("规范性文件")
    '规范性文件'
"""

from __future__ import annotations

import unicodedata
from functools import cache
from typing import Any

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
def _traditional() -> frozenset[str]:
    """Every character ``t2s`` changes, found with one conversion of the CJK blocks: text with
    none of them is Simplified already, and is returned without calling OpenCC."""
    chars = "".join(chr(c) for lo, hi in _CJK_RANGES for c in range(lo, hi + 1))
    converted: str = _converter().convert(chars)
    if len(converted) != len(chars):  # a phrase rule changed the length: be exact instead
        return frozenset(chars)
    return frozenset(a for a, b in zip(chars, converted, strict=True) if a != b)


def to_simplified(text: str) -> str:
    """``text`` in Simplified characters (unchanged if it already is)."""
    if text.isascii() or _traditional().isdisjoint(text):
        return text
    converted: str = _converter().convert(text)
    if converted == text:
        return text
    for mirror, original in MIRROR_PHRASES:
        converted = converted.replace(mirror, original)
    return converted


def nfkc(text: str) -> str:
    """Unicode NFKC: full-width digits, letters and spaces folded to ASCII."""
    return unicodedata.normalize("NFKC", text)
