"""The sheets of the template, described as data (labels, inputs, helpers, print setup).

Used only through :func:`xl_disclosure.layout.layout_for` (:mod:`~xl_disclosure.layout.build`); pure Python.
"""

from __future__ import annotations

from xl_disclosure.layout.grid import Helper, Label, a1, block_grid, col_letter, span
from xl_disclosure.layout.inputs import finish, make_input
from xl_disclosure.layout.model import (
    LOCAL_TABLE_COLS,
    LOCAL_TABLE_ROWS,
    LOCAL_TABLE_SECTIONS,
    InputKind,
    Placement,
    SheetLayout,
)
from xl_disclosure.spec import Section, Table

_TEXT_SHEET_COLS = 8
_TEXT_COL_WIDTH = 11.5
_NARRATIVE_ROWS = 40
_TABLE_TEXT_ROWS = 6


def text_sheet(section: Section) -> SheetLayout:
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


def table_sheet(table: Table, section: Section) -> SheetLayout:
    name = section.title
    geo = table.layout
    label_cols, value_slots = geo.label_cols, geo.value_slots
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
    widths = geo.widths
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
            tuple((col_letter(i + 1), w) for i, w in enumerate(widths)),
            (),
            tuple(borders),
            f"A1:{last}{bottom}",
            titles,
            geo.landscape,
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
