"""The cover, findings and rules sheets of the template, described as data.

Used only through :func:`xl_disclosure.layout.layout_for` (via
:func:`xl_disclosure.layout.sections.build_sheets`); pure Python.
"""

from __future__ import annotations

from xl_disclosure.layout.grid import Label, a1, col_letter
from xl_disclosure.layout.inputs import YES_NO, finish, make_input
from xl_disclosure.layout.model import (
    COVER_SHEET,
    FINDINGS_COLUMNS,
    FINDINGS_HEADER_ROW,
    FINDINGS_NOTE_ROW,
    FINDINGS_SHEET,
    FINDINGS_TITLE_ROW,
    RULES_SHEET,
    InputKind,
    Placement,
    SheetLayout,
)
from xl_disclosure.layout.sections import field_input
from xl_disclosure.model.report import AGENCY_KINDS, MONEY_UNITS
from xl_disclosure.spec import ExprRule, FormatSpec, rules_for
from xl_disclosure.spec.catalogue import severity_labels
from xl_disclosure.spec.expr_names import META_FIELDS
from xl_disclosure.version import TEMPLATE_VERSION

_Field = tuple[str, InputKind, tuple[str, ...], str]
#: The cover's inputs of report facts (field, kind, choices, hint) before and after the money
#: unit, which only a format with a money cell asks for; labels are the model's.
_FIELDS_BEFORE: tuple[_Field, ...] = (
    ("agency", InputKind.TEXT, (), "填写机关全称，与报告标题一致"),
    ("year", InputKind.YEAR, (), "四位年份，如 2024"),
    ("period_start", InputKind.DATE, (), "日期，如 2024-01-01；留空则为报告年度1月1日"),
    ("period_end", InputKind.DATE, (), "日期，如 2024-12-31；留空则为报告年度12月31日"),
    (
        "agency_kind",
        InputKind.CHOICE,
        tuple(AGENCY_KINDS.values()),
        "下拉选择：政府部门 / 人民政府（决定公布期限）",
    ),
    ("rulemaking", InputKind.CHOICE, YES_NO, "下拉选择：是 / 否"),
)
_FIELDS_AFTER: tuple[_Field, ...] = (
    ("contact", InputKind.LONGTEXT, (), "地址、邮编、电话、传真、电子邮箱"),
    ("publish_date", InputKind.DATE, (), "向社会公布的日期，如 2025-01-20"),
    ("title", InputKind.TEXT, (), "留空则使用标准标题“机关名称+年度+政府信息公开工作年度报告”"),
    ("signed_off", InputKind.CHOICE, YES_NO, "下拉选择：是 / 否"),
)
_MONEY_UNIT = (
    "money_unit",
    "采购总金额单位",
    InputKind.CHOICE,
    MONEY_UNITS,
    "下拉选择：元 / 万元（第二十条第（九）项“采购总金额”的单位）",
)


def _meta_fields(spec: FormatSpec) -> list[tuple[str, str, InputKind, tuple[str, ...], str]]:
    """(field, label, kind, choices, hint) of the cover inputs, in order."""

    def labelled(
        fields: tuple[_Field, ...],
    ) -> list[tuple[str, str, InputKind, tuple[str, ...], str]]:
        return [
            (key, META_FIELDS[key][0], kind, choices, hint) for key, kind, choices, hint in fields
        ]

    money = [_MONEY_UNIT] if any(c.type.value == "money" for c in spec.cells) else []
    return [*labelled(_FIELDS_BEFORE), *money, *labelled(_FIELDS_AFTER)]


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
    if spec.profile is not None:
        ns = spec.profile.namespace
        na = "；标明允许的单元格可填写“/”表示不适用" if any(c.column.na for c in spec.cells) else ""
        lines.append(
            f"8. 本模板含地方配置“{spec.profile.name}”：本地表格和填报项与国办表格一样填写{na}；"
            f"本地审核公式（编号以 {ns}- 开头）同样列在“审核公式”工作表。"
        )
    return lines


