"""The calamine engine (python-calamine, Rust): fast bulk reading of cached values.

calamine hands over cached values only: Excel errors come back as ``""`` and a formula saved
without a result is indistinguishable from an empty cell. Both must be findings, never blank,
so after calamine's bulk read each sheet's XML is scanned (a regex pass over the formula and
error cells only, no DOM) and those cells are patched to :class:`ExcelError` /
:class:`NotCalculated`. calamine does not expose defined names either: they are read from
``xl/workbook.xml`` (parsed anyway to map sheets to parts), so inputs are found by name exactly
as the openpyxl engine finds them. A sheet calamine cannot read, or whose numbers it would
convert to dates unlike openpyxl (:func:`_dates_differ`), is read with openpyxl instead.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Sequence
from datetime import time, timedelta
from functools import lru_cache
from html import unescape
from pathlib import Path

from defusedxml import ElementTree

from xl_disclosure.cells import BLANK, CellValue, ExcelError, NotCalculated, normalise
from xl_disclosure.layout.grid import parse_a1
from xl_disclosure.readers.openpyxl_reader import OpenpyxlReader
from xl_disclosure.readers.safety.guard import refusal
from xl_disclosure.readers.safety.native import native_stderr

_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CELL = re.compile(r"<(?:\w+:)?c\s+r=\"([A-Z]+\d+)\"([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_FORMULA = re.compile(r"<(?:\w+:)?f(?:\s[^>]*)?(?:/>|>(.*?)</(?:\w+:)?f>)", re.DOTALL)
_VALUE = re.compile(r"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.DOTALL)
_ERROR_TYPE = re.compile(r"\bt=\"e\"")
#: Where a formula or an error cell may be: only these cells are matched against ``_CELL``.
_SPECIAL = re.compile(r"<(?:\w+:)?f[\s>/]|\bt=\"e\"")
_CELL_START = re.compile(r"<(?:\w+:)?c\s")
_RELATIONSHIP = re.compile(r"<(?:\w+:)?Relationship\b([^>]*)>")
_SHEET_TAG = re.compile(r"<(?:\w+:)?sheet\b([^>]*)>")
_DEFINED_NAME = re.compile(r"<(?:\w+:)?definedName\b([^>]*)>([^<]*)</(?:\w+:)?definedName>")
_ATTR_ID = re.compile(r"\bId=\"([^\"]*)\"")
_ATTR_TARGET = re.compile(r"\bTarget=\"([^\"]*)\"")
_ATTR_NAME = re.compile(r"\bname=\"([^\"]*)\"")
_ATTR_RID = re.compile(r"\b\w+:id=\"([^\"]*)\"")
_NAME_DEST = re.compile(r"^('(?:[^']|'')+'|[^'!\[\]:,]+)!(\$?[A-Za-z]{1,3}\$?\d+)$")


def _book(zf: zipfile.ZipFile) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """Sheet name -> worksheet part path, and workbook-level defined names -> (sheet, cell).

    Read with regexes (no entity is ever expanded; ~10x faster than a DOM for the template's
    300 names), and cached by content: the submissions of one template version share their
    workbook.xml byte for byte. A workbook.xml the regexes cannot make sense of goes through
    defusedxml.
    """
    parsed = _parse_book(zf.read("xl/workbook.xml"), zf.read("xl/_rels/workbook.xml.rels"))
    if parsed is None:
        return _book_dom(zf)
    parts, names = parsed
    return dict(parts), dict(names)


@lru_cache(maxsize=16)
def _parse_book(
    book_xml: bytes, rels_xml: bytes
) -> tuple[tuple[tuple[str, str], ...], tuple[tuple[str, tuple[str, str]], ...]] | None:
    book = book_xml.decode("utf-8", errors="replace")
    rels = rels_xml.decode("utf-8", errors="replace")
    targets = {}
    for tag in _RELATIONSHIP.findall(rels):
        rid, target = _ATTR_ID.search(tag), _ATTR_TARGET.search(tag)
        if rid and target:
            targets[rid.group(1)] = unescape(target.group(1))
    parts: dict[str, str] = {}
    for tag in _SHEET_TAG.findall(book):
        name, rid = _ATTR_NAME.search(tag), _ATTR_RID.search(tag)
        if name and rid and rid.group(1) in targets:
            parts[unescape(name.group(1))] = _part_path(targets[rid.group(1)])
    if not parts:
        return None
    names: dict[str, tuple[str, str]] = {}
    for attrs, text in _DEFINED_NAME.findall(book):
        name = _ATTR_NAME.search(attrs)
        if name is None or "localSheetId=" in attrs:
            continue
        dest = _destination(unescape(text))
        if dest is not None:
            names[unescape(name.group(1))] = dest
    return tuple(parts.items()), tuple(names.items())


def _part_path(target: str) -> str:
    return target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)


def _book_dom(zf: zipfile.ZipFile) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    parts: dict[str, str] = {}
    names: dict[str, tuple[str, str]] = {}
    for el in book.iter():
        if el.tag.endswith("}sheet") and el.get(_NS_REL) in targets:
            parts[el.get("name", "")] = _part_path(targets[el.get(_NS_REL)])
        elif el.tag.endswith("}definedName") and el.get("localSheetId") is None:
            dest = _destination(el.text or "")
            if dest is not None:
                names[el.get("name", "")] = dest
    return parts, names


def _destination(text: str) -> tuple[str, str] | None:
    """``'三、…'!$J$14`` -> (sheet, ``J14``); ``None`` for ranges, unions, external or #REF!
    (the cases the openpyxl engine skips too)."""
    m = _NAME_DEST.match(text.strip())
    if m is None:
        return None
    sheet = m.group(1)[1:-1].replace("''", "'") if m.group(1).startswith("'") else m.group(1)
    return sheet, m.group(2).replace("$", "")


def _special_cells(xml: str) -> dict[tuple[int, int], CellValue]:
    """(row, col) -> ExcelError / NotCalculated for cells calamine would report as empty.

    Only the cells around a ``<f`` or ``t="e"`` are matched (``str.find`` is ~10x faster than
    a regex scan of the whole sheet); sheets written with namespace prefixes (``<x:c>``) take
    the general regex path.
    """
    if "<c " not in xml:
        return _special_cells_prefixed(xml)
    out: dict[tuple[int, int], CellValue] = {}
    done = -1
    for pos in sorted({*_find_all(xml, "<f"), *_find_all(xml, 't="e"')}):
        if pos < done:
            continue  # a second hit inside a cell already read
        start = xml.rfind("<c ", 0, pos)
        cell = _CELL.match(xml, start) if start >= 0 else None
        if cell is None or cell.end() <= pos:
            continue  # not inside a cell (<filterColumn>, <formula> of a validation ...)
        done = cell.end()
        _classify(cell, out)
    return out


def _special_cells_prefixed(xml: str) -> dict[tuple[int, int], CellValue]:
    out: dict[tuple[int, int], CellValue] = {}
    done = -1
    for hit in _SPECIAL.finditer(xml):
        if hit.start() < done:
            continue
        start = xml.rfind("<", 0, hit.start() + 1)
        for _ in range(8):  # the cell tag is a few tags back at most (<c><f>, <c><is><t>...)
            if start <= 0 or _CELL_START.match(xml, start):
                break
            start = xml.rfind("<", 0, start)
        cell = _CELL.match(xml, max(start, 0))
        if cell is None:
            continue
        done = cell.end()
        _classify(cell, out)
    return out


def _find_all(text: str, needle: str) -> list[int]:
    out = []
    i = text.find(needle)
    while i != -1:
        out.append(i)
        i = text.find(needle, i + 1)
    return out


def _classify(cell: re.Match[str], out: dict[tuple[int, int], CellValue]) -> None:
    ref, attrs, inner = cell.groups()
    body = inner or ""
    value = _VALUE.search(body)
    cached = unescape(value.group(1)) if value else ""
    if _ERROR_TYPE.search(attrs) and cached:
        out[parse_a1(ref)] = ExcelError(cached.strip())
        return
    formula = _FORMULA.search(body)
    if formula and not cached:
        text = unescape(formula.group(1) or "").strip() or "（共享公式）"
        out[parse_a1(ref)] = NotCalculated(text if text.startswith("=") else "=" + text)


class CalamineReader:
    """A workbook file read with python-calamine."""

    def __init__(self, path: Path | str) -> None:
        from python_calamine import CalamineWorkbook

        self.path = Path(path)
        self._openpyxl: OpenpyxlReader | None = None
        try:
            with native_stderr() as printed:
                self._wb = CalamineWorkbook.from_path(str(self.path))
            self._zip = zipfile.ZipFile(self.path)
            self._parts, self._names = _book(self._zip)
        except Exception as exc:  # calamine/defusedxml raise their own types for damaged files
            error = refusal(exc, str(self.path))
            error.detail = "\n".join([error.detail, *printed])
            raise error from exc

    @property
    def source_label(self) -> str:
        return str(self.path)

    def sheet_names(self) -> list[str]:
        return list(self._wb.sheet_names)

    def defined_names(self) -> dict[str, tuple[str, str]]:
        return dict(self._names)

    def _fallback(self, sheet: str) -> list[list[CellValue]]:
        if self._openpyxl is None:
            self._openpyxl = OpenpyxlReader(self.path)
        return self._openpyxl.grid(sheet)

    def grid(self, sheet: str) -> list[list[CellValue]]:
        try:
            with native_stderr():  # a panic's message and backtrace note never reach the user
                ws = self._wb.get_sheet_by_name(sheet)
                start = ws.start or (0, 0)  # calamine ranges start at the first used cell
                raw_rows = ws.to_python(skip_empty_area=False)
        except BaseException as exc:  # CalamineError, or a Rust panic (a BaseException in pyo3)
            if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
                raise
            return self._fallback(sheet)
        if _dates_differ(raw_rows):
            return self._fallback(sheet)
        r0, c0 = int(start[0]), int(start[1])
        rows: list[list[CellValue]] = [[] for _ in range(r0)]
        for raw in raw_rows:
            rows.append([BLANK] * c0 + [_value(v) for v in raw])
        part = self._parts.get(sheet)
        if part is not None:
            xml = self._zip.read(part).decode("utf-8", errors="replace")
            for (r, c), value in _special_cells(xml).items():
                while len(rows) < r:
                    rows.append([])
                row = rows[r - 1]
                row.extend([BLANK] * (c - len(row)))
                if row[c - 1] == BLANK:
                    row[c - 1] = value
        return rows

    def close(self) -> None:
        with native_stderr():
            self._wb.close()
        self._zip.close()
        if self._openpyxl is not None:
            self._openpyxl.close()


#: Excel serial of 9999-12-31 + 1: openpyxl turns a date-formatted number of this magnitude
#: into #VALUE!, calamine leaves the number.
_LAST_SERIAL = 2958466


def _dates_differ(rows: Sequence[Sequence[object]]) -> bool:
    """Whether the sheet holds a value calamine converts unlike openpyxl, judged from what
    calamine returns (it gives no number formats):

    * a time of day or a duration: a negative number in a date-formatted cell comes back as
      a time (openpyxl gives a date before 1900), and times are rare in a report;
    * a number of 2,958,466 or more in magnitude: past 9999-12-31, openpyxl turns it into
      #VALUE! when the cell is date-formatted (calamine leaves the number).

    Such a sheet is read with openpyxl. Ordinary negatives (gb2019 本年增/减) stay on calamine.
    """
    for row in rows:
        for v in row:
            if isinstance(v, time | timedelta):
                return True
            if isinstance(v, int | float) and not isinstance(v, bool) and abs(v) >= _LAST_SERIAL:
                return True
    return False


def _value(raw: object) -> CellValue:
    if raw == "":  # calamine reports empty cells (and errors) as ""
        return BLANK
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 2**53:
        return int(raw)  # Excel has one number type; match the openpyxl engine's ints
    return normalise(raw)
