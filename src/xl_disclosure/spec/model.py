"""Frozen dataclasses for a report format. Built only by :mod:`xl_disclosure.spec.load`.

A format has six sections; sections 二/三/四 each hold one table; a table is a stack of
blocks (section 二 has one block per 《条例》第二十条 item, 三 and 四 have one block each); a
block is a grid of rows x value columns. Every value cell has a stable key::

    T2.A.R1.C1     table T2, block A, row R1, column C1
    T2.B.R1        single-column blocks omit the column
    T3.new.C7      single-block tables omit the block
    T4.F05         single-row tables omit the row
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any, Literal


class ValueType(StrEnum):
    """What a value cell may hold."""

    COUNT = "count"  #: whole number >= 0
    SIGNED = "signed"  #: whole number, may be negative (gb2019 本年增/减)
    AMOUNT_WAN = "amount_wan"  #: number >= 0 in 万元 (gb2021 收费金额)
    MONEY = "money"  #: number >= 0, unit declared on the cover (gb2019 采购总金额)

    @property
    def integral(self) -> bool:
        return self in (ValueType.COUNT, ValueType.SIGNED)

    @property
    def signed(self) -> bool:
        return self is ValueType.SIGNED


@dataclass(frozen=True)
class Column:
    key: str
    path: tuple[str, ...]
    type: ValueType
    total: bool = False

    @property
    def label(self) -> str:
        return self.path[-1]

    @property
    def full_label(self) -> str:
        """The header path without the shared top group, e.g. ``行政诉讼—复议后起诉—总计``."""
        return "—".join(self.path)


@dataclass(frozen=True)
class Row:
    key: str
    path: tuple[str, ...]

    @property
    def label(self) -> str:
        return self.path[-1] if self.path else ""


@dataclass(frozen=True)
class CellSpec:
    """One value cell of a table."""

    key: str
    table: str
    block: str
    row: Row
    column: Column

    @property
    def type(self) -> ValueType:
        return self.column.type

    @property
    def label(self) -> str:
        """A Chinese name for messages, e.g. ``表三“（七）总计”/“自然人”``."""
        col = self.column.label if self.row.label else self.column.full_label
        parts = [p for p in (self.row.label, col) if p]
        return "表" + table_number(self.table) + "“" + "”/“".join(parts) + "”"


def path_runs(paths: Sequence[tuple[str, ...]], level: int) -> list[tuple[int, int, str, bool]]:
    """How header (or row-label) paths merge at one level: runs ``(first, last, label, leaf)``.

    Non-leaf items next to each other with the same prefix up to ``level`` share one merged
    cell; a leaf (its path ends at ``level``) is always a run of its own, and spans the deeper
    levels. The template builder and the draft both print the official tables from this.

    Example:
        >>> path_runs([("行政复议", "结果维持"), ("行政复议", "总计"), ("行政诉讼", "未经复议直接起诉", "总计")], 0)
        [(0, 1, '行政复议', False), (2, 2, '行政诉讼', False)]
    """
    runs: list[tuple[int, int, str, bool]] = []
    for i, path in enumerate(paths):
        if len(path) <= level:
            continue
        leaf = len(path) == level + 1
        if (
            runs
            and not leaf
            and not runs[-1][3]
            and runs[-1][1] == i - 1
            and paths[i - 1][: level + 1] == path[: level + 1]
        ):
            first, _, label, _ = runs[-1]
            runs[-1] = (first, i, label, False)
        else:
            runs.append((i, i, path[level], leaf))
    return runs


_NUMERALS = "零一二三四五六七八九十"


def table_number(table_id: str) -> str:
    """The Chinese number of a table, from its id: ``'T3'`` -> ``'三'`` (tables are numbered
    after their section, 1-10)."""
    return _NUMERALS[int(table_id[1:])]


@dataclass(frozen=True)
class Block:
    id: str
    heading: str | None
    corner: str | None
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    table: str = ""

    def cell_key(self, row: Row, column: Column) -> str:
        return ".".join(p for p in (self.table, self.id, row.key, column.key) if p)

    @property
    def cells(self) -> tuple[CellSpec, ...]:
        return tuple(
            CellSpec(self.cell_key(r, c), self.table, self.id, r, c)
            for r in self.rows
            for c in self.columns
        )

    def row(self, key: str) -> Row:
        return next(r for r in self.rows if r.key == key)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class TableLayout:
    """How a table is drawn (template sheet, summary workbook): widths of its physical columns,
    label columns and value slots (``None``: derived from the header paths), orientation."""

    widths: tuple[float, ...]
    label_cols: int | None = None
    value_slots: int | None = None
    landscape: bool = False


@dataclass(frozen=True)
class Table:
    id: str
    section: int
    unit: str
    blocks: tuple[Block, ...]
    layout: TableLayout = TableLayout(())

    @property
    def cells(self) -> tuple[CellSpec, ...]:
        return tuple(c for b in self.blocks for c in b.cells)

    def block(self, block_id: str) -> Block:
        return next(b for b in self.blocks if b.id == block_id)


@dataclass(frozen=True)
class Item:
    """One thing a narrative section is expected to cover (D-009, D-011, D-012), with the words
    that show it is covered."""

    name: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Section:
    no: int
    title: str
    kind: Literal["text", "table"]
    table: str | None = None
    variants: tuple[str, ...] = ()
    placeholder: str = ""
    items: tuple[tuple[str, tuple[Item, ...]], ...] = ()
    """Per rule id, what the section should cover (the format's narrative guidance)."""

    def items_for(self, rule_id: str) -> tuple[Item, ...]:
        return next((items for rid, items in self.items if rid == rule_id), ())

    @property
    def numeral(self) -> str:
        return self.title.split("、", 1)[0]


@dataclass(frozen=True)
class Check:
    """A declarative balance: ``sum(lhs) == sum(rhs)``, repeated over columns or rows."""

    rule: str
    table: str
    over: Literal["columns", "rows", "none"]
    """``columns``: lhs/rhs are row keys, checked in every column; ``rows``: column keys,
    checked in every row; ``none``: column keys of a one-row table."""
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]


