"""Markdown rendering of a draft, for review and diffs.

Deterministic: the same document always gives the same text (no dates, no random ids).
Tables are HTML (``rowspan``/``colspan`` keep the official merged headers exactly; one ``<tr>``
per line so a changed figure is a one-line diff). The draft banner is a block quote at the top.
"""

from __future__ import annotations

import html
import re

from xl_disclosure.draft.model import Document, Heading, Paragraph, Table

_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~])")
_LINE_START = re.compile(r"^([#+\-=])")
_ORDERED = re.compile(r"^(\d+)([.)])")


def md_escape(text: str) -> str:
    """Escape ``text`` so Markdown shows it literally (no emphasis, lists or HTML).

    Example:
        >>> md_escape("1. a*b <c>")
        '1\\\\. a\\\\*b \\\\<c\\\\>'
    """
    out = _SPECIAL.sub(r"\\\1", text)
    out = _LINE_START.sub(r"\\\1", out)
    return _ORDERED.sub(r"\1\\\2", out)


def _cell_html(text: str) -> str:
    return "<br>".join(html.escape(line, quote=False) for line in text.split("\n"))


def table_html(table: Table) -> str:
    """The table as HTML, one row per line, merged cells with ``rowspan``/``colspan``."""
    lines = [f'<table data-table="{html.escape(table.name)}">']
    for r, row in enumerate(table.rows()):
        if r == 0 and table.header_rows:
            lines.append("<thead>")
        if r == table.header_rows:
            lines.append("<tbody>")
        tds = []
        for cell in row:
            tag = "th" if cell.header else "td"
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            if cell.align == "left":
                attrs += ' align="left"'
            tds.append(f"<{tag}{attrs}>{_cell_html(cell.text)}</{tag}>")
        lines.append("<tr>" + "".join(tds) + "</tr>")
        if r + 1 == table.header_rows:
            lines.append("</thead>")
    if table.n_rows > table.header_rows:
        lines.append("</tbody>")
    lines.append("</table>")
    return "\n".join(lines)


def render_markdown(doc: Document) -> str:
    """The draft as Markdown text (UTF-8 when written; ends with one newline).

    Example:
        >>> from xl_disclosure.draft.model import Document, Heading, Paragraph
        >>> print(render_markdown(Document("标题", (Heading("一、总体情况", 1), Paragraph("正文。")))))
        # 标题
        <BLANKLINE>
        ## 一、总体情况
        <BLANKLINE>
        正文。
        <BLANKLINE>
    """
    parts: list[str] = []
    if doc.notice is not None:
        quoted = [f"> **{md_escape(doc.notice.title)}**"]
        quoted.extend(f">\n> {md_escape(line)}" for line in doc.notice.lines)
        parts.append("\n".join(quoted))
    parts.append(f"# {md_escape(doc.title)}")
    for block in doc.blocks:
        if isinstance(block, Heading):
            parts.append("#" * (block.level + 1) + " " + md_escape(block.text))
        elif isinstance(block, Paragraph):
            lead = f"**{md_escape(block.lead)}**" if block.lead else ""
            parts.append(lead + md_escape(block.text))
        else:
            parts.append(table_html(block))
    return "\n\n".join(parts) + "\n"
