"""One printed cell -> the value of a spec cell of a given type, or a refusal.

A value is never bent to fit its column: an amount (``12.5``, ``300元``, ``2万元``) is never put
into a count cell; text such as ``+(3) -(1)`` stays text (the validator reports it). The only
conversions are exact ones: a unit that is the column's own unit is dropped, ``元`` in a 万元
column is divided by 10,000, and ``减3`` in a 本年增/减 column is ``-3``.

Example:
    >>> from xl_disclosure.spec import ValueType
    >>> convert("value_text", "减3", "减3", ValueType.SIGNED, "“行政许可”/“本年增/减”")[0]
    -3
    >>> convert("number", 12.5, "12.5", ValueType.COUNT, "“规章”")[0] is None
    True
"""

from __future__ import annotations

from xl_disclosure.cells import CellValue
from xl_disclosure.receiving.importer.labels import signed_change
from xl_disclosure.spec import ValueType

_MONEY_UNITS = ("元", "万元")
_WAN = 10_000


def convert(
    kind: str, value: object, text: str, vtype: ValueType, name: str
) -> tuple[CellValue | None, str, str]:
    """(value or None when refused, note, money unit declared by the cell)."""
    if kind == "na":
        return text, "", ""
    if kind == "value_text":
        change = signed_change(text) if vtype is ValueType.SIGNED else None
        if change is not None:
            return change, f"{name}“{text}”按{change}导入。", ""
        return text, f"{name}印有文字“{text}”，按原文保留。", ""
    if kind == "number_unit":
        assert isinstance(value, tuple)
        return _with_unit(value[0], value[1], text, vtype, name)
    assert isinstance(value, int | float)
    if vtype.integral and isinstance(value, float) and not value.is_integer():
        return None, f"{name}为件数单元格，原文“{text}”是金额或小数，未导入。", ""
    return value, "", ""


def _with_unit(
    number: float, unit: str, text: str, vtype: ValueType, name: str
) -> tuple[CellValue | None, str, str]:
    if unit in _MONEY_UNITS:
        if vtype is ValueType.MONEY:
            return number, f"{name}“{text}”已去掉单位“{unit}”。", unit
        if vtype is ValueType.AMOUNT_WAN:
            if unit == "万元":
                return number, f"{name}“{text}”已去掉单位“万元”。", ""
            wan = round(number / _WAN, 6)
            return wan, f"{name}“{text}”按{wan}万元导入。", ""
        return None, f"{name}为件数单元格，原文“{text}”是金额，未导入。", ""
    if vtype in (ValueType.MONEY, ValueType.AMOUNT_WAN):
        return None, f"{name}为金额单元格，原文“{text}”的单位不是金额单位，未导入。", ""
    if isinstance(number, float) and not number.is_integer():
        return None, f"{name}为件数单元格，原文“{text}”不是整数，未导入。", ""
    return number, f"{name}“{text}”已去掉单位“{unit}”。", ""
