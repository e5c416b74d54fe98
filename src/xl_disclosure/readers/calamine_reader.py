"""The calamine engine (python-calamine, Rust): fast bulk reading of cached values.

calamine reads what Excel saved: cached results of formulas, not the formulas themselves,
and no defined names. So a formula saved without a result reads as blank here (the openpyxl
engine reports it as not calculated), and inputs are found by position only. Use it for
bulk reading of workbooks saved by Excel/WPS/LibreOffice (e.g. aggregation).
"""

from __future__ import annotations

from pathlib import Path

from xl_disclosure.cells import BLANK, CellValue
from xl_disclosure.errors import InputError
from xl_disclosure.readers.base import normalise


class CalamineReader:
    """A workbook file read with python-calamine."""

    def __init__(self, path: Path | str) -> None:
        from python_calamine import CalamineWorkbook

        self.path = Path(path)
        try:
            self._wb = CalamineWorkbook.from_path(str(self.path))
        except Exception as exc:  # calamine raises its own error types for damaged files
            raise InputError(
                f"工作簿无法读取（{type(exc).__name__}: {exc}）。", where=str(self.path),
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
        return rows

    def close(self) -> None:
        self._wb.close()


def _value(raw: object) -> CellValue:
    if raw == "":  # calamine reports empty cells as ""
        return BLANK
    return normalise(raw)
