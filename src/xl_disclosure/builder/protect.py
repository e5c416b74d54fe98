"""Data validation, defined names, the hidden metadata sheet and protection."""

from __future__ import annotations

from collections.abc import Iterable

from openpyxl.workbook.defined_name import DefinedName
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from xl_disclosure.builder import styles
from xl_disclosure.errors import SpecError
from xl_disclosure.layout import (
    GENERATOR,
    META_CELLS,
    PROFILE_CHUNK,
    PROFILE_MAX_CHUNKS,
    PROFILE_META_CELLS,
    PROFILE_SOURCE_ROW,
    InputKind,
    Layout,
    Placement,
)
from xl_disclosure.layout.grid import parse_a1
from xl_disclosure.spec import ValueType
from xl_disclosure.version import TEMPLATE_VERSION

#: 2019-01-01 as an Excel serial date (the earliest report year supported).
_MIN_DATE_SERIAL = "43466"
_INT_LIMIT = "999999999"
_ERR_TITLE = "输入有误"

# kind or value type -> DataValidation arguments (Chinese prompt and error message included).
_RULES: dict[str, dict[str, str]] = {
    ValueType.COUNT.value: {
        "type": "whole",
        "operator": "greaterThanOrEqual",
        "formula1": "0",
        "promptTitle": "填写件数",
        "prompt": "请填写不小于 0 的整数；没有发生的填 0，不要留空。",
        "error": "这里只能填写不小于 0 的整数（没有发生的填 0）。",
    },
    ValueType.SIGNED.value: {
        "type": "whole",
        "operator": "between",
        "formula1": "-" + _INT_LIMIT,
        "formula2": _INT_LIMIT,
        "promptTitle": "填写增减数",
        "prompt": "请填写整数，减少的用负数表示（如 -8）；没有变化的填 0。",
        "error": "这里只能填写整数，减少的用负数表示（如 -8）。",
    },
    ValueType.AMOUNT_WAN.value: {
        "type": "decimal",
        "operator": "greaterThanOrEqual",
        "formula1": "0",
        "promptTitle": "填写金额（万元）",
        "prompt": "请填写以万元为单位的数字（1元=0.0001万元），不要带单位文字；没有的填 0。",
        "error": "这里只能填写不小于 0 的数字，单位为万元。",
    },
    ValueType.MONEY.value: {
        "type": "decimal",
        "operator": "greaterThanOrEqual",
        "formula1": "0",
        "promptTitle": "填写金额",
        "prompt": "请填写不小于 0 的数字，单位在“封面”的“采购总金额单位”中选择；没有的填 0。",
        "error": "这里只能填写不小于 0 的数字。",
    },
    InputKind.YEAR: {
        "type": "whole",
        "operator": "between",
        "formula1": "2019",
        "formula2": "2100",
        "promptTitle": "报告年度",
        "prompt": "请填写四位年份，如 2024。",
        "error": "请填写 2019 以后的四位年份。",
    },
    InputKind.DATE: {
        "type": "date",
        "operator": "greaterThanOrEqual",
        "formula1": _MIN_DATE_SERIAL,
        "promptTitle": "填写日期",
        "prompt": "请填写日期，如 2025-01-20。",
        "error": "请填写有效日期（如 2025-01-20）。",
    },
    InputKind.LONGTEXT: {
        "promptTitle": "填写正文",
        "prompt": "在此填写文字；单元格内换行请按 Alt+Enter（WPS/Mac：Ctrl/Option+Enter）。",
    },
}


def _rule_key(p: Placement) -> str | None:
    if p.kind == InputKind.NUMBER and p.value_type is not None:
        return p.value_type.value
    if p.kind == InputKind.CHOICE:
        return "choice:" + ",".join(p.choices)
    return p.kind if p.kind in _RULES else None


def _validation(key: str) -> DataValidation:
    if key.startswith("choice:"):
        choices = key.removeprefix("choice:")
        args = {
            "type": "list",
            "formula1": f'"{choices}"',
            "promptTitle": "请选择",
            "prompt": "请从下拉列表中选择：" + choices.replace(",", " / "),
            "error": "请从下拉列表中选择。",
        }
    else:
        args = dict(_RULES[key])
    error = args.pop("error", None)
    dv = DataValidation(allow_blank=True, showInputMessage=True, **args)  # type: ignore[arg-type]
    if error:
        dv.showErrorMessage = True
        dv.errorStyle = "stop"
        dv.errorTitle = _ERR_TITLE
        dv.error = error
    return dv


