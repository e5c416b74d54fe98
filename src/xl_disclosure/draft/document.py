"""Report -> :class:`Document`: the official structure with the staff's text and the tables.

Order: title; the opening paragraph(s); then the six sections, each with its heading as the
report has it (the official title when missing), its narrative (one paragraph per line), its
local indicator tables and, for 二/三/四, the official table under ``table_heading``.
Where staff left a text section empty (or kept the template's placeholder), sentences stating
the table figures are generated, with 【待补充】 markers for what the tables cannot tell.

Findings never appear in the text; a failed validation only adds the draft banner.
"""

from __future__ import annotations

import re

from xl_disclosure.draft import sentences
from xl_disclosure.draft.grid import label_indent, official_table
from xl_disclosure.draft.model import (
    DRAFT_NOTICE_TITLE,
    TODO_OPEN,
    Block,
    Cell,
    Document,
    DraftNotice,
    Heading,
    Paragraph,
    Table,
)
from xl_disclosure.model import AnnualReport
from xl_disclosure.model.report import LocalTable
from xl_disclosure.spec import Section
from xl_disclosure.validate.result import ValidationResult

_SUBHEADING = re.compile(r"^[（(][一二三四五六七八九十]+[）)]")
_END_PUNCTUATION = "。；：！？，、.;:!?…"
#: Longest line still read as a sub-heading, and longest run-in heading (characters).
_MAX_SUBHEADING = 40
_MAX_LEAD = 20
_WS = re.compile(r"\s+")


def build_document(
    report: AnnualReport,
    result: ValidationResult | None = None,
    *,
    table_summaries: bool = False,
) -> Document:
    """The draft of ``report`` as headings, paragraphs and tables.

    Args:
        report: the report to draft.
        result: its validation; when given and not valid the draft carries the
            "草稿—存在未通过校验项" banner with the number of open findings.
        table_summaries: also print a one-line summary of the figures before the tables of
            sections 二/三/四 whose text is empty (off by default: published reports rarely
            have one, and the Zhenhai reproduction must not gain paragraphs).

    Example:
        >>> from xl_disclosure.model import AnnualReport
        >>> doc = build_document(AnnualReport.blank("gb2021", agency="某局", year=2024))
        >>> doc.title, doc.headings(1)[0], len(doc.tables())
        ('某局2024年政府信息公开工作年度报告', '一、总体情况', 3)
    """
    spec = report.spec
    blocks: list[Block] = []
    if report.preamble.strip():
        blocks.extend(Paragraph(line) for line in _lines(report.preamble))
    else:
        blocks.extend(Paragraph(s, generated=True) for s in sentences.preamble(report))
    known = {s.no for s in spec.sections}
    for section in spec.sections:
        content = report.sections.get(section.no)
        title = content.title.strip() if content and content.title.strip() else section.title
        blocks.append(Heading(title, 1))
        text = content.text if content else ""
        if not is_placeholder(text, section):
            blocks.extend(narrative(text))
        elif section.kind == "text":
            blocks.extend(generated_section(report, section.no))
        elif table_summaries:
            blocks.extend(_summary(report, section.no))
        last = section.no == spec.sections[-1].no
        for local in report.local_tables:
            if local.section == section.no or (last and local.section not in known):
                if local.heading.strip():
                    blocks.append(Heading(local.heading.strip(), 2))
                blocks.append(local_table(local))
        blocks.extend(_profile_tables(report, section.no, "before"))
        if section.table:
            heading = content.table_heading.strip() if content else ""
            if heading:
                blocks.append(Heading(heading, 2))
            blocks.append(official_table(report, section.table))
        blocks.extend(_profile_tables(report, section.no, "after"))
        blocks.extend(_profile_fields(report, section.no))
    title = report.meta.title.strip() or report.meta.standard_title()
    meta = {"agency": report.meta.agency, "year": str(report.meta.year or "")}
    return Document(title, tuple(blocks), draft_notice(result), meta)


def is_placeholder(text: str, section: Section) -> bool:
    """Empty, or still the template's placeholder text for the section."""
    folded = _WS.sub("", text)
    return not folded or (bool(section.placeholder) and folded == _WS.sub("", section.placeholder))


def _lines(text: str) -> list[str]:
    return [s for s in (line.strip() for line in text.splitlines()) if s]


def narrative(text: str) -> list[Block]:
    """Staff text: one paragraph per line; short "（一）xxx" lines without final punctuation
    are sub-headings; "（一）xxx。正文" starts with a run-in heading.

    Example:
        >>> narrative("（一）主动公开\\n正文。\\n（二）依申请公开。按时答复。")
        [Heading(text='（一）主动公开', level=2), Paragraph(text='正文。', lead='', generated=False), Paragraph(text='按时答复。', lead='（二）依申请公开。', generated=False)]
    """
    out: list[Block] = []
    for line in _lines(text):
        if _SUBHEADING.match(line):
            if len(line) <= _MAX_SUBHEADING and line[-1] not in _END_PUNCTUATION:
                out.append(Heading(line, 2))
                continue
            end = line.find("。")
            if 0 < end < _MAX_LEAD and end + 1 < len(line) and "，" not in line[:end]:
                out.append(Paragraph(line[end + 1 :], lead=line[: end + 1]))
                continue
        out.append(Paragraph(line))
    return out


