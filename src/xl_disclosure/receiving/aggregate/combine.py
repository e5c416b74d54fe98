"""The combined report of a batch: summed tables plus placeholder narrative.

Every balance of the official tables is linear, so the sum of consistent reports is itself
consistent; the placeholder text is written to satisfy the document rules (six sections, 第五部分
with problems and measures, the figures quoted in 第一部分 equal the table, the fee statement
of gb2021 第六部分), so the combined JSON validates like a single report.
"""

from __future__ import annotations

from xl_disclosure.model import AnnualReport
from xl_disclosure.model.report import Meta, SectionContent
from xl_disclosure.spec import FormatSpec

#: Marks a combined report's agency name (``镇海区（汇总）``).
SUMMARY_SUFFIX = "（汇总）"
DRAFT_NOTE = "（汇总稿：以下文字为占位内容，请结合各单位报告修改完善。）"


def combined_name(name: str) -> str:
    """``镇海区`` -> ``镇海区（汇总）`` (unchanged when already marked)."""
    name = name.strip() or "各单位"
    return name if name.endswith(SUMMARY_SUFFIX) else name + SUMMARY_SUFFIX


def _value(spec: FormatSpec, v: dict[str, int | float], name: str) -> int | float:
    """A named figure of the combined tables."""
    total = sum(v.get(k, 0) for k in spec.figure(name).cells)
    return int(total) if float(total).is_integer() else total


def _section1(spec: FormatSpec, v: dict[str, int | float]) -> str:
    def f(name: str) -> int | float:
        return _value(spec, v, name)

    return "\n".join(
        [
            DRAFT_NOTE,
            "（一）主动公开",
            "各单位按照《中华人民共和国政府信息公开条例》要求做好主动公开工作。",
            "（二）依申请公开",
            f"本年新收申请{f('received')}件，上年结转{f('carry_in')}件，"
            f"办结{f('completed')}件，结转下年度{f('carry_out')}件。",
            "（三）政府信息管理",
            "加强政府信息公开审查，动态调整主动公开目录。",
            "（四）政府信息公开平台建设",
            "依托政府网站等平台集中发布政府信息。",
            "（五）监督保障",
            "加强工作考核、社会评议和责任追究，开展业务培训。",
        ]
    )


def _section6(spec: FormatSpec, v: dict[str, int | float]) -> str:
    if not spec.has("fee_reporting"):
        return DRAFT_NOTE + "\n其他需要报告的事项：请根据各单位报告汇总。"
    no_fee = _value(spec, v, "no_fee") if spec.has_figure("no_fee") else 0
    fee = (
        f"信息处理费：因申请人逾期未按要求缴费而不再处理的申请共{no_fee}件，"
        f"据此各单位至少发出收费通知{no_fee}件；收费金额及实际收取的信息处理费请根据各单位报告汇总。"
        if no_fee
        else "信息处理费：请根据各单位报告汇总收费通知件数、金额及实际收取的信息处理费（未收取的写明未收取）。"
    )
    items = "、".join(item.name for item in spec.section(6).items_for("D-012"))
    return "\n".join([DRAFT_NOTE, fee] + ([f"{items}：请根据各单位报告汇总。"] if items else []))


def combined_report(
    values: dict[str, int | float],
    *,
    format_id: str,
    year: int | None,
    name: str,
    agencies: int,
    money_unit: str = "",
) -> AnnualReport:
    """The district's combined report (tables summed over ``agencies`` submissions)."""
    report = AnnualReport.blank(format_id)
    report.meta = Meta(
        agency=combined_name(name),
        year=year,
        agency_kind="government",
        money_unit=money_unit if report.spec.has("purchase_amount") else "",
    )
    report.values.update(values)
    spec = report.spec
    year_text = f"{year}" if year else "本"
    report.preamble = (
        f"本报告依据《中华人民共和国政府信息公开条例》编制，汇总了{agencies}个单位报送的"
        f"{year_text}年度政府信息公开工作年度报告数据。"
        + (f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。" if year else "")
    )
    texts = {
        1: _section1(spec, values),
        5: DRAFT_NOTE
        + "\n存在的主要问题：请汇总各单位报告所列问题。\n改进措施：请汇总各单位的改进措施和下一步工作安排。",
        6: _section6(spec, values),
    }
    report.sections = {s.no: SectionContent(s.title, texts.get(s.no, "")) for s in spec.sections}
    return report
