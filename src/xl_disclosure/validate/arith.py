"""The tables as the balance checks see them: blank cells, totals left blank, cells not available.

A balance check must not go silent because one cell is blank. This module decides, once per
report, what every cell of a checked table counts as:

* a number staff typed (or the importer read);
* **blank, counted as 0** — a part left empty (staff workbooks: V-001 still asks for a 0; an
  imported publication: the published convention, where an empty cell means none);
* **a derived total** — a total left blank beside parts that are not all zero: the value the
  parts give (``“（一）予以公开”的“总计”未填写，按各列应为 N``); the other checks then use it,
  so the 总计-column check still runs;
* **unknown** — not available (an imported page cut off), an Excel error, text: every check
  through such a cell is skipped, its own finding stands.

Everything is driven by the ``checks`` of the format spec (:class:`~xl_disclosure.spec.Check`):
a line of a check whose left side is one cell is that cell's definition as a total.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from xl_disclosure.cells import Blank, printed_none
from xl_disclosure.model import AnnualReport
from xl_disclosure.model.report import ReportSource
from xl_disclosure.spec import Block, Check, FormatSpec
from xl_disclosure.validate.cellnames import row_label

Number = int | float


@dataclass(frozen=True)
class Line:
    """One instance of a balance check: ``sum(lhs) == sum(rhs)`` in one column, row or table."""

    check: Check
    block: Block
    label: str
    """The column (over columns) or row (over rows) the line runs in, as messages name it
    (``（三）不予公开—3.危及‘三安全一稳定’``); ``""`` for one-row tables."""
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]

    @property
    def total(self) -> str | None:
        """The one cell this line defines as a total, if its left side is one cell."""
        return self.lhs[0] if len(self.lhs) == 1 else None

    @property
    def cells(self) -> tuple[str, ...]:
        return (*self.lhs, *self.rhs)

    @property
    def how(self) -> str:
        """How the parts of the total are read, for messages: ``各列`` or ``各项``."""
        return "各列" if self.check.over == "rows" else "各项"


_LINES: list[tuple[FormatSpec, tuple[Line, ...]]] = []


def lines(spec: FormatSpec) -> tuple[Line, ...]:
    """Every line of every balance check of ``spec``, in spec order (built once per spec)."""
    for cached, found in _LINES:
        if cached is spec:
            return found
    found = tuple(_lines(spec))
    _LINES.append((spec, found))
    del _LINES[:-8]
    return found


def _lines(spec: FormatSpec) -> Iterator[Line]:
    for check in spec.checks:
        block = spec.table(check.table).blocks[0]
        if check.over == "columns":
            for col in block.columns:
                yield Line(
                    check,
                    block,
                    col.label,
                    tuple(block.cell_key(block.row(k), col) for k in check.lhs),
                    tuple(block.cell_key(block.row(k), col) for k in check.rhs),
                )
        elif check.over == "rows":
            for row in block.rows:
                yield Line(
                    check,
                    block,
                    row_label(spec.cell(block.cell_key(row, block.columns[0]))),
                    tuple(block.cell_key(row, block.column(k)) for k in check.lhs),
                    tuple(block.cell_key(row, block.column(k)) for k in check.rhs),
                )
        else:
            row = block.rows[0]
            yield Line(
                check,
                block,
                "",
                tuple(block.cell_key(row, block.column(k)) for k in check.lhs),
                tuple(block.cell_key(row, block.column(k)) for k in check.rhs),
            )


@dataclass(frozen=True)
class Derived:
    """A total left blank, and what its parts make it."""

    key: str
    value: Number
    line: Line


@dataclass
class Arithmetic:
    """What each value cell counts as in the balance checks (see the module docstring)."""

    numbers: dict[str, Number]
    blank: frozenset[str]
    """Cells counted as 0: blank (and, in an imported publication, "/" and the like)."""
    derived: dict[str, Derived] = field(default_factory=dict)
    lines: tuple[Line, ...] = ()

    def value(self, key: str) -> Number | None:
        """The number a cell counts as; ``None`` when it is unknown."""
        if key in self.numbers:
            return self.numbers[key]
        if key in self.derived:
            return self.derived[key].value
        return 0 if key in self.blank else None

    def values(self, keys: tuple[str, ...] | list[str]) -> list[Number] | None:
        """The numbers of ``keys``, or ``None`` if any of them is unknown."""
        out = [self.value(k) for k in keys]
        return None if any(v is None for v in out) else [v for v in out if v is not None]

    def total(self, keys: tuple[str, ...] | list[str]) -> Number | None:
        vals = self.values(keys)
        return None if vals is None else _tidy(sum(vals))

    def filled(self, keys: tuple[str, ...] | list[str]) -> bool:
        """Whether none of ``keys`` is blank or derived (every one was typed)."""
        return all(k in self.numbers for k in keys)


def _tidy(x: Number) -> Number:
    return int(x) if isinstance(x, float) and x.is_integer() else x


def blank_cells(report: AnnualReport, keys: Iterable[str] | None = None) -> frozenset[str]:
    """Cells left empty; in an imported publication also those printed as "/" "—" and the like
    where the column does not accept 不适用 (the published convention for none,
    :func:`~xl_disclosure.cells.printed_none`). ``keys`` limits the search (to the cells that
    are not numbers, say); every value cell by default."""
    published = report.source is ReportSource.PUBLISHED
    spec = report.spec
    out = set()
    for key in (c.key for c in spec.cells) if keys is None else keys:
        v = report.value(key)
        if isinstance(v, Blank) or (published and printed_none(v, spec.cell(key).column.na)):
            out.add(key)
    return frozenset(out)


def arithmetic(
    report: AnnualReport, numbers: dict[str, Number], others: Iterable[str] | None = None
) -> Arithmetic:
    """Derive the blank totals of ``report`` from their parts (see the module docstring).
    ``others`` (the cells not in ``numbers``, if the caller knows them) spares a search."""
    spec = report.spec
    blank = blank_cells(report, others)
    all_lines = lines(spec)
    defining: dict[str, list[Line]] = {}
    for line in all_lines:
        if line.total is not None and line.total in blank:
            defining.setdefault(line.total, []).append(line)
    arith = Arithmetic(numbers, blank, lines=all_lines)
    pending = set(defining)
    while pending:
        progress = False
        for key in sorted(pending, key=lambda k: all_lines.index(defining[k][0])):
            for line in defining[key]:
                if any(c in pending for c in line.rhs):
                    continue
                parts = arith.values(line.rhs)
                if parts is None:
                    continue
                if any(parts):
                    arith.derived[key] = Derived(key, _tidy(sum(parts)), line)
                pending.discard(key)
                progress = True
                break
        if not progress:
            break  # parts unknown, or totals defined by each other: they stay blank
    return arith