@dataclass(frozen=True)
class Figure:
    """A quantity code asks for by name (``received``, ``review_total``, ``fee_amount`` ...).

    ``cells`` are summed for its value. A figure over rows of table 三 also has a value per
    applicant column (``by_column``: column key -> the cells summed in that column).
    """

    name: str
    label: str
    cells: tuple[str, ...]
    by_column: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def column(self, column_key: str) -> tuple[str, ...]:
        """The cells of this figure in one column (``()`` if it has no such column)."""
        return next((cells for key, cells in self.by_column if key == column_key), ())


@dataclass(frozen=True)
class Record:
    """One row of related cells a rule reads together, e.g. 规章: 制发 / 废止 / 现行有效."""

    id: str
    """Stable across years of the same kind of record (``A.R1``, ``review``)."""
    label: str
    fields: tuple[tuple[str, str], ...]
    """Field name -> cell key, in order."""

    def cell(self, field_name: str) -> str:
        return next(key for name, key in self.fields if name == field_name)


@dataclass(frozen=True)
class RecordSet:
    name: str
    label: str
    records: tuple[Record, ...]


@dataclass(frozen=True)
class CarryOver:
    """What prefill says about table 二 when it starts this format from last year's report."""

    same: str = ""
    """When last year used this format too."""
    by_format: tuple[tuple[str, str], ...] = ()
    """Last year's format id -> note."""
    other: str = ""

    def note(self, this_format: str, previous_format: str) -> str:
        if previous_format == this_format:
            return self.same
        return dict(self.by_format).get(previous_format, self.other)


@dataclass(frozen=True)
class Rule:
    """One entry of the rule catalogue (``spec/rules.json``)."""

    id: str
    severity: str
    basis: str
    kind: str
    formula: str
    message: str
    requires: tuple[str, ...] = ()
    """What a format must have for the rule to apply (see :meth:`FormatSpec.provides`)."""


