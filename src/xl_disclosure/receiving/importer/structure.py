"""Find the title, the preamble and the six sections in a list of blocks."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from xl_disclosure.receiving.importer.document import Block, Para, TableSeg
from xl_disclosure.receiving.importer.labels import (
    norm_label,
    section_number,
    section_numeral,
    title_start,
)
from xl_disclosure.receiving.importer.meta import agency_from, looks_like_agency_line, year_in
from xl_disclosure.spec import format_ids, load_format

#: Words a section heading contains (official titles and the variants seen, §2).
_KEYWORDS: dict[int, tuple[str, ...]] = {
    1: ("总体情况", "概述", "基本情况", "总体"),
    2: ("主动公开",),
    3: ("申请",),
    4: ("复议", "诉讼"),
    5: ("问题", "改进"),
    6: ("其他", "其它"),
}
_MAX_HEADING = 50
_MAX_TITLE_LINE = 60
_TITLE_LINES = 3
#: Lines where the report ends on a web page (site furniture after section 六).
_FOOTER = re.compile(
    r"^(附件[:：]?|相关附件|相关链接|打印本页|【打印】|关闭窗口|【关闭】|扫一扫|分享到|上一篇|下一篇|"
    r"责任编辑|网站地图|主办单位|版权所有)"
)
_YEAR = re.compile(r"(20\d{2})\s*年")


@dataclass
class SectionBlocks:
    no: int
    title: str
    blocks: list[Block] = field(default_factory=list)
    end_gap: int = 0
    """Blank lines between its last line and the next heading (trailing blank cells)."""


@dataclass
class Skeleton:
    title: str = ""
    preamble: list[str] = field(default_factory=list)
    sections: dict[int, SectionBlocks] = field(default_factory=dict)


def _heading(text: str, current: int, *, items: bool = False) -> tuple[int, str, str] | None:
    """(section number, title, text run into it) of a line that opens a section after section
    ``current`` (:func:`split_heading`), or None; with ``items``, also a heading numbered like
    an item (:func:`_item_heading`)."""
    no = section_number(text)
    if no is None:
        return _item_heading(text, current) if items else None
    if no <= current:
        return None
    title, run_in = split_heading(text, no)
    if len(text) > _MAX_HEADING:  # a heading run into its first paragraph, or not a heading
        return (no, title, run_in) if run_in else None
    folded = norm_label(text)
    return (no, title, run_in) if any(k in folded for k in _KEYWORDS[no]) else None


#: ``1、总体情况`` / ``（一）总体情况``: some reports number their sections like items.
_ITEM_NUMBER = re.compile(r"^(?:([1-6])\s*[、.．，,:：]|[（(]([一二三四五六])[）)])\s*")


def _item_heading(text: str, current: int) -> tuple[int, str, str] | None:
    """A section heading numbered ``1、`` or ``（一）``: only a later section's own title (any
    format, any variant) and nothing else on the line, since the items inside a section are
    numbered the same way (``1、主动公开。…``)."""
    m = _ITEM_NUMBER.match(text)
    if m is None:
        return None
    no = int(m.group(1)) if m.group(1) else section_numeral(m.group(2))
    if no <= current:
        return None
    return (no, text, "") if norm_label(text[m.end() :]) in _title_words(no) else None


@cache
def _title_words(no: int) -> frozenset[str]:
    """The words of section ``no``'s title after its numeral, as every format and variant
    prints them (matching form, :func:`~.labels.norm_label`)."""
    return frozenset(
        norm_label(title[title_start(title) :])
        for fid in format_ids()
        for section in load_format(fid).sections
        if section.no == no
        for title in (section.title, *section.variants)
    )


#: What a line may carry after a title for it to be text run into the heading (a page that
#: prints ``<b>一、总体情况</b>2024年，…`` as one paragraph): a sub-heading, a sentence, 无.
_RUN_IN = re.compile(r"^[（(]|[，。；：,;:]|^(?:无|暂无|没有)$")
_HEADING_MAX_SCAN = 60


def split_heading(text: str, no: int) -> tuple[str, str]:
    """(title, text run into it) of a heading line of section ``no``: a line that starts with
    the section's title (any format, any variant, the longest that fits) followed by a
    sub-heading or a sentence is cut after the title; any other line is all title.

    Example:
        >>> split_heading("六、其他需要报告的事项本年度未收取信息处理费。", 6)
        ('六、其他需要报告的事项', '本年度未收取信息处理费。')
        >>> split_heading("一、总体情况（一）主动公开", 1)
        ('一、总体情况', '（一）主动公开')
        >>> split_heading("第四部分：政府信息公开行政复议、行政诉讼情况本年度未发生。", 4)
        ('第四部分：政府信息公开行政复议、行政诉讼情况', '本年度未发生。')
        >>> split_heading("五、存在的主要问题及改进情况说明", 5)
        ('五、存在的主要问题及改进情况说明', '')
    """
    words = _title_words(no)
    start = title_start(text)
    end = 0
    for j in range(start + 1, min(len(text), _HEADING_MAX_SCAN) + 1):
        if norm_label(text[start:j]) in words:
            end = j
    rest = text[end:].lstrip("：:。.　 ") if end else ""
    if not rest or not _RUN_IN.search(rest):
        return text, ""
    return text[:end].rstrip(), rest


def _title_at(blocks: list[Block], i: int) -> tuple[str, int] | None:
    """A title starting at block ``i`` (up to three short lines, ending in 报告), or None."""
    parts: list[str] = []
    j = i
    while j < len(blocks) and len(parts) < _TITLE_LINES:
        nxt = blocks[j]
        if not isinstance(nxt, Para) or len(nxt.text) > _MAX_TITLE_LINE:
            break
        if section_number(nxt.text) is not None or (
            parts and not re.search(r"报告|工作|年度", nxt.text)
        ):
            break
        parts.append(nxt.text)
        j += 1
        title = _BRACKETS.sub("", "".join(parts))
        if title.endswith("报告"):
            return (title, j) if year_in(title) or "年度报告" in title else None
    return None


#: ``《…》`` or ``关于印发《…》的通知`` around a title.
_BRACKETS = re.compile(r"^(?:关于(?:印发|发布|公布|公开)?)?[《“\"]|[》”\"](?:的通知)?$")


def _find_title(blocks: list[Block]) -> tuple[str, int]:
    """The title (lines joined without break) and the index of the first block after it.

    Site furniture before the title (menus saying 政府信息公开 …) is skipped: a title ends in
    报告 and names a year or says 年度报告.
    """
    for i, block in enumerate(blocks):
        if not isinstance(block, Para):
            continue
        if section_number(block.text) is not None:
            return "", 0
        if "政府信息公开" in block.text or "年度" in block.text or "报告" in block.text:
            found = _title_at(blocks, i)
            if found:
                return _with_lines_before(blocks, i, found[0]), found[1]
    return "", 0


def _with_lines_before(blocks: list[Block], i: int, title: str) -> str:
    """A title whose agency (and year) sit on the line(s) above: ``某局2026年`` + ``政府信息…``."""
    for back in (1, 2):
        if agency_from(title) or i - back < 0:
            break
        prev = blocks[i - back]
        if not isinstance(prev, Para) or not looks_like_agency_line(prev.text):
            break
        title = prev.text + title
    return title


def skeleton(blocks: list[Block]) -> Skeleton:
    """Split ``blocks`` into title, preamble and sections (in order, missing ones absent).

    Sections numbered like items (``1、``, ``（一）``) are looked for only in a report with no
    heading numbered 一、…: in one that has them, ``（二）主动公开政府信息情况`` is an item of
    section 一."""
    out = _skeleton(blocks, items=False)
    return out if out.sections else _skeleton(blocks, items=True)


def _skeleton(blocks: list[Block], *, items: bool) -> Skeleton:
    out = Skeleton()
    out.title, start = _find_title(blocks)
    current = 0
    for block in blocks[start:]:
        if isinstance(block, Para):
            heading = _heading(block.text, current, items=items)
            if heading is not None:
                if current:
                    out.sections[current].end_gap = block.gap
                current, title, run_in = heading
                out.sections[current] = SectionBlocks(
                    current, title, [Para(run_in)] if run_in else []
                )
                continue
            if current == max(_KEYWORDS) and _FOOTER.match(block.text):
                break
        if current == 0:
            if isinstance(block, Para):
                out.preamble.append(block.text)
            continue
        out.sections[current].blocks.append(block)
    return out


def paragraphs(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Para)]


def segments(blocks: list[Block]) -> list[TableSeg]:
    return [b for b in blocks if isinstance(b, TableSeg)]
