"""The JSON body xlwings' VBA client (``Remote.bas``, ``RunRemotePython``) posts, built from a file.

Mirrors ``RunServerPython`` in xlwings 0.37.8 ``addin/Remote.bas`` line by line:

* ``client``/``version``; ``book`` = workbook name, ``ActiveSheet.Index - 1``, selection
  address without ``$``;
* ``names``: every workbook name (hidden ones too) whose ``RefersToRange`` works, with the
  sheet index, the address without ``$``, book or sheet scope; print areas/titles included
  (Excel lists them as ``'Sheet'!Print_Area``);
* ``sheets``: every worksheet (hidden and very hidden too) with its pictures (shapes of type
  picture only; our buttons are auto-shapes), tables (ListObjects) and ``values`` = the
  range from A1 to the end of the used range, or ``[[]]`` when the used range is one empty
  cell or the sheet is excluded.

Cell values follow ``WebHelpers.ConvertToJson`` on ``Range.Value``: Empty -> ``null``,
Double -> JSON number (integral doubles print without a decimal point), Boolean, String,
Date -> ``"yyyy-mm-ddTHH:MM:SS.000Z"``, and the seven classic error values -> their text.
Newer error values (``#SPILL!``, ``#CALC!``...) convert to nothing in ``ConvertToJson``, so
the client leaves an empty array slot (``[1,,3]``): :func:`build_body` writes exactly that
(the payload dict holds :data:`EMPTY_SLOT` there).

Known approximation: Excel's UsedRange also counts formatted empty cells; openpyxl's sheet
dimension (cells present in the XML, styled or not) is the closest file-level equivalent.
Formulas are sent as Excel's last calculated value; a file written by openpyxl has none, so
those cells go out as ``null`` (the template's formulas are helper cells, never inputs).
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import xlwings
from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries

VBA_ERRORS = ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!")
#: Stands for the nothing ``ConvertToJson`` writes for an error value it does not know.
EMPTY_SLOT = "\x00xd-empty-slot\x00"


def _json_value(value: Any, data_type: str = "") -> Any:
    if value is None:
        return None
    if data_type == "e":  # an error value: Range.Value holds a CVErr, not text
        return str(value) if str(value) in VBA_ERRORS else EMPTY_SLOT
    if isinstance(value, bool):
        return value
    if isinstance(value, datetime | date):
        if not isinstance(value, datetime):
            value = datetime.combine(value, time(0))
        return value.strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, time):
        return datetime.combine(date(1899, 12, 30), value).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    if isinstance(value, int | float):
        number = float(value)
        return int(number) if number.is_integer() else number
    return str(value)


def _address(ref: str) -> str:
    return ref.replace("$", "")


def _names(wb: Any) -> list[dict[str, Any]]:
    index = {ws.title: i for i, ws in enumerate(wb.worksheets)}
    out: list[dict[str, Any]] = []

    def add(name: str, sheet: str, ref: str, scope: str | None) -> None:
        if sheet not in index:
            return
        out.append(
            {
                "name": name,
                "sheet_index": index[sheet],
                "address": _address(ref),
                "book_scope": scope is None,
                "scope_sheet_name": scope,
                "scope_sheet_index": None if scope is None else index[scope],
            }
        )

    def destinations(defn: Any) -> list[tuple[str, str]]:
        try:
            return list(defn.destinations)
        except Exception:
            return []

    for name, defn in wb.defined_names.items():
        dest = destinations(defn)
        if len(dest) == 1:
            add(name, dest[0][0], dest[0][1], None)
    for ws in wb.worksheets:
        quoted = f"'{ws.title}'" if re.search(r"[^A-Za-z0-9_]", ws.title) else ws.title
        for name, defn in ws.defined_names.items():
            dest = destinations(defn)
            if len(dest) == 1:
                add(f"{quoted}!{name}", dest[0][0], dest[0][1], ws.title)
        if ws.print_area:
            area = ws.print_area if isinstance(ws.print_area, str) else ws.print_area[0]
            add(f"{quoted}!Print_Area", ws.title, area.split("!")[-1].split(",")[0], ws.title)
    return out


def _values(ws: Any) -> list[list[Any]]:
    if ws.max_row == 1 and ws.max_column == 1 and ws.cell(1, 1).value is None:
        return [[]]
    rows = ws.iter_rows(min_row=1, max_row=ws.max_row, min_col=1, max_col=ws.max_column)
    return [[_json_value(c.value, c.data_type) for c in row] for row in rows]


def _tables(ws: Any) -> list[dict[str, Any]]:
    out = []
    for table in ws.tables.values():
        _min_col, _min_row, _max_col, _max_row = range_boundaries(table.ref)
        header = table.headerRowCount != 0
        out.append(
            {
                "name": table.displayName,
                "range_address": table.ref,
                "header_row_range_address": table.ref.split(":")[0] if header else None,
                "data_body_range_address": table.ref,
                "total_row_range_address": None,
                "show_headers": header,
                "show_totals": bool(table.totalsRowCount),
                "table_style": table.tableStyleInfo.name if table.tableStyleInfo else "",
                "show_autofilter": table.autoFilter is not None,
            }
        )
    return out


def build_payload(
    path: Path | str, *, exclude: tuple[str, ...] = (), selection: str | None = None
) -> dict[str, Any]:
    """The body ``RunRemotePython`` would send for the workbook saved at ``path``."""
    path = Path(path)
    wb = load_workbook(path, data_only=True, keep_vba=path.suffix.lower() == ".xlsm")
    active = wb.active
    if selection is None:
        views = active.sheet_view.selection if active is not None else []
        selection = views[0].sqref.replace(" ", ",") if views and views[0].sqref else "A1"
    sheets = []
    for ws in wb.worksheets:
        excluded = ws.title in exclude
        sheets.append(
            {
                "name": ws.title,
                "pictures": []
                if excluded
                else [
                    {
                        "name": f"Picture {i + 1}",
                        "height": img.height * 0.75,
                        "width": img.width * 0.75,
                    }
                    for i, img in enumerate(ws._images)
                ],
                "tables": [] if excluded else _tables(ws),
                "values": [[]] if excluded else _values(ws),
            }
        )
    return {
        "client": "VBA",
        "version": xlwings.__version__,
        "book": {
            "name": path.name,
            "active_sheet_index": wb.worksheets.index(active) if active in wb.worksheets else 0,
            "selection": selection,
        },
        "names": _names(wb),
        "sheets": sheets,
    }


def build_body(path: Path | str, **kwargs: Any) -> bytes:
    """The bytes ``RunRemotePython`` posts: :func:`build_payload` as ``ConvertToJson`` writes
    it, with nothing where an unknown error value was (not valid JSON then)."""
    import json

    text = json.dumps(build_payload(path, **kwargs), ensure_ascii=False, separators=(",", ":"))
    return text.replace(json.dumps(EMPTY_SLOT), "").encode("utf-8")
