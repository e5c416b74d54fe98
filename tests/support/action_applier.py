"""Apply the actions the remote interpreter returns to a workbook file, as ``Remote.bas`` would.

Only the actions our button functions may produce are implemented, each after the VBA Sub of
the same name in xlwings 0.37.8 ``addin/Remote.bas``; any other action fails the test, so a
change in what we emit cannot go unnoticed. ``coloured_cells`` evaluates the mark conditional
formats (``COUNTIFS`` over the mark list) the way Excel would for our formula shape.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils.cell import coordinate_from_string, get_column_letter, range_boundaries


def _range(ws: Any, action: dict[str, Any]) -> list[list[Any]]:
    r0, c0 = action["start_row"] + 1, action["start_column"] + 1
    rows, cols = action["row_count"], action["column_count"]
    return [[ws.cell(r0 + i, c0 + j) for j in range(cols)] for i in range(rows)]


class _VbaError(Exception):
    """A run-time error inside ``ParseIso`` (``setValues`` then keeps the raw value)."""


_NUMBER = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eEdD][+-]?\d+)?\s*$")
_HEX = re.compile(r"^\s*&([hH][0-9A-Fa-f]{1,4}|[oO][0-7]{1,6})\s*$")


def vba_cint(text: str) -> int:
    """``VBA.CInt`` of a string: decimal (banker's rounding), ``&H``/``&O``; else an error."""
    m = _HEX.match(text)
    if m:
        digits = m.group(1)
        value = int(digits[1:], 16 if digits[0] in "hH" else 8)
        return value - 0x10000 if value > 0x7FFF and digits[0] in "hH" else value
    text = text.replace(",", "")  # CInt takes the locale's digit grouping (",": zh-CN, en-US)
    if not _NUMBER.match(text):
        raise _VbaError(f"type mismatch: {text!r}")
    try:
        number = Decimal(text.strip().replace("d", "e").replace("D", "e"))
    except InvalidOperation as exc:
        raise _VbaError(text) from exc
    value = int(number.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))
    if not -32768 <= value <= 32767:
        raise _VbaError(f"overflow: {text!r}")
    return value


def _date_serial(year: int, month: int, day: int) -> datetime:
    """``VBA.DateSerial``: two-digit years windowed (0-29 -> 20xx), months and days roll over."""
    if 0 <= year <= 29:
        year += 2000
    elif 30 <= year <= 99:
        year += 1900
    year += (month - 1) // 12
    month = (month - 1) % 12 + 1
    if not 100 <= year <= 9999:
        raise _VbaError("date out of range")
    first = datetime(year, month, 1)
    result = first + timedelta(days=day - 1)
    if not 100 <= result.year <= 9999:
        raise _VbaError("date out of range")
    return result


def _time_serial(parts: list[str]) -> timedelta:
    """``VBA.TimeSerial`` of 1-3 parts (the seconds through ``Int(Val(...))``)."""
    hours = vba_cint(parts[0])
    minutes = vba_cint(parts[1]) if len(parts) > 1 else 0
    seconds = (
        int(float(re.match(r"^\s*[+-]?\d*\.?\d*", parts[2]).group() or 0) or 0)
        if len(parts) > 2
        else 0
    )
    return timedelta(hours=hours, minutes=minutes, seconds=seconds)


def parse_iso(text: str) -> datetime:
    """``WebHelpers.ParseIso`` as vendored from xlwings 0.37.8 (no time-zone conversion).

    It splits on ``T`` (case-sensitive) and ``-``, so much more than ISO dates parse:
    ``"1-2-3"`` is 2001-02-03, ``"2024-13-01"`` rolls into 2025, a fourth part is ignored;
    a time part with four or more ``:`` parts is ignored. Raises :class:`_VbaError` where
    the VBA raises (then ``setValues`` writes the raw value).
    """
    parts = text.split("T")
    date_parts = parts[0].split("-") if parts[0] else []
    if len(date_parts) < 3:
        raise _VbaError("subscript out of range")
    value = _date_serial(*(vba_cint(p) for p in date_parts[:3]))
    if len(parts) < 2:
        return value
    clock = parts[1]
    if "Z" in clock:
        times = clock.replace("Z", "").split(":")
    else:
        at = clock.find("+")
        at = clock.find("-") if at < 0 else at
        times = clock[:at].split(":") if at >= 0 else clock.split(":")
        offset = clock[at + 1 :].split(":") if at >= 0 and clock[at + 1 :] else []
        if 1 <= len(offset) <= 3:  # parsed (and may fail like the time), then not applied
            _time_serial(offset)
    times = [] if times == [""] else times
    if 1 <= len(times) <= 3:
        value += _time_serial(times)
    return value


def vba_value(value: Any) -> Any:
    """``setValues``: ``ParseIso`` on every value first, else the raw value; "" empties."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            return parse_iso(value)
        except _VbaError:
            return value
    if isinstance(value, bool):
        return value
    try:
        return parse_iso(str(value))  # numbers go through CStr: "-5", "1E-05" never parse
    except _VbaError:
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
                    cell.value = vba_value(value)
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
