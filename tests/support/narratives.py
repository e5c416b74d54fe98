"""Section texts as varied and as long as published reports' are, for the realistic reports.

Real narratives run from about 1,000 characters (a small department) to 6,000 and more (a
county government), and every one is worded differently. Section 一 here is an opening and
three to eight sub-sections (active disclosure, platforms, policy interpretation, records,
supervision, the other work a year brings), each a few sentences chosen from several
wordings with the agency's own numbers. Many of those numbers are counted in 件 but are not
the tables' figures — proposals answered, hotline tickets, permits, letters — as in real
reports; where a sentence does state a table figure (documents issued), it states the table's
value. Sections 五 and 六 vary the same way.
"""

from __future__ import annotations

import random
import re
from typing import Any

NUMERALS = "一二三四五六七八九十"


def _opening(rnd: random.Random, ctx: dict[str, Any]) -> str:
    year = ctx["year"]
    return rnd.choice(
        (
            f"{year}年，{ctx['we']}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实"
            "《中华人民共和国政府信息公开条例》和上级关于政务公开工作的部署要求，"
            "围绕中心工作，不断提升政务公开质量和实效。",
            f"{year}年，{ctx['we']}严格落实政务公开各项要求，健全工作机制，"
            "以公开促落实、促规范、促服务，政府信息公开工作稳步推进。",
            f"本年度，{ctx['we']}高度重视政府信息公开工作，主要负责同志亲自部署，"
            "分管负责同志具体抓，办公室牵头协调，各科室分工负责，形成了上下联动的工作格局。",
        )
    )


#: The sub-sections of section 一 a report may have: the wordings of their headings, and
#: groups of wordings of one fact each (a report says one of each group). ``{a-b}`` is a
#: number from a to b; ``{docs_issued}`` (the table's own figure) and ``{short}`` come from
#: the report.
THEMES: tuple[tuple[tuple[str, ...], tuple[tuple[str, ...], ...]], ...] = (
    (
        ("主动公开情况", "主动公开工作", "主动公开"),
        (
            (
                "全年通过门户网站主动公开政府信息{60-2400}条，其中政策文件{5-200}条、"
                "工作动态{20-1000}条。",
                "全年在政府信息公开专栏发布信息{60-2400}条，涉及机构职能、规划计划、"
                "财政资金、人事信息等内容，其中政策文件{5-200}条。",
            ),
            (
                "按时公开部门预算、决算和“三公”经费，公开财政资金信息{3-40}条。",
                "重点领域信息公开持续深化，发布重大项目、公共资源配置等信息{4-90}条。",
                "及时更新机构概况、领导分工、办事指南等基础信息，确保内容准确、完整。",
            ),
            (
                "本年度制发行政规范性文件{docs_issued}件，均按规定在政府网站公开。",
                "行政规范性文件按规定统一登记、统一编号、统一公开。",
                "对现行有效的行政规范性文件进行全面清理，清理文件{5-60}份。",
            ),
        ),
    ),
    (
        ("政务公开平台建设情况", "平台建设", "政府信息公开平台建设"),
        (
            (
                "政务微信公众号全年发布信息{50-900}条，累计关注人数{2-90}万余人。",
                "加强政务新媒体管理，“{short}发布”全年推送信息{40-700}条，阅读量{3-200}万次。",
            ),
            (
                "严格落实信息发布“三审三校”制度，全年未发生错敏信息。",
                "开展网站和政务新媒体自查{4-12}次，整改问题{1-30}个。",
            ),
        ),
    ),
    (
        ("政策解读与回应关切", "政策解读回应情况", "解读回应"),
        (
            (
                "坚持政策文件与解读材料同步起草、同步审签、同步发布，全年发布政策解读"
                "{2-60}篇，其中图解{1-20}篇、视频解读{0-6}个。",
                "围绕群众关心的教育、医疗、社保等领域，发布解读材料{2-60}篇，"
                "举办新闻发布会{1-20}场。",
            ),
            (
                "及时回应社会关切，处置网络舆情{1-40}起，做到早发现、早研判、早处置。",
                "办理“12345”政务服务热线工单{30-5000}件，按期办结率{95-100}%。",
                "全年办理人大代表建议{1-40}件、政协委员提案{1-40}件，"
                "办复率100%，并按规定公开答复全文。",
            ),
        ),
    ),
    (
        ("政府信息管理情况", "政府信息管理", "信息管理与审查"),
        (
            (
                "规范政府信息公开审查程序，坚持先审查、后公开，落实“一事一审”。",
                "全年对拟公开的信息进行保密审查{60-3000}条次，未发生泄密事件。",
            ),
            (
                "完善政府信息公开目录，梳理主动公开事项{20-300}项，动态更新公开标准目录。",
                "建立政府信息管理动态调整机制，及时调整公开属性，做好历史信息归档。",
            ),
        ),
    ),
    (
        ("政务服务与咨询情况", "优化政务服务", "办事服务"),
        (
            (
                "全年办理行政许可事项{5-4000}件，均在承诺时限内办结，群众满意率100%。",
                "政务服务窗口全年受理办件{10-9000}件，即办件占比{40-95}%。",
                "全年接待群众来信来访{5-400}件次，均按规定登记、转办、答复。",
            ),
            (
                "通过政府网站“咨询投诉”栏目收到群众留言{3-600}件，均已在规定时间内答复。",
                "畅通线上线下咨询渠道，耐心解答群众提出的问题。",
            ),
        ),
    ),
    (
        ("监督保障情况", "监督保障", "组织保障与监督"),
        (
            (
                "组织政务公开业务培训{1-8}次，参训人员{20-400}人次。",
                "将政务公开工作纳入年度绩效考核，压实工作责任。",
            ),
            (
                "主动接受社会监督，在政府网站公布监督电话和电子邮箱。",
                "开展政务公开专项检查{1-6}次，发现并整改问题{1-25}个。",
            ),
        ),
    ),
)
_PLACE = re.compile(r"\{(?:(\d+)-(\d+)|(\w+))\}")


