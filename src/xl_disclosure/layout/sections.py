"""The sheets of the template, described as data (labels, inputs, helpers, print setup).

A section sheet holds the section's narrative, for 二/三/四 the official table, and what a
profile adds to the section: its tables (before or after the official content) and its
fields. A profile table with a ``sheet`` of its own gets a sheet of its own
(:func:`profile_table_sheet`).

Used only through :func:`xl_disclosure.layout.layout_for` (:mod:`~xl_disclosure.layout.build`); pure Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xl_disclosure.layout.grid import Helper, Label, block_grid, col_letter, span
from xl_disclosure.layout.inputs import YES_NO, finish, make_input
from xl_disclosure.layout.model import InputKind, Placement, SheetLayout
from xl_disclosure.spec import FormatSpec, Section, Table
from xl_disclosure.spec.profile_model import InputField

_TEXT_SHEET_COLS = 8
_TEXT_COL_WIDTH = 11.5
_NARRATIVE_ROWS = 40
_TABLE_TEXT_ROWS = 6
_FIELD_ROWS = 6
#: Input kind of a profile field.
FIELD_KINDS: dict[str, InputKind] = {
    "text": InputKind.TEXT,
    "longtext": InputKind.LONGTEXT,
    "yesno": InputKind.CHOICE,
    "date": InputKind.DATE,
}


@dataclass
class _Sheet:
    """What is being drawn on one sheet, row by row."""

    name: str
    right: int
    labels: list[Label] = field(default_factory=list)
    inputs: list[Placement] = field(default_factory=list)
    helpers: list[Helper] = field(default_factory=list)
    borders: list[str] = field(default_factory=list)

    @property
    def last(self) -> str:
        return col_letter(self.right)


def text_sheet(spec: FormatSpec, section: Section) -> SheetLayout:
    name = section.title
    last = col_letter(_TEXT_SHEET_COLS)
    end = 2 + _NARRATIVE_ROWS
    sheet = _Sheet(name, _TEXT_SHEET_COLS)
    sheet.labels += [
        Label("A1", section.title, "title", f"A1:{last}1"),
        Label("A2", section.placeholder or "（文字描述）", "hint", f"A2:{last}2"),
    ]
    sheet.inputs.append(
        make_input(
            f"section.{section.no}",
            name,
            "A3",
            InputKind.LONGTEXT,
            merge=f"A3:{last}{end}",
            label=section.title,
        )
    )
    sheet.borders.append(f"A3:{last}{end}")
    bottom = _fields(spec, section.no, sheet, end + 2) - 2
    widths = tuple((col_letter(i), _TEXT_COL_WIDTH) for i in range(1, _TEXT_SHEET_COLS + 1))
    return finish(
        SheetLayout(
            name,
            "text",
            tuple(sheet.labels),
            tuple(sheet.inputs),
            (),
            widths,
            (),
            tuple(sheet.borders),
            f"A1:{last}{max(end, bottom)}",
            None,
            False,
            True,
        )
    )


def table_sheet(spec: FormatSpec, section: Section) -> SheetLayout:
    assert section.table is not None
    table = spec.table(section.table)
    geo = table.layout
    here = [t for t in spec.tables if t.profile and t.section == section.no and not t.sheet]
    right = max(_right(t) for t in (table, *here))
    sheet = _Sheet(section.title, right)
    last = sheet.last
    sheet.labels += [
        Label("A1", section.title, "title", f"A1:{last}1"),
        Label("A2", "正文（可选）：印在表格之前的文字说明，没有可不填。", "hint", f"A2:{last}2"),
    ]
    sheet.inputs.append(
        make_input(
            f"section.{section.no}",
            sheet.name,
            "A3",
            InputKind.LONGTEXT,
            merge=f"A3:{last}{2 + _TABLE_TEXT_ROWS}",
            label=f"{section.title}（正文）",
        )
    )
    sheet.borders.append(f"A3:{last}{2 + _TABLE_TEXT_ROWS}")
    row = 3 + _TABLE_TEXT_ROWS
    for extra in (t for t in here if t.place == "before"):
        row = _table(extra, sheet, row)[1] + 1
    sheet.labels.append(
        Label(
            f"A{row}",
            "表格小标题（可选，印在国办表格之前，如“（二）主动公开政府信息具体情况”）：",
            "hint",
            f"A{row}:{last}{row}",
        )
    )
    sheet.inputs.append(
        make_input(
            f"section.{section.no}.table_heading",
            sheet.name,
            f"A{row + 1}",
            InputKind.TEXT,
            merge=span(row + 1, 1, row + 1, right),
            label="表格小标题",
        )
    )
    bottom, free, header_rows = _table(table, sheet, row + 2)
    titles = header_rows if len(table.blocks) == 1 and not here else None
    for extra in (t for t in here if t.place == "after"):
        bottom, free, _ = _table(extra, sheet, free + 1)
    fields = [f for f in spec.input_fields if f.where == section.no]
    if fields:
        bottom = _fields(spec, section.no, sheet, free + 1) - 2
    return _finish(sheet, geo.widths, bottom, titles, geo.landscape)


def profile_table_sheet(spec: FormatSpec, table: Table) -> SheetLayout:
    """A profile table on a sheet of its own (title, the table, nothing else)."""
    sheet = _Sheet(table.sheet, _right(table))
    sheet.labels.append(Label("A1", table.sheet, "title", f"A1:{sheet.last}1"))
    hint = f"{spec.profile.name if spec.profile else ''}：{table.name}（印在报告第{_numeral(spec, table)}部分）"
    sheet.labels.append(Label("A2", hint, "hint", f"A2:{sheet.last}2"))
    bottom, _, header_rows = _table(table, sheet, 3)
    titles = header_rows if len(table.blocks) == 1 else None
    return _finish(sheet, table.layout.widths, bottom, titles, table.layout.landscape)


def _numeral(spec: FormatSpec, table: Table) -> str:
    return spec.section(table.section).numeral


def _right(table: Table) -> int:
    geo = table.layout
    return max(
        block_grid(
            b, 1, label_cols=geo.label_cols, value_slots=geo.value_slots, helpers=False
        ).right
        for b in table.blocks
    )


def _table(table: Table, sheet: _Sheet, row: int) -> tuple[int, int, tuple[int, int]]:
    """Draw a table (a profile table's title first) from ``row``: (its last row, the next free
    row after its helpers and notes, its header rows)."""
    geo = table.layout
    if table.title:
        sheet.labels.append(Label(f"A{row}", table.title, "heading", f"A{row}:{sheet.last}{row}"))
        row += 1
    top = bottom = row
    header_rows: tuple[int, int] | None = None
    for block in table.blocks:
        grid = block_grid(block, row, label_cols=geo.label_cols, value_slots=geo.value_slots)
        sheet.labels += grid.labels
        sheet.helpers += grid.helpers
        header_rows = header_rows or grid.header_rows
        cells = {c.key: c for c in block.cells}
        for gc in grid.cells:
            cell = cells[gc.key]
            sheet.inputs.append(
                make_input(
                    gc.key,
                    sheet.name,
                    gc.cell,
                    InputKind.NUMBER,
                    merge=gc.merge,
                    label=cell.label,
                    spec_type=cell.type,
                    na=cell.column.na,
                )
            )
        bottom = grid.bottom
        row = grid.next_row
    sheet.borders.append(f"A{top}:{col_letter(_right(table))}{bottom}")
    assert header_rows is not None
    return bottom, row, header_rows


def _fields(spec: FormatSpec, no: int, sheet: _Sheet, row: int) -> int:
    """A profile's fields of section ``no``: a label line, then the input; returns next row."""
    for fld in (f for f in spec.input_fields if f.where == no):
        sheet.labels.append(
            Label(f"A{row}", _field_hint(fld), "heading", f"A{row}:{sheet.last}{row}")
        )
        rows = _FIELD_ROWS if fld.kind == "longtext" else 1
        sheet.inputs.append(
            field_input(fld, sheet.name, row=row + 1, col=1, right=sheet.right, rows=rows)
        )
        sheet.borders.append(f"A{row + 1}:{sheet.last}{row + rows}")
        row += rows + 2
    return row


