"""Values and units (V-001 ... V-009): what may stand in each value cell."""

from __future__ import annotations

from collections.abc import Iterator

from xl_disclosure.cells import (
    NA_SYMBOLS,
    Blank,
    ExcelError,
    NotAvailable,
    NotCalculated,
    display,
    is_number,
    number_from_text,
)
from xl_disclosure.model.report import MONEY_UNITS
from xl_disclosure.spec import CellSpec, ValueType
from xl_disclosure.validate.context import Context, number_of
from xl_disclosure.validate.findings import Finding, emits, make


def _hint(value: object, cell: CellSpec) -> str:
    if isinstance(value, str):
        n = number_from_text(value)
        if n is not None:
            return f"看起来是以文本形式保存的数字“{n}”，请删除后按数字重新输入。"
        return "请删除文字，只填写数字。"
    if is_number(value):
        assert isinstance(value, int | float)
        if cell.type.integral and not float(value).is_integer():
            return "件数不能有小数。"
        if value < 0:
            return "件数不能为负数。"
    return ""


@emits("V-002", "V-003", "V-004", "V-006", "V-008", "V-009")
def cell_values(ctx: Context) -> Iterator[Finding]:
    """V-002/3/4/6/8/9: one finding per value cell that is not an acceptable number.

    Blank cells (V-001, one finding per row) and cells not available (V-011) are reported by
    :mod:`.blanks`; in an imported publication "/" and the like count as blank there."""
    blank = ctx.arith.blank
    for key in ctx.others:
        value = ctx.report.value(key)
        if key in blank or isinstance(value, Blank | NotAvailable):
            continue
        cell = ctx.spec.cell(key)
        place = (cell.key,)
        if isinstance(value, ExcelError):
            yield make("V-008", place, cell=cell.label, value=value.code, actual=value.code)
        elif isinstance(value, NotCalculated):
            yield make("V-009", place, cell=cell.label, value=value.formula, actual=value.formula)
        elif isinstance(value, str) and value.strip() in NA_SYMBOLS:
            if not cell.column.na:  # a profile column where "/" (不适用) is a proper entry
                yield make(
                    "V-006", place, cell=cell.label, value=value.strip(), actual=value.strip()
                )
        elif cell.type is ValueType.AMOUNT_WAN:  # gb2021 收费金额: text with units, dates ...
            yield make(
                "V-004",
                place,
                value=display(value),
                expected="以万元为单位的数字",
                actual=display(value),
            )
        elif cell.type is ValueType.SIGNED:
            yield make(
                "V-003",
                place,
                cell=cell.label,
                value=display(value),
                hint=_hint(value, cell),
                expected="整数",
                actual=display(value),
            )
        else:
            expected = "不小于 0 的整数" if cell.type.integral else "不小于 0 的数字"
            yield make(
                "V-002",
                place,
                cell=cell.label,
                value=display(value),
                hint=_hint(value, cell),
                expected=expected,
                actual=display(value),
            )


@emits("V-005")
def fee_amount(ctx: Context) -> Iterator[Finding]:
    """V-005: a fee amount (万元) that looks as if it was entered in 元."""
    if not ctx.spec.has_figure("fee_amount"):
        return
    (cell,) = ctx.spec.figure("fee_amount").cells
    if cell not in ctx.numbers:
        return  # not a usable number: cell_values reports it (V-001/V-004/V-006/V-008/V-009)
    amount = ctx.numbers[cell]
    decimals = (
        len(repr(float(amount)).split(".")[1].rstrip("0")) if not float(amount).is_integer() else 0
    )
    prev = ctx.previous
    last = (
        number_of(prev.value(prev.spec.figure("fee_amount").cells[0]))
        if prev is not None and prev.spec.has_figure("fee_amount")
        else None
    )
    grown = last is not None and 0 < float(last) * 1000 <= amount
    if decimals > 4 or grown:
        yield make("V-005", (cell,), value=amount, actual=amount)


@emits("V-007")
def money_unit(ctx: Context) -> Iterator[Finding]:
    """V-007: the purchase amount (its unit not printed in the format) needs a declared unit."""
    if ctx.spec.has_figure("purchase_amount") and ctx.report.meta.money_unit not in MONEY_UNITS:
        yield make("V-007", (*ctx.spec.figure("purchase_amount").cells, "meta.money_unit"))
