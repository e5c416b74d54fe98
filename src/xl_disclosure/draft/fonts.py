"""Font names of a draft (no python-docx import, so the Markdown path stays light)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FontSet:
    """Font names of a draft; East Asian names go to ``w:eastAsia``, ``latin`` to ASCII."""

    title: str = "方正小标宋简体"
    heading1: str = "黑体"
    heading2: str = "楷体_GB2312"
    body: str = "仿宋_GB2312"
    table: str = "仿宋_GB2312"
    page_number: str = "宋体"
    latin: str = "Times New Roman"


#: The 公文 fonts (default).
GONGWEN_FONTS = FontSet()
#: Fonts shipped with most Linux systems (fonts-noto-cjk), for machines without 公文 fonts.
NOTO_FONTS = FontSet(
    title="Noto Serif CJK SC",
    heading1="Noto Sans CJK SC",
    heading2="Noto Serif CJK SC",
    body="Noto Serif CJK SC",
    table="Noto Serif CJK SC",
    page_number="Noto Serif CJK SC",
    latin="Noto Serif CJK SC",
)
#: Font-table fallbacks: name -> (w:altName, w:family). Charset 86 = GB2312.
FALLBACKS: dict[str, tuple[str, str]] = {
    "方正小标宋简体": ("宋体", "roman"),
    "仿宋_GB2312": ("仿宋", "modern"),
    "楷体_GB2312": ("楷体", "script"),
    "黑体": ("SimHei", "modern"),
    "宋体": ("SimSun", "roman"),
    "仿宋": ("FangSong", "modern"),
    "楷体": ("KaiTi", "script"),
}
