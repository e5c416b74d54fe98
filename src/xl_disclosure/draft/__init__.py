"""The narrative draft of a report: the full text in 公文 style (.docx) and as Markdown.

:func:`build_document` turns a report into a small document model (headings, paragraphs,
tables with merged cells); :func:`render_markdown` and :func:`render_docx` lay it out;
:func:`write_draft` does both steps into a file, atomically. python-docx is only imported
when a .docx is written.

Example:
    >>> from xl_disclosure.model import AnnualReport
    >>> doc = build_document(AnnualReport.blank("gb2021", agency="某局", year=2024))
    >>> render_markdown(doc).splitlines()[0]
    '# 某局2024年政府信息公开工作年度报告'
"""

from __future__ import annotations

from pathlib import Path

from xl_disclosure.draft.document import build_document
from xl_disclosure.draft.fonts import GONGWEN_FONTS, NOTO_FONTS, FontSet
from xl_disclosure.draft.markdown import render_markdown
from xl_disclosure.draft.model import Cell, Document, DraftNotice, Heading, Paragraph, Table
from xl_disclosure.draft.write import write_draft


def render_docx(doc: Document, path: Path | str, *, fonts: FontSet = GONGWEN_FONTS) -> Path:
    """Write ``doc`` as a 公文-style .docx at ``path`` (not atomic; see :func:`write_draft`)."""
    from xl_disclosure.draft.docx_writer import render_docx as _render

    return _render(doc, path, fonts=fonts)


__all__ = [
    "GONGWEN_FONTS",
    "NOTO_FONTS",
    "Cell",
    "Document",
    "DraftNotice",
    "FontSet",
    "Heading",
    "Paragraph",
    "Table",
    "build_document",
    "render_docx",
    "render_markdown",
    "write_draft",
]