@dataclass(frozen=True)
class FormatSpec:
    """One official format (``gb2019`` or ``gb2021``)."""

    id: str
    name: str
    title: str
    instrument: str
    year_from: int
    year_to: int | None
    sections: tuple[Section, ...]
    tables: tuple[Table, ...]
    checks: tuple[Check, ...]
    traits: frozenset[str] = frozenset()
    figures: tuple[Figure, ...] = ()
    record_sets: tuple[RecordSet, ...] = ()
    groups: tuple[tuple[str, tuple[Any, ...]], ...] = ()
    sentences: tuple[tuple[str, str], ...] = ()
    carry_over: CarryOver = CarryOver()
    official: bool = True
    """False for a format found outside the package (a local profile or a test format)."""
    _index: dict[str, CellSpec] = field(default_factory=dict, compare=False, repr=False)

    def table(self, table_id: str) -> Table:
        return next(t for t in self.tables if t.id == table_id)

    def section(self, no: int) -> Section:
        return self.sections[no - 1]

    @cached_property
    def cells(self) -> tuple[CellSpec, ...]:
        """Every value cell in spec order."""
        return tuple(c for t in self.tables for c in t.cells)

    @cached_property
    def cell_index(self) -> dict[str, CellSpec]:
        return {c.key: c for c in self.cells}

    def cell(self, key: str) -> CellSpec:
        return self.cell_index[key]

    def applies_to(self, year: int) -> bool:
        return year >= self.year_from and (self.year_to is None or year <= self.year_to)

    # -- named figures, records and traits: what code asks instead of comparing format ids --
    @cached_property
    def _figures(self) -> dict[str, Figure]:
        return {f.name: f for f in self.figures}

    def has_figure(self, name: str) -> bool:
        return name in self._figures

    def figure(self, name: str) -> Figure:
        """A named figure; :class:`KeyError` if this format has none of that name."""
        return self._figures[name]

    def records(self, name: str) -> tuple[Record, ...]:
        """The records of a named set (``()`` when the format has no such set)."""
        return next((rs.records for rs in self.record_sets if rs.name == name), ())

    def group(self, name: str) -> tuple[Any, ...]:
        """A named ordered list from the spec (``outcomes``, ``key_figures`` ...)."""
        return next((items for key, items in self.groups if key == name), ())

    def sentence(self, name: str) -> str:
        return dict(self.sentences).get(name, "")

    @cached_property
    def derived_traits(self) -> frozenset[str]:
        """Traits that follow from the value types of the cells."""
        types = {c.type for c in self.cells}
        out = set()
        if ValueType.SIGNED in types:
            out.add("signed_delta")
        if ValueType.AMOUNT_WAN in types:
            out.add("fee_amount_wan")
        if ValueType.MONEY in types:
            out.add("purchase_amount")
        return frozenset(out)

    def has(self, trait: str) -> bool:
        """Whether the format has a trait, declared (``fee_reporting``) or derived from its value
        types (``signed_delta``, ``fee_amount_wan``, ``purchase_amount``)."""
        return trait in self.traits or trait in self.derived_traits

    def provides(self, requirement: str) -> bool:
        """Whether a rule requirement holds: ``figure:NAME``, ``record:NAME``, ``check:RULE``,
        ``narrative:RULE`` (a section lists what the rule looks for) or a trait."""
        kind, _, name = requirement.partition(":")
        if not name:
            return self.has(kind)
        if kind == "figure":
            return self.has_figure(name)
        if kind == "record":
            return bool(self.records(name))
        if kind == "check":
            return any(c.rule == name for c in self.checks)
        if kind == "narrative":
            return any(s.items_for(name) for s in self.sections)
        return False

    def applies(self, rule: Rule) -> bool:
        """Whether a catalogue rule applies to reports in this format."""
        return all(self.provides(r) for r in rule.requires)


def carried_cells(this: FormatSpec, previous: FormatSpec) -> tuple[tuple[str, str], ...]:
    """(this year's cell, last year's cell) pairs that carry over: this format's ``carry_in``
    figure against last year's ``carry_out``, column by column (Y-001, prefill). Works across
    formats, since both name the figures; empty when either format lacks them."""
    if not (this.has_figure("carry_in") and previous.has_figure("carry_out")):
        return ()
    carry_in, carry_out = this.figure("carry_in"), previous.figure("carry_out")
    pairs = []
    for column, cells in carry_in.by_column:
        last = carry_out.column(column)
        if len(cells) == 1 and len(last) == 1:
            pairs.append((cells[0], last[0]))
    return tuple(pairs)
