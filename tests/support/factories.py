"""Random *consistent* reports: every balance holds, every narrative rule is satisfied.

Used by property tests (any single change in a checked identity must be caught), by the
round-trip tests of the template, and by the aggregation tests.
"""

from __future__ import annotations

import random

from xl_disclosure.model import AnnualReport
from xl_disclosure.model.report import Meta, SectionContent
from xl_disclosure.spec import FormatSpec, load_format

SECTION1 = (
    "（一）主动公开\n本年度严格落实主动公开要求，及时发布机构职能、政策文件等信息。\n"
    "（二）依申请公开\n规范依申请公开受理、审查、答复流程，按时答复申请人。\n"
    "（三）政府信息管理\n加强政府信息公开审查，动态调整主动公开目录。\n"
    "（四）政府信息公开平台建设\n优化政府网站信息公开专栏，提升政府信息公开平台服务能力。\n"
    "（五）监督保障\n将政务公开纳入年度考核，开展业务培训，强化监督保障。"
)
SECTION5 = (
    "存在的主要问题：政策解读形式较为单一，信息更新不够及时。\n"
    "改进措施：下一步将丰富解读形式，建立信息更新提醒机制，持续改进工作。"
)
AGENCIES = (
    "测试市自然资源局",
    "测试市交通运输局",
    "测试区人民政府办公室",
    "测试县教育局",
    "测试市卫生健康委员会",
)


def _small(rnd: random.Random, hi: int = 30) -> int:
    return rnd.choice((0, 0, rnd.randint(0, hi)))


def consistent_report(
    format_id: str, rnd: random.Random, *, agency: str | None = None, year: int | None = None
) -> AnnualReport:
    """A random report of ``format_id`` that validates without errors or warnings."""
    spec = load_format(format_id)
    year = year or rnd.randint(spec.year_from, spec.year_to or spec.year_from + 4)
    report = AnnualReport.blank(format_id)
    report.meta = Meta(
        agency=agency or rnd.choice(AGENCIES),
        year=year,
        agency_kind="department",
        contact="地址：测试市人民路1号；电话：0000-12345678",
        publish_date=f"{year + 1}-01-{rnd.randint(10, 28):02d}",
        money_unit="元" if format_id == "gb2019" else "",
        signed_off=True,
    )
    v = report.values
    _fill_t2(format_id, v, rnd)
    _fill_t3(spec, v, rnd)
    _fill_t4(v, rnd)
    fee_notices = v.get("T3.other.no_fee.C7", 0)
    if format_id == "gb2021":
        six = (
            (
                f"本年度发出收费通知{fee_notices}件，总金额{fee_notices * 100}元，实际收取0元。"
                if fee_notices
                else "本年度未收取信息处理费。"
            )
            + "\n认真落实上级年度政务公开工作要点；人大代表建议和政协提案办理结果均已公开；创新开展政策解读。"
        )
    else:
        six = "本年度无其他需要报告的事项。"
    report.sections[1] = SectionContent(spec.section(1).title, SECTION1)
    report.sections[5] = SectionContent(spec.section(5).title, SECTION5)
    report.sections[6] = SectionContent(spec.section(6).title, six)
    report.preamble = f"本报告依据《中华人民共和国政府信息公开条例》编制。本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
    return report


def _fill_t2(format_id: str, v: dict[str, object], rnd: random.Random) -> None:
    if format_id == "gb2021":
        for r in ("R1", "R2"):
            made, repealed = (0, 0) if r == "R1" else (_small(rnd), _small(rnd))
            v[f"T2.A.{r}.C1"], v[f"T2.A.{r}.C2"] = made, repealed
            v[f"T2.A.{r}.C3"] = 0 if r == "R1" else made + _small(rnd, 200)
        for key in ("T2.B.R1", "T2.C.R1", "T2.C.R2"):
            v[key] = _small(rnd, 500)
        v["T2.D.R1"] = rnd.choice((0, 0, round(rnd.uniform(0, 900), 2)))
        return
    for r in ("R1", "R2"):
        made = 0 if r == "R1" else _small(rnd)
        v[f"T2.A.{r}.C1"] = v[f"T2.A.{r}.C2"] = made
        v[f"T2.A.{r}.C3"] = 0 if r == "R1" else made + _small(rnd, 200)
    for block, rows in (("B", ("R1", "R2")), ("C", ("R1", "R2")), ("D", ("R1",))):
        for r in rows:
            last = _small(rnd, 50)
            v[f"T2.{block}.{r}.C1"] = last
            v[f"T2.{block}.{r}.C2"] = rnd.randint(-last, 10)
            if block != "D":
                v[f"T2.{block}.{r}.C3"] = _small(rnd, 300)
    v["T2.E.R1.C1"] = _small(rnd, 10)
    v["T2.E.R1.C2"] = rnd.choice((0, rnd.randint(0, 500000)))


