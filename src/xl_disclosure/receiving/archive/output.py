"""Query results as a terminal table, a CSV file (UTF-8 with BOM, for Excel) or a workbook."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from xl_disclosure.io.atomic import write_atomic

if TYPE_CHECKING:
    import pandas as pd

#: Rows printed to the terminal before "（另有 N 行）".
SHOWN = 200
_SHEET_NAMES = {
    "rollup": "汇总",
    "indicators": "指标与分位数",
    "yoy": "同比",
    "identical": "数据与上年完全相同",
    "rule-failures": "规则触发率",
    "similar": "文字雷同",
    "sql": "查询结果",
}


def print_table(frame: pd.DataFrame, out: TextIO) -> None:
    if frame.empty:
        out.write("（没有结果）\n")
        return
    shown = frame.head(SHOWN)
    out.write(shown.to_string(index=False, na_rep="—", float_format=lambda v: f"{v:.4g}") + "\n")
    if len(frame) > SHOWN:
        out.write(f"（另有 {len(frame) - SHOWN} 行，请用 -o 输出为 CSV 或工作簿）\n")
    out.write(f"共 {len(frame)} 行。\n")


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    data = frame.to_csv(index=False).encode("utf-8-sig")
    return write_atomic(path, data)


def _cell(value: Any) -> Any:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def write_workbook(results: dict[str, pd.DataFrame], path: Path, notes: list[str]) -> Path:
    """One sheet per result (named queries get Chinese sheet names) after a 说明 sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    from xl_disclosure.receiving.aggregate.xlsx_stream import clean_text

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "说明"
    ws["A1"] = "政府信息公开工作年度报告归档查询"
    ws["A1"].font = Font(bold=True, size=14)
    for i, note in enumerate(notes, start=3):
        ws.cell(i, 1, clean_text(note))
    ws.column_dimensions["A"].width = 100
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for name, frame in results.items():
        sheet = wb.create_sheet(_SHEET_NAMES.get(name, name)[:31])
        sheet.append([str(c) for c in frame.columns])
        for cell in sheet[1]:
            cell.font, cell.fill = bold, fill
        for row in frame.itertuples(index=False):
            sheet.append([clean_text(v) if isinstance(v, str) else _cell(v) for v in row])
        sheet.freeze_panes = "A2"
        for j, column in enumerate(frame.columns, start=1):
            sheet.column_dimensions[sheet.cell(1, j).column_letter].width = max(
                10, min(40, 2 * len(str(column)) + 4)
            )
    return write_atomic(path, lambda tmp: wb.save(str(tmp)))
