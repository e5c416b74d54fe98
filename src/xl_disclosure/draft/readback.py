"""Read a rendered draft (.docx or Markdown) back into a :class:`Document`.

Used to check that a written file says what was meant: headings, paragraphs, every table
cell with its merges. What a file cannot carry (``generated`` flags, column weights of
Markdown tables, cell alignment) comes back as defaults.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from xl_disclosure.draft.model import Block, Cell, Document, DraftNotice, Heading, Paragraph, Table

_UNESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def _table_from_spans(
    spans: list[tuple[int, int, int, int, str]], n_cols: int, widths: tuple[float, ...],
    header_rows: int, name: str,
) -> Table:  # fmt: skip
    n_rows = max((r + rs for r, _, rs, _, _ in spans), default=0)
    cells = tuple(Cell(text, r, c, rs, cs) for r, c, rs, cs, text in spans)
    return Table(n_rows, n_cols, cells, widths or (1.0,) * n_cols, header_rows, name)


# --- .docx -------------------------------------------------------------------------------


def _docx_table(tbl: Any, part: Any) -> Table:
    from docx.oxml.ns import qn
    from docx.table import Table as DocxTable
    from docx.table import _Cell

    parent = DocxTable(tbl, part)

    widths = tuple(
        float(g.get(qn("w:w"))) for g in tbl.find(qn("w:tblGrid")) if g.tag == qn("w:gridCol")
    )
    spans: dict[tuple[int, int], list[Any]] = {}
    owner: dict[tuple[int, int], tuple[int, int]] = {}
    header_rows = 0
    for r, tr in enumerate(tbl.findall(qn("w:tr"))):
        tr_pr = tr.find(qn("w:trPr"))
        if tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None and header_rows == r:
            header_rows += 1
        c = 0
        for tc in tr.findall(qn("w:tc")):
            tc_pr = tc.find(qn("w:tcPr"))
            grid_span = tc_pr.find(qn("w:gridSpan")) if tc_pr is not None else None
            width = int(grid_span.get(qn("w:val"))) if grid_span is not None else 1
            v_merge = tc_pr.find(qn("w:vMerge")) if tc_pr is not None else None
            if v_merge is not None and v_merge.get(qn("w:val"), "continue") == "continue":
                key = owner[(r - 1, c)]
                spans[key][2] += 1
            else:
                key = (r, c)
                spans[key] = [r, c, 1, width, _Cell(tc, parent).text]
            for k in range(width):
                owner[(r, c + k)] = key
            c += width
    rows = [(a[0], a[1], a[2], a[3], a[4]) for a in spans.values()]
    return _table_from_spans(sorted(rows), len(widths), widths, header_rows, "")


def read_docx(path: Path | str) -> Document:
    """The document of a .docx written by :func:`render_docx` (styles identify the parts)."""
    import docx
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph as DocxParagraph

    from xl_disclosure.draft import docx_styles as st

    source = docx.Document(str(path))
    title, notice_title, notice_lines = "", "", []
    blocks: list[Block] = []
    for child in source.element.body.iterchildren():
        if child.tag == qn("w:tbl"):
            blocks.append(_docx_table(child, source.part))
            continue
        if child.tag != qn("w:p"):
            continue
        p = DocxParagraph(child, source.part)
        text = p.text
        if not text.strip():
            continue
        style = p.style.name if p.style is not None else ""
        if style == st.TITLE:
            title = text.replace("\n", "")
        elif style == st.NOTICE:
            notice_title = text
        elif style == st.NOTICE_TEXT:
            notice_lines.append(text)
        elif style in (st.HEADING1, st.HEADING2):
            blocks.append(Heading(text, 1 if style == st.HEADING1 else 2))
        else:
            runs = p.runs
            first = runs[0]._r if runs else None
            fonts = first.rPr.rFonts if first is not None and first.rPr is not None else None
            lead = runs[0].text if fonts is not None and fonts.get(qn("w:eastAsia")) else ""
            blocks.append(Paragraph(text[len(lead) :], lead=lead))
    notice = DraftNotice(notice_title, tuple(notice_lines)) if notice_title else None
    return Document(title, tuple(blocks), notice)


# --- Markdown ----------------------------------------------------------------------------


class _TableParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.name = ""
        self.rows: list[list[list[Any]]] = []
        self.header_rows = 0
        self._in_head = False
        self._cell: list[Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self.name = a.get("data-table") or ""
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self.rows.append([])
            if self._in_head:
                self.header_rows += 1
        elif tag in ("td", "th"):
            self._cell = [int(a.get("rowspan") or 1), int(a.get("colspan") or 1), ""]
            self.rows[-1].append(self._cell)
        elif tag == "br" and self._cell is not None:
            self._cell[2] += "\n"

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag in ("td", "th"):
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell[2] += data


def _md_table(source: str) -> Table:
    parser = _TableParser()
    parser.feed(source)
    taken: set[tuple[int, int]] = set()
    spans: list[tuple[int, int, int, int, str]] = []
    n_cols = 0
    for r, row in enumerate(parser.rows):
        c = 0
        for rowspan, colspan, text in row:
            while (r, c) in taken:
                c += 1
            spans.append((r, c, rowspan, colspan, text))
            taken.update((r + i, c + j) for i in range(rowspan) for j in range(colspan))
            c += colspan
            n_cols = max(n_cols, c)
    return _table_from_spans(spans, n_cols, (), parser.header_rows, parser.name)


def md_unescape(text: str) -> str:
    return _UNESCAPE.sub(r"\1", text)


def read_markdown(text: str) -> Document:
    """The document of Markdown written by :func:`render_markdown`."""
    title = ""
    notice: DraftNotice | None = None
    blocks: list[Block] = []
    for chunk in text.strip("\n").split("\n\n"):
        if chunk.startswith(">"):
            lines = [md_unescape(line.lstrip(">").strip()) for line in chunk.splitlines()]
            lines = [line for line in lines if line]
            notice = DraftNotice(lines[0].strip("*"), tuple(lines[1:]))
        elif chunk.startswith("<table"):
            blocks.append(_md_table(chunk))
        elif chunk.startswith("#"):
            marks, _, body = chunk.partition(" ")
            if marks == "#":
                title = md_unescape(body)
            else:
                blocks.append(Heading(md_unescape(body), len(marks) - 1))
        else:
            lead, body = "", chunk
            m = re.match(r"^\*\*((?:\\.|[^*\\])*)\*\*", chunk)
            if m:
                lead, body = md_unescape(m.group(1)), chunk[m.end() :]
            blocks.append(Paragraph(md_unescape(body), lead=lead))
    return Document(title, tuple(blocks), notice)