def _field_hint(fld: InputField) -> str:
    return f"{fld.label}（{fld.hint}）" if fld.hint else fld.label


def field_input(
    fld: InputField, sheet: str, *, row: int, col: int, right: int, rows: int = 1
) -> Placement:
    """The input cell of a profile field."""
    return make_input(
        fld.key,
        sheet,
        f"{col_letter(col)}{row}",
        FIELD_KINDS[fld.kind],
        merge=span(row, col, row + rows - 1, right),
        choices=YES_NO if fld.kind == "yesno" else (),
        label=fld.label,
    )


def _finish(
    sheet: _Sheet,
    widths: tuple[float, ...],
    bottom: int,
    titles: tuple[int, int] | None,
    landscape: bool,
) -> SheetLayout:
    cols = [*widths, *[widths[-1]] * max(0, sheet.right - len(widths))]
    return finish(
        SheetLayout(
            sheet.name,
            "table",
            tuple(sheet.labels),
            tuple(sheet.inputs),
            tuple(sheet.helpers),
            tuple((col_letter(i + 1), w) for i, w in enumerate(cols)),
            (),
            tuple(sheet.borders),
            f"A1:{sheet.last}{bottom}",
            f"{titles[0]}:{titles[1]}" if titles else None,
            landscape,
            True,
        )
    )
