"""The value domain every reader normalises to, and helpers to classify values.

Readers (openpyxl, calamine, xlwings, JSON) all return :data:`CellValue`; the validator never
sees engine types. The difference between ``0``, blank, ``"/"`` and text typed into a number
cell is kept, so each gets the right finding.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
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


@dataclass(frozen=True)
class NotAvailable:
    """A cell the source did not show at all (an imported page cut off, a table lost in
    conversion): unknown, which is not the same as printed empty."""

    def __repr__(self) -> str:
        return "NOT_AVAILABLE"


NOT_AVAILABLE: Final = NotAvailable()


CellValue = (
    int | float | str | bool | date | datetime | Blank | ExcelError | NotCalculated | NotAvailable
)

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
    if isinstance(value, NotAvailable):
        return "（原文缺失）"
    if isinstance(value, ExcelError):
        return value.code
    if isinstance(value, NotCalculated):
        return value.formula
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def normalise(value: object) -> CellValue:
    """Engine value -> :data:`CellValue` (str via :func:`normalise_text`, midnight datetimes
    become dates, ``None`` is blank; unknown objects become their text)."""
    if value is None:
        return BLANK
    if isinstance(value, str):
        return normalise_text(value)
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0) else value
    if isinstance(value, bool | int | float | date):
        return value
    if isinstance(value, Blank | ExcelError | NotCalculated):
        return value
    return normalise_text(str(value))


def text_of(value: CellValue) -> str:
    """A cell as text: blank -> ``""``, numbers as shown, dates ISO, errors by code."""
    if isinstance(value, Blank):
        return ""
    if isinstance(value, str):
        return str(value).replace("\r\n", "\n")
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    return display(value)
