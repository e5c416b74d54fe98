"""The sheets of the template, described as data (labels, inputs, helpers, print setup).

Used only through :func:`xl_disclosure.layout.layout_for`; pure Python.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import replace

from xl_disclosure.layout import (
    COVER_SHEET,
    FINDINGS_COLUMNS,
    FINDINGS_HEADER_ROW,
    FINDINGS_NOTE_ROW,
    FINDINGS_SHEET,
    FINDINGS_TITLE_ROW,
    LOCAL_TABLE_COLS,
    LOCAL_TABLE_ROWS,
    LOCAL_TABLE_SECTIONS,
    RULES_SHEET,
    InputKind,
    Placement,
    SheetLayout,
    defined_name,
)
from xl_disclosure.layout_grid import Helper, Label, a1, block_grid, col_letter, parse_a1, span
from xl_disclosure.model.report import AGENCY_KINDS, MONEY_UNITS
from xl_disclosure.spec import FormatSpec, Section, Table, load_rules
from xl_disclosure.spec.load import severity_labels
from xl_disclosure.version import TEMPLATE_VERSION

YES_NO: tuple[str, ...] = ("是", "否")
_LINE_PT = 15.0
#: Font size of a role relative to 11 pt (smaller text needs fewer lines).
_ROLE_SIZE = {
    "hint": 0.82,
    "corner": 0.82,
    "helper_label": 0.82,
    "note": 0.91,
    "header": 0.95,
    "rowlabel": 0.95,
    "rule": 0.91,
    "title": 1.45,
}
_DEFAULT_PT = 15.0

#: Per table: widths of the physical columns, label columns, value slots, orientation.
_TABLE_GEOMETRY: dict[str, dict[str, object]] = {
    "T2": {"widths": [40, 16, 16, 16], "label_cols": 1, "value_slots": 3, "landscape": False},
    "T3": {
        "widths": [7, 12, 42, 9, 9, 9, 9, 9, 9, 9, 11],
        "label_cols": None,
        "value_slots": None,
        "landscape": False,
    },
    "T4": {"widths": [7.6] * 15, "label_cols": None, "value_slots": None, "landscape": True},
}
_TEXT_SHEET_COLS = 8
_TEXT_COL_WIDTH = 11.5
_NARRATIVE_ROWS = 40
_TABLE_TEXT_ROWS = 6


def build_sheets(spec: FormatSpec) -> tuple[SheetLayout, ...]:
    sheets = [_cover(spec)]
    for section in spec.sections:
        if section.kind == "table" and section.table:
            sheets.append(_table_sheet(spec.table(section.table), section))
        else:
            sheets.append(_text_sheet(section))
    sheets.append(_findings_sheet())
    sheets.append(_rules_sheet(spec))
    return tuple(sheets)


def _input(
    place: str,
    sheet: str,
    cell: str,
    kind: str,
    *,
    merge: str | None = None,
    choices: tuple[str, ...] = (),
    label: str = "",
    spec_type: object = None,
) -> Placement:
    from xl_disclosure.spec import ValueType

    vt = spec_type if isinstance(spec_type, ValueType) else None
    return Placement(place, sheet, cell, defined_name(place), kind, merge, vt, choices, label)


def _meta_fields(spec: FormatSpec) -> list[tuple[str, str, str, tuple[str, ...], str]]:
    """(field, label, kind, choices, hint) of the cover inputs, in order."""
    fields: list[tuple[str, str, str, tuple[str, ...], str]] = [
        ("agency", "机关名称", InputKind.TEXT, (), "填写机关全称，与报告标题一致"),
        ("year", "报告年度", InputKind.YEAR, (), "四位年份，如 2024"),
        (
            "period_start",
            "统计期限起",
            InputKind.DATE,
            (),
            "日期，如 2024-01-01；留空则为报告年度1月1日",
        ),
        (
            "period_end",
            "统计期限止",
            InputKind.DATE,
            (),
            "日期，如 2024-12-31；留空则为报告年度12月31日",
        ),
        (
            "agency_kind",
            "机关类型",
            InputKind.CHOICE,
            tuple(AGENCY_KINDS.values()),
            "下拉选择：政府部门 / 人民政府（决定公布期限）",
        ),
        ("rulemaking", "是否有规章制定权", InputKind.CHOICE, YES_NO, "下拉选择：是 / 否"),
    ]
    if any(c.type.value == "money" for c in spec.cells):
        fields.append(
            (
                "money_unit",
                "采购总金额单位",
                InputKind.CHOICE,
                MONEY_UNITS,
                "下拉选择：元 / 万元（第二十条第（九）项“采购总金额”的单位）",
            )
        )
    fields += [
        ("contact", "联系方式", InputKind.LONGTEXT, (), "地址、邮编、电话、传真、电子邮箱"),
        ("publish_date", "发布日期（计划）", InputKind.DATE, (), "向社会公布的日期，如 2025-01-20"),
        (
            "title",
            "报告标题",
            InputKind.TEXT,
            (),
            "留空则使用标准标题“机关名称+年度+政府信息公开工作年度报告”",
        ),
        ("signed_off", "已完成领导签发、盖章", InputKind.CHOICE, YES_NO, "下拉选择：是 / 否"),
    ]
    return fields


def _howto(spec: FormatSpec) -> list[str]:
    lines = [
        f"1. 本模板按《{spec.title}》（{spec.instrument}）制作：每个部分一个工作表，表格的行列名称与国办格式逐字一致。",
        "2. 只有浅黄色单元格可以填写；标题、表头、行名已锁定，工作表不能增删、移动或改名。",
        "3. 表格中没有发生的事项请填写 0，不要留空，也不要填写“/”“-”“无”等符号。",
    ]
    if any(c.type.signed for c in spec.cells):
        lines.append(
            "4. “本年增/减”为整数，减少的用负数表示（如 -8）；“采购总金额”的单位在上方“采购总金额单位”中选择。"
        )
    else:
        lines.append(
            "4. 表二“本年收费金额（单位：万元）”填写以万元为单位的数字（1元=0.0001万元），不要带单位文字。"
        )
    lines += [
        "5. 灰色斜体的“自动合计（参考）”由公式计算，仅供填写时核对；校验以黄色单元格中填写的数字为准。",
        "6. 填写完成后点击本页右侧的“校验”按钮（启用宏的 .xlsm 版本；或在命令行运行 xl-disclosure validate 文件名），"
        "结果列在“校验结果”工作表，点击“位置”可跳到对应单元格；确属实际情况的提示，可在“说明（保留提示时填写）”列写明理由后保留。",
        "7. 全部审核规则见“审核公式”工作表。校验通过后点击“导出”按钮生成规范 JSON 和报告草稿。",
    ]
    return lines


def _cover(spec: FormatSpec) -> SheetLayout:
    s = COVER_SHEET
    labels = [
        Label("A1", "政府信息公开工作年度报告填报模板", "title", "A1:D1"),
        Label("A2", f"{spec.title}（{spec.instrument}）", "subtitle", "A2:D2"),
        Label("A4", "基本信息", "heading", "A4:D4"),
    ]
    inputs: list[Placement] = []
    row = 5
    for key, label, kind, choices, hint in _meta_fields(spec):
        labels.append(Label(f"A{row}", label, "field"))
        inputs.append(
            _input(
                f"meta.{key}",
                s,
                f"B{row}",
                kind,
                merge=f"B{row}:C{row}",
                choices=choices,
                label=label,
            )
        )
        labels.append(Label(f"D{row}", hint, "hint"))
        row += 1
    for label, value, hint in (
        ("报告格式", f"{spec.id}：{spec.name}", "由模板确定，不能更改；其他年度格式请使用对应模板"),
        ("模板版本", TEMPLATE_VERSION, "xl-disclosure 模板版本"),
    ):
        labels += [
            Label(f"A{row}", label, "field"),
            Label(f"B{row}", value, "readonly", f"B{row}:C{row}"),
            Label(f"D{row}", hint, "hint"),
        ]
        row += 1
    first_field = 5
    borders = [f"A{first_field}:D{row - 1}"]
    row += 1
    labels.append(
        Label(
            f"A{row}",
            "开头段（可选）：编制依据、报告组成、统计期限、电子版下载地址、联系方式等",
            "heading",
            f"A{row}:D{row}",
        )
    )
    row += 1
    inputs.append(
        _input(
            "preamble", s, f"A{row}", InputKind.LONGTEXT, merge=f"A{row}:D{row + 5}", label="开头段"
        )
    )
    borders.append(f"A{row}:D{row + 5}")
    row += 7
    labels.append(Label(f"A{row}", "填写说明", "heading", f"A{row}:D{row}"))
    for line in _howto(spec):
        row += 1
        labels.append(Label(f"A{row}", line, "note", f"A{row}:D{row}"))
    widths = {"A": 22.0, "B": 24.0, "C": 24.0, "D": 46.0, "E": 3.0}
    return _finish(
        SheetLayout(
            s,
            "cover",
            tuple(labels),
            tuple(inputs),
            (),
            tuple(widths.items()),
            (),
            tuple(borders),
            f"A1:D{row}",
            None,
            False,
            True,
        )
    )


def _text_sheet(section: Section) -> SheetLayout:
    name = section.title
    last = col_letter(_TEXT_SHEET_COLS)
    end = 2 + _NARRATIVE_ROWS
    labels = [
        Label("A1", section.title, "title", f"A1:{last}1"),
        Label("A2", section.placeholder or "（文字描述）", "hint", f"A2:{last}2"),
    ]
    inputs = [
        _input(
            f"section.{section.no}",
            name,
            "A3",
            InputKind.LONGTEXT,
            merge=f"A3:{last}{end}",
            label=section.title,
        )
    ]
    widths = tuple((col_letter(i), _TEXT_COL_WIDTH) for i in range(1, _TEXT_SHEET_COLS + 1))
    return _finish(
        SheetLayout(
            name,
            "text",
            tuple(labels),
            tuple(inputs),
            (),
            widths,
            (),
            (f"A3:{last}{end}",),
            f"A1:{last}{end}",
            None,
            False,
            True,
        )
    )


def _table_sheet(table: Table, section: Section) -> SheetLayout:
    name = section.title
    geo = _TABLE_GEOMETRY[table.id]
    label_cols = geo["label_cols"]
    value_slots = geo["value_slots"]
    assert label_cols is None or isinstance(label_cols, int)
    assert value_slots is None or isinstance(value_slots, int)
    right = max(
        block_grid(b, 1, label_cols=label_cols, value_slots=value_slots, helpers=False).right
        for b in table.blocks
    )
    last = col_letter(right)
    labels = [
        Label("A1", section.title, "title", f"A1:{last}1"),
        Label("A2", "正文（可选）：印在表格之前的文字说明，没有可不填。", "hint", f"A2:{last}2"),
    ]
    inputs = [
        _input(
            f"section.{section.no}",
            name,
            "A3",
            InputKind.LONGTEXT,
            merge=f"A3:{last}{2 + _TABLE_TEXT_ROWS}",
            label=f"{section.title}（正文）",
        )
    ]
    borders = [f"A3:{last}{2 + _TABLE_TEXT_ROWS}"]
    row = 3 + _TABLE_TEXT_ROWS
    if section.no in LOCAL_TABLE_SECTIONS:
        row = _local_table(section, name, row, right, labels=labels, inputs=inputs, borders=borders)
    labels.append(
        Label(
            f"A{row}",
            "表格小标题（可选，印在国办表格之前，如“（二）主动公开政府信息具体情况”）：",
            "hint",
            f"A{row}:{last}{row}",
        )
    )
    inputs.append(
        _input(
            f"section.{section.no}.table_heading",
            name,
            f"A{row + 1}",
            InputKind.TEXT,
            merge=span(row + 1, 1, row + 1, right),
            label="表格小标题",
        )
    )
    row += 2
    top = row
    helpers: list[Helper] = []
    header_rows: tuple[int, int] | None = None
    bottom = row
    for block in table.blocks:
        grid = block_grid(block, row, label_cols=label_cols, value_slots=value_slots)
        labels += grid.labels
        helpers += grid.helpers
        header_rows = header_rows or grid.header_rows
        for gc in grid.cells:
            cell = next(c for c in block.cells if c.key == gc.key)
            inputs.append(
                _input(
                    gc.key,
                    name,
                    gc.cell,
                    InputKind.NUMBER,
                    merge=gc.merge,
                    label=cell.label,
                    spec_type=cell.type,
                )
            )
        bottom = grid.bottom
        row = grid.next_row
    borders.append(f"A{top}:{last}{bottom}")
    widths = geo["widths"]
    assert isinstance(widths, list)
    titles = (
        f"{header_rows[0]}:{header_rows[1]}" if header_rows and len(table.blocks) == 1 else None
    )
    return _finish(
        SheetLayout(
            name,
            "table",
            tuple(labels),
            tuple(inputs),
            tuple(helpers),
            tuple((col_letter(i + 1), float(w)) for i, w in enumerate(widths)),
            (),
            tuple(borders),
            f"A1:{last}{bottom}",
            titles,
            bool(geo["landscape"]),
            True,
        )
    )


def _local_table(
    section: Section,
    sheet: str,
    row: int,
    right: int,
    *,
    labels: list[Label],
    inputs: list[Placement],
    borders: list[str],
) -> int:
    """The optional local indicator table (heading, column names, free rows); returns next row."""
    last = col_letter(right)
    base = f"local_table.{section.no}"
    labels.append(
        Label(
            f"A{row}",
            "本地统计表（可选，非国办格式，如“统计指标｜单位｜统计数”）：第一行填小标题，"
            "第二行填列名，以下每行一项；不用可留空。",
            "hint",
            f"A{row}:{last}{row}",
        )
    )
    row += 1
    inputs.append(
        _input(
            base,
            sheet,
            f"A{row}",
            InputKind.TEXT,
            merge=span(row, 1, row, right),
            label="本地统计表小标题",
        )
    )
    top = row
    row += 1
    for i in range(LOCAL_TABLE_ROWS + 1):
        for j in range(1, LOCAL_TABLE_COLS + 1):
            c2 = right if j == LOCAL_TABLE_COLS else j
            place = f"{base}.columns.{j}" if i == 0 else f"{base}.rows.{i}.{j}"
            inputs.append(
                _input(
                    place,
                    sheet,
                    a1(row, j),
                    InputKind.TEXT,
                    merge=span(row, j, row, c2),
                    label="本地统计表列名" if i == 0 else "本地统计表",
                )
            )
        row += 1
    borders.append(f"A{top}:{last}{row - 1}")
    return row + 1


def _findings_sheet() -> SheetLayout:
    last = col_letter(len(FINDINGS_COLUMNS))
    labels = [
        Label(
            f"A{FINDINGS_TITLE_ROW}",
            FINDINGS_SHEET,
            "title",
            f"A{FINDINGS_TITLE_ROW}:{col_letter(len(FINDINGS_COLUMNS) - 1)}{FINDINGS_TITLE_ROW}",
        ),
        Label(
            f"A{FINDINGS_NOTE_ROW}",
            "本表由“校验”按钮自动生成，请勿手工修改问题列表；确属实际情况的“提示”，"
            "可在“说明（保留提示时填写）”列写明理由，再次校验时保留。",
            "note",
            f"A{FINDINGS_NOTE_ROW}:{col_letter(len(FINDINGS_COLUMNS) - 1)}{FINDINGS_NOTE_ROW}",
        ),
    ]
    labels += [
        Label(a1(FINDINGS_HEADER_ROW, i + 1), text, "header")
        for i, (_, text) in enumerate(FINDINGS_COLUMNS)
    ]
    widths = (8.0, 9.0, 30.0, 60.0, 14.0, 14.0, 32.0, 20.0)
    return _finish(
        SheetLayout(
            FINDINGS_SHEET,
            "findings",
            tuple(labels),
            (),
            (),
            tuple((col_letter(i + 1), w) for i, w in enumerate(widths)),
            (),
            (f"A{FINDINGS_HEADER_ROW}:{last}{FINDINGS_HEADER_ROW}",),
            None,
            f"{FINDINGS_HEADER_ROW}:{FINDINGS_HEADER_ROW}",
            True,
            False,
            (last,),
        )
    )


_KIND_LABELS = {
    "balance": "勾稽关系",
    "value": "数值",
    "plausibility": "合理性",
    "cross_year": "跨年度",
    "cross_section": "跨部分",
    "document": "文档",
}
_BASIS_LABELS = {
    "OFF": "国办格式",
    "STR": "表格结构",
    "LAW": "条例",
    "EVAL": "评估实践",
    "REC": "建议",
}
RULES_HEADER = ("序号", "规则编号", "级别", "类别", "审核公式", "依据")


def _rules_sheet(spec: FormatSpec) -> SheetLayout:
    sev = severity_labels()
    labels = [
        Label("A1", f"{RULES_SHEET}（{spec.name}）", "title", "A1:F1"),
        Label(
            "A2",
            "强制：必须改正，存在时不能导出；提示：请核实，确属实际情况的可在“校验结果”中填写说明后保留；"
            "参考：供参考，不影响导出。",
            "note",
            "A2:F2",
        ),
    ]
    labels += [Label(a1(3, i + 1), t, "header") for i, t in enumerate(RULES_HEADER)]
    row = 3
    for n, r in enumerate((r for r in load_rules() if spec.id in r.formats), start=1):
        row += 1
        cells = (
            str(n),
            r.id,
            sev[r.severity],
            _KIND_LABELS.get(r.kind, r.kind),
            r.formula,
            "、".join(_BASIS_LABELS.get(b, b) for b in r.basis.split("+")),
        )
        labels += [Label(a1(row, i + 1), text, "rule") for i, text in enumerate(cells)]
    widths = (6.0, 10.0, 7.0, 10.0, 64.0, 12.0)
    return _finish(
        SheetLayout(
            RULES_SHEET,
            "rules",
            tuple(labels),
            (),
            (),
            tuple((col_letter(i + 1), w) for i, w in enumerate(widths)),
            (),
            (f"A3:F{row}",),
            f"A1:F{row}",
            "3:3",
            False,
            True,
        )
    )


def _text_width(text: str) -> float:
    return sum(2.05 if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in text)


def _range_box(cell: str, merge: str | None) -> tuple[int, int, int, int]:
    r1, c1 = parse_a1(cell)
    if not merge:
        return r1, c1, r1, c1
    r2, c2 = parse_a1(merge.split(":")[1])
    return r1, c1, r2, c2


def _fit_heights(
    labels: Iterable[Label], widths: dict[str, float]
) -> tuple[tuple[int, float], ...]:
    """Row heights so wrapped fixed labels show in full (Excel does not autofit merged cells)."""
    need: dict[int, float] = {}
    for lab in labels:
        r1, c1, r2, c2 = _range_box(lab.cell, lab.merge)
        width = sum(widths.get(col_letter(c), 8.43) for c in range(c1, c2 + 1)) - 1.0
        size = _ROLE_SIZE.get(lab.role, 1.0)
        lines = sum(
            max(1, math.ceil(_text_width(p) * size / max(width, 1.0))) for p in lab.text.split("\n")
        )
        if lines == 1 and lab.role != "title":
            continue
        per_row = (lines * _LINE_PT * max(size, 0.8) + 3.0) / (r2 - r1 + 1)
        for r in range(r1, r2 + 1):
            if per_row > _DEFAULT_PT + 0.5:
                need[r] = max(need.get(r, 0.0), round(per_row, 1))
    return tuple(sorted(need.items()))


def _finish(sheet: SheetLayout) -> SheetLayout:
    heights = dict(_fit_heights(sheet.labels, dict(sheet.col_widths)))
    for p in sheet.inputs:  # a one-row long-text input (contact) gets room for three lines
        r1, _, r2, _ = _range_box(p.cell, p.merge)
        if p.kind == InputKind.LONGTEXT and r1 == r2:
            row = r1
            heights[row] = max(heights.get(row, 0.0), 3 * _LINE_PT + 3.0)
    return replace(sheet, row_heights=tuple(sorted(heights.items())))
