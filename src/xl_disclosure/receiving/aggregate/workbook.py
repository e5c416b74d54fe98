"""The summary workbook of an aggregation (openpyxl for the frame, rows streamed; atomic).

Sheets: 说明 (overview), 各单位 (one row per agency: status and key figures), 汇总表二/三/四
(the combined tables in the official layout, labels from the spec), 校验问题, 退回文件,
未报送 (with an expected list), 图表 (native Excel charts, one per printed page) and 图表数据.

The long sheets (各单位, 校验问题, 退回文件, 未报送) are streamed into the saved package
(:mod:`~xl_disclosure.receiving.aggregate.xlsx_stream`): their size does not bound memory.
"""

from __future__ import annotations

import math
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xl_disclosure.io.atomic import write_atomic
from xl_disclosure.layout.grid import BlockGrid, block_grid, col_letter
from xl_disclosure.receiving.aggregate.charts import add_charts
from xl_disclosure.receiving.aggregate.frame import agency_figures, key_figures
from xl_disclosure.receiving.aggregate.sheets import (
    AGENCY_COLUMNS,
    AGENCY_SHEET,
    FINDINGS_SHEET,
    MISSING_SHEET,
    REJECTIONS_SHEET,
    table_sheet,
)
from xl_disclosure.receiving.aggregate.xlsx_stream import MAX_ROWS, LongSheet, splice, style_id
from xl_disclosure.spec.catalogue import severity_labels
from xl_disclosure.version import __version__

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from xl_disclosure.receiving.aggregate.core import Aggregation
    from xl_disclosure.spec import Table

#: Row labels longer than this wrap; their rows get double height.
_SHORT_LABEL = 24
FINDING_COLUMNS: tuple[tuple[str, float], ...] = (
    ("机关名称", 28),
    ("文件", 22),
    ("级别", 8),
    ("规则", 8),
    ("位置", 22),
    ("问题说明", 80),
)
REJECTION_COLUMNS: tuple[tuple[str, float], ...] = (
    ("序号", 6),
    ("文件", 28),
    ("机关名称", 28),
    ("退回原因", 80),
)
MISSING_COLUMNS: tuple[tuple[str, float], ...] = (("序号", 6), ("机关名称", 32), ("情况", 36))


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

    thin = Side(style="thin", color="808080")
    return {
        "title": Font(bold=True, size=14),
        "bold": Font(bold=True),
        "header_fill": PatternFill("solid", fgColor="DDEBF7"),
        "error_fill": PatternFill("solid", fgColor="F8CBAD"),
        "border": Border(left=thin, right=thin, top=thin, bottom=thin),
        "wrap": Alignment(wrap_text=True, vertical="center"),
        "center": Alignment(horizontal="center", vertical="center", wrap_text=True),
    }


def _fit_width(ws: Worksheet, *, landscape: bool = True) -> None:
    """Print on pages one sheet wide (long tables continue downwards)."""
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    from openpyxl.worksheet.properties import PageSetupProperties

    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0


def _header(ws: Worksheet, row: int, names: list[str], st: dict[str, Any]) -> None:
    for j, name in enumerate(names, start=1):
        cell = ws.cell(row, j, name)
        cell.font, cell.fill, cell.border, cell.alignment = (
            st["bold"],
            st["header_fill"],
            st["border"],
            st["center"],
        )


def _cell_value(value: Any) -> Any:
    if isinstance(value, float):
        if math.isnan(value):
            return None
        return int(value) if value.is_integer() else value
    return value


def _overview(wb: Workbook, agg: Aggregation, st: dict[str, Any]) -> None:
    ws = wb.active
    assert ws is not None
    ws.title = "说明"
    spec = agg.combined.spec
    ws["A1"] = f"{agg.year or ''}年度政府信息公开工作年度报告汇总"
    ws["A1"].font = st["title"]
    batch = agg.batch
    rows: list[tuple[str, Any]] = [
        ("汇总名称", agg.combined.meta.agency),
        ("报告年度", agg.year),
        ("报告格式", f"{spec.name}（{spec.instrument}）"),
        ("收到文件", batch.files),
        ("采用报告", batch.accepted),
        ("其中有强制性错误", agg.with_errors),
        ("退回文件", len(batch.rejections)),
    ]
    if agg.expected is not None:
        rows += [("应报单位", len(agg.expected)), ("未报送或被退回", len(agg.missing))]
    result = agg.combined_result
    rows += [
        ("汇总报告校验", "通过" if result.valid else f"有 {len(result.errors)} 条强制性错误"),
        ("生成工具", f"xl-disclosure {__version__}"),
    ]
    for i, (label, value) in enumerate(rows, start=3):
        ws.cell(i, 1, label).font = st["bold"]
        ws.cell(i, 2, value)
    row = len(rows) + 4
    notes = [
        "“各单位”为每个采用报告的主要数据和校验结果；“汇总表二/三/四”为各单位数据之和，"
        "行列与国办格式一致，可直接用于本级汇总报告。",
        "行政诉讼 = 未经复议直接起诉总计 + 复议后起诉总计。",
        *agg.notes,
    ]
    if agg.findings_count >= MAX_ROWS:
        notes.append(
            f"校验问题共 {agg.findings_count} 条，超过 Excel 工作表的行数上限，"
            f"“{FINDINGS_SHEET}”只列出前 {MAX_ROWS - 1} 条。"
        )
    for note in notes:
        ws.cell(row, 1, note).alignment = st["wrap"]
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        ws.row_dimensions[row].height = 32
        row += 1
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 40


