"""Native Excel charts that people can read and print: by category, and the top agencies.

With hundreds of agencies a bar per agency is unreadable, so the 图表 sheet has one chart per
printed page: the outcomes of the applications (by category), the review and litigation
results, the applicant types, and for a few key figures the :data:`TOP_N` agencies with the
largest values plus one bar 其他 for all the others. The numbers they plot are on the
图表数据 sheet. Every chart is anchored at the top of its own page block (a manual page break
before it) and is smaller than an A4 landscape page, so none is ever cut across pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from openpyxl import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

    from xl_disclosure.receiving.aggregate.core import Aggregation

CHART_SHEET = "图表"
DATA_SHEET = "图表数据"
#: Agencies shown by name in a top-N chart (the rest are one bar, 其他).
TOP_N = 10
#: Key figures (spec figure names) charted by agency, when the format has them.
TOP_FIGURES = ("received", "review_total", "litigation_total")
OTHERS = "其他"
#: One printed page: rows per page block, their height, and the chart size in cm.
PAGE_ROWS = 30
ROW_HEIGHT_PT = 15.0
CHART_WIDTH_CM = 23
CHART_HEIGHT_CM = 13
#: Width of column A of the chart sheet (characters): wider than a chart, narrower than a page.
COLUMN_WIDTH = 128


@dataclass(frozen=True)
class ChartData:
    """One chart: its title, category labels, and one or more named series."""

    title: str
    categories: list[str]
    series: list[tuple[str, list[float]]]
    horizontal: bool = False


def _bar(data: ChartData) -> Any:
    from openpyxl.chart import BarChart

    chart = BarChart()
    chart.type = "bar" if data.horizontal else "col"
    chart.grouping = "clustered"
    chart.title = data.title
    chart.y_axis.title = "件"
    chart.y_axis.majorGridlines = None
    chart.y_axis.delete = False
    chart.x_axis.delete = False
    chart.width = CHART_WIDTH_CM
    chart.height = CHART_HEIGHT_CM
    if data.horizontal:
        chart.x_axis.scaling.orientation = "maxMin"  # largest on top, as in the table
    if len(data.series) == 1:
        chart.legend = None  # one series: the title says what it is
    return chart


def chart_data(agg: Aggregation) -> list[ChartData]:
    """The charts of a batch, from the spec's groups, records and figures (no format ids)."""
    spec = agg.combined.spec
    values = agg.combined.values
    totals = agg.totals.figure_totals()
    label = {name: text for text, name in spec.group("key_figures")}
    outcomes = [label[name] for name in spec.group("outcomes")]
    out = [
        ChartData(
            "申请办理结果（按类别汇总）",
            outcomes,
            [("件数", [totals.get(name, 0.0) for name in outcomes])],
        )
    ]
    cases = spec.records("cases")
    results = [f for f, _ in cases[0].fields if f != "total"]
    out.append(
        ChartData(
            "行政复议、行政诉讼结果（汇总）",
            [spec.cell(cases[0].cell(r)).column.label for r in results],
            [(rec.label, [_number(values.get(rec.cell(r), 0)) for r in results]) for rec in cases],
        )
    )
    received = spec.figure("received")
    applicants = [dict(a) for a in spec.group("applicants")]
    if applicants and received.by_column:
        out.append(
            ChartData(
                f"{label['received']}：申请人类型",
                [a["label"] for a in applicants],
                [
                    (
                        "件数",
                        [
                            sum(
                                _number(values.get(k, 0))
                                for c in a["columns"]
                                for k in received.column(c)
                            )
                            for a in applicants
                        ],
                    )
                ],
            )
        )
    if agg.batch.accepted:
        out += [_top_chart(agg, label[name], totals) for name in TOP_FIGURES if name in label]
    return out


def _top_chart(agg: Aggregation, label: str, totals: dict[str, float]) -> ChartData:
    top = agg.totals.top_agencies(label, TOP_N)
    names = [agency for agency, _ in top]
    numbers = [value for _, value in top]
    rest = totals.get(label, 0.0) - sum(numbers)
    if agg.batch.accepted > len(top) and rest > 0:
        names.append(f"{OTHERS}（{agg.batch.accepted - len(top)}个单位）")
        numbers.append(rest)
    return ChartData(
        f"{label}：前{min(TOP_N, len(top))}个单位及其他", names, [(label, numbers)], horizontal=True
    )


def _number(raw: object) -> float:
    return float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else 0.0


def _write_data(ws: Worksheet, row: int, data: ChartData, bold: Any) -> tuple[int, int]:
    """The chart's numbers as a small table from ``row``; returns (header row, last row)."""
    ws.cell(row, 1, data.title).font = bold
    ws.cell(row + 1, 1, "类别")
    for j, (name, _) in enumerate(data.series, start=2):
        ws.cell(row + 1, j, name)
    for i, category in enumerate(data.categories):
        ws.cell(row + 2 + i, 1, category)
        for j, (_, numbers) in enumerate(data.series, start=2):
            value = numbers[i]
            ws.cell(row + 2 + i, j, int(value) if float(value).is_integer() else value)
    return row + 1, row + 1 + len(data.categories)


def _page_setup(ws: Worksheet, pages: int) -> None:
    from openpyxl.worksheet.page import PageMargins
    from openpyxl.worksheet.pagebreak import Break

    # A4 landscape less these margins leaves 18.5 cm: a block of PAGE_ROWS rows (15.9 cm)
    # always fits, so the manual breaks, not the paper, decide where pages end.
    ws.page_margins = PageMargins(left=0.5, right=0.5, top=0.5, bottom=0.5, header=0.3, footer=0.3)
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.column_dimensions["A"].width = COLUMN_WIDTH
    for r in range(1, pages * PAGE_ROWS + 1):
        ws.row_dimensions[r].height = ROW_HEIGHT_PT
    for page in range(1, pages):
        ws.row_breaks.append(Break(id=page * PAGE_ROWS))
    ws.print_area = f"A1:A{pages * PAGE_ROWS}"


def add_charts(wb: Workbook, agg: Aggregation, st: dict[str, Any]) -> None:
    """The 图表 sheet (one chart per printed page) and the 图表数据 sheet it plots."""
    from openpyxl.chart import Reference

    charts = chart_data(agg)
    ws = wb.create_sheet(CHART_SHEET)
    data_ws = wb.create_sheet(DATA_SHEET)
    data_ws.column_dimensions["A"].width = 40
    for letter in "BCD":
        data_ws.column_dimensions[letter].width = 16
    row = 1
    for page, data in enumerate(charts):
        header, last = _write_data(data_ws, row, data, st["bold"])
        chart = _bar(data)
        chart.add_data(
            Reference(
                data_ws, min_col=2, max_col=1 + len(data.series), min_row=header, max_row=last
            ),
            titles_from_data=True,
        )
        chart.set_categories(Reference(data_ws, min_col=1, min_row=header + 1, max_row=last))
        # One empty row above each chart: an object touching a page break prints on both pages.
        ws.add_chart(chart, f"A{page * PAGE_ROWS + 2}")
        row = last + 2
    _page_setup(ws, len(charts))
