"""Document-level rules (D-001 ... D-014, M-001): cover data, sections, narrative content."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from xl_disclosure.spec import first_year, format_for_year, load_format
from xl_disclosure.validate.context import Context
from xl_disclosure.validate.findings import Finding, emits, make
from xl_disclosure.validate.text import contains_any, is_empty_or_none, same_text, same_title

PROBLEM_WORDS = ("问题", "不足", "短板", "差距", "薄弱")
#: "2018年，…" / "2018年以来" opening a statement (text folded: ``，`` is ``,``).
_YEAR_STATEMENT = re.compile(r"(?<![\d《])(\d{4})年(?:度)?(?:,|以来|全年)")
MEASURE_WORDS = ("措施", "改进", "下一步", "今后", "将进一步", "加强", "整改", "完善")


@emits("M-001")
def metadata(ctx: Context) -> Iterator[Finding]:
    """M-001: agency and year must be given."""
    meta = ctx.report.meta
    if not meta.agency.strip():
        yield make("M-001", ("meta.agency",), field="机关名称", detail="")
    if meta.year is None:
        yield make("M-001", ("meta.year",), field="报告年度", detail="（应为四位年份，如 2024）")
    elif meta.year < first_year():
        yield make(
            "M-001",
            ("meta.year",),
            field="报告年度",
            detail=f"：{meta.year}年度不在支持范围内（{first_year()}年度及以后）",
        )
    elif meta.year > date.today().year + 1:
        yield make(
            "M-001", ("meta.year",), field="报告年度", detail=f"：{meta.year}年度晚于当前年度"
        )


@emits("D-003", "D-004", "D-006", "D-013", "D-014")
def format_and_period(ctx: Context) -> Iterator[Finding]:
    """D-003 format vs year, D-004 statistics period, D-006 deadline, D-013 title, D-014 sign-off."""
    meta, spec = ctx.report.meta, ctx.spec
    year = meta.year
    if year is None or year < first_year() or year > date.today().year + 1:
        return  # M-001 stands
    if not spec.applies_to(year):
        expected = load_format(format_for_year(year))
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
    limit = spec.deadline(meta.agency_kind) or spec.deadline("department")
    if meta.publish_date and limit is not None:  # a profile may set a stricter local date
        deadline = limit.date_for(year)
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
                what=limit.what,
                basis=limit.basis,
            )
    if meta.title.strip() and same_text(meta.title) != same_text(meta.standard_title()):
        yield make("D-013", ("meta.title",), expected=meta.standard_title())
    if not meta.signed_off:
        yield make("D-014", ("meta.signed_off",))


@emits("D-001", "D-002")
def sections_present(ctx: Context) -> Iterator[Finding]:
    """D-001 every section present; D-002 titles as in the official format."""
    for section in ctx.spec.sections:
        if not ctx.has_section(section.no):
            yield make("D-001", (f"section.{section.no}",), n=section.numeral, title=section.title)
            continue
        content = ctx.report.sections[section.no]
        if same_title(content.title) != same_title(section.title):
            yield make(
                "D-002",
                (f"section.{section.no}.title",),
                n=section.numeral,
                title=section.title,
                actual=content.title,
                expected=section.title,
            )


@emits("D-005", "D-007", "D-008", "D-009", "D-011", "D-012")
def narrative(ctx: Context) -> Iterator[Finding]:
    """D-005 year mentioned, D-007/D-008 section 5, D-009/D-011 section 1, D-012 section 6."""
    report = ctx.report
    year = ctx.year
    s1, s5, s6 = ctx.text(1), ctx.text(5), ctx.text(6)
    if year is not None:
        # "2018年，…" / "2018年以来" opening a statement in section 1 describes that year's work.
        for m in _YEAR_STATEMENT.finditer(same_text(s1)):
            if int(m.group(1)) in (year - 1, year + 1):
                yield make("D-005", ("section.1",), quote=m.group(0), year=year)
    if ctx.has_section(5):
        if is_empty_or_none(s5):
            yield make("D-007", ("section.5",))
        elif not (contains_any(s5, PROBLEM_WORDS) and contains_any(s5, MEASURE_WORDS)):
            yield make("D-008", ("section.5",))
    spec = ctx.spec
    if ctx.has_section(1) and s1.strip():
        for item in spec.section(1).items_for("D-009"):
            if not contains_any(s1, item.words):
                yield make("D-009", ("section.1",), aspect=item.name)
    government_items = spec.section(1).items_for("D-011")
    if (
        ctx.has_section(1)
        and report.meta.agency_kind == "government"
        and not all(contains_any(s1, item.words) for item in government_items)
    ):
        yield make("D-011", ("section.1",))
    if ctx.has_section(6):
        items = spec.section(6).items_for("D-012")
        missing = [item.name for item in items if not contains_any(s6, item.words)]
        if missing:
            yield make("D-012", ("section.6",), missing="、".join(missing))
