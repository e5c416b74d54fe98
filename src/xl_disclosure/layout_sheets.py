"""The sheets of the template, described as data (labels, inputs, helpers, print setup).

Used only through :func:`xl_disclosure.layout.layout_for`; pure Python.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import replace

from xl_disclosure.layout import (
    LOCAL_TABLE_COLS,
    LOCAL_TABLE_ROWS,
    LOCAL_TABLE_SECTIONS,
    InputKind,
    Placement,
    SheetLayout,
    defined_name,
)
from xl_disclosure.layout_grid import Helper, Label, a1, block_grid, col_letter, parse_a1, span
from xl_disclosure.spec import FormatSpec, Section, Table, ValueType

YES_NO: tuple[str, ...] = ("是", "否")
_LINE_PT = 15.0
#: Font size of a role relative to 11 pt (smaller text needs fewer lines).
_ROLE_SIZE = {
    "hint": 0.82,
    "corner": 0.82,
    "helper_label": 0.82,
    "note": 0.91,
    "header": 0.95,
    "rowlabel": 0.95,
    "rule": 0.91,
    "title": 1.45,
}
_DEFAULT_PT = 15.0

#: Per table: widths of the physical columns, label columns, value slots, orientation.
_TABLE_GEOMETRY: dict[str, dict[str, object]] = {
    "T2": {"widths": [40, 16, 16, 16], "label_cols": 1, "value_slots": 3, "landscape": False},
    "T3": {
        "widths": [7, 12, 42, 9, 9, 9, 9, 9, 9, 9, 11],
        "label_cols": None,
        "value_slots": None,
        "landscape": False,
    },
    "T4": {"widths": [7.6] * 15, "label_cols": None, "value_slots": None, "landscape": True},
}
_TEXT_SHEET_COLS = 8
_TEXT_COL_WIDTH = 11.5
_NARRATIVE_ROWS = 40
_TABLE_TEXT_ROWS = 6


def build_sheets(spec: FormatSpec) -> tuple[SheetLayout, ...]:
    """Cover, the six section sheets, findings and rules, in workbook order."""
    from xl_disclosure.layout_aux import cover_sheet, findings_sheet, rules_sheet

    sheets = [cover_sheet(spec)]
    for section in spec.sections:
        if section.kind == "table" and section.table:
            sheets.append(_table_sheet(spec.table(section.table), section))
        else:
            sheets.append(_text_sheet(section))
    sheets.append(findings_sheet())
    sheets.append(rules_sheet(spec))
    return tuple(sheets)


def make_input(
    place: str,
    sheet: str,
    cell: str,
    kind: str,
    *,
    merge: str | None = None,
    choices: tuple[str, ...] = (),
    label: str = "",
    spec_type: ValueType | None = None,
) -> Placement:
    """An input placement with its deterministic defined name."""
    return Placement(
        place, sheet, cell, defined_name(place), kind, merge, spec_type, choices, label
    )


def _text_sheet(section: Section) -> SheetLayout:
    name = section.title
    last = col_letter(_TEXT_SHEET_COLS)
    end = 2 + _NARRATIVE_ROWS
    labels = [
        Label("A1", section.title, "title", f"A1:{last}1"),
        Label("A2", section.placeholder or "（文字描述）", "hint", f"A2:{last}2"),
    ]
    inputs = [
        make_input(
            f"section.{section.no}",
            name,
            "A3",
            InputKind.LONGTEXT,
            merge=f"A3:{last}{end}",
            label=section.title,
        )
    ]
    widths = tuple((col_letter(i), _TEXT_COL_WIDTH) for i in range(1, _TEXT_SHEET_COLS + 1))
    return finish(
        SheetLayout(
            name,
            "text",
            tuple(labels),
            tuple(inputs),
            (),
            widths,
            (),
            (f"A3:{last}{end}",),
            f"A1:{last}{end}",
            None,
            False,
            True,
        )
    )


def _table_sheet(table: Table, section: Section) -> SheetLayout:
    name = section.title
    geo = _TABLE_GEOMETRY[table.id]
    label_cols = geo["label_cols"]
    value_slots = geo["value_slots"]
    assert label_cols is None or isinstance(label_cols, int)
    assert value_slots is None or isinstance(value_slots, int)
    right = max(
        block_grid(b, 1, label_cols=label_cols, value_slots=value_slots, helpers=False).right
        for b in table.blocks
    )
    last = col_letter(right)
    labels = [
        Label("A1", section.title, "title", f"A1:{last}1"),
        Label("A2", "正文（可选）：印在表格之前的文字说明，没有可不填。", "hint", f"A2:{last}2"),
    ]
    inputs = [
        make_input(
            f"section.{section.no}",
            name,
            "A3",
            InputKind.LONGTEXT,
            merge=f"A3:{last}{2 + _TABLE_TEXT_ROWS}",
            label=f"{section.title}（正文）",
        )
    ]
    borders = [f"A3:{last}{2 + _TABLE_TEXT_ROWS}"]
    row = 3 + _TABLE_TEXT_ROWS
    if section.no in LOCAL_TABLE_SECTIONS:
        row = _local_table(section, name, row, right, labels=labels, inputs=inputs, borders=borders)
    labels.append(
        Label(
            f"A{row}",
            "表格小标题（可选，印在国办表格之前，如“（二）主动公开政府信息具体情况”）：",
            "hint",
            f"A{row}:{last}{row}",
        )
    )
    inputs.append(
        make_input(
            f"section.{section.no}.table_heading",
            name,
            f"A{row + 1}",
            InputKind.TEXT,
            merge=span(row + 1, 1, row + 1, right),
            label="表格小标题",
        )
    )
    row += 2
    top = row
    helpers: list[Helper] = []
    header_rows: tuple[int, int] | None = None
    bottom = row
    for block in table.blocks:
        grid = block_grid(block, row, label_cols=label_cols, value_slots=value_slots)
        labels += grid.labels
        helpers += grid.helpers
        header_rows = header_rows or grid.header_rows
        for gc in grid.cells:
            cell = next(c for c in block.cells if c.key == gc.key)
            inputs.append(
                make_input(
                    gc.key,
                    name,
                    gc.cell,
                    InputKind.NUMBER,
                    merge=gc.merge,
                    label=cell.label,
                    spec_type=cell.type,
                )
            )
        bottom = grid.bottom
        row = grid.next_row
    borders.append(f"A{top}:{last}{bottom}")
    widths = geo["widths"]
    assert isinstance(widths, list)
    titles = (
        f"{header_rows[0]}:{header_rows[1]}" if header_rows and len(table.blocks) == 1 else None
    )
    return finish(
        SheetLayout(
            name,
            "table",
            tuple(labels),
            tuple(inputs),
            tuple(helpers),
            tuple((col_letter(i + 1), float(w)) for i, w in enumerate(widths)),
            (),
            tuple(borders),
            f"A1:{last}{bottom}",
            titles,
            bool(geo["landscape"]),
            True,
        )
    )


def _local_table(
    section: Section,
    sheet: str,
    row: int,
    right: int,
    *,
    labels: list[Label],
    inputs: list[Placement],
    borders: list[str],
) -> int:
    """The optional local indicator table (heading, column names, free rows); returns next row."""
    last = col_letter(right)
    base = f"local_table.{section.no}"
    labels.append(
        Label(
            f"A{row}",
            "本地统计表（可选，非国办格式，如“统计指标｜单位｜统计数”）：第一行填小标题，"
            "第二行填列名，以下每行一项；不用可留空。",
            "hint",
            f"A{row}:{last}{row}",
        )
    )
    row += 1
    inputs.append(
        make_input(
            base,
            sheet,
            f"A{row}",
            InputKind.TEXT,
            merge=span(row, 1, row, right),
            label="本地统计表小标题",
        )
    )
    top = row
    row += 1
    for i in range(LOCAL_TABLE_ROWS + 1):
        for j in range(1, LOCAL_TABLE_COLS + 1):
            c2 = right if j == LOCAL_TABLE_COLS else j
            place = f"{base}.columns.{j}" if i == 0 else f"{base}.rows.{i}.{j}"
            inputs.append(
                make_input(
                    place,
                    sheet,
                    a1(row, j),
                    InputKind.TEXT,
                    merge=span(row, j, row, c2),
                    label="本地统计表列名" if i == 0 else "本地统计表",
                )
            )
        row += 1
    borders.append(f"A{top}:{last}{row - 1}")
    return row + 1


def _text_width(text: str) -> float:
    return sum(2.05 if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in text)


def _range_box(cell: str, merge: str | None) -> tuple[int, int, int, int]:
    r1, c1 = parse_a1(cell)
    if not merge:
        return r1, c1, r1, c1
    r2, c2 = parse_a1(merge.split(":")[1])
    return r1, c1, r2, c2


def _fit_heights(
    labels: Iterable[Label], widths: dict[str, float]
) -> tuple[tuple[int, float], ...]:
    """Row heights so wrapped fixed labels show in full (Excel does not autofit merged cells)."""
    need: dict[int, float] = {}
    for lab in labels:
        r1, c1, r2, c2 = _range_box(lab.cell, lab.merge)
        width = sum(widths.get(col_letter(c), 8.43) for c in range(c1, c2 + 1)) - 1.0
        size = _ROLE_SIZE.get(lab.role, 1.0)
        lines = sum(
            max(1, math.ceil(_text_width(p) * size / max(width, 1.0))) for p in lab.text.split("\n")
        )
        if lines == 1 and lab.role != "title":
            continue
        per_row = (lines * _LINE_PT * max(size, 0.8) + 3.0) / (r2 - r1 + 1)
        for r in range(r1, r2 + 1):
            if per_row > _DEFAULT_PT + 0.5:
                need[r] = max(need.get(r, 0.0), round(per_row, 1))
    return tuple(sorted(need.items()))


def finish(sheet: SheetLayout) -> SheetLayout:
    heights = dict(_fit_heights(sheet.labels, dict(sheet.col_widths)))
    for p in sheet.inputs:  # a one-row long-text input (contact) gets room for three lines
        r1, _, r2, _ = _range_box(p.cell, p.merge)
        if p.kind == InputKind.LONGTEXT and r1 == r2:
            row = r1
            heights[row] = max(heights.get(row, 0.0), 3 * _LINE_PT + 3.0)
    return replace(sheet, row_heights=tuple(sorted(heights.items())))
