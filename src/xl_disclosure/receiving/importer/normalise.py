"""The one normalisation stage every source goes through before any structure is looked for.

* Traditional characters (mirror sites) become Simplified (:func:`xl_disclosure.textnorm.to_simplified`,
  with the phrase fixes of mirror converters);
* odd spaces (no-break, ideographic, zero-width) become plain spaces; runs of spaces collapse;
* the spaces PDF layout puts between digits and CJK dates go (``2020 年`` -> ``2020年``);
* lines of site furniture are dropped: page numbers (``— 1 —``, ``第1页``, ``Page 2 - <title>``,
  ``P. 3``), breadcrumbs, ``【字体：大 中 小】``, ``来源：``/``浏览次数：`` lines, share buttons.

Matching forms (NFKC, brackets, numbering) are made later by :func:`labels.norm_label`; the
text kept in the report is the cleaned text, not the matching form.

Example:
    >>> clean("測試市某某局 2020 年\\u3000政府資訊公開")
    '测试市某某局2020年 政府信息公开'
    >>> is_furniture("— 3 —"), is_furniture("Page 2 - 某局2020年报告"), is_furniture("规章")
    (True, True, False)
"""

from __future__ import annotations

import re
from typing import Final

from xl_disclosure.textnorm import to_simplified

_ODD_SPACE: Final = re.compile(r"[\u00a0\u2000-\u200a\u202f\u205f\u3000\ufeff]")
_ZERO_WIDTH: Final = re.compile(r"[\u200b-\u200d\u2060]")
_SPACES: Final = re.compile(r" {2,}")
#: ``2020 年``, ``1 月``, ``31 日``: digits spaced off a date unit (PDF autospacing).
_DATE_SPACE: Final = re.compile(r"(\d)\s+(?=[年月日号])|(?<=[年月])\s+(?=\d)")
#: A CJK character spaced off a four-digit year: ``某局 2020年`` (title lines of PDFs).
_YEAR_SPACE: Final = re.compile(r"(?<=[\u4e00-\u9fff）)])\s+(?=(?:19|20)\d{2}年)")

_FURNITURE: Final = re.compile(
    r"""^(?:
        [-—–－]+\s*\d{1,4}\s*[-—–－]+
      | (?:共\s*\d{1,4}\s*页\s*[,，]?\s*)?第\s*\d{1,4}\s*页(?:\s*[,，/／]?\s*共\s*\d{1,4}\s*页)?
      | (?:Page|PAGE|page)\s*\d+(?:\s*(?:of|/)\s*\d+)?(?:\s*[-—–:：|]\s*.*)?
      | P\.\s*\d+
      | 【?字[体號号]\s*[:：].*
      | 【\s*(?:大|中|小|打印|关闭|收藏|分享)\s*】.*
      | (?:当前位置|您现在的位置|你的位置|您所在的位置|所在位置)\s*[:：].*
      | (?:首页|网站首页)\s*(?:[>＞»/›]|&gt;).*
      | [^。]{0,40}(?:浏览次数|访问次数|点击数|点击量|阅读次数|浏览量)\s*[:：]\s*\d*[^。]{0,20}
      | (?:来源|信息来源|文章来源|作者|责任编辑|编辑|录入)\s*[:：].{0,40}
      | (?:分享到|扫一扫|返回顶部|微信扫一扫|手机扫一扫).*
    )$""",
    re.VERBOSE,
)


def clean(text: str, *, spaces: bool = True) -> str:
    """One line in Simplified characters with plain, single spaces, stripped. Table cells
    (``spaces=False``) keep their inner spaces as printed (``统　计　指　标``); matching
    ignores them anyway."""
    text = _ZERO_WIDTH.sub("", text)
    if not spaces:
        return to_simplified(text).strip(" \t\r\n\u3000\xa0")
    text = _ODD_SPACE.sub(" ", text).replace("\t", " ")
    text = to_simplified(text)
    text = _DATE_SPACE.sub(lambda m: m.group(1) or "", text)
    text = _YEAR_SPACE.sub("", text)
    return _SPACES.sub(" ", text).strip()


def is_furniture(line: str) -> bool:
    """Whether a line is site or page furniture rather than report text."""
    stripped = line.strip()
    if not stripped:
        return False
    return bool(_FURNITURE.match(stripped))
