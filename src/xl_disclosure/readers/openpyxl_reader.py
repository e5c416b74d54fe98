"""The openpyxl engine: a workbook file -> grids of :data:`CellValue`.

openpyxl cannot give a formula and its cached result in one pass: ``data_only=False`` shows
the formula, ``data_only=True`` the cached value (``None`` when the file was written by a
tool that does not calculate). So the file is read once with formulas, and only sheets that
contain formulas are read a second time for their cached values; a formula without a cached
value becomes :class:`~xl_disclosure.cells.NotCalculated`, never blank.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook

from xl_disclosure.cells import BLANK, CellValue, NotCalculated, normalise
from xl_disclosure.readers.safety.guard import refusal
from xl_disclosure.readers.safety.native import engine_warnings

if not openpyxl.DEFUSEDXML:  # pragma: no cover - only when OPENPYXL_DEFUSEDXML=False is set
    import defusedxml

    defusedxml.defuse_stdlib()


def _open(path: Path, *, data_only: bool) -> Workbook:
    try:
        with engine_warnings():
            return openpyxl.load_workbook(
                path, read_only=True, data_only=data_only, keep_links=False
            )
    except Exception as exc:  # zip, XML (defusedxml) and value errors of damaged/hostile files
        raise refusal(exc, str(path)) from exc


def _formula_text(value: Any) -> str:
    text = getattr(value, "text", value)  # ArrayFormula keeps its formula in .text
    text = str(text)
    return text if text.startswith("=") else "=" + text


class OpenpyxlReader:
    """A workbook file read with openpyxl (read-only mode)."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self._wb = _open(self.path, data_only=False)
        self._cached: Workbook | None = None

    @property
    def source_label(self) -> str:
        return str(self.path)

    def sheet_names(self) -> list[str]:
        return list(self._wb.sheetnames)

    def defined_names(self) -> dict[str, tuple[str, str]]:
        out: dict[str, tuple[str, str]] = {}
        for name, dn in self._wb.defined_names.items():
            try:
                dests = list(dn.destinations)
            except (ValueError, AttributeError, TypeError):  # #REF! or external references
                continue
            if len(dests) == 1:
                sheet, ref = dests[0]
                if ":" not in ref and not sheet.startswith("["):  # [1]Sheet1: another file
                    out[name] = (sheet, ref.replace("$", ""))
        return out

    def grid(self, sheet: str) -> list[list[CellValue]]:
        with engine_warnings():  # openpyxl warns in English about what becomes a finding
            return self._grid(sheet)

    def _grid(self, sheet: str) -> list[list[CellValue]]:
        ws = self._wb[sheet]
        ws.reset_dimensions()  # trust the cells, not a possibly wrong <dimension> tag
        rows: list[list[CellValue]] = []
        formulas: list[tuple[int, int, str]] = []
        for r, row in enumerate(ws.iter_rows()):
            out: list[CellValue] = []
            for cell in row:
                col = getattr(cell, "column", None)
                if col is None:  # EmptyCell padding
                    out.append(BLANK)
                    continue
                while len(out) < col - 1:
                    out.append(BLANK)
                if cell.data_type == "f":
                    formulas.append((r, col - 1, _formula_text(cell.value)))
                    out.append(BLANK)
                else:
                    out.append(normalise(cell.value))
            rows.append(out)
        if formulas:
            self._fill_cached(sheet, rows, formulas)
        return rows

    def _fill_cached(
        self, sheet: str, rows: list[list[CellValue]], formulas: list[tuple[int, int, str]]
    ) -> None:
        if self._cached is None:
            self._cached = _open(self.path, data_only=True)
        ws = self._cached[sheet]
        ws.reset_dimensions()
        wanted = {(r, c): f for r, c, f in formulas}
        last_row = max(r for r, _, _ in formulas)
        for r, row in enumerate(ws.iter_rows(max_row=last_row + 1)):
            for cell in row:
                col = getattr(cell, "column", None)
                if col is None or (r, col - 1) not in wanted:
                    continue
                value = normalise(cell.value)
                rows[r][col - 1] = NotCalculated(wanted[(r, col - 1)]) if value == BLANK else value

    def close(self) -> None:
        self._wb.close()
        if self._cached is not None:
            self._cached.close()
