"""What each workbook button does, on any ``xw.Book``. All report logic stays in the core.

Each function reads the sheets it needs in bulk, calls the core, and writes back a constant
number of blocks (findings sheet, mark list), whatever the number of findings.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xl_disclosure.cells import CellValue
from xl_disclosure.errors import ExportError, InputError
from xl_disclosure.layout import FINDINGS_FIRST_ROW, FINDINGS_SHEET
from xl_disclosure.layout.marks import FIRST_ROW, MARKS_SHEET, TEXT_COL, legend
from xl_disclosure.marking import findings_sheet as fs
from xl_disclosure.marking.marks import list_rows
from xl_disclosure.marking.plan import plan_marks, saved_explanations, used_rows
from xl_disclosure.model import AnnualReport
from xl_disclosure.readers.xlwings_gateway import BookGateway, CallLog
from xl_disclosure.readers.xlwings_reader import XlwingsReader
from xl_disclosure.validate import Finding, Severity, ValidationResult

#: Where a remote export goes: ``sink(data, suggested_name, kind)`` -> a description for the
#: user (the server stores it and returns an id or a link). ``kind`` is ``json`` or ``draft``.
Sink = Callable[[bytes, str, str], str]
TITLE = "政府信息公开年度报告"


@dataclass
class Checked:
    """A validation run on a book: the report, its result and every finding shown."""

    report: AnnualReport
    result: ValidationResult
    findings: list[Finding]


#: Longest alert text. VBA's MsgBox cuts near 1,024 characters; the findings sheet holds the
#: whole list, so an alert only summarises and points there.
MAX_ALERT = 400
#: Errors named in a refusal, and the length each is cut to.
ALERT_ERRORS, ALERT_LINE = 3, 70


def clip(text: str, limit: int = MAX_ALERT) -> str:
    """``text`` cut to ``limit`` characters at a line end, pointing to the findings sheet."""
    if len(text) <= limit:
        return text
    tail = f"……（完整内容见“{FINDINGS_SHEET}”表）"
    head = text[: limit - len(tail)]
    cut = max(head.rfind("\n"), head.rfind("。") + 1)
    return (head[:cut] if cut > limit // 2 else head).rstrip() + tail


def _alert(gw: BookGateway, text: str, mode: str = "info") -> None:
    gw.alert(clip(text), mode=mode)


def _marks_grid(gw: BookGateway, reader: XlwingsReader) -> list[list[CellValue]] | None:
    return reader.grid(MARKS_SHEET) if MARKS_SHEET in gw.sheet_names() else None


def check_and_show(gw: BookGateway) -> Checked | None:
    """Validate the book and show the result: findings sheet, marks, first error selected.

    What is written is decided by :func:`~xl_disclosure.marking.plan.plan_marks`, the same
    plan the marked copy writes. Returns ``None`` (after an alert) when the book is not a
    filled template.
    """
    from xl_disclosure.readers import read_book

    reader = XlwingsReader(gw.book, gw)
    try:
        read = read_book(reader)
    except InputError as exc:
        _alert(gw, f"无法校验：{exc}", mode="critical")
        return None
    marks_grid = _marks_grid(gw, reader)
    fgrid = reader.grid(FINDINGS_SHEET) if FINDINGS_SHEET in gw.sheet_names() else []
    plan = plan_marks(read, fgrid, marks_grid)
    if fgrid or plan.findings_rows:
        gw.write_block(FINDINGS_SHEET, FINDINGS_FIRST_ROW, 1, plan.findings_rows)
    if plan.marks_rows is not None:
        gw.write_block(MARKS_SHEET, FIRST_ROW, 1, plan.marks_rows)
    if plan.select is not None:
        gw.select(plan.select.sheet, plan.select.cell)
    return Checked(plan.report, plan.result, list(plan.findings))


def _summary(checked: Checked, *, colours: bool) -> str:
    n = checked.result.counts
    if not checked.findings:
        return "校验通过：未发现问题。"
    text = (
        f"共发现 {len(checked.findings)} 条问题：强制 {n[Severity.ERROR]} 条，提示 {n[Severity.WARNING]} 条，"
        f"参考 {n[Severity.INFO]} 条，已列在“{FINDINGS_SHEET}”表中。"
    )
    if colours:
        text += f"有问题的单元格已标色（{legend()}）。"
    if n[Severity.ERROR]:
        text += "已选中第一处强制性错误。"
    if any(f.severity is Severity.WARNING and not f.kept for f in checked.findings):
        text += f"保留的提示请在“{FINDINGS_SHEET}”表的“说明”列写明理由。"
    return text


def run_validate(book: Any, log: CallLog | None = None) -> ValidationResult | None:
    """The 校验 button."""
    gw = BookGateway(book, log)
    checked = check_and_show(gw)
    if checked is None:
        return None
    colours = MARKS_SHEET in gw.sheet_names()
    _alert(
        gw, _summary(checked, colours=colours), mode="info" if checked.result.valid else "critical"
    )
    return checked.result


def _refused(checked: Checked) -> str | None:
    result = checked.result
    if result.valid:
        return None
    errors = result.errors
    listed = "\n".join(
        f"· [{f.rule}] {f.message if len(f.message) <= ALERT_LINE else f.message[: ALERT_LINE - 1] + '…'}"
        for f in errors[:ALERT_ERRORS]
    )
    more = len(errors) - ALERT_ERRORS
    tail = f"\n（另有 {more} 条）" if more > 0 else ""
    return (
        f"存在 {len(errors)} 条强制性错误，不能导出。请按“{FINDINGS_SHEET}”表逐条改正（已标红并选中第一处）：\n"
        f"{listed}{tail}"
    )


def _target(gw: BookGateway, suffix: str) -> Path | None:
    from xl_disclosure.io.atomic import free_path

    full = gw.fullname
    if full is None:
        return None
    return free_path(full.with_name(full.stem + suffix))


def run_export_json(book: Any, log: CallLog | None = None, sink: Sink | None = None) -> str | None:
    """The 导出JSON button: refused while errors stand; otherwise a new file next to the book."""
    from xl_disclosure.export import export_payload
    from xl_disclosure.io.atomic import write_atomic

    gw = BookGateway(book, log)
    checked = check_and_show(gw)
    if checked is None:
        return None
    refusal = _refused(checked)
    if refusal:
        _alert(gw, refusal, mode="critical")
        return None
    try:
        data, _ = export_payload(checked.report)
    except ExportError as exc:
        _alert(gw, f"未导出：{exc}", mode="critical")
        return None
    name = Path(gw.name).stem + ".json"
    target = _target(gw, ".json")
    if target is not None:
        where = str(write_atomic(target, data))
    elif sink is not None:
        where = sink(data, name, "json")
    else:
        _alert(gw, "服务器模式下无法在本机保存文件，请使用服务器的提交功能。", mode="critical")
        return None
    _alert(gw, f"已导出规范 JSON：\n{where}")
    return where


def run_export_draft(book: Any, log: CallLog | None = None, sink: Sink | None = None) -> str | None:
    """The 生成报告草稿 button: a .docx draft next to the book (never over an existing file)."""
    gw = BookGateway(book, log)
    try:
        from xl_disclosure.draft import write_draft
    except ImportError:
        _alert(
            gw,
            "本机安装的 xl-disclosure 不含报告草稿功能（xl_disclosure.draft），请升级后再试。",
            mode="critical",
        )
        return None
    checked = check_and_show(gw)
    if checked is None:
        return None
    refusal = _refused(checked)
    if refusal:
        _alert(gw, refusal.replace("不能导出", "不能生成报告草稿"), mode="critical")
        return None
    target = _target(gw, "_报告草稿.docx")
    if target is not None:
        write_draft(checked.report, target, result=checked.result)
        where = str(target)
    elif sink is not None:
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / (Path(gw.name).stem + "_报告草稿.docx")
            write_draft(checked.report, path, result=checked.result)
            where = sink(path.read_bytes(), path.name, "draft")
    else:
        _alert(gw, "服务器模式下无法在本机保存文件。", mode="critical")
        return None
    _alert(gw, f"已生成报告草稿：\n{where}")
    return where


def run_clear_marks(book: Any, log: CallLog | None = None) -> None:
    """The 清除标记 button: remove the colours and the findings list; keep the explanations.

    Explanations typed on the findings sheet move to the mark list's store and come back with
    the matching findings at the next validation. Cell values and formats are not touched.
    """
    gw = BookGateway(book, log)
    names = gw.sheet_names()
    reader = XlwingsReader(book, gw)
    fgrid = reader.grid(FINDINGS_SHEET) if FINDINGS_SHEET in names else []
    mgrid = reader.grid(MARKS_SHEET) if MARKS_SHEET in names else None
    saved = {**saved_explanations(mgrid), **fs.explanations_on_sheet(fgrid)}
    old = fs.existing_rows(fgrid)
    if old:
        gw.write_block(
            FINDINGS_SHEET, FINDINGS_FIRST_ROW, 1, [[None] * fs.WIDTH for _ in range(old)]
        )
    if mgrid is not None:
        gw.write_block(
            MARKS_SHEET, FIRST_ROW, 1, list_rows([], saved, used_rows(mgrid, FIRST_ROW, TEXT_COL))
        )
