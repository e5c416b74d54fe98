"""The summary workbook of an aggregation (openpyxl; written atomically).

Sheets: 说明 (overview), 各单位 (one row per agency: status and key figures), 汇总表二/三/四
(the combined tables in the official layout, labels from the spec), 校验问题, 退回文件,
未报送 (with an expected list) and 图表 (native Excel bar charts).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xl_disclosure.io.atomic import write_atomic
from xl_disclosure.layout.grid import BlockGrid, block_grid, col_letter
from xl_disclosure.receiving.aggregate.charts import add_charts
from xl_disclosure.receiving.aggregate.sheets import (
    AGENCY_COLUMNS,
    AGENCY_SHEET,
    FINDINGS_SHEET,
    MISSING_SHEET,
    REJECTIONS_SHEET,
    table_sheet,
)
from xl_disclosure.version import __version__

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from xl_disclosure.receiving.aggregate.core import Aggregation
    from xl_disclosure.spec import Table

#: Row labels longer than this wrap; their rows get double height.
_SHORT_LABEL = 24


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
    errors = sum(1 for s in batch.submissions if s.errors)
    rows: list[tuple[str, Any]] = [
        ("汇总名称", agg.combined.meta.agency),
        ("报告年度", agg.year),
        ("报告格式", f"{spec.name}（{spec.instrument}）"),
        ("收到文件", batch.files),
        ("采用报告", len(batch.submissions)),
        ("其中有强制性错误", errors),
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
    for note in notes:
        ws.cell(row, 1, note).alignment = st["wrap"]
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=6)
        ws.row_dimensions[row].height = 32
        row += 1
    ws.column_dimensions["A"].width = 18
    ws.column_dimensions["B"].width = 40


def _agencies(wb: Workbook, agg: Aggregation, st: dict[str, Any]) -> None:
    ws = wb.create_sheet(AGENCY_SHEET)
    figures = list(agg.figures.columns)
    _header(ws, 1, [n for n, _ in AGENCY_COLUMNS] + figures, st)
    for j, (_, width) in enumerate(AGENCY_COLUMNS, start=1):
        ws.column_dimensions[col_letter(j)].width = width
    for j in range(len(AGENCY_COLUMNS) + 1, len(AGENCY_COLUMNS) + len(figures) + 1):
        ws.column_dimensions[col_letter(j)].width = 11
    values = agg.figures.to_numpy().tolist()
    for i, (sub, row_values) in enumerate(zip(agg.batch.submissions, values, strict=True), start=1):
        first = next((f.message for f in sub.findings if f.severity.value != "info"), "")
        head = [i, sub.report.meta.agency, sub.file, sub.status, sub.errors, sub.warnings, first]
        ws.append(head + [_cell_value(v) for v in row_values])
        if sub.errors:
            ws.cell(i + 1, 4).fill = st["error_fill"]
    total_row = len(agg.batch.submissions) + 2
    ws.cell(total_row, 2, "合计").font = st["bold"]
    for j, name in enumerate(figures, start=len(AGENCY_COLUMNS) + 1):
        ws.cell(total_row, j, _cell_value(float(agg.figures[name].sum()))).font = st["bold"]
    ws.freeze_panes = "C2"
    ws.print_title_rows = "1:1"
    _fit_width(ws)
    ws.auto_filter.ref = f"A1:{col_letter(len(AGENCY_COLUMNS) + len(figures))}{total_row - 1}"


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
        ws["A2"] = (
            f"{report.meta.agency}　{agg.year or ''}年度　（{len(agg.batch.submissions)}个单位合计）"
        )
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


def _list_sheet(
    wb: Workbook,
    title: str,
    columns: Sequence[tuple[str, float]],
    rows: list[list[Any]],
    st: dict[str, Any],
) -> None:
    ws = wb.create_sheet(title)
    _header(ws, 1, [name for name, _ in columns], st)
    for row in rows:
        ws.append(row)
        for cell in ws[ws.max_row]:
            cell.alignment = st["wrap"]
    for j, (_, width) in enumerate(columns, start=1):
        ws.column_dimensions[col_letter(j)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    _fit_width(ws, landscape=False)


def build_workbook(agg: Aggregation) -> Workbook:
    """The summary workbook in memory."""
    from openpyxl import Workbook

    st = _styles()
    wb = Workbook()
    _overview(wb, agg, st)
    _agencies(wb, agg, st)
    _official_tables(wb, agg, st)
    findings = agg.findings_frame().to_numpy().tolist()
    finding_cols = [
        ("机关名称", 28),
        ("文件", 22),
        ("级别", 8),
        ("规则", 8),
        ("位置", 22),
        ("问题说明", 80),
    ]
    _list_sheet(wb, FINDINGS_SHEET, finding_cols, findings, st)
    rejected = [[i, r.file, r.agency, r.reason] for i, r in enumerate(agg.rejections, start=1)]
    reject_cols = [("序号", 6), ("文件", 28), ("机关名称", 28), ("退回原因", 80)]
    _list_sheet(wb, REJECTIONS_SHEET, reject_cols, rejected, st)
    if agg.expected is not None:
        rows = [[i, name, why] for i, (name, why) in enumerate(agg.missing, start=1)]
        rows += [["", name, "不在应报名单中（已计入汇总）"] for name in agg.unexpected]
        _list_sheet(wb, MISSING_SHEET, [("序号", 6), ("机关名称", 32), ("情况", 36)], rows, st)
    add_charts(wb, agg, st)
    return wb


def write_summary(agg: Aggregation, path: Path) -> Path:
    """Write the summary workbook to ``path`` atomically."""
    wb = build_workbook(agg)
    return write_atomic(Path(path), lambda tmp: wb.save(str(tmp)))


def write_combined_template(agg: Aggregation, path: Path) -> Path:
    """The combined report written into the official fill-in template (to continue the
    district's own report from it: tables filled, narrative placeholders to rewrite)."""
    from xl_disclosure.builder import build_workbook as build_template_workbook
    from xl_disclosure.builder.fill import write_report

    wb = build_template_workbook(agg.format_id)
    write_report(wb, agg.combined)
    return write_atomic(Path(path), lambda tmp: wb.save(str(tmp)))
