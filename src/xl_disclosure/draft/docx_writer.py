"""Render a draft :class:`Document` as a .docx in 党政机关公文 style (python-docx).

Tables are fitted to the text width (fixed layout, column widths summing to at most 156 mm),
their header rows repeat on every page and rows do not break across pages. Markers
(【待补充…】) are highlighted so nobody publishes them by mistake; a draft with unresolved
errors carries a red banner at the top and a red page header on every page.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docx import Document as new_document
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, Twips

from xl_disclosure.draft import docx_styles as st
from xl_disclosure.draft.fonts import GONGWEN_FONTS, FontSet
from xl_disclosure.draft.model import TODO_OPEN, Document, Heading, Paragraph, Table

#: Characters of 二号 (22 pt) that fit on one line of the 156 mm text block.
TITLE_CHARS_PER_LINE = 20
#: Customary second title line, broken before when the title is too long for one line.
TITLE_TAIL = "政府信息公开工作年度报告"
_TODO = re.compile(f"({re.escape(TODO_OPEN)}[^】]*】)")
#: Children of ``w:tblPr`` that must follow ``w:tblCellMar`` (schema order).
_TBLPR_AFTER_CELL_MARGINS = ("w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange")
#: Cell padding left/right (twips): narrow columns of 表三/表四 need every millimetre.
CELL_MARGIN_TWIPS = 30


def text_width_twips() -> int:
    return int(Mm(st.TEXT_WIDTH_MM).twips)


def column_widths(table: Table, total: int | None = None) -> list[int]:
    """Column widths in twips, proportional to ``table.widths``, summing to at most ``total``."""
    total = text_width_twips() if total is None else total
    weight = sum(table.widths) or 1.0
    return [int(total * w / weight) for w in table.widths]


def render_docx(doc: Document, path: Path | str, *, fonts: FontSet = GONGWEN_FONTS) -> Path:
    """Write ``doc`` to ``path`` (.docx). Not atomic; see :func:`xl_disclosure.draft.write_draft`."""
    document = new_document()
    st.setup_styles(document, fonts)
    section = st.setup_page(document)
    _page_numbers(document, section, fonts)
    body = document.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)  # the template's empty first paragraph
    if doc.notice is not None:
        _draft_header(section, doc.notice.title)
        document.add_paragraph(doc.notice.title, style=st.NOTICE)
        for line in doc.notice.lines:
            document.add_paragraph(line, style=st.NOTICE_TEXT)
    _title(document, doc.title)
    previous: object = None
    for block in doc.blocks:
        if isinstance(block, Heading):
            style = st.HEADING1 if block.level <= 1 else st.HEADING2
            document.add_paragraph(block.text, style=style)
        elif isinstance(block, Paragraph):
            _paragraph(document, block, fonts)
        else:
            if isinstance(previous, Table):
                document.add_paragraph("", style=st.TABLE)  # keep two tables apart
            _table(document, block)
        previous = block
    core = document.core_properties
    core.title = doc.title
    core.author = core.last_modified_by = doc.meta.get("agency", "") or "xl-disclosure"
    core.subject = "政府信息公开工作年度报告"
    core.comments = "由 xl-disclosure 生成的草稿"
    path = Path(path)
    document.save(str(path))
    return path


def _title(document: Any, title: str) -> None:
    p = document.add_paragraph(style=st.TITLE)
    head, tail = title, ""
    if len(title) > TITLE_CHARS_PER_LINE and title.endswith(TITLE_TAIL):
        cut = len(title) - len(TITLE_TAIL)
        if 0 < cut <= TITLE_CHARS_PER_LINE:
            head, tail = title[:cut], title[cut:]
    run = p.add_run(head)
    if tail:
        run.add_break()
        p.add_run(tail)


def _runs(p: Any, text: str) -> None:
    for part in _TODO.split(text):
        if part:
            run = p.add_run(part)
            if _TODO.fullmatch(part):
                run.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _paragraph(document: Any, block: Paragraph, fonts: FontSet) -> None:
    p = document.add_paragraph(style=st.BODY)
    if block.lead:
        lead = p.add_run(block.lead)
        st.set_fonts(lead._r.get_or_add_rPr(), fonts.heading2, fonts.latin)
    _runs(p, block.text)


def _cell_text(cell: Any, text: str, align: str, indent: int, style_id: str) -> None:
    p = cell.paragraphs[0]
    p._p.style = style_id  # by id: python-docx's lookup by name is slow in a loop
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT if align == "left" else WD_ALIGN_PARAGRAPH.CENTER
    if indent:
        p.paragraph_format.left_indent = Pt(st.TABLE_PT * indent)
    for i, line in enumerate(text.split("\n")):
        if i:
            p.runs[-1].add_break()
        p.add_run(line)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _set(parent: Any, tag: str, **attrs: str) -> Any:
    node = parent.find(qn(tag))
    if node is None:
        node = OxmlElement(tag)
        parent.append(node)
    for key, value in attrs.items():
        node.set(qn(f"w:{key}"), value)
    return node


def _table(document: Any, table: Table) -> None:
    t = document.add_table(rows=table.n_rows, cols=table.n_cols)
    t.style = document.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    tbl_pr = t._tbl.tblPr
    widths = column_widths(table)
    _set(tbl_pr, "w:tblW", w=str(sum(widths)), type="dxa")
    margins = st.insert_ordered(tbl_pr, OxmlElement("w:tblCellMar"), _TBLPR_AFTER_CELL_MARGINS)
    for side in ("left", "right"):
        _set(margins, f"w:{side}", w=str(CELL_MARGIN_TWIPS), type="dxa")
    for column, width in zip(t.columns, widths, strict=True):
        column.width = Twips(width)
    # Fetched once before merging: table.cell() re-walks the whole grid on every call.
    # Anchors never overlap, so a merge never touches a cell another anchor still needs.
    grid = [row.cells for row in t.rows]
    for row_cells in grid:
        for cell, width in zip(row_cells, widths, strict=True):
            cell.width = Twips(width)
    style_id = document.styles[st.TABLE].style_id
    for anchor in table.cells:
        cell = grid[anchor.row][anchor.col]
        if anchor.rowspan > 1 or anchor.colspan > 1:
            cell = cell.merge(grid[anchor.bottom][anchor.right])
        cell.width = Twips(sum(widths[anchor.col : anchor.right + 1]))
        _cell_text(cell, anchor.text, anchor.align, anchor.indent, style_id)
    for i, row in enumerate(t.rows):
        tr_pr = row._tr.get_or_add_trPr()
        _set(tr_pr, "w:cantSplit")
        if i < table.header_rows:
            _set(tr_pr, "w:tblHeader")


def _field(p: Any, instruction: str, shown: str) -> None:
    """A complex field (``PAGE``...) showing ``shown`` until the application updates it."""
    p.add_run()._r.append(_fld_char("begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    p.add_run()._r.append(instr)
    p.add_run()._r.append(_fld_char("separate"))
    p.add_run(shown)
    p.add_run()._r.append(_fld_char("end"))


def _fld_char(kind: str) -> Any:
    node = OxmlElement("w:fldChar")
    node.set(qn("w:fldCharType"), kind)
    return node


def _page_number_paragraph(footer: Any, fonts: FontSet, *, odd: bool) -> None:
    p = footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    pf = p.paragraph_format
    pf.first_line_indent = Pt(0)
    # 单页码居右空一字，双页码居左空一字.
    if odd:
        pf.right_indent = Pt(st.PAGE_NUMBER_PT)
    else:
        pf.left_indent = Pt(st.PAGE_NUMBER_PT)
    p.add_run("— ")
    _field(p, "PAGE", "1")
    p.add_run(" —")
    for run in p.runs:
        run.font.size = Pt(st.PAGE_NUMBER_PT)
        st.set_fonts(run._r.get_or_add_rPr(), fonts.page_number, fonts.page_number)


def _page_numbers(document: Any, section: Any, fonts: FontSet) -> None:
    document.settings.odd_and_even_pages_header_footer = True
    _page_number_paragraph(section.footer, fonts, odd=True)
    _page_number_paragraph(section.even_page_footer, fonts, odd=False)


def _draft_header(section: Any, text: str) -> None:
    for header in (section.header, section.even_page_header):
        p = header.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.first_line_indent = Pt(0)
        run = p.add_run(text)
        run.font.size = Pt(st.TABLE_PT)
        run.font.bold = True
        run.font.color.rgb = st.RED
