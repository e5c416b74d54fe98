"""Start this year's workbook from last year's report (report-format.md §6, §8.4).

What carries, and why:

* cover data (机关名称, 机关类型, 规章制定权, 联系方式; gb2019→gb2019 also the 采购总金额 unit);
* 表三 ``二、上年结转`` (all seven columns) = last year's ``四、结转下年度继续办理`` (Y-001). That row
  exists in both formats, so it also carries across the gb2019 → gb2021 boundary;
* gb2019 → gb2019: 表二 ``上一年项目数量`` of 第二十条第（五）（六）（八）项 = last year's
  上一年项目数量 + 本年增/减 (Y-003).

What does not: every other cell stays blank (not 0). gb2021 → gb2021 carries nothing numeric
in 表二 (现行有效件数 is listed for reference only: it changes with this year's 制发/废止, Y-002).
Across gb2019 → gb2021 表二 is not mappable at all: 对外公开总数量 is a cumulative published count
while 现行有效件数 counts documents in force, and gb2019 counts fee *items* where gb2021 wants a
fee *amount* in 万元. The narrative is never copied (雷同 is criticised, Y-004).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from xl_disclosure.cells import CellValue, display, is_number
from xl_disclosure.model import AnnualReport
from xl_disclosure.model.report import AGENCY_KINDS, Meta
from xl_disclosure.spec import format_for_year, load_format, table_number
from xl_disclosure.spec.build import PLACEHOLDER
from xl_disclosure.spec.model import carried_cells

if TYPE_CHECKING:
    from openpyxl import Workbook

    from xl_disclosure.excel.xlsm.build import ServerSettings

NOTE_TITLE = "上年数据结转说明（由 xl-disclosure prefill 生成，不属于报告正文）"


@dataclass(frozen=True)
class Carried:
    """One value put into this year's report from last year's."""

    key: str
    """Cell key (or ``meta.<field>``) in this year's format."""
    label: str
    value: CellValue
    source: str
    """Where it comes from, in words."""


@dataclass
class PrefillResult:
    report: AnnualReport
    previous: AnnualReport
    carried: list[Carried] = field(default_factory=list)
    not_carried: list[str] = field(default_factory=list)
    """What was deliberately not carried, and why (Chinese sentences)."""

    def lines(self) -> list[str]:
        """The Chinese list printed by the CLI and written into the workbook cover."""
        prev, this = self.previous, self.report
        out = [
            f"上年报告：{prev.meta.agency}{prev.meta.year or ''}年度（{prev.spec.name}）；"
            f"本年模板：{this.meta.year or ''}年度（{this.spec.name}）。",
            f"已结转 {len(self.carried)} 项：",
        ]
        out += [f"  {c.label} = {display(c.value)}（{c.source}）" for c in self.carried]
        out.append("未结转：")
        out += [f"  {line}" for line in self.not_carried]
        return out


def _number(value: CellValue) -> int | float | None:
    return value if is_number(value) else None  # type: ignore[return-value]


def _carry_in(result: PrefillResult) -> None:
    """This year's ``carry_in`` figure = last year's ``carry_out``, column by column (Y-001)."""
    prev, this = result.previous, result.report
    for key, last_key in carried_cells(this.spec, prev.spec):
        this_cell, last_cell = this.spec.cell(key), prev.spec.cell(last_key)
        name = (
            f"表{table_number(this_cell.table)}“{this_cell.row.label}”/“{this_cell.column.label}”"
        )
        source = f"上年“{last_cell.row.label}”/“{last_cell.column.label}”"
        last = _number(prev.value(last_key))
        if last is None:
            result.not_carried.append(
                f"{name}：{source}为“{display(prev.value(last_key))}”，不是数字，请手工填写。"
            )
            continue
        this.values[key] = last
        result.carried.append(Carried(key, name, last, source))


def _item_counts(result: PrefillResult) -> None:
    """上一年项目数量 = last 上一年项目数量 + last 本年增/减 (records ``item_counts``, Y-003)."""
    prev, this = result.previous, result.report
    last_records = {r.id: r for r in prev.spec.records("item_counts")}
    for rec in this.spec.records("item_counts"):
        old = last_records.get(rec.id)
        if old is None:
            continue
        key = rec.cell("last")
        cell = this.spec.cell(key)
        block = this.spec.table(cell.table).block(cell.block)
        name = f"表{table_number(cell.table)}{block.heading}“{rec.label}”/“{cell.column.label}”"
        a, b = _number(prev.value(old.cell("last"))), _number(prev.value(old.cell("delta")))
        if a is None or b is None:
            result.not_carried.append(f"{name}：上年数据不完整，无法推算，请手工填写。")
            continue
        delta_label = prev.spec.cell(old.cell("delta")).column.label
        this.values[key] = a + b
        result.carried.append(
            Carried(
                key, name, a + b, f"上年{cell.column.label}{display(a)} + {delta_label}{display(b)}"
            )
        )


