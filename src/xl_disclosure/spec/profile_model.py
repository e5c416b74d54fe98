"""What a local profile adds to a national format, as frozen data (built by :mod:`~.profile`).

A profile's tables are ordinary :class:`~xl_disclosure.spec.model.Table` objects whose cell
keys live in the profile's namespace (``ZJ.T1.R3``); what has no national counterpart is here:
the profile's identity, its extra input fields, its deadlines and its expression rules.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Final, Literal

from xl_disclosure.spec.expr import Node

#: Kinds of a profile's extra input field.
FieldKind = Literal["text", "longtext", "yesno", "date"]
#: Types of the values of a formula.
Type = Literal["number", "text", "bool", "date"]
INF: Final = math.inf


@dataclass(frozen=True)
class ProfileInfo:
    """Who made a profile and which version it is (recorded in workbooks and JSON)."""

    id: str
    version: str
    name: str
    namespace: str
    """Prefix of the profile's cell keys, field keys and rule ids (``ZJ``)."""
    authority: str = ""
    """The office that issued it (shown on the cover and the rules sheet)."""
    source: str = ""
    """The profile's text as loaded (canonical JSON), so a workbook can carry it along."""


@dataclass(frozen=True)
class InputField:
    """An extra input a profile asks for: a narrative item, a sign-off step, a filing date."""

    key: str
    """Full key in the profile's namespace (``EX.zone``)."""
    label: str
    kind: FieldKind
    where: int | Literal["cover"]
    """A section number (printed in that section of the draft) or ``cover``."""
    hint: str = ""

    @property
    def is_text(self) -> bool:
        return self.kind in ("text", "longtext")


@dataclass(frozen=True)
class Deadline:
    """The latest publication date for one kind of reporting body (D-006)."""

    agency_kind: str
    month: int
    day: int
    basis: str
    local: bool = False
    """Set by a profile (a stricter local date) rather than by the national format."""

    def date_for(self, year: int) -> date:
        """The deadline of the report for ``year`` (in the following year)."""
        return date(year + 1, self.month, self.day)

    @property
    def what(self) -> str:
        return "本地规定期限" if self.local else "法定期限"


@dataclass(frozen=True)
class Binding:
    """One value of an ``each`` placeholder: the text put into keys, and its label."""

    value: str
    label: str
    #: ``row``/``column`` when the values are the rows/columns of a block (for the words).
    axis: str = ""


@dataclass(frozen=True)
class Target:
    """What a name (or a range) of a formula refers to."""

    kind: Literal["cells", "figure", "text", "meta", "field"]
    name: str
    """The cell key, ``figure.x``, ``section.N``, ``meta.year``, a field key, or the pattern."""
    type: Type
    label: str
    cells: tuple[str, ...] = ()
    """Cell keys summed (one for a single cell)."""
    lo: float = -INF
    hi: float = INF
    """Range of the value (numbers only): counts cannot be negative."""

    @property
    def places(self) -> tuple[str, ...]:
        return self.cells or (self.name,)

    @property
    def single_cell(self) -> bool:
        return self.kind == "cells" and len(self.cells) == 1 and self.name == self.cells[0]


@dataclass(frozen=True)
class Instance:
    """One check of a rule: the formula with its ``each`` values put in, its names resolved."""

    binding: tuple[tuple[str, Binding], ...]
    node: Node
    targets: tuple[tuple[Node, Target], ...]
    """Every name and range of ``node`` -> what it refers to."""
    words: str
    """The formula in words (labels of this instance's cells)."""
    places: tuple[str, ...]
    """Finding places: every cell, text or field the formula reads, in reading order."""
