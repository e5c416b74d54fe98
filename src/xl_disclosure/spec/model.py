"""Frozen dataclasses for a report format. Built only by :mod:`xl_disclosure.spec.load`.

A format has six sections; sections 二/三/四 each hold one table (:mod:`~.tables`: blocks,
rows, columns and the key of every value cell). A format extended by a local profile
(:mod:`~.profile`) is a format too, with the profile's tables, fields, deadlines and rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

from xl_disclosure.spec.expr import Node
from xl_disclosure.spec.profile_model import Binding, Deadline, InputField, Instance, ProfileInfo
from xl_disclosure.spec.tables import (
    Block,
    CellSpec,
    Column,
    Row,
    Table,
    TableLayout,
    ValueType,
    path_runs,
    table_number,
)

__all__ = [
    "Binding",
    "Block",
    "CellSpec",
    "Column",
    "Deadline",
    "InputField",
    "Instance",
    "ProfileInfo",
    "Row",
    "Table",
    "TableLayout",
    "ValueType",
    "path_runs",
    "table_number",
]


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
class ExprRule(Rule):
    """A rule of a local profile: a formula of the 审核公式 language (:mod:`~.expr`)."""

    check: str = ""
    """The formula as written."""
    node: Node | None = None
    """The formula parsed."""
    each: tuple[tuple[str, tuple[Binding, ...]], ...] = ()
    """Placeholder -> its values: the rule is checked once per combination."""
    instances: tuple[Instance, ...] = ()
    """The checks the rule makes, names resolved against its format (one per ``each`` value)."""


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
    base: str = ""
    """The national format this spec extends with a profile (empty for a national format)."""
    profile: ProfileInfo | None = None
    input_fields: tuple[InputField, ...] = ()
    """A profile's extra inputs (narrative items, sign-off and filing steps)."""
    deadlines: tuple[Deadline, ...] = ()
    expr_rules: tuple[ExprRule, ...] = ()
    """A profile's rules (the national ones are in ``rules.json``)."""
    _index: dict[str, CellSpec] = field(default_factory=dict, compare=False, repr=False)

    @property
    def national_id(self) -> str:
        """The national format's id (``gb2019`` also for ``gb2019+zj-2019``)."""
        return self.base or self.id

    def deadline(self, agency_kind: str) -> Deadline | None:
        """The publication deadline for a kind of body (a profile's stricter one first)."""
        return next((d for d in self.deadlines if d.agency_kind == agency_kind), None)

    def input_field(self, key: str) -> InputField | None:
        return next((f for f in self.input_fields if f.key == key), None)

    def profile_tables(self, section: int, place: str) -> tuple[Table, ...]:
        """A profile's tables printed in ``section`` before/after its official content."""
        return tuple(
            t for t in self.tables if t.profile and t.section == section and t.place == place
        )

    def table_label(self, table_id: str) -> str:
        """``表三``, or a profile table's name."""
        return self.table(table_id).label

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

    @cached_property
    def number_kinds(self) -> tuple[tuple[str, bool, bool], ...]:
        """(key, whole numbers only, may be negative) of every value cell: what the validator
        needs of each cell on its hot path, computed once per format."""
        return tuple((c.key, c.type.integral, c.type.signed) for c in self.cells)

    @cached_property
    def table_keys(self) -> dict[str, tuple[str, ...]]:
        """The value cell keys of each table, by table id, in spec order."""
        out: dict[str, list[str]] = {}
        for c in self.cells:
            out.setdefault(c.table, []).append(c.key)
        return {tid: tuple(keys) for tid, keys in out.items()}

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
        """Traits that follow from the value types of the national cells."""
        types = {c.type for t in self.tables if not t.profile for c in t.cells}
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