def _table2_note(result: PrefillResult) -> str:
    """What the spec says about table 二 when starting from last year's format."""
    prev, this = result.previous, result.report
    note = this.spec.carry_over.note(this.format_id, prev.format_id)

    def fill(m: re.Match[str]) -> str:
        kind, _, rest = m.group(1).partition(":")
        name, _, field_name = rest.partition(":")
        if kind != "record":
            return m.group(0)
        return "、".join(
            f"{r.label}{display(prev.value(r.cell(field_name)))}件" for r in prev.spec.records(name)
        )

    return PLACEHOLDER.sub(fill, note)


def prefill_report(
    previous: AnnualReport, *, year: int | None = None, format_id: str | None = None
) -> PrefillResult:
    """This year's report started from ``previous``: only the carried cells are filled.

    Example:
        >>> last = AnnualReport.blank("gb2019", agency="某局", year=2020)
        >>> last.values["T3.carry_out.C7"] = 4
        >>> r = prefill_report(last)
        >>> r.report.format_id, r.report.meta.year, r.report.value("T3.carry_in.C7")
        ('gb2021', 2021, 4)
        >>> r.report.value("T3.new.C7")
        BLANK
    """
    this_year = year if year is not None else (previous.meta.year or 0) + 1
    fid = format_id or format_for_year(this_year)
    if format_id is None and previous.spec.profile and previous.spec.national_id == fid:
        fid = previous.format_id  # the same national format: keep the office's local profile
    report = AnnualReport.blank(fid)
    m = previous.meta
    report.meta = Meta(
        agency=m.agency,
        year=this_year,
        agency_kind=m.agency_kind,
        rulemaking=m.rulemaking,
        contact=m.contact,
        money_unit=m.money_unit
        if report.spec.has("purchase_amount") and previous.spec.has("purchase_amount")
        else "",
    )
    result = PrefillResult(report, previous)
    for key, label, value in (
        ("meta.agency", "机关名称", m.agency),
        ("meta.agency_kind", "机关类型", AGENCY_KINDS.get(m.agency_kind, m.agency_kind)),
        ("meta.rulemaking", "规章制定权", "有" if m.rulemaking else "无"),
        ("meta.contact", "联系方式", m.contact),
        ("meta.money_unit", "采购总金额单位", report.meta.money_unit),
    ):
        if value:
            result.carried.append(Carried(key, f"封面“{label}”", value, "上年封面"))
    _carry_in(result)
    _item_counts(result)
    note = _table2_note(result)
    if note:
        result.not_carried.append(note)
    result.not_carried += [
        "表三其余各行、表四：均为本年数，不结转（留空待填，不是 0）。",
        "正文（开头段、第一至第六部分）：不沿用上年文字，避免与上年报告雷同（Y-004）；"
        "请在第五部分说明上年度报告所列问题的整改情况。",
    ]
    if not load_format(fid).applies_to(this_year):
        result.not_carried.append(
            f"注意：{this_year}年度应使用{load_format(format_for_year(this_year)).name}。"
        )
    return result


def write_prefilled(
    result: PrefillResult, path: Path, server: ServerSettings | None = None
) -> Path:
    """Build this year's template, write the carried values and the note on the cover.

    A ``.xlsm`` path gets the buttons and VBA (and ``server``: the office server's address and
    this agency's token in the workbook names); a ``.xlsx`` is the plain template.
    """
    from xl_disclosure.builder import build_workbook
    from xl_disclosure.io.atomic import write_atomic

    if Path(path).suffix.lower() == ".xlsm":
        from xl_disclosure.excel.xlsm.build import build_xlsm_bytes

        data = build_xlsm_bytes(
            result.report.format_id, server=server, prepare=lambda wb: _write_carried(wb, result)
        )
        return write_atomic(Path(path), data)
    wb = build_workbook(result.report.format_id)
    _write_carried(wb, result)
    return write_atomic(Path(path), lambda tmp: wb.save(str(tmp)))


def _write_carried(wb: Workbook, result: PrefillResult) -> None:
    from openpyxl.styles import Alignment, Font

    from xl_disclosure.builder.fill import write_report
    from xl_disclosure.layout import COVER_SHEET

    write_report(wb, result.report)
    ws = wb[COVER_SHEET]
    row = ws.max_row + 2
    ws.cell(row, 1, NOTE_TITLE).font = Font(bold=True)
    ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
    for line in result.lines():
        row += 1
        ws.cell(row, 1, line.strip()).alignment = Alignment(wrap_text=True, vertical="top")
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=4)
        ws.row_dimensions[row].height = 15 * (1 + (len(line) - 1) // 56)  # A:D holds ~56 CJK chars
    ws.print_area = f"A1:D{row}"
