"""The tables of a format: value types, columns, rows, blocks, cells (part of :mod:`~.model`).

A table is a stack of blocks (section 二 has one block per 《条例》第二十条 item, 三 and 四 have
one block each); a block is a grid of rows x value columns. Every value cell has a stable key::

    T2.A.R1.C1     table T2, block A, row R1, column C1
    T2.B.R1        single-column blocks omit the column
    T3.new.C7      single-block tables omit the block
    T4.F05         single-row tables omit the row
    ZJ.T1.R3       a profile's table T1, in the profile's namespace ZJ
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal


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
    na: bool = False
    """``/`` (不适用) is an accepted entry (local tables such as Zhejiang's mark channels so)."""

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
    unit: str = ""
    """Unit printed in the block's unit column (local tables: 条, 次, 篇)."""
    heading: bool = False
    """A heading line of a local table: a label without value cells."""

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
    table_name: str = ""
    """How messages name the table when it is not a numbered national one (profile tables)."""

    @property
    def type(self) -> ValueType:
        return self.column.type

    @property
    def label(self) -> str:
        """A Chinese name for messages, e.g. ``表三“（七）总计”/“自然人”``."""
        col = self.column.label if self.row.label else self.column.full_label
        parts = [p.replace("\n", "") for p in (self.row.label, col) if p]
        name = self.table_name or "表" + table_number(self.table)
        return name + "“" + "”/“".join(parts) + "”"


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
    unit_header: str | None = None
    """Header of a unit column between the row labels and the values (local tables)."""
    filler: str = ""
    """Printed in the value cells of heading rows (``——``)."""
    table_name: str = ""
    """The table's name in messages when it is not a numbered national table."""

    def cell_key(self, row: Row, column: Column) -> str:
        return ".".join(p for p in (self.table, self.id, row.key, column.key) if p)

    @property
    def data_rows(self) -> tuple[Row, ...]:
        """Rows with value cells (heading rows excluded)."""
        return tuple(r for r in self.rows if not r.heading)

    @property
    def cells(self) -> tuple[CellSpec, ...]:
        return tuple(
            CellSpec(self.cell_key(r, c), self.table, self.id, r, c, self.table_name)
            for r in self.data_rows
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
    name: str = ""
    """A profile table's name in messages (``浙江统计表``); national tables are 表二/三/四."""
    title: str = ""
    """Sub-heading printed above a profile table (``（一）不同渠道方式主动公开…``)."""
    place: Literal["before", "after"] = "after"
    """Where a profile table sits in its section: before or after the official content."""
    sheet: str = ""
    """A sheet of its own in the template (empty: on its section's sheet)."""
    profile: str = ""
    """Namespace of the profile that adds this table (empty for a national table)."""

    @property
    def label(self) -> str:
        """``表三`` or the profile table's name."""
        return self.name or "表" + table_number(self.id)

    @property
    def cells(self) -> tuple[CellSpec, ...]:
        return tuple(c for b in self.blocks for c in b.cells)

    def block(self, block_id: str) -> Block:
        return next(b for b in self.blocks if b.id == block_id)
