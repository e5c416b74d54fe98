"""A random consistent report of *any* format, built from its spec alone (records, figures,
checks): used where a test must not know which format it runs on (the third-format test)."""

from __future__ import annotations

import random

from support.factories import SECTION1, SECTION5, _fill_t3, _fill_t4, _small
from xl_disclosure.model import AnnualReport
from xl_disclosure.model.report import Meta, SectionContent
from xl_disclosure.spec import FormatSpec, ValueType


def generic_report(spec: FormatSpec, rnd: random.Random, *, agency: str) -> AnnualReport:
    year = spec.year_from
    report = AnnualReport.blank(spec.id)
    report.meta = Meta(
        agency=agency,
        year=year,
        contact="地址：测试市人民路1号",
        publish_date=f"{year + 1}-01-20",
        money_unit="元" if spec.has("purchase_amount") else "",
        signed_off=True,
    )
    v = report.values
    for cell in spec.table("T2").cells:
        v[cell.key] = (
            round(rnd.uniform(0, 90), 2) if cell.type is ValueType.AMOUNT_WAN else _small(rnd, 40)
        )
    for rec in spec.records("documents"):
        made, repealed = _small(rnd), _small(rnd)
        v[rec.cell("made")], v[rec.cell("repealed")] = made, repealed
        v[rec.cell("in_force")] = made + _small(rnd, 100)
    for rec in spec.records("publications"):
        made = _small(rnd)
        v[rec.cell("made")] = v[rec.cell("published")] = made
        v[rec.cell("published_total")] = made + _small(rnd, 100)
    for rec in spec.records("item_counts"):
        last = _small(rnd, 50)
        v[rec.cell("last")], v[rec.cell("delta")] = last, rnd.randint(-last, 10)
    if spec.has_figure("regulations"):
        for key in spec.figure("regulations").cells:
            v[key] = 0
    _fill_t3(spec, v, rnd)
    _fill_t4(v, rnd)
    report.sections[1] = SectionContent(spec.section(1).title, SECTION1)
    report.sections[5] = SectionContent(spec.section(5).title, SECTION5)
    six = "本年度无其他需要报告的事项。"
    if spec.has("fee_reporting"):
        notices = sum(int(str(v[k])) for k in spec.figure("no_fee").cells)
        six = (
            f"本年度发出收费通知{notices}件，实际收取0元。"
            if notices
            else "本年度未收取信息处理费。"
        )
        six += "\n认真落实上级年度政务公开工作要点；人大代表建议和政协提案办理结果均已公开；创新开展政策解读。"
    report.sections[6] = SectionContent(spec.section(6).title, six)
    report.preamble = f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    return report