def _agencies(wb: Workbook, agg: Aggregation, st: dict[str, Any]) -> LongSheet:
    """The frame of the 各单位 sheet; its rows (one per agency, then 合计) are streamed."""
    ws = wb.create_sheet(AGENCY_SHEET)
    figures = [label for label, _ in key_figures(agg.format_id)]
    _header(ws, 1, [n for n, _ in AGENCY_COLUMNS] + figures, st)
    for j, (_, width) in enumerate(AGENCY_COLUMNS, start=1):
        ws.column_dimensions[col_letter(j)].width = width
    for j in range(len(AGENCY_COLUMNS) + 1, len(AGENCY_COLUMNS) + len(figures) + 1):
        ws.column_dimensions[col_letter(j)].width = 11
    last = agg.batch.accepted + 1
    ws.freeze_panes = "C2"
    ws.print_title_rows = "1:1"
    _fit_width(ws)
    ws.auto_filter.ref = f"A1:{col_letter(len(AGENCY_COLUMNS) + len(figures))}{last}"
    error_style = style_id(ws, fill=st["error_fill"])
    bold = style_id(ws, font=st["bold"])
    unit = agg.totals.unit

    def rows() -> Iterator[list[Any]]:
        for i, sub in enumerate(agg.iter_submissions(), start=1):
            errors = sub.errors
            status = (sub.status, error_style) if errors else sub.status
            head = [i, sub.agency, sub.file, status, errors, sub.warnings, sub.first_problem()]
            yield head + [_cell_value(v) for v in agency_figures(sub, unit)]
        totals = agg.totals.figure_totals()
        yield (
            [None, ("合计", bold)]
            + [None] * (len(AGENCY_COLUMNS) - 2)
            + [(_cell_value(float(totals[name])), bold) for name in figures]
        )

    return LongSheet(AGENCY_SHEET, rows)


