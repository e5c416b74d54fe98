"""What the staff page shows for one checked workbook: findings by sheet, and each sheet's
official table redrawn from the layout with the marked cells coloured.

Pure data for the templates (no HTML here, so everything is escaped by Jinja). Cell values are
the ones read from the uploaded workbook, shown as typed.

Example:
    >>> from xl_disclosure.layout import layout_for
    >>> sheet = layout_for("gb2021").sheet("四、政府信息公开行政复议、行政诉讼情况")
    >>> grid = sheet_grid(sheet, {}, {}, {})
    >>> first = grid.rows[0][0]  # the narrative box above the table, across all 15 columns
    >>> first.kind, first.long, first.colspan
    ('input', True, 15)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from xl_disclosure.cells import Blank, CellValue, display
from xl_disclosure.layout import Layout, SheetLayout
from xl_disclosure.layout.grid import col_letter, parse_a1
from xl_disclosure.layout.marks import LEVELS, mark_key
from xl_disclosure.marking.findings_sheet import placement_of
from xl_disclosure.marking.plan import MarkPlan
from xl_disclosure.validate import Finding, Severity

Grid = Sequence[Sequence[CellValue]]
#: Level -> short Chinese tag shown in the cell (a cue besides the colour).
TAGS = {"E": "错", "W": "待说明", "K": "已说明"}


@dataclass
class Cell:
    """One drawn cell (a merge is one cell with spans)."""

    text: str = ""
    kind: str = "blank"
    """``label``, ``input`` or ``blank``."""
    role: str = ""
    colspan: int = 1
    rowspan: int = 1
    bordered: bool = False
    level: str | None = None
    """Mark level (see :data:`~xl_disclosure.layout.marks.LEVELS`)."""
    notes: list[str] = field(default_factory=list)
    """``[rule] message`` of the findings on this cell."""
    anchor: str = ""
    ref: str = ""
    long: bool = False


@dataclass
class SheetGrid:
    rows: list[list[Cell]]
    widths: list[float]


@dataclass
class Row:
    """One finding in the list."""

    finding: Finding
    index: int
    anchor: str
    place: str
    level: str | None


@dataclass
class SheetView:
    name: str
    number: int
    findings: list[Row]
    grid: SheetGrid | None


def _ranges(ref: str) -> tuple[int, int, int, int]:
    first, _, last = ref.partition(":")
    r1, c1 = parse_a1(first)
    r2, c2 = parse_a1(last or first)
    return r1, c1, r2, c2


def anchor_of(number: int, cell: str) -> str:
    """HTML id of a drawn cell: ``c4-J37`` (sheet number, cell)."""
    return f"c{number}-{cell}"


def _region(sheet: SheetLayout) -> tuple[int, int, int, int]:
    boxes = [_ranges(b) for b in sheet.borders] + [_ranges(p.merge or p.cell) for p in sheet.inputs]
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _value(grid: Grid | None, row: int, col: int) -> str:
    if grid is None or row > len(grid) or col > len(grid[row - 1]):
        return ""
    value = grid[row - 1][col - 1]
    return "" if isinstance(value, Blank) else display(value)


def sheet_grid(
    sheet: SheetLayout,
    values: Mapping[str, Grid],
    marks: Mapping[str, str],
    notes: Mapping[str, list[str]],
    number: int = 0,
) -> SheetGrid:
    """The sheet's official table(s): labels and inputs placed as in the template."""
    r1, c1, r2, c2 = _region(sheet)
    bordered = [_ranges(b) for b in sheet.borders]
    cells: dict[tuple[int, int], Cell] = {}
    covered: set[tuple[int, int]] = set()
    items: list[tuple[str, str | None, Cell]] = [
        (lab.cell, lab.merge, Cell(lab.text, "label", lab.role)) for lab in sheet.labels
    ]
    grid = values.get(sheet.name)
    for p in sheet.inputs:
        row, col = p.row, p.col
        key = mark_key(sheet.name, p.cell)
        cell = Cell(_value(grid, row, col), "input", str(p.kind), level=marks.get(key))
        cell.notes, cell.anchor, cell.ref = notes.get(key, []), anchor_of(number, p.cell), p.cell
        cell.long = str(p.kind) == "longtext"
        items.append((p.cell, p.merge, cell))
    for ref, merge, cell in items:
        top, left, bottom, right = _ranges(merge or ref)
        if not (r1 <= top <= r2 and c1 <= left <= c2):
            continue
        cell.rowspan, cell.colspan = bottom - top + 1, right - left + 1
        cells[(top, left)] = cell
        covered.update((r, c) for r in range(top, bottom + 1) for c in range(left, right + 1))
    rows: list[list[Cell]] = []
    for r in range(r1, r2 + 1):
        out = []
        for c in range(c1, c2 + 1):
            drawn = cells.get((r, c))
            if drawn is None and (r, c) in covered:
                continue
            drawn = drawn or Cell()
            drawn.bordered = any(b[0] <= r <= b[2] and b[1] <= c <= b[3] for b in bordered)
            out.append(drawn)
        rows.append(out)
    widths = dict(sheet.col_widths)
    return SheetGrid(rows, [widths.get(col_letter(c), 8.43) for c in range(c1, c2 + 1)])


