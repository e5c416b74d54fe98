"""党政机关公文 page and paragraph styles for python-docx (GB/T 9704 conventions).

A4; margins 上37 下35 左28 右26 mm (text block 156 x 225 mm, 22 lines x 28 characters);
title 方正小标宋简体 二号; body 仿宋_GB2312 三号 with a fixed line pitch of 225 mm / 22 lines
(28.95 pt) and a two-character first-line indent; level-1 headings 黑体, level-2 楷体_GB2312;
tables 五号; page numbers 四号宋体 "— 1 —", odd pages right, even pages left.

Font names are written into ``w:rFonts`` (``w:eastAsia`` for Chinese, a Latin font for digits
and letters). Where a 公文 font is not installed, Word uses the ``w:altName`` declared in the
font table (宋体/仿宋/楷体) and LibreOffice substitutes a CJK font of the same family class.
"""

from __future__ import annotations

from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.shared import Mm, Pt, RGBColor

from xl_disclosure.draft.fonts import FALLBACKS, FontSet

PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 210, 297
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]
#: 225 mm of text height / 22 lines, in points (GB/T 9704: 22 lines of 28 characters).
LINE_PITCH_PT = 28.95
BODY_PT, TITLE_PT, TABLE_PT, PAGE_NUMBER_PT = 16.0, 22.0, 10.5, 14.0
RED = RGBColor(0xC0, 0x00, 0x00)


# Paragraph style names (shown in Word's style gallery).
TITLE, HEADING1, HEADING2, BODY, TABLE, NOTICE, NOTICE_TEXT = (
    "公文标题",
    "公文一级标题",
    "公文二级标题",
    "公文正文",
    "公文表格",
    "草稿提示",
    "草稿提示正文",
)


def set_fonts(rpr: Any, east_asian: str, latin: str) -> None:
    """Write ``w:rFonts`` on a ``w:rPr`` element: explicit names, no theme fonts."""
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr, name in (
        ("w:ascii", latin),
        ("w:hAnsi", latin),
        ("w:cs", latin),
        ("w:eastAsia", east_asian),
    ):
        fonts.set(qn(attr), name)


def _first_line_chars(pformat: Any, element: Any, chars: int, size_pt: float) -> None:
    pformat.first_line_indent = Pt(chars * size_pt)
    element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), str(chars * 100))


def insert_ordered(parent: Any, node: Any, successors: tuple[str, ...]) -> Any:
    """Insert ``node`` into ``parent`` before the first child named in ``successors``
    (OOXML sequences are ordered; Word refuses files with children out of order)."""
    for child in parent.iterchildren():
        if child.tag in {qn(s) for s in successors}:
            child.addprevious(node)
            return node
    parent.append(node)
    return node


def _outline(element: Any, level: int) -> None:
    node = OxmlElement("w:outlineLvl")
    node.set(qn("w:val"), str(level))
    after = ("w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
    insert_ordered(element.get_or_add_pPr(), node, after)


def _paragraph_style(
    document: Any,
    name: str,
    font: str,
    latin: str,
    size: float,
    *,
    align: Any = WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent_chars: int = 2,
    line_pt: float | None = None,
    keep_next: bool = False,
    outline: int | None = None,
    color: RGBColor | None = None,
    bold: bool = False,
) -> Any:
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.quick_style = True
    style.font.size = Pt(size)
    style.font.bold = bold
    if color is not None:
        style.font.color.rgb = color
    set_fonts(style.element.get_or_add_rPr(), font, latin)
    pf = style.paragraph_format
    pf.alignment = align
    pf.space_before = pf.space_after = Pt(0)
    if line_pt is None:
        pf.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        pf.line_spacing = Pt(line_pt)
    if indent_chars:
        _first_line_chars(pf, style.element, indent_chars, size)
    pf.keep_with_next = keep_next
    pf.widow_control = True
    if outline is not None:
        _outline(style.element, outline)
    return style


#: The 公文 paragraph styles, in the order they are added: name, the :class:`FontSet` role of
#: their Chinese font, size in points, and how they differ from a justified body paragraph
#: indented two characters.
_STYLES: tuple[tuple[str, str, float, dict[str, Any]], ...] = (
    (BODY, "body", BODY_PT, {"line_pt": LINE_PITCH_PT}),
    (
        TITLE,
        "title",
        TITLE_PT,
        {"align": WD_ALIGN_PARAGRAPH.CENTER, "indent_chars": 0, "line_pt": 36, "keep_next": True},
    ),
    (HEADING1, "heading1", BODY_PT, {"line_pt": LINE_PITCH_PT, "keep_next": True, "outline": 0}),
    (HEADING2, "heading2", BODY_PT, {"line_pt": LINE_PITCH_PT, "keep_next": True, "outline": 1}),
    (TABLE, "table", TABLE_PT, {"align": WD_ALIGN_PARAGRAPH.CENTER, "indent_chars": 0}),
    (
        NOTICE,
        "heading1",
        BODY_PT,
        {
            "indent_chars": 0,
            "align": WD_ALIGN_PARAGRAPH.CENTER,
            "line_pt": LINE_PITCH_PT,
            "color": RED,
            "bold": True,
        },
    ),
    (NOTICE_TEXT, "body", PAGE_NUMBER_PT, {"line_pt": LINE_PITCH_PT * 0.8, "color": RED}),
)


def setup_styles(document: Any, fonts: FontSet) -> None:
    """Document defaults (zh-CN, body font) and the 公文 paragraph styles."""
    _document_defaults(document, fonts)
    for name, role, size, options in _STYLES:
        _paragraph_style(document, name, getattr(fonts, role), fonts.latin, size, **options)
    document.styles[TITLE].paragraph_format.space_after = Pt(LINE_PITCH_PT)
    _declare_fonts(document, fonts)


def _document_defaults(document: Any, fonts: FontSet) -> None:
    """Run defaults in the body font, Chinese as the East Asian language, no space after
    paragraphs; Normal at body size."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(rpr, fonts.body, fonts.latin)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    ppr = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr"))
    spacing = ppr.find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    set_fonts(normal.element.get_or_add_rPr(), fonts.body, fonts.latin)


def _declare_fonts(document: Any, fonts: FontSet) -> None:
    """Add the 公文 fonts to the font table with a fallback (``w:altName``) and GB2312 charset."""
    part = document.part.part_related_by(RT.FONT_TABLE)
    root = parse_xml(part.blob)
    present = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    names = [
        fonts.title,
        fonts.heading1,
        fonts.heading2,
        fonts.body,
        fonts.table,
        fonts.page_number,
    ]
    for name in dict.fromkeys(names):
        if name in present or name not in FALLBACKS:
            continue
        alt, family = FALLBACKS[name]
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        root.append(font)
        for tag, value in (
            ("w:altName", alt),
            ("w:charset", "86"),
            ("w:family", family),
            ("w:pitch", "variable"),
        ):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            font.append(child)
    # A generic python-docx Part keeps its XML as bytes; there is no public setter.
    part._blob = serialize_part_xml(root)


def setup_page(document: Any) -> Any:
    """A4 portrait with the 公文 margins; returns the section."""
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(PAGE_HEIGHT_MM)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.header_distance = Mm(15)
    # Page number 7 mm below the text block: 35 mm - 7 mm - one 四号 line (about 5 mm).
    section.footer_distance = Mm(23)
    return section
