"""Native Excel bar charts of the main figures (openpyxl.chart), on the 图表 sheet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from xl_disclosure.receiving.aggregate.sheets import AGENCY_COLUMNS, AGENCY_SHEET

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from xl_disclosure.receiving.aggregate.core import Aggregation

CHART_SHEET = "图表"
_ROW_CM = 0.45


def _bar(title: str, *, horizontal: bool, y_title: str = "件") -> Any:
    from openpyxl.chart import BarChart

    chart = BarChart()
    chart.type = "bar" if horizontal else "col"
    chart.grouping = "clustered"
    chart.title = title
    chart.y_axis.title = y_title
    chart.y_axis.majorGridlines = None
    chart.width = 18
    chart.height = 9
    return chart


def _agency_chart(ws: Worksheet, agg: Aggregation, names: tuple[str, ...], title: str) -> Any:
    """Horizontal bars per agency, series from columns of the 各单位 sheet."""
    from openpyxl.chart import Reference

    n = len(agg.batch.submissions)
    figures = list(agg.figures.columns)
    chart = _bar(title, horizontal=True)
    for name in names:
        col = len(AGENCY_COLUMNS) + figures.index(name) + 1
        chart.add_data(Reference(ws, min_col=col, min_row=1, max_row=n + 1), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=2, min_row=2, max_row=n + 1))
    chart.height = max(9.0, n * _ROW_CM * len(names) / 2)
    chart.x_axis.scaling.orientation = "maxMin"  # first agency on top, as in the list
    return chart


def add_charts(wb: Workbook, agg: Aggregation, st: dict[str, Any]) -> None:
    """Data blocks and four bar charts: outcomes, review/litigation results, and per agency."""
    from openpyxl.chart import Reference

    ws = wb.create_sheet(CHART_SHEET)
    spec = agg.combined.spec
    values = agg.combined.values
    totals = agg.figures.sum()
    label = {name: text for text, name in spec.group("key_figures")}
    outcomes = [label[name] for name in spec.group("outcomes")]
    cases = spec.records("cases")
    results = [f for f, _ in cases[0].fields if f != "total"]
    ws["A1"] = "办理结果（汇总）"
    ws["A1"].font = st["bold"]
    ws.append(["办理结果", "件数"])
    for name in outcomes:
        ws.append([name, int(totals.get(name, 0))])
    top = len(outcomes) + 4
    ws.cell(top, 1, "行政复议、行政诉讼结果（汇总）").font = st["bold"]
    ws.cell(top + 1, 1, "结果")
    for j, rec in enumerate(cases, start=2):
        ws.cell(top + 1, j, rec.label)
    for i, result in enumerate(results):
        ws.cell(top + 2 + i, 1, spec.cell(cases[0].cell(result)).column.label)
        for j, rec in enumerate(cases, start=2):
            raw = values.get(rec.cell(result), 0)
            ws.cell(top + 2 + i, j, raw if isinstance(raw, int | float) else 0)
    ws.column_dimensions["A"].width = 16
    for letter in "BCD":
        ws.column_dimensions[letter].width = 16

    outcome = _bar("申请办理结果（汇总）", horizontal=False)
    outcome.add_data(
        Reference(ws, min_col=2, min_row=2, max_row=2 + len(outcomes)), titles_from_data=True
    )
    outcome.set_categories(Reference(ws, min_col=1, min_row=3, max_row=2 + len(outcomes)))
    outcome.legend = None  # one series: the title says what it is
    ws.add_chart(outcome, "F2")

    review = _bar("行政复议、行政诉讼结果（汇总）", horizontal=False)
    review.add_data(
        Reference(
            ws, min_col=2, max_col=1 + len(cases), min_row=top + 1, max_row=top + 1 + len(results)
        ),
        titles_from_data=True,
    )
    review.set_categories(Reference(ws, min_col=1, min_row=top + 2, max_row=top + 1 + len(results)))
    ws.add_chart(review, "F22")

    if agg.batch.submissions:
        agencies = wb[AGENCY_SHEET]
        ws.add_chart(
            _agency_chart(
                agencies,
                agg,
                tuple(label[n] for n in ("received", "completed", "carry_out")),
                "各单位申请收到与办理",
            ),
            "R2",
        )
        ws.add_chart(
            _agency_chart(
                agencies,
                agg,
                tuple(label[n] for n in ("review_total", "litigation_total")),
                "各单位行政复议、行政诉讼",
            ),
            "AD2",
        )
