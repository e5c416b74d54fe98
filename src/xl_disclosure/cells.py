"""The value domain every reader normalises to, and helpers to classify values.

Readers (openpyxl, calamine, xlwings, JSON) all return :data:`CellValue`; the validator never
sees engine types. The difference between ``0``, blank, ``"/"`` and text typed into a number
cell is kept, so each gets the right finding.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
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


def printed_none(value: object, accepts_na: bool) -> bool:
    """A "/" (—, 无 …) in a column that does not accept 不适用: what a published table prints
    for none, read as 0 in an imported publication. Where the column accepts 不适用 it is that
    proper entry, in a publication as in a workbook.

    Example:
        >>> printed_none("／", False), printed_none("/", True), printed_none("12", False)
        (True, False, False)
    """
    return isinstance(value, str) and value.strip() in NA_SYMBOLS and not accepts_na


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


#: Beyond this magnitude (and below :data:`_SMALLEST`) a number is written 1.5×10¹⁶.
_LARGEST = 10**15
_SMALLEST = 1e-6
_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def format_number(value: int | float, places: int | None = None) -> str:
    """A number as people write it: ``206``, ``12.5``, ``1×10³⁰⁸`` (never 309 digits),
    ``无穷大``; ``places`` rounds the decimals of an ordinary number (trailing zeros dropped).

    Example:
        >>> format_number(206.0), format_number(0.25), format_number(1e308), format_number(-10**20)
        ('206', '0.25', '1×10³⁰⁸', '-1×10²⁰')
        >>> format_number(2 / 3, places=6), format_number(1.5e-9), format_number(float("-inf"))
        ('0.666667', '1.5×10⁻⁹', '负无穷大')
    """
    if isinstance(value, float) and not math.isfinite(value):
        return "非数字（NaN）" if math.isnan(value) else ("无穷大" if value > 0 else "负无穷大")
    magnitude = abs(value)
    if magnitude >= _LARGEST or (value and magnitude < _SMALLEST):
        return _scientific(value)
    if isinstance(value, int):
        return str(value)
    if value.is_integer():
        return str(int(value))
    if places is not None:
        return f"{value:.{places}f}".rstrip("0").rstrip(".")
    text = f"{value:.10g}"  # ten significant digits: 0.1 + 0.2 reads 0.3
    return format(Decimal(repr(value)), "f") if "e" in text else text


def _scientific(value: int | float) -> str:
    """``1.23457×10¹⁸``: six significant digits (``math.log10`` takes ints of any size)."""
    lg = math.log10(abs(value))
    exponent = math.floor(lg)
    mantissa = round(10 ** (lg - exponent), 5)
    if mantissa >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    digits = f"{mantissa:.5f}".rstrip("0").rstrip(".")
    return f"{'-' if value < 0 else ''}{digits}×10{str(exponent).translate(_SUPERSCRIPT)}"


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
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
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
