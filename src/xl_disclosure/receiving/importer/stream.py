"""Table text with no row structure, as a stream of cells.

When a table section of a text source has no tab- or pipe-separated rows, its lines are the
cells themselves, in one of the ways copies of web pages and PDFs flatten tables:

* one cell per line ending in `` |``; bare-pipe lines (``|||``) stand where merged cells were,
  a lone ``|`` is a blank cell;
* one cell per line with ``|`` on a line of its own between cells (two ``|`` lines in a row:
  a blank cell);
* cells on their own lines, or separated by blank lines; an extra blank line is a blank cell;
* PDF text: a row label and its numbers on one line separated by spaces (``规章 0 0 0``),
  the 15 numbers of 表四 on one line, headers broken into a few characters per token.

The result is one :class:`TableSeg` row holding every cell in order (``row_marks=False``);
``blank_marks`` says whether blank cells kept their position.
"""

from __future__ import annotations

from collections import Counter

from xl_disclosure.receiving.importer.document import Para, TableSeg
from xl_disclosure.receiving.importer.labels import classify

#: Share of lines that must follow a convention for the section to be read that way.
_SHARE = 0.25
_MIN_LINES = 3
_UNITS = frozenset({"元", "万元", "件", "个", "项", "次", "条"})


def _bare_pipes(text: str) -> int:
    """Number of pipes on a line of nothing but pipes (0 for any other line)."""
    return text.count("|") if text and not text.strip("| ") else 0


def _cell_pipe(text: str) -> bool:
    return text.endswith("|") and bool(text.strip("| ")) and text.count("|") == 1


def stream_segment(paras: list[Para], end_gap: int = 0) -> TableSeg:
    """The cells of a table section's lines (see the module docstring); ``end_gap``: blank
    lines after the last one (before the next heading)."""
    texts = [p.text for p in paras]
    enough = max(_MIN_LINES, int(len(texts) * _SHARE))
    if sum(_cell_pipe(t) for t in texts) >= enough:
        return TableSeg([_pipe_ended(texts)], row_marks=False, blank_marks=True)
    if sum(_bare_pipes(t) == 1 for t in texts) >= enough:
        return TableSeg([_pipe_separated(texts)], row_marks=False, blank_marks=True)
    cells, known = _plain([*paras, Para("", end_gap)])
    return TableSeg([cells[:-1]], row_marks=False, blank_marks=known, blanks_inferred=True)


def _pipe_ended(texts: list[str]) -> list[list[str]]:
    cells: list[list[str]] = []
    for text in texts:
        pipes = _bare_pipes(text)
        if pipes == 1:
            cells.append([""])
        elif pipes == 0:
            cells.append([text.strip("| ").strip()])
    return cells


def _pipe_separated(texts: list[str]) -> list[list[str]]:
    cells: list[list[str]] = []
    current: list[str] = []
    started = False
    for text in texts:
        if _bare_pipes(text):
            if current or started:
                cells.append(current or [""])
            current, started = [], True
        else:
            current.append(text)
    if current:
        cells.append(current)
    return cells


def _split_line(text: str) -> list[list[str]]:
    """A line as cells: a label and the numbers after it (``规章 0 0 0``) become separate
    cells; words of a label stay separate tokens (the placer joins them when matching)."""
    parts: list[str] = []
    for part in text.split(" "):
        if parts and part in _UNITS and classify(parts[-1])[0] == "number":
            parts[-1] += part  # ``12 元``: the unit belongs to the number
        elif parts and part[:1] in ".、．" and parts[-1].isdigit() and len(parts[-1]) <= 2:
            parts[-1] += part  # ``8 .属于行政查询事项``: a row number spaced off its label
        else:
            parts.append(part)
    if len(parts) == 1:
        return [[text]]
    return [[p] for p in parts]


def _plain(paras: list[Para]) -> tuple[list[list[str]], bool]:
    """Cells of marker-less lines; an extra blank line over the usual spacing is a blank cell."""
    gaps = Counter(p.gap for p in paras[1:])
    base = gaps.most_common(1)[0][0] if gaps else 0
    known = (
        len(paras) > _MIN_LINES
        and gaps.get(base, 0) * 2 >= len(paras) - 1
        and any(g > base for g in gaps)  # no wider gap at all: blanks vanished or none
    )
    cells: list[list[str]] = []
    for i, para in enumerate(paras):
        if i and known and para.gap > base:
            cells.extend([""] for _ in range(para.gap - base))
        cells.extend(_split_line(para.text))
    return cells, known
