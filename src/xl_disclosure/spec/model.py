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
        return "表" + _TABLE_NO[self.table] + "“" + "”/“".join(parts) + "”"


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


_TABLE_NO = {"T2": "二", "T3": "三", "T4": "四"}


def table_number(table_id: str) -> str:
    """``'T3'`` -> ``'三'``."""
    return _TABLE_NO[table_id]


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
class Table:
    id: str
    section: int
    unit: str
    blocks: tuple[Block, ...]

    @property
    def cells(self) -> tuple[CellSpec, ...]:
        return tuple(c for b in self.blocks for c in b.cells)

    def block(self, block_id: str) -> Block:
        return next(b for b in self.blocks if b.id == block_id)


@dataclass(frozen=True)
class Section:
    no: int
    title: str
    kind: str  #: "text" or "table"
    table: str | None = None
    variants: tuple[str, ...] = ()
    placeholder: str = ""

    @property
    def numeral(self) -> str:
        return self.title.split("、", 1)[0]


@dataclass(frozen=True)
class Check:
    """A declarative balance: ``sum(lhs) == sum(rhs)``, repeated over columns or rows."""

    rule: str
    table: str
    over: str  #: "columns" (lhs/rhs are row keys), "rows" (column keys) or "none" (column keys)
    lhs: tuple[str, ...]
    rhs: tuple[str, ...]


@dataclass(frozen=True)
class Rule:
    """One entry of the rule catalogue (``spec/rules.json``)."""

    id: str
    severity: str
    basis: str
    formats: tuple[str, ...]
    kind: str
    formula: str
    message: str


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
