"""Write a draft file (.docx or Markdown) atomically, never over an existing file unasked."""

from __future__ import annotations

from pathlib import Path

from xl_disclosure.draft.document import build_document
from xl_disclosure.draft.fonts import GONGWEN_FONTS, FontSet
from xl_disclosure.draft.markdown import render_markdown
from xl_disclosure.errors import ExportError
from xl_disclosure.io.atomic import write_atomic
from xl_disclosure.model import AnnualReport
from xl_disclosure.validate.result import ValidationResult

DOCX_SUFFIXES = (".docx",)
MARKDOWN_SUFFIXES = (".md", ".markdown")


def write_draft(
    report: AnnualReport,
    path: Path | str,
    result: ValidationResult | None = None,
    *,
    overwrite: bool = False,
    fonts: FontSet = GONGWEN_FONTS,
    table_summaries: bool = False,
) -> Path:
    """Write the narrative draft of ``report`` to ``path``; the suffix picks the format.

    Args:
        report: the report.
        path: ``*.docx`` (公文 layout) or ``*.md`` (review and diffs).
        result: the report's validation; when it has errors the draft says so at the top.
        overwrite: replace an existing file (otherwise :class:`ExportError`).
        fonts: .docx fonts (default: the 公文 fonts, with fallbacks).
        table_summaries: see :func:`build_document`.

    Raises:
        ExportError: unsupported suffix, or the file exists and ``overwrite`` is false.

    Example:
        >>> import json, pathlib, tempfile
        >>> from xl_disclosure.model import AnnualReport
        >>> out = pathlib.Path(tempfile.mkdtemp()) / "draft.md"
        >>> report = AnnualReport.blank("gb2021", agency="某局", year=2024)
        >>> write_draft(report, out).read_text(encoding="utf-8").splitlines()[0]
        '# 某局2024年政府信息公开工作年度报告'
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in DOCX_SUFFIXES + MARKDOWN_SUFFIXES:
        raise ExportError(
            f"不支持的草稿文件类型“{suffix or '（无扩展名）'}”，请使用 .docx 或 .md。"
        )
    if path.exists() and not overwrite:
        raise ExportError(f"文件“{path}”已存在；如需覆盖请使用 --force，或换一个文件名。")
    doc = build_document(report, result, table_summaries=table_summaries)
    if suffix in MARKDOWN_SUFFIXES:
        return write_atomic(path, render_markdown(doc).encode("utf-8"))
    from xl_disclosure.draft.docx_writer import render_docx

    def write(tmp: Path) -> None:
        render_docx(doc, tmp, fonts=fonts)

    return write_atomic(path, write)