def _said(rnd: random.Random, template: str, ctx: dict[str, Any]) -> str:
    """A wording with its numbers drawn and the report's own words filled in."""
    return _PLACE.sub(
        lambda m: str(ctx[m[3]]) if m[3] else str(rnd.randint(int(m[1]), int(m[2]))), template
    )


#: Clauses of the sentences about the work itself (most of a real section 一): a verb, what
#: it is done to, and what it achieves; combined, hardly two sentences of a batch are alike.
VERBS = (
    "进一步健全",
    "持续完善",
    "认真落实",
    "不断深化",
    "扎实推进",
    "全面梳理",
    "严格执行",
    "积极探索",
    "着力加强",
    "统筹推进",
    "规范开展",
    "切实抓好",
)
OBJECTS = (
    "政务公开工作机制",
    "信息发布审核制度",
    "政策解读回应机制",
    "依申请公开办理流程",
    "政府网站集约化建设",
    "重点领域信息公开",
    "基层政务公开标准化规范化",
    "政务新媒体管理",
    "公开目录动态更新",
    "政府信息保密审查",
    "政务公开考核评议",
    "公众参与机制",
    "办事服务信息公开",
    "财政预决算公开",
    "公共企事业单位信息公开",
)
EFFECTS = (
    "确保公开内容准确、完整、规范",
    "切实保障人民群众的知情权、参与权和监督权",
    "推动政务公开工作提质增效",
    "不断提升政府工作透明度",
    "增强政务公开的针对性和实效性",
    "以公开促落实、促规范、促服务",
    "让权力在阳光下运行",
    "进一步提高群众满意度",
)


def _work(rnd: random.Random) -> str:
    """One sentence about the work (no figures): two or three clauses."""
    first = f"{rnd.choice(VERBS)}{rnd.choice(OBJECTS)}"
    second = f"{rnd.choice(VERBS)}{rnd.choice(OBJECTS)}"
    if rnd.random() < 0.5:
        return f"{first}，{second}，{rnd.choice(EFFECTS)}。"
    return f"{first}，{rnd.choice(EFFECTS)}。"


