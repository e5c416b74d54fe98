"""Cross-section rules about fees (X-001, X-002, X-004); the figures of the text against the
tables are :mod:`.prose` (X-003, X-005)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from xl_disclosure.validate.context import Context
from xl_disclosure.validate.findings import Finding, emits, make
from xl_disclosure.validate.text import quoted_number, same_text

_NOTICE_COUNT = (r"收费通知书?[^，。；\d]{0,6}?(\d+)件", r"(\d+)件收费通知")
#: Section 六 saying whether fees were charged: 信息处理费, 处理费, 收费, or 收取/收缴 … 费(用)
#: (本机关未收取任何费用, 没有收取政府信息公开相关费用).
_FEE_STATEMENT = re.compile(r"处理费|收费|(?:收取|收缴|缴纳)[^。；;]{0,15}?费")


@emits("X-002", "X-004")
def rules(ctx: Context) -> Iterator[Finding]:
    spec = ctx.spec
    if not spec.has("fee_reporting") or not ctx.has_section(6):
        return  # a missing section 六 is D-001's one finding
    s6 = same_text(ctx.text(6))
    if not _FEE_STATEMENT.search(s6):
        yield make("X-002", ("section.6",))
    if spec.has_figure("no_fee"):
        yield from _fee_notices(ctx, s6)
    if spec.has_figure("fee_amount"):
        (fee_cell,) = spec.figure("fee_amount").cells
        fee = ctx.num(fee_cell)
        if fee and "信息处理费" in s6:
            amounts = [float(m.group(1)) for m in re.finditer(r"(\d+(?:\.\d+)?)万元", s6)]
            if fee in amounts:
                yield make("X-004", (fee_cell, "section.6"))


@emits("X-001")
def _fee_notices(ctx: Context, s6: str) -> Iterator[Finding]:
    """X-001: applications dropped for unpaid fees need as many fee notices in section 六."""
    no_fee_cells = ctx.spec.figure("no_fee").cells
    no_fee = ctx.figure("no_fee")
    if not no_fee:
        return
    found = (quoted_number(m.group(1)) for p in _NOTICE_COUNT for m in re.finditer(p, s6))
    counts = [n for n in found if n is not None]
    if not counts or max(counts) < no_fee:
        detail = f"；正文所写收费通知{max(counts)}件少于该数" if counts else ""
        yield make(
            "X-001",
            (*no_fee_cells, "section.6"),
            n=no_fee,
            detail=detail,
            expected=f"收费通知≥{no_fee}件",
            actual=f"{max(counts)}件" if counts else "未报告",
        )