def _na_validation(p: Placement) -> DataValidation:
    """A number cell of a profile column that also takes ``/`` (不适用): a custom formula,
    one validation per cell (the formula is relative to its own cell)."""
    assert p.value_type is not None
    c = p.cell
    number = {
        ValueType.COUNT: f"AND(ISNUMBER({c}),{c}>=0,{c}=INT({c}))",
        ValueType.SIGNED: f"AND(ISNUMBER({c}),{c}=INT({c}))",
    }.get(p.value_type, f"AND(ISNUMBER({c}),{c}>=0)")
    base = _RULES[p.value_type.value]
    dv = DataValidation(
        type="custom",
        formula1=f'OR(TRIM({c})="/",{number})',
        allow_blank=True,
        showInputMessage=True,
        promptTitle=base["promptTitle"],
        prompt=base["prompt"].replace("；", "；不适用的填写“/”；", 1),
    )
    dv.showErrorMessage = True
    dv.errorStyle = "stop"
    dv.errorTitle = _ERR_TITLE
    dv.error = base["error"] + "不适用的填写“/”。"
    dv.add(c)
    return dv


def add_validations(ws: Worksheet, inputs: Iterable[Placement]) -> None:
    """One data validation per kind of input, on the top-left cell of each input."""
    groups: dict[str, list[str]] = {}
    for p in inputs:
        if p.na and p.value_type is not None:
            ws.add_data_validation(_na_validation(p))
            continue
        key = _rule_key(p)
        if key is not None:
            groups.setdefault(key, []).append(p.cell)
    for key in sorted(groups):
        dv = _validation(key)
        for ref in sorted(groups[key], key=parse_a1):
            dv.add(ref)
        ws.add_data_validation(dv)


def add_names(wb: Workbook, layout: Layout) -> None:
    """A workbook-scope defined name per input, in name order."""
    for p in sorted(layout.input_placements(), key=lambda p: p.name):
        row, _ = parse_a1(p.cell)
        ref = f"'{p.sheet}'!${''.join(ch for ch in p.cell if ch.isalpha())}${row}"
        wb.defined_names[p.name] = DefinedName(p.name, attr_text=ref)


def add_meta_sheet(wb: Workbook, layout: Layout) -> Worksheet:
    """The very hidden sheet that tells readers which template (and version) this is."""
    from xl_disclosure.layout import META_SHEET

    ws: Worksheet = wb.create_sheet(META_SHEET)
    values = {
        "generator": GENERATOR,
        "format": layout.format_id,
        "template_version": TEMPLATE_VERSION,
        "layout_checksum": layout.checksum,
    }
    cells = dict(META_CELLS)
    profile = layout.spec.profile
    if profile is not None:  # which profile, and the profile itself (read where not installed)
        values.update(profile=profile.id, profile_version=profile.version)
        cells.update(PROFILE_META_CELLS)
        chunks = [
            profile.source[i : i + PROFILE_CHUNK]
            for i in range(0, len(profile.source), PROFILE_CHUNK)
        ]
        if len(chunks) > PROFILE_MAX_CHUNKS:
            raise SpecError("地方配置过大，无法记录在模板中", profile.id)
        for i, chunk in enumerate(chunks):
            values[f"profile_source_{i}"] = chunk
            cells[f"profile_source_{i}"] = f"B{PROFILE_SOURCE_ROW + i}"
    for key, ref in cells.items():
        row, col = parse_a1(ref)
        ws.cell(row, col - 1, key)
        cell = ws.cell(row, col, values[key])
        cell.data_type = "s"
    ws.sheet_state = "veryHidden"
    return ws


def protect_sheet(ws: Worksheet, password: str | None) -> None:
    """Protect the sheet; staff may still select cells and resize rows/columns."""
    prot = ws.protection
    prot.sheet = True
    prot.formatRows = False
    prot.formatColumns = False
    prot.selectLockedCells = False
    prot.selectUnlockedCells = False
    if password:
        prot.password = password


def protect_workbook(wb: Workbook, password: str | None) -> None:
    """Lock the structure: sheets cannot be added, deleted, renamed, moved or unhidden."""
    wb.security = WorkbookProtection(lockStructure=True)
    if password:
        wb.security.workbookPassword = password


__all__ = [
    "add_meta_sheet",
    "add_names",
    "add_validations",
    "protect_sheet",
    "protect_workbook",
    "styles",
]