def cover_sheet(spec: FormatSpec) -> SheetLayout:
    labels = [
        Label("A1", "政府信息公开工作年度报告填报模板", "title", "A1:D1"),
        Label("A2", f"{spec.title}（{spec.instrument}）", "subtitle", "A2:D2"),
        Label("A4", "基本信息", "heading", "A4:D4"),
    ]
    inputs: list[Placement] = []
    first_field = 5
    row = _meta_rows(spec, first_field, labels, inputs)
    row = _cover_fields(spec, row, labels, inputs)
    row = _fixed_rows(spec, row, labels)
    borders = [f"A{first_field}:D{row - 1}"]
    row = _preamble_rows(row + 1, labels, inputs, borders)
    row = _title_overrides(spec, row, labels, inputs, borders)
    labels.append(Label(f"A{row}", "填写说明", "heading", f"A{row}:D{row}"))
    for line in _howto(spec):
        row += 1
        labels.append(Label(f"A{row}", line, "note", f"A{row}:D{row}"))
    widths = {"A": 22.0, "B": 24.0, "C": 24.0, "D": 46.0, "E": 3.0}
    return finish(
        SheetLayout(
            COVER_SHEET,
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


def _meta_rows(spec: FormatSpec, row: int, labels: list[Label], inputs: list[Placement]) -> int:
    """The report's basic facts from ``row`` on, one a row (label, input, hint); the next row."""
    for key, label, kind, choices, hint in _meta_fields(spec):
        labels.append(Label(f"A{row}", label, "field"))
        inputs.append(
            make_input(
                f"meta.{key}",
                COVER_SHEET,
                f"B{row}",
                kind,
                merge=f"B{row}:C{row}",
                choices=choices,
                label=label,
            )
        )
        labels.append(Label(f"D{row}", hint, "hint"))
        row += 1
    return row


def _fixed_rows(spec: FormatSpec, row: int, labels: list[Label]) -> int:
    """What the format fixes (shown, not typed) from ``row`` on; the next row."""
    for label, value, hint in _fixed_lines(spec):
        labels += [
            Label(f"A{row}", label, "field"),
            Label(f"B{row}", value, "readonly", f"B{row}:C{row}"),
            Label(f"D{row}", hint, "hint"),
        ]
        row += 1
    return row


def _preamble_rows(
    row: int, labels: list[Label], inputs: list[Placement], borders: list[str]
) -> int:
    """The heading and the six-row box of the opening paragraph from ``row`` on; the row
    after the blank one that follows it."""
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
        make_input(
            "preamble",
            COVER_SHEET,
            f"A{row}",
            InputKind.LONGTEXT,
            merge=f"A{row}:D{row + 5}",
            label="开头段",
        )
    )
    borders.append(f"A{row}:D{row + 5}")
    return row + 7


def _cover_fields(spec: FormatSpec, row: int, labels: list[Label], inputs: list[Placement]) -> int:
    """A profile's cover fields (sign-off and filing steps), one line each; returns next row."""
    for fld in (f for f in spec.input_fields if f.where == "cover"):
        labels.append(Label(f"A{row}", fld.label, "field"))
        inputs.append(field_input(fld, COVER_SHEET, row=row, col=2, right=3))
        labels.append(Label(f"D{row}", fld.hint or _FIELD_HINTS[fld.kind], "hint"))
        row += 1
    return row


def _fixed_lines(spec: FormatSpec) -> list[tuple[str, str, str]]:
    """(label, value, hint) of the read-only cover lines: format, template, profile."""
    fixed = [
        ("报告格式", f"{spec.id}：{spec.name}", "由模板确定，不能更改；其他年度格式请使用对应模板"),
        ("模板版本", TEMPLATE_VERSION, "xl-disclosure 模板版本"),
    ]
    if spec.profile is not None:
        who = f"，{spec.profile.authority}" if spec.profile.authority else ""
        fixed.append(
            (
                "地方配置",
                f"{spec.profile.name}（{spec.profile.id}，{spec.profile.version}版）",
                f"本地增加的表格、填报项和审核公式{who}",
            )
        )
    return fixed


def _title_overrides(
    spec: FormatSpec, row: int, labels: list[Label], inputs: list[Placement], borders: list[str]
) -> int:
    """Optional headings as the agency publishes them (``section.N.title``); blank = official.

    The section sheets always show the official titles; a report imported from a published
    text keeps its own wording here, so it survives the workbook (and D-002 still sees it).
    """
    labels.append(
        Label(
            f"A{row}",
            "各部分标题（可选）：发布稿使用的标题与标准标题不同时填写，留空即使用标准标题",
            "heading",
            f"A{row}:D{row}",
        )
    )
    first = row + 1
    for section in spec.sections:
        row += 1
        labels.append(Label(f"A{row}", section.title, "field"))
        inputs.append(
            make_input(
                f"section.{section.no}.title",
                COVER_SHEET,
                f"B{row}",
                InputKind.TEXT,
                merge=f"B{row}:D{row}",
                label=f"第{section.numeral}部分标题",
            )
        )
    borders.append(f"A{first}:D{row}")
    return row + 2


def findings_sheet() -> SheetLayout:
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
    return finish(
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
    "file": "文件",
}
_BASIS_LABELS = {
    "OFF": "国办格式",
    "STR": "表格结构",
    "LAW": "条例",
    "EVAL": "评估实践",
    "REC": "建议",
}
RULES_HEADER = ("序号", "规则编号", "级别", "类别", "审核公式", "依据")
#: Hint beside a profile's cover field, by its kind.
_FIELD_HINTS = {
    "text": "填写文字",
    "longtext": "填写文字",
    "yesno": "下拉选择：是 / 否",
    "date": "日期，如 2025-01-20",
}


def _basis_words(basis: str) -> str:
    return "、".join(_BASIS_LABELS.get(b, b) for b in basis.split("+"))


def rules_sheet(spec: FormatSpec) -> SheetLayout:
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
    for n, r in enumerate(rules_for(spec), start=1):
        row += 1
        formula = f"{r.formula}\n公式：{r.check}" if isinstance(r, ExprRule) else r.formula
        basis = r.basis or (spec.profile.name if spec.profile else "")
        cells = (
            str(n),
            r.id,
            sev[r.severity],
            _KIND_LABELS.get(r.kind, r.kind),
            formula,
            basis if isinstance(r, ExprRule) else _basis_words(basis),
        )
        labels += [Label(a1(row, i + 1), text, "rule") for i, text in enumerate(cells)]
    widths = (6.0, 10.0, 7.0, 10.0, 64.0, 12.0)
    return finish(
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
