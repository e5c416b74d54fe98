"""Label normalisation for matching published tables to the spec (report-format.md §7).

Published copies differ from the official labels in ways that carry no meaning: half-width
brackets, ``1．``/``1、`` numbering, straight or curly quotes, line breaks and spaces inside
header cells, traditional characters on mirror sites. :func:`norm_label` folds all of these, so
two labels match when their folded forms are equal.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from xl_disclosure.cells import NA_SYMBOLS, NOT_AVAILABLE, display, number_from_text

#: Traditional -> simplified, for the characters of the official labels (mirror sites convert
#: whole pages, so only these matter for matching).
_TRAD: Final = str.maketrans(
    "萬與業為舉於會體關內決況減辦務動區單發後國處復複覆審對屬廢開強當執護報據數無機權條構現確類係"
    "糾納組織經結繼續維繳罰範獲補規計認議許訟訪訴詢請購費轉過這進問項題額採穩種義險總製證統網應際",
    "万与业为举于会体关内决况减办务动区单发后国处复复复审对属废开强当执护报据数无机权条构现确类系"
    "纠纳组织经结继续维缴罚范获补规计认议许讼访诉询请购费转过这进问项题额采稳种义险总制证统网应际",
)
#: Whole-word differences of Taiwan-style conversion (規範性檔案 for 规范性文件).
_PHRASES: Final = (("档案", "文件"), ("檔案", "文件"), ("资讯", "信息"), ("資訊", "信息"))
_QUOTES: Final = str.maketrans("", "", "\"'“”‘’「」『』")
_NUMBERING: Final = re.compile(r"^(\d+)[、.．,，]")
_SPACE: Final = re.compile(r"\s+")
_UNREAD: Final = display(NOT_AVAILABLE)


def fold_traditional(text: str) -> str:
    """Fold the traditional characters seen on mirror sites.

    Example:
        >>> fold_traditional("規範性檔案")
        '规范性文件'
    """
    for old, new in _PHRASES:
        text = text.replace(old, new)
    return text.translate(_TRAD)


def norm_label(text: str) -> str:
    """The matching form of a label: width, brackets, numbering, quotes, spaces folded.

    Example:
        >>> norm_label("3、危及'三安全一稳定'") == norm_label("3.危及“三安全一稳定”")
        True
        >>> norm_label("（二）部分公开") == norm_label("(二)部分公开")
        True
        >>> norm_label("本年新\\n制作数量")
        '本年新制作数量'
    """
    folded = unicodedata.normalize("NFKC", fold_traditional(text))
    folded = _NUMBERING.sub(r"\1.", _SPACE.sub("", folded).translate(_QUOTES))
    return folded.replace(",", "、")  # one OCR'd copy writes "，" for the official "、"


def strip_cell(text: str) -> str:
    """Strip a cell or paragraph line, including the ideographic space U+3000."""
    return text.strip(" \t\r\n\u3000\xa0")


_UNIT_SUFFIX: Final = re.compile(r"^(.*?)(万元|元|件|条|个|次|篇|项)$")
#: Text printed in a number cell: ``减3``, ``增加2``, ``+(3) -(1)``, ``约5``. Kept as printed
#: (the validator judges it); only a signed change (``减3``) becomes a number for 本年增/减.
_VALUE_TEXT: Final = re.compile(r"^[\d\s+\-−—()（）.,，、增减加少约共计元万件个项次条%％]+$")
_SIGNED_TEXT: Final = re.compile(r"^(增加?|减少?|\+|-|−)\s*(\d+)$")
_NUMBERING_ONLY: Final = re.compile(r"^\d{1,2}[.、．]$")


def classify(text: str) -> tuple[str, object]:
    """What a table cell holds: ``("empty", None)``, ``("number", n)``, ``("na", "/")``,
    ``("number_unit", (n, unit))``, ``("value_text", text)`` or ``("text", text)``; the
    mark this tool's own drafts print for a cell an import could not read (``（原文缺失）``) is
    ``("skip", None)``: a cell in its place whose value stays unknown.

    Example:
        >>> classify(" 0"), classify("／"), classify("251000元")[0], classify("规章")[0]
        (('number', 0), ('na', '／'), 'number_unit', 'text')
        >>> classify("减3"), classify("1.")[0]
        (('value_text', '减3'), 'text')
    """
    stripped = strip_cell(text)
    if not stripped:
        return "empty", None
    if stripped == _UNREAD:
        return "skip", None
    compact = _SPACE.sub("", unicodedata.normalize("NFKC", stripped))
    if stripped in NA_SYMBOLS or compact in NA_SYMBOLS or compact in {"——", "--", "—"}:
        return "na", stripped
    if _NUMBERING_ONLY.match(compact):
        return "text", stripped
    number = number_from_text(compact)
    if number is not None:
        return "number", number
    m = _UNIT_SUFFIX.match(compact)
    if m:
        number = number_from_text(m.group(1))
        if number is not None:
            return "number_unit", (number, m.group(2))
    if len(compact) <= 20 and any(c.isdigit() for c in compact) and _VALUE_TEXT.match(compact):
        return "value_text", stripped
    return "text", stripped


def signed_change(text: str) -> int | None:
    """``减3`` -> -3, ``增加2`` -> 2 (a 本年增/减 cell written in words), else None."""
    m = _SIGNED_TEXT.match(_SPACE.sub("", unicodedata.normalize("NFKC", text)))
    if not m:
        return None
    sign = -1 if m.group(1).startswith(("减", "-", "−")) else 1
    return sign * int(m.group(2))


_SECTION_NUMERALS: Final = "一二三四五六"
_HEADING: Final = re.compile(r"^(（|\()[一二三四五六七八九十]+(）|\))|^[一二三四五六七八九十]+、")
_SECTION: Final = re.compile(r"^(?:([一二三四五六])\s*[、.．，,:：]|第([一二三四五六])部分)")
#: ``一 总体情况``: a numeral and a space, then a short title (no sentence: not ``二 是…，``).
_SPACED_SECTION: Final = re.compile(r"^([一二三四五六])\s+(?!是)([^，。；,;]{2,30})$")


def is_heading(line: str) -> bool:
    """A numbered heading line: ``一、…`` or ``（一）…``."""
    return bool(_HEADING.match(strip_cell(line)))


def section_number(line: str) -> int | None:
    """``"三、收到和处理…"`` -> 3 (also ``三.``, ``三，``, ``第三部分``, ``三 收到…``).

    Example:
        >>> [section_number(t) for t in ("三、收到和处理", "四 政府信息公开行政复议", "二 是强化，")]
        [3, 4, None]
    """
    text = strip_cell(line)
    m = _SECTION.match(text)
    if m is not None:
        numeral = m.group(1) or m.group(2)
    else:
        spaced = _SPACED_SECTION.match(text)
        numeral = spaced.group(1) if spaced else None
    return section_numeral(numeral) if numeral else None


def section_numeral(numeral: str) -> int:
    """The section number a Chinese numeral stands for (``三`` -> 3)."""
    return _SECTION_NUMERALS.index(numeral) + 1


def title_start(line: str) -> int:
    """Where the words of a section heading start in ``line`` (stripped), after its
    numbering (``三、``, ``第三部分``, ``三 ``); 0 when it has none.

    Example:
        >>> [title_start(t) for t in ("三、收到和处理", "第三部分：收到", "三 收到", "收到")]
        [2, 5, 2, 0]
    """
    m = _SECTION.match(line)
    if m is not None:  # 第三部分：收到… has its separator after the numbering
        return len(line) - len(line[m.end() :].lstrip(" \u3000：:、.．，,"))
    spaced = _SPACED_SECTION.match(line)
    return spaced.start(2) if spaced else 0
