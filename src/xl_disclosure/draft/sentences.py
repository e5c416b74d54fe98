"""Generated sentences that state the key figures of the tables.

Every figure is read from the report's cells, never typed twice, so the text agrees with the
tables (rule X-003). Where a figure the sentence needs is not a number (blank, "/", text) the
sentence shows a visible 【待补充】 marker instead of guessing. Facts the tables cannot give
(how many fee notices were sent, what was done on the platform...) are left as markers too.
"""

from __future__ import annotations

import re
from datetime import date

from xl_disclosure.cells import is_number
from xl_disclosure.draft.grid import value_text
from xl_disclosure.draft.model import TODO_OPEN
from xl_disclosure.model import AnnualReport
from xl_disclosure.spec import Record
from xl_disclosure.spec.build import PLACEHOLDER

MISSING = TODO_OPEN + "】"


def total(report: AnnualReport, *keys: str) -> int | float | None:
    """The sum of the cells ``keys``; ``None`` if any of them is not a number."""
    result = 0.0
    for key in keys:
        value = report.value(key)
        if not is_number(value) or not isinstance(value, int | float):
            return None
        result += value
    return int(result) if result.is_integer() else result


def fig(report: AnnualReport, *keys: str) -> str:
    """A figure for a sentence: the sum of ``keys`` as printed, or the 【待补充】 marker."""
    value = total(report, *keys)
    return MISSING if value is None else value_text(value)


def figure(report: AnnualReport, name: str) -> str:
    """A named figure of the report's format, as printed (or the 【待补充】 marker)."""
    return fig(report, *report.spec.figure(name).cells)


def applications(report: AnnualReport) -> str:
    """新收、上年结转、办理结果分布、结转下年度 (表三, column 总计)."""
    spec = report.spec
    received = spec.figure("received")
    applicants = "，".join(
        f"{g['label']}{fig(report, *(k for c in g['columns'] for k in received.column(c)))}件"
        for g in map(dict, spec.group("applicants"))
    )
    outcomes = "，".join(
        f"{spec.figure(name).label}{figure(report, name)}件" for name in spec.group("outcomes")
    )
    return (
        f"本年新收政府信息公开申请{figure(report, 'received')}件（其中{applicants}），"
        f"上年结转政府信息公开申请{figure(report, 'carry_in')}件。"
        f"本年度办理结果总计{figure(report, 'completed')}件，其中{outcomes}。"
        f"结转下年度继续办理{figure(report, 'carry_out')}件。"
    )


def _case_outcomes(report: AnnualReport, records: list[Record]) -> str:
    """``结果维持N件，结果纠正N件…`` summed over ``records`` (the fields other than total)."""
    fields = [f for f, _ in records[0].fields if f != "total"]
    return "，".join(
        f"{report.spec.cell(records[0].cell(f)).column.label}"
        f"{fig(report, *(r.cell(f) for r in records))}件"
        for f in fields
    )


def reviews(report: AnnualReport) -> str:
    """行政复议、行政诉讼及纠正情况 (表四)."""
    spec = report.spec
    cases = {r.id: r for r in spec.records("cases")}
    review, suits = cases["review"], [cases["suit_direct"], cases["suit_after"]]
    if total(report, *spec.figure("review_total").cells) == 0 and (
        total(report, *spec.figure("litigation_total").cells) == 0
    ):
        return "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
    kinds = "，".join(
        f"{spec.cell(r.cell('total')).column.path[1]}{fig(report, r.cell('total'))}件"
        for r in suits
    )
    return (
        f"本年度因政府信息公开工作被申请行政复议{figure(report, 'review_total')}件，"
        f"其中{_case_outcomes(report, [review])}；"
        f"被提起行政诉讼{figure(report, 'litigation_total')}件，其中{kinds}，"
        f"{_case_outcomes(report, suits)}。"
    )


def proactive(report: AnnualReport) -> str:
    """主动公开 figures of 表二, from the format's own sentence (``sentences.proactive``)."""

    def value(m: re.Match[str]) -> str:
        name = m.group(1)
        if name == "meta.money_unit":
            return report.meta.money_unit.strip() or TODO_OPEN + "：金额单位】"
        return fig(report, name)

    return PLACEHOLDER.sub(value, report.spec.sentence("proactive"))


def fee(report: AnnualReport) -> str:
    """gb2021 section 六: the 信息处理费 line, with the one figure the tables give."""
    n = figure(report, "no_fee")
    return (
        "依据《政府信息公开信息处理费管理办法》，本年度因申请人逾期未按收费通知要求缴纳费用、"
        f"行政机关不再处理的政府信息公开申请{n}件。"
    )


FEE_TODO = (
    TODO_OPEN
    + "：发出收费通知的件数和总金额以及实际收取的总金额；未收取的写明“本年度未收取信息处理费”】"
)


def _chinese_date(iso: str) -> str | None:
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return None
    return f"{d.year}年{d.month}月{d.day}日"


def period(report: AnnualReport) -> str:
    """本报告中所列数据的统计期限自YYYY年1月1日起至YYYY年12月31日止。"""
    start, end = (_chinese_date(d) for d in report.meta.effective_period())
    if start is None or end is None:
        return f"本报告中所列数据的统计期限{TODO_OPEN}：统计期限】。"
    return f"本报告中所列数据的统计期限自{start}起至{end}止。"


def preamble(report: AnnualReport) -> list[str]:
    """The customary opening when staff wrote none: basis, the six parts, period, contact."""
    agency = report.meta.agency.strip() or "本机关"
    out = [
        "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制，"
        "由总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
        "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、"
        f"其他需要报告的事项六部分组成。{period(report)}"
    ]
    contact = report.meta.contact.strip()
    if contact:
        out.append(f"如对本报告有疑问，请与{agency}联系（{contact}）。")
    return out


def overview_opening(report: AnnualReport) -> str:
    agency = report.meta.agency.strip() or "本机关"
    year = f"{report.meta.year}年" if report.meta.year else "本年度"
    return (
        f"{year}，{agency}贯彻落实《中华人民共和国政府信息公开条例》，"
        "现将政府信息公开工作总体情况报告如下。"
    )
