"""Apply the actions the remote interpreter returns to a workbook file, as ``Remote.bas`` would.

Only the actions our button functions may produce are implemented, each after the VBA Sub of
the same name in xlwings 0.37.8 ``addin/Remote.bas``; any other action fails the test, so a
change in what we emit cannot go unnoticed. ``coloured_cells`` evaluates the mark conditional
formats (``COUNTIFS`` over the mark list) the way Excel would for our formula shape.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils.cell import coordinate_from_string, get_column_letter, range_boundaries

_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z?$")


def _range(ws: Any, action: dict[str, Any]) -> list[list[Any]]:
    r0, c0 = action["start_row"] + 1, action["start_column"] + 1
    rows, cols = action["row_count"], action["column_count"]
    return [[ws.cell(r0 + i, c0 + j) for j in range(cols)] for i in range(rows)]


def _vba_value(value: Any) -> Any:
    """``setValues``: ``WebHelpers.ParseIso`` first, else the raw value; "" empties the cell."""
    if value == "" or value is None:
        return None
    if isinstance(value, str) and _ISO.match(value):
        return datetime.fromisoformat(value.rstrip("Z"))
    return value


def apply_actions(wb: Workbook, actions: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Apply ``actions`` in order; returns the alerts shown (prompt, mode)."""
    alerts: list[tuple[str, str]] = []
    for action in actions:
        func = action["func"]
        ws = (
            wb.worksheets[action["sheet_position"]]
            if action.get("sheet_position") is not None
            else None
        )
        if func == "setValues":
            assert ws is not None
            cells = _range(ws, action)
            for row, values in zip(cells, action["values"], strict=True):
                for cell, value in zip(row, values, strict=True):
                    cell.value = _vba_value(value)
        elif func == "rangeClearContents":
            assert ws is not None
            for row in _range(ws, action):
                for cell in row:
                    cell.value = None
        elif func == "activateSheet":
            wb.active = action["args"][0]
        elif func == "rangeSelect":
            assert ws is not None
            assert wb.active is ws, "Range.Select on a sheet that is not active fails in Excel"
            first = _range(ws, action)[0][0]
            ws.sheet_view.selection[0].activeCell = first.coordinate
            ws.sheet_view.selection[0].sqref = first.coordinate
        elif func == "alert":
            prompt, _title, _buttons, mode, _callback = action["args"]
            alerts.append((prompt, mode))
        else:
            raise AssertionError(f"action {func!r} is not expected from the button functions")
    return alerts


def apply_to_file(path: Path, actions: list[dict[str, Any]]) -> list[tuple[str, str]]:
    wb = load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
    alerts = apply_actions(wb, actions)
    wb.save(path)
    return alerts


_MARK = re.compile(
    r'^COUNTIFS\((?P<keys>\w+),"(?P<prefix>(?:[^"]|"")*)"&ADDRESS\(ROW\(\),COLUMN\(\),4\),'
    r'(?P<levels>\w+),"(?P<level>\w+)"\)>0$'
)


def _name_cells(wb: Workbook, name: str) -> list[Any]:
    sheet, ref = next(iter(wb.defined_names[name].destinations))
    min_col, min_row, _max_col, max_row = range_boundaries(ref.replace("$", ""))
    ws = wb[sheet]
    return [ws.cell(r, min_col).value for r in range(min_row, max_row + 1)]


def coloured_cells(wb: Workbook) -> dict[tuple[str, str], tuple[str, str]]:
    """(sheet, cell) -> (level, fill RGB) for every cell a mark conditional format colours now.

    The first true rule wins (all our rules stop if true), as in Excel.
    """
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for ws in wb.worksheets:
        for cf in ws.conditional_formatting:
            for rule in cf.rules:
                m = _MARK.match(rule.formula[0]) if rule.formula else None
                if m is None:
                    continue
                keys = _name_cells(wb, m["keys"])
                levels = _name_cells(wb, m["levels"])
                pairs = set(zip(keys, levels, strict=True))
                prefix = m["prefix"].replace('""', '"')
                fill = rule.dxf.fill.fgColor.rgb if rule.dxf and rule.dxf.fill else ""
                for rng in str(cf.sqref).split():
                    min_col, min_row, _, _ = range_boundaries(rng)
                    cell = f"{get_column_letter(min_col)}{min_row}"
                    if (prefix + cell, m["level"]) in pairs:
                        out.setdefault((ws.title, cell), (m["level"], str(fill)[-6:]))
    return out


def cell_ref(ref: str) -> tuple[str, int]:
    return coordinate_from_string(ref)