#: (sub-sections, sentences with numbers per sub-section, sentences about the work per
#: sub-section): a small department, a larger one, a government.
SIZES = ((3, 2, 7), (5, 3, 11), (6, 4, 20))


def section_one(rnd: random.Random, ctx: dict[str, Any], figures: str) -> str:
    """Section 一: an opening, sub-sections in the usual order (figures among them)."""
    themes, numbered, worded = rnd.choices(SIZES, weights=(6, 3, 1))[0]
    chosen = sorted(rnd.sample(range(len(THEMES)), themes))
    parts: list[tuple[str, str]] = []
    for index in chosen:
        headings, groups = THEMES[index]
        facts = list(dict.fromkeys(_said(rnd, rnd.choice(g), ctx) for g in groups * 3))
        body = rnd.sample(facts, min(numbered, len(facts)))
        body += [_work(rnd) for _ in range(rnd.randint(max(1, worded - 2), worded))]
        rnd.shuffle(body)
        parts.append((rnd.choice(headings), "".join(body)))
    at = rnd.randint(1, len(parts))  # where the applications sub-section stands
    head, _, rest = figures.partition("\n")
    parts.insert(at, (head.split("）", 1)[-1], rest))
    lines = [_opening(rnd, ctx)]
    for k, (heading, text) in enumerate(parts):
        lines.append(f"（{NUMERALS[k % len(NUMERALS)]}）{heading}\n{text}")
    return "\n".join(lines)


def section_five(rnd: random.Random) -> str:
    problems = rnd.sample(
        (
            "政策解读的形式还不够丰富，图解、视频等群众喜闻乐见的解读方式运用较少。",
            "部分栏目信息更新不够及时，公开内容的规范性有待提高。",
            "工作人员业务能力与新形势新要求还有差距。",
            "依申请公开办理的规范化水平需进一步提升。",
            "政务公开与政务服务融合还不够深入。",
        ),
        k=rnd.randint(1, 3),
    )
    measures = rnd.sample(
        (
            "下一步，将进一步丰富解读形式，提高解读质量。",
            "加强栏目日常巡查，确保信息发布及时、准确、规范。",
            "加强业务培训，提升工作人员的政策水平和业务能力。",
            "完善依申请公开工作流程，严格按照法定时限答复。",
            "推动政务公开与政务服务深度融合，提升群众获得感。",
        ),
        k=rnd.randint(1, 3),
    )
    return "一是" + problems[0] + "".join(problems[1:]) + "\n" + "".join(measures)


def section_six(rnd: random.Random, year: int) -> str:
    return rnd.choice(
        (
            "本年度无其他需要报告的事项。",
            f"{year}年度未收取政府信息公开信息处理费。",
            f"本机关{year}年度未收取信息处理费。人大代表建议和政协提案办理结果已按规定公开。",
            "无。",
        )
    )


def varied_sections(data: dict[str, Any], rnd: random.Random, figures: str) -> None:
    """Replace the texts of sections 一, 五 and 六 of ``data`` with varied ones (in place)."""
    from xl_disclosure.spec import load_format

    year = data["meta"]["year"]
    agency = data["meta"]["agency"]
    (cell,) = load_format(data["format"]).figure("normative_made").cells
    issued = data["values"].get(cell)
    ctx = {
        "year": year,
        "we": rnd.choice(("我局", "我单位", "本机关", "我办")),
        "short": agency[:2],
        "docs_issued": int(issued) if isinstance(issued, int | float) else 0,
    }
    for section in data["sections"]:
        if section["no"] == 1:
            section["text"] = section_one(rnd, ctx, figures)
        elif section["no"] == 5:
            section["text"] = section_five(rnd)
        elif section["no"] == 6:
            section["text"] = section_six(rnd, year)
