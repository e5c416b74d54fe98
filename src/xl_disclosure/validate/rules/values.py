"""Values and units (V-001 ... V-009): what may stand in each value cell."""

from __future__ import annotations

from collections.abc import Iterator

from xl_disclosure.cells import (
    NA_SYMBOLS,
    Blank,
    ExcelError,
    NotCalculated,
    display,
    is_number,
    number_from_text,
)
from xl_disclosure.spec import CellSpec, ValueType
from xl_disclosure.validate.context import Context
from xl_disclosure.validate.findings import Finding, make

FEE_CELL = "T2.D.R1"
MONEY_CELL = "T2.E.R1.C2"


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


def cell_values(ctx: Context) -> Iterator[Finding]:
    """V-001/2/3/4/6/8/9: one finding per value cell that is not an acceptable number."""
    for cell in ctx.spec.cells:
        value = ctx.report.value(cell.key)
        if cell.key in ctx.numbers:
            continue
        place = (cell.key,)
        if isinstance(value, Blank):
            yield make("V-001", place, cell=cell.label, actual="（空）")
        elif isinstance(value, ExcelError):
            yield make("V-008", place, cell=cell.label, value=value.code, actual=value.code)
        elif isinstance(value, NotCalculated):
            yield make("V-009", place, cell=cell.label, value=value.formula, actual=value.formula)
        elif isinstance(value, str) and value.strip() in NA_SYMBOLS:
            yield make("V-006", place, cell=cell.label, value=value.strip(), actual=value.strip())
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


def fee_amount(ctx: Context) -> Iterator[Finding]:
    """V-005: a fee amount that looks as if it was entered in 元."""
    if ctx.report.format_id != "gb2021":
        return
    if FEE_CELL not in ctx.numbers:
        return  # not a usable number: cell_values reports it (V-001/V-004/V-006/V-008/V-009)
    amount = ctx.numbers[FEE_CELL]
    decimals = (
        len(repr(float(amount)).split(".")[1].rstrip("0")) if not float(amount).is_integer() else 0
    )
    last = (
        ctx.previous.value(FEE_CELL)
        if ctx.previous and ctx.previous.format_id == "gb2021"
        else None
    )
    grown = is_number(last) and 0 < float(last) * 1000 <= amount  # type: ignore[arg-type]
    if decimals > 4 or grown:
        yield make("V-005", (FEE_CELL,), value=amount, actual=amount)


def money_unit(ctx: Context) -> Iterator[Finding]:
    """V-007: gb2019 采购总金额 needs a declared unit."""
    if ctx.report.format_id == "gb2019" and ctx.report.meta.money_unit not in ("元", "万元"):
        yield make("V-007", (MONEY_CELL, "meta.money_unit"))
