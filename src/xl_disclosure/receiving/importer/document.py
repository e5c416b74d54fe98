"""A published report as a flat list of blocks: paragraphs and table segments.

Every source (plain text, HTML, .docx) is turned into this shape first; the structure parser
and the table placer only ever see :class:`Para` and :class:`TableSeg`.

Plain text is the hard case, because copies of web pages flatten tables in several ways:

* one cell per line, each line starting with a tab, rows separated by blank lines (the Zhenhai
  copy); a header cell with a line break continues on a line *without* a tab;
* tab-separated rows, one row per line;
* ``|``-separated rows (``a | b | c`` or Markdown ``| a | b |``);
* no marker at all (one cell per line, or cells separated by blank lines). Such text is only
  recognised inside sections 二–四, by the structure parser (:func:`plain_segment`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xl_disclosure.receiving.importer.labels import is_heading, section_number, strip_cell
from xl_disclosure.textnorm import UNWRITABLE


@dataclass
class Para:
    """One non-empty line of running text, stripped."""

    text: str
    gap: int = 0
    """Blank lines right before it in a text source (a blank cell in some flattened tables)."""


@dataclass
class TableSeg:
    """A run of table rows; each cell is the list of its (stripped) lines."""

    rows: list[list[list[str]]] = field(default_factory=list)
    row_marks: bool = True
    """Whether row boundaries are real (False for marker-less text: one row of all cells)."""
    blank_marks: bool = True
    """Whether blank cells keep their position (False where empty cells vanished)."""
    blanks_inferred: bool = False
    """Blank cells were read from line spacing, not printed as cells."""


Block = Para | TableSeg


def _writable(text: str) -> str:
    """``text`` without what no output file can hold: control characters dropped (a source's
    stray bytes), lone surrogates and non-characters (a broken ``\\u`` escape) as U+FFFD."""
    if UNWRITABLE.search(text) is None:
        return text
    return UNWRITABLE.sub(lambda m: "" if m.group() < " " else "\ufffd", text)


def writable_blocks(blocks: list[Block]) -> list[Block]:
    """``blocks`` with every text made :func:`_writable`, so what the importer reads from any
    source can be saved as JSON, .xlsx and .docx and read back."""
    for block in blocks:
        if isinstance(block, Para):
            block.text = _writable(block.text)
        else:
            block.rows = [
                [[_writable(line) for line in cell] for cell in row] for row in block.rows
            ]
    return blocks


_PIPE_SEPARATOR = re.compile(r"^:?-{2,}:?$")


def _is_pipe_row(line: str) -> bool:
    stripped = line.strip()
    return stripped.count("|") >= 2 or " | " in stripped


def _pipe_cells(line: str) -> list[str] | None:
    """All the pieces between pipes, the outer ones included (see :meth:`_SegmentBuilder.finish`)."""
    parts = [strip_cell(p) for p in line.strip().split("|")]
    inner = parts[1:] if line.strip().startswith("|") else parts
    inner = inner[:-1] if line.strip().endswith("|") else inner
    if inner and all(_PIPE_SEPARATOR.match(p) for p in inner):
        return None
    return parts


def _kind(line: str) -> str:
    if "\t" in line:
        return "tab"
    stripped = strip_cell(line)
    if not stripped:
        return "blank"
    if not stripped.strip("| "):  # bare pipes: filler or blank cell, for the stream lexer
        return "plain"
    if _is_pipe_row(line):
        return "pipe"
    return "plain"


def _is_continuation(lines: list[str], kinds: list[str], i: int) -> bool:
    """A plain line inside a tab table: a wrapped cell (``制作数量`` after ``\\t本年新``)."""
    text = strip_cell(lines[i])
    if is_heading(text) or section_number(text) is not None:
        return False
    nxt = next((k for k in kinds[i + 1 :] if k != "blank"), None)
    return nxt == "tab"


class _SegmentBuilder:
    def __init__(self) -> None:
        self.seg = TableSeg()
        self.row: list[list[str]] = []
        self.pending_break = False
        self.cell_lines = False
        """The last table line was one cell (Zhenhai style), not a whole row."""
        self.pipes: list[tuple[int, bool, bool]] = []
        """Rows read from pipe lines: (index, leading pipe, trailing pipe)."""

    def _close_row(self) -> None:
        if self.row:
            self.seg.rows.append(self.row)
        self.row = []

    def blank(self) -> None:
        self.pending_break = True

    def tab_line(self, line: str) -> None:
        body = line[1:] if line.startswith("\t") else line
        if "\t" in body:  # a whole tab-separated row on one line
            self._close_row()
            self.seg.rows.append([[strip_cell(c)] for c in line.split("\t")])
        else:  # one cell per line (the Zhenhai copy)
            if self.pending_break:
                self._close_row()
            self.row.append([strip_cell(body)])
        self.cell_lines = "\t" not in body
        self.pending_break = False

    def pipe_line(self, line: str) -> None:
        cells = _pipe_cells(line)
        self._close_row()
        if cells is not None:
            stripped = line.strip()
            self.pipes.append((len(self.seg.rows), stripped[0] == "|", stripped[-1] == "|"))
            self.seg.rows.append([[c] for c in cells])
        self.cell_lines = False
        self.pending_break = False

    def single_cell_row(self, line: str) -> None:
        """A one-cell line between whole-row lines (a block heading such as 第二十条第（五）项)."""
        self._close_row()
        self.seg.rows.append([[strip_cell(line)]])

    def continuation(self, line: str) -> None:
        if self.row:
            self.row[-1].append(strip_cell(line))
        elif self.seg.rows:
            self.seg.rows[-1][-1].append(strip_cell(line))
        self.pending_break = False

    def finish(self) -> TableSeg:
        """The segment; outer pipes that every row has are frame (Markdown ``| a | b |``, or a
        trailing `` |`` on every line), while a leading pipe only some rows have stands for an
        empty first cell (a merged group label written once: ``| | 2.其他… | |``)."""
        self._close_row()
        lead = all(p[1] for p in self.pipes)
        for i, has_lead, has_trail in self.pipes:
            row = self.seg.rows[i]
            start = 1 if has_lead and lead else 0
            self.seg.rows[i] = row[start : len(row) - 1 if has_trail else len(row)]
        return self.seg


def text_blocks(text: str) -> list[Block]:
    """Split plain text into paragraphs and table segments."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kinds = [_kind(line) for line in lines]
    blocks: list[Block] = []
    builder: _SegmentBuilder | None = None
    gap = 0
    for i, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        before, gap = gap, gap + 1 if kind == "blank" else 0
        if kind in ("tab", "pipe"):
            builder = builder or _SegmentBuilder()
            if kind == "tab":
                builder.tab_line(line)
            else:
                builder.pipe_line(line)
        elif kind == "blank":
            if builder:
                builder.blank()
        elif builder and _is_continuation(lines, kinds, i):
            if builder.cell_lines:
                builder.continuation(line)
            else:
                builder.single_cell_row(line)
        else:
            if builder:
                blocks.append(builder.finish())
                builder = None
            blocks.append(Para(strip_cell(line), before))
    if builder:
        blocks.append(builder.finish())
    return blocks


def plain_segment(paras: list[Para]) -> TableSeg:
    """Marker-less table text: every line is one cell, row boundaries unknown."""
    return TableSeg(rows=[[[p.text] for p in paras]], row_marks=False)


def cell_text(lines: list[str]) -> str:
    """A cell as kept in a local table: lines stripped, blank lines dropped, joined by ``\\n``."""
    return "\n".join(s for s in (strip_cell(x) for x in lines) if s)


def cell_label(lines: list[str]) -> str:
    """A cell as a label: its lines joined without separator (line breaks in headers, §7)."""
    return "".join(strip_cell(x) for x in lines)
