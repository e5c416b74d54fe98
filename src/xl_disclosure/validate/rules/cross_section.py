"""Cross-section rules (X-001 ... X-004): narrative against tables, fee reporting."""

from __future__ import annotations

import re
from collections.abc import Iterator

from xl_disclosure.validate.context import Context
from xl_disclosure.validate.findings import Finding, make
from xl_disclosure.validate.text import fold, quotes

NO_FEE_CELL = "T3.other.no_fee.C7"
FEE_CELL = "T2.D.R1"

#: Figure id -> (cell keys summed, table number, cell label for the message).
FIGURES: dict[str, tuple[tuple[str, ...], str, str]] = {
    "new": (("T3.new.C7",), "三", "一、本年新收政府信息公开申请数量/总计"),
    "carry_in": (("T3.carry_in.C7",), "三", "二、上年结转政府信息公开申请数量/总计"),
    "total": (("T3.total.C7",), "三", "（七）总计/总计"),
    "carry_out": (("T3.carry_out.C7",), "三", "四、结转下年度继续办理/总计"),
    "review": (("T4.F05",), "四", "行政复议—总计"),
    "litigation": (("T4.F10", "T4.F15"), "四", "行政诉讼（两项总计之和）"),
    "rules": (("T2.A.R1.C1",), "二", "规章"),
    "normative": (("T2.A.R2.C1",), "二", "规范性文件"),
}
_NOTICE_COUNT = (r"收费通知书?[^，。；\d]{0,6}?(\d+)件", r"(\d+)件收费通知")


def rules(ctx: Context) -> Iterator[Finding]:
    yield from _quoted_figures(ctx)
    if ctx.report.format_id != "gb2021":
        return
    s6 = fold(ctx.report.text(6))
    if "信息处理费" not in s6 and "收费" not in s6:
        yield make("X-002", ("section.6",))
    no_fee = ctx.num(NO_FEE_CELL)
    if no_fee:
        counts = [int(m.group(1)) for p in _NOTICE_COUNT for m in re.finditer(p, s6)]
        if not counts or max(counts) < no_fee:
            detail = f"；正文所写收费通知{max(counts)}件少于该数" if counts else ""
            yield make(
                "X-001",
                (NO_FEE_CELL, "section.6"),
                n=no_fee,
                detail=detail,
                expected=f"收费通知≥{no_fee}件",
                actual=f"{max(counts)}件" if counts else "未报告",
            )
    fee = ctx.num(FEE_CELL)
    if fee and "信息处理费" in s6:
        amounts = [float(m.group(1)) for m in re.finditer(r"(\d+(?:\.\d+)?)万元", s6)]
        if fee in amounts:
            yield make("X-004", (FEE_CELL, "section.6"))


def _quoted_figures(ctx: Context) -> Iterator[Finding]:
    """X-003: every figure quoted in sections 一/三/四 (and the preamble) equals the table."""
    texts = {1: ctx.report.text(1), 3: ctx.report.text(3), 4: ctx.report.text(4)}
    seen: set[tuple[int, str, int]] = set()
    for no, text in texts.items():
        for q in quotes(text):
            cells, table_no, label = FIGURES[q.figure]
            values = ctx.nums(cells)
            if values is None or (no, q.figure, q.number) in seen:
                continue
            seen.add((no, q.figure, q.number))
            actual = sum(values)
            if q.number != actual:
                yield make(
                    "X-003",
                    (f"section.{no}", *cells),
                    quote=q.text,
                    table=table_no,
                    cell=label,
                    value=actual,
                    expected=actual,
                    actual=q.number,
                )