def _list_sheet(
    wb: Workbook, title: str, columns: Sequence[tuple[str, float]], st: dict[str, Any]
) -> tuple[Worksheet, int]:
    """The frame of a list sheet (header, widths, print set-up); returns it and the wrap style."""
    ws = wb.create_sheet(title)
    _header(ws, 1, [name for name, _ in columns], st)
    for j, (_, width) in enumerate(columns, start=1):
        ws.column_dimensions[col_letter(j)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _fit_width(ws, landscape=False)
    return ws, style_id(ws, alignment=st["wrap"])


def _lists(wb: Workbook, agg: Aggregation, st: dict[str, Any]) -> list[LongSheet]:
    _, wrap = _list_sheet(wb, FINDINGS_SHEET, FINDING_COLUMNS, st)

    labels = severity_labels()

    def findings() -> Iterator[list[Any]]:
        for s in agg.iter_submissions():
            agency, file = (s.agency, wrap), (s.file, wrap)
            for rule, severity, message, places, *_ in s.rows:
                place = places[0] if places else ""
                yield [
                    agency,
                    file,
                    (labels[severity], wrap),
                    (rule, wrap),
                    (place, wrap),
                    (message, wrap),
                ]

    _, wrap_r = _list_sheet(wb, REJECTIONS_SHEET, REJECTION_COLUMNS, st)

    def rejected() -> Iterator[list[Any]]:
        for i, r in enumerate(agg.rejections, start=1):
            yield [(v, wrap_r) for v in (i, r.file, r.agency, r.reason)]

    sheets = [LongSheet(FINDINGS_SHEET, findings), LongSheet(REJECTIONS_SHEET, rejected)]
    if agg.expected is not None:
        _, wrap_m = _list_sheet(wb, MISSING_SHEET, MISSING_COLUMNS, st)

        def missing() -> Iterator[list[Any]]:
            for i, (name, why) in enumerate(agg.missing, start=1):
                yield [(v, wrap_m) for v in (i, name, why)]
            for name in agg.unexpected:
                yield [None, (name, wrap_m), ("不在应报名单中（已计入汇总）", wrap_m)]

        sheets.append(LongSheet(MISSING_SHEET, missing))
    return sheets


def table_grids(table: Table) -> Iterator[BlockGrid]:
    """The drawn grids of an official table on its 汇总表 sheet (first block at row 3)."""
    geo = table.layout
    row = 3
    for block in table.blocks:
        grid = block_grid(
            block, row, label_cols=geo.label_cols, value_slots=geo.value_slots, helpers=False
        )
        yield grid
        row = grid.next_row + (1 if len(table.blocks) > 1 else 0)


def table_cells(format_id: str) -> dict[str, tuple[str, str]]:
    """Cell key -> (sheet, A1 cell) of the combined tables in the summary workbook.

    Example:
        >>> table_cells("gb2021")["T4.F05"]
        ('汇总表四', 'E6')
    """
    from xl_disclosure.spec import load_format

    return {
        gc.key: (table_sheet(table), gc.cell)
        for table in load_format(format_id).tables
        for grid in table_grids(table)
        for gc in grid.cells
    }


def _official_tables(wb: Workbook, agg: Aggregation, st: dict[str, Any]) -> None:
    report = agg.combined
    spec = report.spec
    for table in spec.tables:
        ws = wb.create_sheet(table_sheet(table))
        geo = table.layout
        section = spec.section(table.section)
        ws["A1"] = section.title
        ws["A1"].font = st["title"]
        ws["A2"] = f"{report.meta.agency}　{agg.year or ''}年度　（{agg.batch.accepted}个单位合计）"
        for grid in table_grids(table):
            for label in grid.labels:
                ws[label.cell] = label.text
                ws[label.cell].alignment = (
                    st["center"] if label.role in ("header", "heading") else st["wrap"]
                )
                if label.role in ("header", "heading", "corner"):
                    ws[label.cell].font = st["bold"]
                if label.merge:
                    ws.merge_cells(label.merge)
                if label.role == "rowlabel" and len(label.text) > _SHORT_LABEL and not label.merge:
                    ws.row_dimensions[ws[label.cell].row].height = 30
            for gc in grid.cells:
                ws[gc.cell] = _cell_value(report.value(gc.key))
                if gc.merge:
                    ws.merge_cells(gc.merge)
            for r in range(grid.header_rows[0], grid.header_rows[1] + 1):
                ws.row_dimensions[r].height = 30
            for r in range(grid.top, grid.bottom + 1):
                for c in range(1, grid.right + 1):
                    ws.cell(r, c).border = st["border"]
        for j, width in enumerate(geo.widths, start=1):
            ws.column_dimensions[col_letter(j)].width = width
        _fit_width(ws, landscape=table.id != "T2")


def summary_frame(agg: Aggregation) -> tuple[Workbook, list[LongSheet]]:
    """The workbook without the rows of its long sheets, and those sheets' row streams."""
    from openpyxl import Workbook

    st = _styles()
    wb = Workbook()
    _overview(wb, agg, st)
    long_sheets = [_agencies(wb, agg, st)]
    _official_tables(wb, agg, st)
    long_sheets += _lists(wb, agg, st)
    add_charts(wb, agg, st)
    return wb, long_sheets


def write_summary(agg: Aggregation, path: Path) -> Path:
    """Write the summary workbook to ``path`` atomically (memory does not grow with the batch)."""
    wb, long_sheets = summary_frame(agg)
    with tempfile.TemporaryDirectory(prefix="xl-summary-") as tmp:
        frame = Path(tmp) / "frame.xlsx"
        wb.save(str(frame))

        def write(target: Path) -> None:
            splice(frame, long_sheets, target)

        return write_atomic(Path(path), write)


def build_workbook(agg: Aggregation) -> Workbook:
    """The summary workbook in memory (written, then read back: for small batches and tests)."""
    from openpyxl import load_workbook

    with tempfile.TemporaryDirectory(prefix="xl-summary-") as tmp:
        path = write_summary(agg, Path(tmp) / "summary.xlsx")
        return load_workbook(path)


def write_combined_template(agg: Aggregation, path: Path) -> Path:
    """The combined report written into the official fill-in template (to continue the
    district's own report from it: tables filled, narrative placeholders to rewrite)."""
    from xl_disclosure.builder import build_workbook as build_template_workbook
    from xl_disclosure.builder.fill import write_report

    wb = build_template_workbook(agg.format_id)
    write_report(wb, agg.combined)
    return write_atomic(Path(path), lambda tmp: wb.save(str(tmp)))
