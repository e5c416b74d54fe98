"""The value domain every reader normalises to, and helpers to classify values.

Readers (openpyxl, calamine, xlwings, JSON) all return :data:`CellValue`; the validator never
sees engine types. The difference between ``0``, blank, ``"/"`` and text typed into a number
cell is kept, so each gets the right finding.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final


@dataclass(frozen=True)
class Blank:
    """An empty cell (not the same as 0)."""

    def __repr__(self) -> str:
        return "BLANK"


BLANK: Final = Blank()


@dataclass(frozen=True)
class ExcelError:
    """An Excel error value such as ``#REF!``; never silently blank."""

    code: str


@dataclass(frozen=True)
class NotCalculated:
    """A formula with no cached result (file written by a tool that does not calculate)."""

    formula: str


CellValue = int | float | str | bool | date | datetime | Blank | ExcelError | NotCalculated

EXCEL_ERRORS: Final = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#UNKNOWN!",
        "#BUSY!",
    }
)

#: Symbols people type for "not applicable" (V-006).
NA_SYMBOLS: Final = frozenset({"/", "-", "—", "——", "无", "N/A", "n/a", "NA", "／", "－"})

_NUMBER_TEXT = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


def is_number(value: object) -> bool:
    """True for real numbers (not bools)."""
    return isinstance(value, int | float) and not isinstance(value, bool)


def number_from_text(text: str) -> float | int | None:
    """The number a text looks like (full-width digits and thousands separators folded).

    Example:
        >>> number_from_text("５０"), number_from_text(" 1,200 "), number_from_text("12元")
        (50, 1200, None)
    """
    folded = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    if not _NUMBER_TEXT.match(folded):
        return None
    number = float(folded)
    return int(number) if number.is_integer() and "." not in folded else number


def normalise_text(value: str) -> CellValue:
    """Normalise a string read from a cell: empty -> blank, error codes -> :class:`ExcelError`."""
    stripped = value.strip()
    if not stripped:
        return BLANK
    if stripped in EXCEL_ERRORS:
        return ExcelError(stripped)
    return value


def display(value: CellValue) -> str:
    """How a value is shown inside a Chinese message."""
    if isinstance(value, Blank):
        return "（空）"
    if isinstance(value, ExcelError):
        return value.code
    if isinstance(value, NotCalculated):
        return value.formula
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
