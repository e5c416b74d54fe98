"""The calamine engine (python-calamine, Rust): fast bulk reading of cached values.

calamine hands over cached values only: Excel errors come back as ``""`` and a formula saved
without a result is indistinguishable from an empty cell. Both must be findings, never blank,
so after calamine's bulk read each sheet's XML is scanned once (a regex pass, no DOM) for error
cells and uncached formulas, and those cells are patched to :class:`ExcelError` /
:class:`NotCalculated`. calamine does not expose defined names: inputs are found by position.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from html import unescape
from pathlib import Path

from defusedxml import ElementTree

from xl_disclosure.cells import BLANK, CellValue, ExcelError, NotCalculated
from xl_disclosure.errors import InputError
from xl_disclosure.layout_grid import parse_a1
from xl_disclosure.readers.base import normalise

_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_CELL = re.compile(r"<(?:\w+:)?c\s+r=\"([A-Z]+\d+)\"([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.DOTALL)
_FORMULA = re.compile(r"<(?:\w+:)?f(?:\s[^>]*)?(?:/>|>(.*?)</(?:\w+:)?f>)", re.DOTALL)
_VALUE = re.compile(r"<(?:\w+:)?v>(.*?)</(?:\w+:)?v>", re.DOTALL)
_ERROR_TYPE = re.compile(r"\bt=\"e\"")


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> worksheet part path inside the package."""
    book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
    rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out: dict[str, str] = {}
    for sheet in book.iter():
        if sheet.tag.endswith("}sheet") and sheet.get(_NS_REL) in targets:
            target = targets[sheet.get(_NS_REL)]
            path = (
                target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
            )
            out[sheet.get("name", "")] = path
    return out


def _special_cells(xml: str) -> dict[tuple[int, int], CellValue]:
    """(row, col) -> ExcelError / NotCalculated for cells calamine would report as empty."""
    out: dict[tuple[int, int], CellValue] = {}
    for ref, attrs, inner in _CELL.findall(xml):
        body = inner or ""
        value = _VALUE.search(body)
        cached = unescape(value.group(1)) if value else ""
        if _ERROR_TYPE.search(attrs) and cached:
            out[parse_a1(ref)] = ExcelError(cached.strip())
            continue
        formula = _FORMULA.search(body)
        if formula and not cached:
            text = unescape(formula.group(1) or "").strip() or "（共享公式）"
            out[parse_a1(ref)] = NotCalculated(text if text.startswith("=") else "=" + text)
    return out


class CalamineReader:
    """A workbook file read with python-calamine."""

    def __init__(self, path: Path | str) -> None:
        from python_calamine import CalamineWorkbook

        self.path = Path(path)
        try:
            self._wb = CalamineWorkbook.from_path(str(self.path))
            self._zip = zipfile.ZipFile(self.path)
            self._parts = _sheet_parts(self._zip)
        except Exception as exc:  # calamine/defusedxml raise their own types for damaged files
            raise InputError(
                f"工作簿无法读取（{type(exc).__name__}: {exc}）。",
                where=str(self.path),
                hint="请用 Excel 打开后重新保存为 .xlsx，或重新下载模板填写。",
            ) from exc

    @property
    def source_label(self) -> str:
        return str(self.path)

    def sheet_names(self) -> list[str]:
        return list(self._wb.sheet_names)

    def defined_names(self) -> dict[str, tuple[str, str]]:
        return {}

    def grid(self, sheet: str) -> list[list[CellValue]]:
        ws = self._wb.get_sheet_by_name(sheet)
        start = ws.start or (0, 0)  # calamine ranges start at the first used cell
        r0, c0 = int(start[0]), int(start[1])
        rows: list[list[CellValue]] = [[] for _ in range(r0)]
        for raw in ws.to_python(skip_empty_area=False):
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
        self._wb.close()
        self._zip.close()


def _value(raw: object) -> CellValue:
    if raw == "":  # calamine reports empty cells (and errors) as ""
        return BLANK
    if isinstance(raw, float) and raw.is_integer() and abs(raw) < 2**53:
        return int(raw)  # Excel has one number type; match the openpyxl engine's ints
    return normalise(raw)
