"""The intermediate document of a draft: headings, paragraphs and tables, nothing about fonts.

:func:`xl_disclosure.draft.build_document` makes one from a report; the Markdown and .docx
renderers only lay it out, and :mod:`xl_disclosure.draft.readback` reads a rendered file back
into the same shapes so tests can compare what was written with what was meant.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

#: Opening of a visible "to be completed" marker in generated text (highlighted in the .docx).
TODO_OPEN = "【待补充"
#: The heading of a draft whose report still has errors (brief: never silently).
DRAFT_NOTICE_TITLE = "草稿—存在未通过校验项"


@dataclass(frozen=True)
class Heading:
    """A heading: level 1 for the six sections (一、…, 黑体), level 2 for （一）… (楷体)."""

    text: str
    level: int


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph (仿宋, first line indented two characters)."""

    text: str
    lead: str = ""
    """Run-in sub-heading printed in 楷体 before ``text``, e.g. ``（一）主动公开。``."""
    generated: bool = False
    """Written by the generator from the tables (not by staff)."""


@dataclass(frozen=True)
class Cell:
    """The top-left cell of a (possibly merged) rectangle of a table grid."""

    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    """A label (header, corner, block heading or row label) rather than a value."""
    align: Literal["left", "center"] = "center"
    indent: int = 0
    """Left indent in characters (levels of a local indicator table)."""

    @property
    def bottom(self) -> int:
        return self.row + self.rowspan - 1

    @property
    def right(self) -> int:
        return self.col + self.colspan - 1


@dataclass(frozen=True)
class Table:
    """A rectangular grid given by its anchor cells (row-major); every position is covered once."""

    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]
    widths: tuple[float, ...]
    """Relative column widths (any scale); renderers fit them to the text width."""
    header_rows: int = 0
    """Leading rows repeated at the top of each page."""
    name: str = ""
    """``T2``/``T3``/``T4`` for the official tables, ``local`` for a local indicator table."""

    def __post_init__(self) -> None:
        self.grid()  # raises on overlaps or holes

    def grid(self) -> list[list[Cell]]:
        """For each grid position, the anchor cell covering it."""
        grid: list[list[Cell | None]] = [[None] * self.n_cols for _ in range(self.n_rows)]
        for cell in self.cells:
            for r in range(cell.row, cell.bottom + 1):
                for c in range(cell.col, cell.right + 1):
                    if grid[r][c] is not None:
                        raise ValueError(f"table {self.name}: cell ({r}, {c}) covered twice")
                    grid[r][c] = cell
        holes = [
            (r, c) for r in range(self.n_rows) for c in range(self.n_cols) if grid[r][c] is None
        ]
        if holes:
            raise ValueError(f"table {self.name}: positions not covered: {holes[:5]}")
        return [[c for c in row if c is not None] for row in grid]

    def rows(self) -> list[list[Cell]]:
        """Anchor cells grouped by the row they start in."""
        out: list[list[Cell]] = [[] for _ in range(self.n_rows)]
        for cell in sorted(self.cells, key=lambda c: (c.row, c.col)):
            out[cell.row].append(cell)
        return out

    def texts(self) -> list[str]:
        """Every anchor's text in reading order (row-major), merged cells once."""
        return [c.text for row in self.rows() for c in row]


@dataclass(frozen=True)
class DraftNotice:
    """The visible banner of a draft that still has unresolved errors."""

    title: str
    lines: tuple[str, ...] = ()


Block = Heading | Paragraph | Table


@dataclass(frozen=True)
class Document:
    """A whole draft: title, optional draft banner, then the blocks in reading order."""

    title: str
    blocks: tuple[Block, ...] = ()
    notice: DraftNotice | None = None
    meta: dict[str, str] = field(default_factory=dict, compare=False)
    """Document properties (``agency``, ``year``) for the .docx core properties."""

    def headings(self, level: int | None = None) -> list[str]:
        return [b.text for b in self.blocks if isinstance(b, Heading) and level in (None, b.level)]

    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def text_flow(self) -> Iterator[str]:
        """Headings and paragraphs (lead included) in order, without tables."""
        for b in self.blocks:
            if isinstance(b, Heading):
                yield b.text
            elif isinstance(b, Paragraph):
                yield b.lead + b.text
