"""Document-level rules (D-001 ... D-014, M-001): cover data, sections, narrative content."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from xl_disclosure.spec import FORMAT_IDS, load_format
from xl_disclosure.validate.context import Context
from xl_disclosure.validate.findings import Finding, make
from xl_disclosure.validate.text import contains_any, fold, is_empty_or_none

ASPECTS: dict[str, tuple[str, ...]] = {
    "主动公开": ("主动公开",),
    "依申请公开": ("依申请", "申请公开"),
    "政府信息管理": ("信息管理", "公开审查", "保密审查", "公开目录", "信息发布"),
    "政府信息公开平台建设": ("平台", "网站", "新媒体", "公开专栏"),
    "监督保障": ("监督", "保障", "考核", "培训"),
}
PROBLEM_WORDS = ("问题", "不足", "短板", "差距", "薄弱")
MEASURE_WORDS = ("措施", "改进", "下一步", "今后", "将进一步", "加强", "整改", "完善")
GOVERNMENT_ITEMS = ("考核", "社会评议", "责任追究")
SECTION6_ITEMS: dict[str, tuple[str, ...]] = {
    "落实上级年度政务公开工作要点情况": ("工作要点",),
    "人大代表建议和政协提案办理结果公开情况": ("建议", "提案"),
    "年度政务公开工作创新情况": ("创新",),
}


def metadata(ctx: Context) -> Iterator[Finding]:
    """M-001: agency and year must be given."""
    meta = ctx.report.meta
    if not meta.agency.strip():
        yield make("M-001", ("meta.agency",), field="机关名称", detail="")
    if meta.year is None:
        yield make("M-001", ("meta.year",), field="报告年度", detail="（应为四位年份，如 2024）")
    elif meta.year < min(load_format(f).year_from for f in FORMAT_IDS):
        yield make(
            "M-001",
            ("meta.year",),
            field="报告年度",
            detail=f"：{meta.year}年度不在支持范围内（2019年度及以后）",
        )
    elif meta.year > date.today().year + 1:
        yield make(
            "M-001", ("meta.year",), field="报告年度", detail=f"：{meta.year}年度晚于当前年度"
        )


def format_and_period(ctx: Context) -> Iterator[Finding]:
    """D-003 format vs year, D-004 statistics period, D-006 deadline, D-013 title, D-014 sign-off."""
    meta, spec = ctx.report.meta, ctx.spec
    year = meta.year
    if year is None or year < 2019 or year > date.today().year + 1:
        return  # M-001 stands
    expected = next((load_format(f) for f in FORMAT_IDS if load_format(f).applies_to(year)), None)
    if expected is not None and expected.id != spec.id:
        yield make("D-003", ("meta.year",), year=year, expected=expected.name, actual=spec.name)
    start, end = meta.effective_period()
    if (start, end) != (f"{year}-01-01", f"{year}-12-31"):
        yield make(
            "D-004",
            ("meta.period_start", "meta.period_end"),
            year=year,
            actual=f"{start} 至 {end}",
            expected=f"{year}-01-01 至 {year}-12-31",
        )
    if meta.publish_date:
        deadline = (
            date(year + 1, 3, 31) if meta.agency_kind == "government" else date(year + 1, 1, 31)
        )
        try:
            published = date.fromisoformat(meta.publish_date)
        except ValueError:
            published = None
        if published is not None and published > deadline:
            yield make(
                "D-006",
                ("meta.publish_date",),
                date=meta.publish_date,
                deadline=deadline.isoformat(),
            )
    if meta.title.strip() and fold(meta.title) != fold(meta.standard_title()):
        yield make("D-013", ("meta.title",), expected=meta.standard_title())
    if not meta.signed_off:
        yield make("D-014", ("meta.signed_off",))


def sections_present(ctx: Context) -> Iterator[Finding]:
    """D-001 every section present; D-002 titles as in the official format."""
    for section in ctx.spec.sections:
        content = ctx.report.sections.get(section.no)
        if content is None or not content.title.strip():
            yield make("D-001", (f"section.{section.no}",), n=section.numeral, title=section.title)
        elif fold(content.title) != fold(section.title):
            yield make(
                "D-002",
                (f"section.{section.no}.title",),
                n=section.numeral,
                title=section.title,
                actual=content.title,
                expected=section.title,
            )


def narrative(ctx: Context) -> Iterator[Finding]:
    """D-005 year mentioned, D-007/D-008 section 5, D-009/D-011 section 1, D-012 section 6."""
    report = ctx.report
    year = ctx.year
    s1, s5, s6 = report.text(1), report.text(5), report.text(6)
    if year is not None:
        # "2018年，…" / "2018年以来" opening a statement in section 1 describes that year's work.
        for m in re.finditer(r"(?<![\d《])(\d{4})年(?:度)?(?:，|,|以来|全年)", fold(s1)):
            if int(m.group(1)) in (year - 1, year + 1):
                yield make("D-005", ("section.1",), quote=m.group(0), year=year)
    if 5 in report.sections:
        if is_empty_or_none(s5):
            yield make("D-007", ("section.5",))
        elif not (contains_any(s5, PROBLEM_WORDS) and contains_any(s5, MEASURE_WORDS)):
            yield make("D-008", ("section.5",))
    if 1 in report.sections and s1.strip():
        for aspect, words in ASPECTS.items():
            if not contains_any(s1, words):
                yield make("D-009", ("section.1",), aspect=aspect)
    if report.meta.agency_kind == "government" and not all(w in s1 for w in GOVERNMENT_ITEMS):
        yield make("D-011", ("section.1",))
    if report.format_id == "gb2021" and 6 in report.sections:
        missing = [item for item, words in SECTION6_ITEMS.items() if not contains_any(s6, words)]
        if missing:
            yield make("D-012", ("section.6",), missing="、".join(missing))