def _todo(what: str) -> Paragraph:
    return Paragraph(f"{TODO_OPEN}：{what}】", generated=True)


def generated_section(report: AnnualReport, no: int) -> list[Block]:
    """Content for a text section staff left empty: figures from the tables plus markers."""
    if no == 1:
        supervision = "监督保障情况"
        if report.meta.agency_kind == "government":
            supervision += "（含工作考核、社会评议和责任追究结果情况）"
        return [
            Paragraph(sentences.overview_opening(report), generated=True),
            Heading("（一）主动公开", 2),
            Paragraph(sentences.proactive(report), generated=True),
            Heading("（二）依申请公开", 2),
            Paragraph(sentences.applications(report), generated=True),
            Paragraph(sentences.reviews(report), generated=True),
            Heading("（三）政府信息管理", 2),
            _todo("政府信息管理情况"),
            Heading("（四）政府信息公开平台建设", 2),
            _todo("政府信息公开平台建设情况"),
            Heading("（五）监督保障", 2),
            _todo(supervision),
        ]
    if no == 5:
        return [
            Heading("（一）存在的主要问题", 2),
            _todo("本年度政府信息公开工作存在的主要问题"),
            Heading("（二）改进情况", 2),
            _todo("针对问题的改进措施"),
            Heading("（三）上年度问题整改情况", 2),
            _todo("上年度报告所列问题的整改情况"),
        ]
    if no == 6 and report.spec.has("fee_reporting"):
        return [
            Paragraph(sentences.fee(report), generated=True),
            Paragraph(sentences.FEE_TODO, generated=True),
            _todo(
                "其他需要报告的事项（落实上级年度政务公开工作要点、人大代表建议和政协提案"
                "办理结果公开、年度政务公开工作创新情况等）"
            ),
        ]
    return [_todo("其他需要报告的事项；没有的写明“本年度无其他需要报告的事项”")]


def _summary(report: AnnualReport, no: int) -> list[Block]:
    text = {2: sentences.proactive, 3: sentences.applications, 4: sentences.reviews}.get(no)
    return [Paragraph(text(report), generated=True)] if text else []


def _profile_tables(report: AnnualReport, no: int, place: str) -> list[Block]:
    """A profile's tables of section ``no``, each under its title, drawn as official tables."""
    out: list[Block] = []
    for table in report.spec.profile_tables(no, place):
        if table.title:
            out.append(Heading(table.title, 2))
        out.append(official_table(report, table.id))
    return out


def _profile_fields(report: AnnualReport, no: int) -> list[Block]:
    """A profile's text fields of section ``no``: the label as a sub-heading, then the text
    (a 【待补充】 marker when it is empty)."""
    out: list[Block] = []
    for fld in report.spec.input_fields:
        if fld.where != no or not fld.is_text:
            continue
        out.append(Heading(fld.label, 2))
        text = report.fields.get(fld.key, "")
        out.extend(narrative(text) if text.strip() else [_todo(fld.label)])
    return out


def local_table(local: LocalTable) -> Table:
    """A local indicator table: a header row of its columns, then its rows as printed."""
    n_cols = max([len(local.columns), *(len(r) for r in local.rows)], default=1) or 1
    cells: list[Cell] = []
    has_header = any(c.strip() for c in local.columns)
    top = 1 if has_header else 0
    if has_header:
        columns = [*local.columns, *[""] * (n_cols - len(local.columns))]
        cells.extend(Cell(t.strip(), 0, c, header=True) for c, t in enumerate(columns))
    for r, row in enumerate(local.rows):
        padded = [*row, *[""] * (n_cols - len(row))]
        for c, raw in enumerate(padded):
            text = "\n".join(_lines(raw))
            first = c == 0 and n_cols > 1
            cells.append(
                Cell(
                    text,
                    top + r,
                    c,
                    header=first,
                    align="left" if first else "center",
                    indent=label_indent(text) if first else 0,
                )
            )
    widths = (60.0, *([40.0 / (n_cols - 1)] * (n_cols - 1))) if n_cols > 1 else (100.0,)
    return Table(top + len(local.rows), n_cols, tuple(cells), widths, top, "local")


def draft_notice(result: ValidationResult | None) -> DraftNotice | None:
    """The banner for a report whose validation still has errors (``None`` otherwise)."""
    if result is None or result.valid:
        return None
    open_warnings = sum(1 for f in result.warnings if not f.kept)
    counted = f"校验发现强制性错误{len(result.errors)}项"
    if open_warnings:
        counted += f"、未说明的提示{open_warnings}项"
    if result.partial:
        counted += "（校验提前终止，实际问题可能更多）"
    return DraftNotice(
        DRAFT_NOTICE_TITLE,
        (
            counted + "。本稿仅供内部修改，不得作为正式文本发布。",
            "请修正后重新校验并生成草稿。",
        ),
    )
