"""Generated sentences that state the key figures of the tables.

Every figure is read from the report's cells, never typed twice, so the text agrees with the
tables (rule X-003). Where a figure the sentence needs is not a number (blank, "/", text) the
sentence shows a visible 【待补充】 marker instead of guessing. Facts the tables cannot give
(how many fee notices were sent, what was done on the platform...) are left as markers too.
"""

from __future__ import annotations

from datetime import date

from xl_disclosure.cells import is_number
from xl_disclosure.draft.grid import value_text
from xl_disclosure.draft.model import TODO_OPEN
from xl_disclosure.model import AnnualReport

MISSING = TODO_OPEN + "】"

#: 表三 outcome groups in print order: key prefix -> name used in the sentence.
OUTCOMES: tuple[tuple[str, str], ...] = (
    ("open", "予以公开"),
    ("partial", "部分公开"),
    ("deny", "不予公开"),
    ("unable", "无法提供"),
    ("reject", "不予处理"),
    ("other", "其他处理"),
)
#: 表四 outcome columns (offset within each group of five) -> name.
REVIEW_OUTCOMES: tuple[tuple[int, str], ...] = (
    (0, "结果维持"),
    (1, "结果纠正"),
    (2, "其他结果"),
    (3, "尚未审结"),
)


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


def t3_keys(report: AnnualReport, prefix: str, column: str = "C7") -> tuple[str, ...]:
    """Cell keys of the 表三 rows ``prefix`` or ``prefix.*`` in ``column``."""
    rows = report.spec.table("T3").blocks[0].rows
    return tuple(
        f"T3.{r.key}.{column}" for r in rows if r.key == prefix or r.key.startswith(prefix + ".")
    )


def applications(report: AnnualReport) -> str:
    """新收、上年结转、办理结果分布、结转下年度 (表三, column 总计)."""
    org = tuple(f"T3.new.C{i}" for i in range(2, 7))
    outcomes = "，".join(f"{name}{fig(report, *t3_keys(report, p))}件" for p, name in OUTCOMES)
    return (
        f"本年新收政府信息公开申请{fig(report, 'T3.new.C7')}件"
        f"（其中自然人{fig(report, 'T3.new.C1')}件，法人或其他组织{fig(report, *org)}件），"
        f"上年结转政府信息公开申请{fig(report, 'T3.carry_in.C7')}件。"
        f"本年度办理结果总计{fig(report, 'T3.total.C7')}件，其中{outcomes}。"
        f"结转下年度继续办理{fig(report, 'T3.carry_out.C7')}件。"
    )


def _t4(start: int, offset: int) -> str:
    return f"T4.F{start + offset:02d}"


def reviews(report: AnnualReport) -> str:
    """行政复议、行政诉讼及纠正情况 (表四)."""
    review_total = total(report, "T4.F05")
    suits = ("T4.F10", "T4.F15")
    if review_total == 0 and total(report, *suits) == 0:
        return "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"
    review = "，".join(f"{name}{fig(report, _t4(1, i))}件" for i, name in REVIEW_OUTCOMES)
    suit = "，".join(f"{name}{fig(report, _t4(6, i), _t4(11, i))}件" for i, name in REVIEW_OUTCOMES)
    return (
        f"本年度因政府信息公开工作被申请行政复议{fig(report, 'T4.F05')}件，其中{review}；"
        f"被提起行政诉讼{fig(report, *suits)}件，其中未经复议直接起诉{fig(report, 'T4.F10')}件，"
        f"复议后起诉{fig(report, 'T4.F15')}件，{suit}。"
    )


def proactive(report: AnnualReport) -> str:
    """主动公开 figures of 表二 (规章、规范性文件, 处理决定, 收费/采购)."""

    def f(*keys: str) -> str:
        return fig(report, *keys)

    if report.format_id == "gb2021":
        return (
            f"本年度制发规章{f('T2.A.R1.C1')}件、行政规范性文件{f('T2.A.R2.C1')}件，"
            f"废止规章{f('T2.A.R1.C2')}件、行政规范性文件{f('T2.A.R2.C2')}件，"
            f"现行有效规章{f('T2.A.R1.C3')}件、行政规范性文件{f('T2.A.R2.C3')}件；"
            f"作出行政许可决定{f('T2.B.R1')}件，行政处罚决定{f('T2.C.R1')}件，"
            f"行政强制决定{f('T2.C.R2')}件；行政事业性收费金额{f('T2.D.R1')}万元。"
        )
    unit = report.meta.money_unit.strip() or TODO_OPEN + "：金额单位】"
    return (
        f"本年新制作规章{f('T2.A.R1.C1')}件、规范性文件{f('T2.A.R2.C1')}件，"
        f"新公开规章{f('T2.A.R1.C2')}件、规范性文件{f('T2.A.R2.C2')}件，"
        f"对外公开规章总数{f('T2.A.R1.C3')}件、规范性文件总数{f('T2.A.R2.C3')}件；"
        f"行政许可处理决定{f('T2.B.R1.C3')}件，其他对外管理服务事项处理决定{f('T2.B.R2.C3')}件，"
        f"行政处罚处理决定{f('T2.C.R1.C3')}件，行政强制处理决定{f('T2.C.R2.C3')}件；"
        f"政府集中采购项目{f('T2.E.R1.C1')}个，采购总金额{f('T2.E.R1.C2')}{unit}。"
    )


def fee(report: AnnualReport) -> str:
    """gb2021 section 六: the 信息处理费 line, with the one figure the tables give."""
    n = fig(report, *t3_keys(report, "other.no_fee"))
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
