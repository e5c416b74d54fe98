"""HTML and .docx sources -> :mod:`~xl_disclosure.receiving.importer.document` blocks.

HTML is parsed with the standard library's :class:`html.parser.HTMLParser`, which only
tokenises (no network, no entity expansion attacks, no script execution). ``.docx`` is read with
python-docx, walking the body in order so paragraphs and tables keep their sequence.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from xl_disclosure.receiving.importer.document import Block, Para, TableSeg
from xl_disclosure.receiving.importer.labels import section_number, strip_cell

# fmt: off
_BREAKS = frozenset({
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "section", "article", "tr",
    "table", "blockquote", "pre", "dd", "dt", "ul", "ol",
})
# fmt: on
_SKIP = frozenset({"script", "style", "head", "title", "noscript", "template", "svg"})


class _HtmlBlocks(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.text: list[str] = []
        self.skip = 0
        self.tables: list[TableSeg] = []  # stack; nested tables are flattened into the outer cell
        self.row: list[list[str]] | None = None
        self.cell: list[str] | None = None
        self.page_title: list[str] = []
        self.in_title = False

    # -- running text -------------------------------------------------------------------------
    def _flush(self) -> None:
        joined = "".join(self.text)
        self.text = []
        for line in joined.split("\n"):
            if strip_cell(line):
                self.blocks.append(Para(strip_cell(line)))

    def _cell_break(self) -> None:
        if self.cell is not None:
            self.cell.append("")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            self.in_title = self.in_title or tag == "title"
            return
        if tag == "table":
            if not self.tables:
                self._flush()
            self.tables.append(TableSeg())
            return
        if self.tables and len(self.tables) == 1:
            if tag == "tr":
                self.row = []
                return
            if tag in ("td", "th"):
                self.cell = [""]
                return
        if tag in _BREAKS:
            if self.cell is not None:
                self._cell_break()
            elif not self.tables:
                self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br":
            if self.cell is not None:
                self._cell_break()
            elif not self.tables:
                self.text.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            self.in_title = self.in_title and tag != "title"
            return
        if tag == "table" and self.tables:
            seg = self.tables.pop()
            if not self.tables:
                self._end_row(seg)
                if seg.rows:
                    self.blocks.append(seg)
            return
        if len(self.tables) == 1:
            if tag in ("td", "th") and self.cell is not None and self.row is not None:
                self.row.append([strip_cell(x) for x in self.cell])
                self.cell = None
                return
            if tag == "tr":
                self._end_row(self.tables[-1])
                return
        if tag in _BREAKS:
            if self.cell is not None:
                self._cell_break()
            elif not self.tables:
                self._flush()

    def _end_row(self, seg: TableSeg) -> None:
        if self.cell is not None and self.row is not None:
            self.row.append([strip_cell(x) for x in self.cell])
            self.cell = None
        if self.row:
            seg.rows.append(self.row)
        self.row = None

    def handle_data(self, data: str) -> None:
        if self.skip:
            if self.in_title:
                self.page_title.append(data)
            return
        if self.cell is not None:
            parts = data.replace("\r", "").split("\n")
            self.cell[-1] += parts[0]
            self.cell.extend(parts[1:])
        elif not self.tables:
            self.text.append(data)

    def close(self) -> None:
        super().close()
        if self.tables:  # a page cut off inside a table: keep the rows read so far
            seg = self.tables[0]
            self._end_row(seg)
            self.tables = []
            if seg.rows:
                self.blocks.append(seg)
        self._flush()


_TABLE_TAG = re.compile(r"<(/?)(table|tr|td|th)\b[^>]*>", re.IGNORECASE)


def unwrap_layout_tables(html: str) -> str:
    """Old site templates lay whole pages out in tables; a table holding another table is
    layout, not data: its own ``<table>``/``<tr>``/``<td>`` tags become ``<div>``, so the
    report's text is paragraphs again and its data tables stay tables."""
    tags = list(_TABLE_TAG.finditer(html))
    owner: list[int] = []  # per tag: the table it belongs to (-1 outside any)
    stack: list[int] = []
    parent_of: dict[int, int] = {}
    for i, m in enumerate(tags):
        closing, name = m.group(1) == "/", m.group(2).lower()
        if name == "table" and not closing:
            parent_of[i] = stack[-1] if stack else -1
            stack.append(i)
            owner.append(i)
        elif name == "table":
            owner.append(stack.pop() if stack else -1)
        else:
            owner.append(stack[-1] if stack else -1)
    layout = {p for p in parent_of.values() if p != -1}
    if not layout:
        return html
    out: list[str] = []
    last = 0
    for m, table in zip(tags, owner, strict=True):
        if table in layout:
            out.append(html[last : m.start()])
            out.append("</div>" if m.group(1) else "<div>")
            last = m.end()
    out.append(html[last:])
    return "".join(out)


def html_blocks(html: str) -> list[Block]:
    """Paragraphs and ``<table>`` segments of an HTML page, in document order."""
    parser = _HtmlBlocks()
    parser.feed(unwrap_layout_tables(html))
    parser.close()
    return _with_page_title(parser.blocks, "".join(parser.page_title))


_TITLE_PARTS = re.compile(r"\s*[_|｜—–-]\s*")


def _with_page_title(blocks: list[Block], page_title: str) -> list[Block]:
    """The ``<title>`` as the report title when the body prints none (site suffix dropped)."""
    title = next((p for p in _TITLE_PARTS.split(page_title) if p.endswith("报告")), "")
    if not title:
        return blocks
    for block in blocks:
        if isinstance(block, Para):
            if section_number(block.text) is not None:
                break
            if "年度报告" in block.text or "政府信息公开工作" in block.text:
                return blocks
    return [Para(strip_cell(title)), *blocks]


def docx_blocks(path: Path) -> list[Block]:
    """Paragraphs and tables of a .docx body, in document order."""
    import docx
    from docx.table import Table, _Cell
    from docx.text.paragraph import Paragraph

    document = docx.Document(str(path))
    body: Any = document.element.body
    blocks: list[Block] = []
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            for line in Paragraph(child, document).text.split("\n"):
                if strip_cell(line):
                    blocks.append(Para(strip_cell(line)))
        elif tag == "tbl":
            table = Table(child, document)
            seg = TableSeg()
            for tr in table._tbl.tr_lst:
                # one entry per <w:tc>: a merged cell counts once, its vertical continuations
                # are empty cells (python-docx's row.cells would repeat merged cells instead)
                row = [
                    [strip_cell(x) for x in _Cell(tc, table).text.split("\n")] for tc in tr.tc_lst
                ]
                seg.rows.append(row)
            blocks.append(seg)
    return blocks
