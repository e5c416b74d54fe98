"""Placements, sheets and the layout object (data only; built by :mod:`~xl_disclosure.layout.build`)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Literal

from xl_disclosure.layout.grid import Helper, Label, col_letter, parse_a1
from xl_disclosure.spec import FormatSpec, ValueType, load_format

COVER_SHEET = "封面"
FINDINGS_SHEET = "校验结果"
RULES_SHEET = "审核公式"
#: Very hidden sheet recording what the workbook is (see :data:`META_CELLS`).
META_SHEET = "_xd_meta"
#: Marker in :data:`META_CELLS` ``generator``: tells our templates from foreign workbooks.
GENERATOR = "xl-disclosure"
#: Key -> value cell on :data:`META_SHEET` (keys are in column A, values in column B).
META_CELLS: dict[str, str] = {
    "generator": "B1",
    "format": "B2",
    "template_version": "B3",
    "layout_checksum": "B4",
}
#: Prefix of every defined name of the template.
NAME_PREFIX = "XD_"
#: On :data:`META_SHEET` of a template built with a local profile: its id and version, and
#: from :data:`PROFILE_SOURCE_ROW` down column B the profile itself (compact JSON in chunks of
#: :data:`PROFILE_CHUNK` characters), so the workbook can be read where it is not installed.
PROFILE_META_CELLS: dict[str, str] = {"profile": "B5", "profile_version": "B6"}
PROFILE_SOURCE_ROW = 7
PROFILE_CHUNK = 30000
PROFILE_MAX_CHUNKS = 40
#: Top-left cell of the area of the cover where the Excel buttons go (free, unlocked-free area).
COVER_BUTTON_CELL = "F4"

#: Findings sheet columns, in order: (key, Chinese header). ``fingerprint`` is hidden.
FINDINGS_COLUMNS: tuple[tuple[str, str], ...] = (
    ("severity", "级别"),
    ("rule", "规则"),
    ("place", "位置"),
    ("message", "问题说明"),
    ("expected", "应为"),
    ("actual", "实为"),
    ("explanation", "说明（保留提示时填写）"),
    ("fingerprint", "标识"),
)
FINDINGS_TITLE_ROW = 1
FINDINGS_NOTE_ROW = 2
FINDINGS_HEADER_ROW = 3
FINDINGS_FIRST_ROW = 4


def findings_column(key: str) -> str:
    """Column letter of a findings-sheet column, e.g. ``findings_column("explanation") == 'G'``."""
    keys = [k for k, _ in FINDINGS_COLUMNS]
    return col_letter(keys.index(key) + 1)


class InputKind(StrEnum):
    """What an input cell holds (drives styling, data validation and reading)."""

    NUMBER = "number"  #: a table value (see ``Placement.value_type``)
    YEAR = "year"  #: whole number (report year)
    DATE = "date"  #: a date (ISO text in the model)
    CHOICE = "choice"  #: one of ``Placement.choices`` (dropdown)
    TEXT = "text"  #: one line of text
    LONGTEXT = "longtext"  #: wrapped multi-line text (narratives, preamble, contact)


#: What a sheet of the template is.
SheetKind = Literal["cover", "text", "table", "findings", "rules"]


@dataclass(frozen=True)
class Placement:
    """One input cell of the template."""

    place: str
    """Spec-level name of the input (``T3.new.C7``, ``section.1``, ``meta.agency``...)."""
    sheet: str
    cell: str
    """Top-left cell in A1 notation, e.g. ``D12``."""
    name: str
    """Workbook defined name, e.g. ``XD_T3_new_C7``."""
    kind: InputKind = InputKind.NUMBER
    merge: str | None = None
    """Range the input cell is merged over (``B5:C5``), if any."""
    value_type: ValueType | None = None
    choices: tuple[str, ...] = ()
    label: str = ""
    """Short Chinese description for the input message."""
    na: bool = False
    """A number cell that also takes ``/`` (不适用; a profile column says so)."""

    @property
    def address(self) -> str:
        """``'三、收到和处理政府信息公开申请情况'!D12`` (quoted for Excel formulas/hyperlinks)."""
        return f"'{self.sheet}'!{self.cell}"

    @property
    def row(self) -> int:
        return parse_a1(self.cell)[0]

    @property
    def col(self) -> int:
        return parse_a1(self.cell)[1]


@dataclass(frozen=True)
class SheetLayout:
    """Everything drawn on one sheet (the builder renders it; readers use ``inputs``)."""

    name: str
    kind: SheetKind
    labels: tuple[Label, ...] = ()
    inputs: tuple[Placement, ...] = ()
    helpers: tuple[Helper, ...] = ()
    col_widths: tuple[tuple[str, float], ...] = ()
    row_heights: tuple[tuple[int, float], ...] = ()
    borders: tuple[str, ...] = ()
    """Ranges drawn with thin borders on every cell (the official tables)."""
    print_area: str | None = None
    print_title_rows: str | None = None
    landscape: bool = False
    protected: bool = True
    """Sheet protection (the findings sheet is written by buttons and stays unprotected)."""
    hidden_cols: tuple[str, ...] = ()


@dataclass(frozen=True)
class Layout:
    """The template layout of one format."""

    format_id: str
    sheets: tuple[SheetLayout, ...]
    _index: dict[str, Placement] = field(default_factory=dict, compare=False, repr=False)

    COVER_SHEET = COVER_SHEET
    FINDINGS_SHEET = FINDINGS_SHEET
    RULES_SHEET = RULES_SHEET

    @property
    def spec(self) -> FormatSpec:
        return load_format(self.format_id)

    @property
    def sheet_names(self) -> tuple[str, ...]:
        """Visible sheets in order: 封面, the six sections, a profile's own sheets, 校验结果,
        审核公式."""
        return tuple(s.name for s in self.sheets)

    def sheet(self, name: str) -> SheetLayout:
        return next(s for s in self.sheets if s.name == name)

    def section_sheet(self, no: int) -> str:
        """Sheet name of section ``no`` (its official title)."""
        return self.sheets[no].name

    def locate(self, place: str) -> Placement | None:
        """The input cell of ``place``; ``None`` when the template has no such input."""
        return self._index.get(place)

    def anchor(self, place: str) -> tuple[str, str]:
        """The best (sheet, cell) to show for any finding place, even one without an input.

        An input's own cell; else the first input under it (``T3.new`` -> ``T3.new.C1``); else
        the title of its section sheet (``section.2.title``, ``T4``); else the cover.

        Example:
            >>> from xl_disclosure.layout import layout_for
            >>> lay = layout_for("gb2021")
            >>> lay.anchor("section.5.title"), lay.anchor("T4"), lay.anchor("report")
            (('封面', 'B31'), ('四、政府信息公开行政复议、行政诉讼情况', 'A14'), ('封面', 'A1'))
        """
        p = self.locate(place) or next(
            (q for q in self.input_placements() if q.place.startswith(place + ".")), None
        )
        if p is not None:
            return p.sheet, p.cell
        head, _, rest = place.partition(".")
        if head == "section" and rest[:1] in "123456" and rest[:1]:
            return self.section_sheet(int(rest[:1])), "A1"
        table = next(
            (t for t in self.spec.tables if place == t.id or place.startswith(t.id + ".")), None
        )
        if table is not None:
            return table.sheet or self.section_sheet(table.section), "A1"
        return COVER_SHEET, "A1"

    def input_placements(self) -> tuple[Placement, ...]:
        """Every unlocked input cell, sheet by sheet in reading order."""
        return tuple(p for s in self.sheets for p in s.inputs)

    def by_name(self) -> dict[str, Placement]:
        """Defined name -> placement."""
        return {p.name: p for p in self.input_placements()}

    @cached_property
    def checksum(self) -> str:
        """Hash of every placement, label and helper of the sheets a reader reads: tells our
        exact layout from others. The 审核公式 sheet is documentation (it lists the rule
        catalogue) and is left out, so rewording a rule does not make workbooks look altered."""
        return _checksum(self)


def defined_name(place: str) -> str:
    """Deterministic defined name of a place: ``T3.deny.third_party.C7`` ->
    ``XD_T3_deny_third_party_C7`` (uniqueness is checked when a layout is built)."""
    return NAME_PREFIX + re.sub(r"[^0-9A-Za-z_]", "_", place)


def _checksum(layout: Layout) -> str:
    h = hashlib.sha256()
    for s in layout.sheets:
        if s.kind == "rules":
            continue
        h.update(f"S|{s.name}|{s.kind}\n".encode())
        for p in s.inputs:
            h.update(
                f"P|{p.place}|{p.cell}|{p.name}|{p.kind}|{p.merge}|{p.value_type}|{p.choices}"
                f"{'|na' if p.na else ''}\n".encode()
            )
        for lab in s.labels:
            h.update(f"L|{lab.cell}|{lab.merge}|{lab.text}\n".encode())
        for hp in s.helpers:
            h.update(f"H|{hp.cell}|{hp.formula}\n".encode())
    return h.hexdigest()[:16]