def _rows(
    plan: MarkPlan, numbers: Mapping[str, int]
) -> tuple[dict[str, list[Row]], dict[str, list[str]]]:
    """Findings by sheet (``""``: about the file or the whole report), and notes by cell."""
    layout, marks = plan.layout, dict(plan.marks)
    notes: dict[str, list[str]] = {}
    by_sheet: dict[str, list[Row]] = {}
    for i, f in enumerate(plan.findings, start=1):
        p = placement_of(f, layout)
        if p is not None:
            key = mark_key(p.sheet, p.cell)
            row = Row(f, i, anchor_of(numbers[p.sheet], p.cell), p.cell, marks.get(key))
            notes.setdefault(key, []).append(f"[{f.rule}] {f.message}")
            by_sheet.setdefault(p.sheet, []).append(row)
            continue
        sheet, cell = layout.anchor(f.places[0]) if f.places else ("", "")
        place = f"{sheet}!{cell}" if f.places else "整个工作簿"
        by_sheet.setdefault(sheet if f.places else "", []).append(Row(f, i, "", place, None))
    return by_sheet, notes


def sheet_views(plan: MarkPlan, values: Mapping[str, Grid]) -> list[SheetView]:
    """The cover and the six sections in workbook order (tables drawn), then the findings
    about the whole workbook."""
    layout: Layout = plan.layout
    numbers = {name: i for i, name in enumerate(layout.sheet_names, start=1)}
    by_sheet, notes = _rows(plan, numbers)
    marks = dict(plan.marks)
    views = []
    for s in layout.sheets:
        if s.kind not in ("cover", "text", "table"):
            continue
        grid = sheet_grid(s, values, marks, notes, numbers[s.name]) if s.inputs else None
        views.append(SheetView(s.name, numbers[s.name], by_sheet.pop(s.name, []), grid))
    rest = [row for rows in by_sheet.values() for row in rows]
    if rest:
        views.append(SheetView("工作簿整体", 0, sorted(rest, key=lambda r: r.index), None))
    return views


def legend() -> list[tuple[str, str, str]]:
    """(level, tag, meaning) for the page's legend."""
    return [(level, TAGS[level], style.meaning) for level, style in LEVELS.items()]


def severity_class(finding: Finding) -> str:
    if finding.severity is Severity.ERROR:
        return "E"
    if finding.severity is Severity.WARNING:
        return "K" if finding.kept else "W"
    return "I"


__all__ = ["TAGS", "Cell", "Row", "SheetGrid", "SheetView", "legend", "sheet_grid", "sheet_views"]