def _fill_t3(spec: FormatSpec, v: dict[str, object], rnd: random.Random) -> None:
    """Each applicant column balances; carried-out stays below half the new ones (P-005)."""
    block = spec.table("T3").blocks[0]
    check = next(c for c in spec.checks if c.rule == "T3-002")
    outcome_rows = check.rhs
    for col in block.columns[:-1]:
        col_total = 0
        for row in outcome_rows:
            n = _small(rnd, 20) if rnd.random() < 0.5 else 0
            v[f"T3.{row}.{col.key}"] = n
            col_total += n
        v[f"T3.total.{col.key}"] = col_total
        new_guess = col_total + rnd.randint(0, 5)
        carry_out = rnd.randint(0, new_guess // 2)
        carry_in = rnd.randint(0, col_total + carry_out)
        new = col_total + carry_out - carry_in
        if carry_out * 2 > new:  # keep P-005 quiet: fewer carried out than half the new ones
            carry_out, carry_in = 0, 0
            new = col_total
        v[f"T3.carry_out.{col.key}"] = carry_out
        v[f"T3.carry_in.{col.key}"] = carry_in
        v[f"T3.new.{col.key}"] = new
    for row in block.rows:
        v[f"T3.{row.key}.C7"] = sum(int(str(v[f"T3.{row.key}.C{i}"])) for i in range(1, 7))


def _fill_t4(v: dict[str, object], rnd: random.Random) -> None:
    for start in (1, 6, 11):
        parts = [_small(rnd, 5) for _ in range(4)]
        for i, n in enumerate(parts):
            v[f"T4.F{start + i:02d}"] = n
        v[f"T4.F{start + 4:02d}"] = sum(parts)


SECTION1_NEXT = (
    "一年来，我局坚持以公开为常态、不公开为例外。\n"
    "主动公开方面，围绕中心工作及时发布规划计划、财政预决算和重点项目进展。\n"
    "依申请公开方面，畅通网上和窗口申请渠道，严格在法定期限内作出答复。\n"
    "政府信息管理方面，落实公开前保密审查，开展规范性文件清理。\n"
    "平台建设方面，完成门户网站集约化迁移，整合政务新媒体账号。\n"
    "监督保障方面，召开专题会议部署，组织全员培训两次，并纳入绩效考核。"
)
SECTION5_NEXT = (
    "上年度报告所列问题已完成整改。本年度仍存在的不足：基层信息公开人员变动较大，业务能力有待提升。"
    "下一步将加强业务培训，完善信息公开审核机制。"
)


def following_report(prev: AnnualReport, rnd: random.Random) -> AnnualReport:
    """A consistent report for the year after ``prev`` that also passes every cross-year rule."""
    assert prev.meta.year is not None
    year = prev.meta.year + 1
    fid = "gb2021" if year >= 2021 else "gb2019"
    report = consistent_report(fid, rnd, agency=prev.meta.agency, year=year)
    v, pv = report.values, prev.values
    for c in range(1, 7):
        carried = int(str(pv[f"T3.carry_out.C{c}"]))
        old_carry_in = int(str(v[f"T3.carry_in.C{c}"]))
        # Put last year's carried applications into this year's 予以公开, keep the identity.
        v[f"T3.open.C{c}"] = int(str(v[f"T3.open.C{c}"])) + carried
        v[f"T3.total.C{c}"] = int(str(v[f"T3.total.C{c}"])) + carried
        v[f"T3.carry_in.C{c}"] = carried
        v[f"T3.new.C{c}"] = int(str(v[f"T3.new.C{c}"])) + old_carry_in
    for row in report.spec.table("T3").blocks[0].rows:
        v[f"T3.{row.key}.C7"] = sum(int(str(v[f"T3.{row.key}.C{i}"])) for i in range(1, 7))
    if fid == prev.format_id == "gb2021":
        last_fee = pv["T2.D.R1"]
        if isinstance(last_fee, int | float) and 0 < last_fee * 1000 <= float(str(v["T2.D.R1"])):
            v["T2.D.R1"] = last_fee  # a fee 1000 times last year's is V-005 (entered in 元?)
        for r in ("R1", "R2"):
            made = int(str(v[f"T2.A.{r}.C1"]))
            last = int(str(pv[f"T2.A.{r}.C3"]))
            repealed = min(int(str(v[f"T2.A.{r}.C2"])), last + made)
            v[f"T2.A.{r}.C2"] = repealed
            v[f"T2.A.{r}.C3"] = last + made - repealed
    if fid == prev.format_id == "gb2019":
        for key in ("T2.B.R1", "T2.B.R2", "T2.C.R1", "T2.C.R2", "T2.D.R1"):
            items = int(str(pv[f"{key}.C1"])) + int(str(pv[f"{key}.C2"]))
            v[f"{key}.C1"] = items
            v[f"{key}.C2"] = rnd.randint(-items, 5)
    report.sections[1].text = SECTION1_NEXT
    report.sections[5].text = SECTION5_NEXT
    if fid == "gb2021":
        notices = int(str(v["T3.other.no_fee.C7"]))
        fee = f"共向申请人发出收费通知{notices}件" if notices else "未向申请人收取任何费用"
        report.sections[6].text = (
            f"关于信息处理费：依据《政府信息公开信息处理费管理办法》，本机关{fee}。\n"
            "对照上级印发的政务公开工作要点逐项抓落实；代表建议、委员提案答复全文已公开；"
            "本年度探索“公开+服务”创新做法。"
        )
    return report
