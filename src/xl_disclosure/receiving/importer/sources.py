"""Every kind of file a published report arrives in -> blocks (paragraphs and table segments).

* ``.txt``/``.text``: decoded by BOM, UTF-8, charset-normalizer, else GB18030; HTML pasted into
  a text file, or kept inside a JavaScript string literal (``\\"``, ``\\n``, ``<\\/td>``), is
  read as HTML;
* ``.html``/``.htm``/``.shtml``/``.xhtml``: the charset of the ``<meta>`` tag, else by content;
* ``.md``: the draft's Markdown (HTML tables, ``#`` headings, Markdown escapes);
* ``.docx``: python-docx, after the same zip-directory limits as workbooks (zip bombs);
* ``.doc``/``.wps``: converted to ``.docx`` by LibreOffice headless first;
* ``.pdf``: pdfplumber (:mod:`.pdf`).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from xl_disclosure.errors import InputError
from xl_disclosure.io.files import check_input_file, read_input
from xl_disclosure.io.publication_kinds import (
    HTML_SUFFIXES,
    LEGACY_WORD_SUFFIXES,
    MARKDOWN_SUFFIXES,
    NAMED,
    PDF_SUFFIXES,
    SUFFIXES,
    WORD_SUFFIXES,
)
from xl_disclosure.receiving.importer.document import Block, Para, text_blocks, writable_blocks


def is_publication(path: Path) -> bool:
    """A published report this importer reads (by its extension), not a workbook or JSON."""
    return path.suffix.lower() in SUFFIXES


def is_listed_publication(path: Path) -> bool:
    """A publication found in a folder: a regular file, not an Office lock or hidden file."""
    return is_publication(path) and not path.name.startswith(("~$", ".")) and path.is_file()


#: Largest text or HTML file read (a report page is well under 1 MB).
MAX_TEXT_BYTES = 20 * 1024 * 1024

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_HTML_TAGS = re.compile(r"<\s*/?\s*(table|tr|td|th|p|div|br|span|tbody)\b[^>]*>", re.I)
_JS_ESCAPED = re.compile(r'\\"|<\\/|\\n\s*<|\\u[0-9a-fA-F]{4}')
_JS_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)", re.S)
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_MD_ESCAPE = re.compile(r"\\([\\`*_\[\]<>&|~#+\-=.!(){}])")
_GB_ALIASES = ("gb2312", "gbk", "gb18030", "gb_2312", "x-gbk", "cp936", "hz-gb-2312")


def decode(raw: bytes, where: str, *, html: bool = False) -> str:
    """Text of a file in UTF-8, GBK/GB18030 or whatever charset-normalizer recognises."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16", "replace")
    declared = _META_CHARSET.search(raw[:4096]) if html else None
    if declared:
        name = declared.group(1).decode("ascii").lower()
        try:
            return raw.decode("gb18030" if name in _GB_ALIASES else name)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is not None and best.encoding:
        encoding = "gb18030" if best.encoding.lower() in _GB_ALIASES else best.encoding
        try:
            return raw.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise InputError(
            "无法识别文件编码（应为 UTF-8、GBK 或 GB18030）。",
            where=where,
            hint="请用记事本或浏览器另存为 UTF-8 编码后再导入。",
        ) from exc


def unescape_js(text: str) -> str:
    """The HTML inside a JavaScript string literal: ``\\"`` ``\\n`` ``\\/`` ``\\uXXXX`` undone."""

    def one(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc[0] in "ux" and len(esc) > 1:
            return chr(int(esc[1:], 16))
        return {"n": "\n", "t": "\t", "r": "", "b": "", "f": ""}.get(esc, esc)

    return _JS_ESCAPE.sub(one, text)


def looks_like_html(text: str) -> bool:
    return len(_HTML_TAGS.findall(text[:200_000])) >= 3


def text_source_blocks(text: str) -> list[Block]:
    """Blocks of text that may really be HTML (pasted page source, a JS string)."""
    from xl_disclosure.receiving.importer.markup import html_blocks

    if looks_like_html(text):
        if _JS_ESCAPED.search(text):
            text = unescape_js(text)
        return html_blocks(text)
    return text_blocks(text)


def markdown_blocks(text: str) -> list[Block]:
    """The draft's Markdown: headings and escapes removed, its HTML tables kept as tables."""
    from xl_disclosure.receiving.importer.markup import html_blocks

    blocks = html_blocks(text) if looks_like_html(text) else text_blocks(text)
    out: list[Block] = []
    for block in blocks:
        if isinstance(block, Para):
            line = _MD_HEADING.sub("", block.text).replace("**", "")
            line = _MD_ESCAPE.sub(r"\1", line.lstrip("> ").strip())
            if line:
                out.append(Para(line, block.gap))
        else:
            out.append(block)
    return out


def _word_blocks(path: Path) -> list[Block]:
    from xl_disclosure.readers.safety import HINT_DOCX, check_zip_package, refusal
    from xl_disclosure.receiving.importer.markup import docx_blocks

    check_zip_package(path)  # zip bombs and foreign files, before python-docx unpacks
    try:
        return docx_blocks(path)
    except Exception as exc:  # python-docx raises several types for damaged files
        raise refusal(exc, str(path), what="Word 文档", hint=HINT_DOCX) from exc


def _legacy_word_blocks(path: Path) -> list[Block]:
    from xl_disclosure.libreoffice import RenderError, convert

    with tempfile.TemporaryDirectory(prefix="xd-import-") as tmp:
        try:
            converted = convert(path, "docx", tmp)
        except RenderError as exc:
            raise InputError(
                f"无法转换 {path.suffix} 文件：{exc}",
                where=str(path),
                hint="请安装 LibreOffice，或用 Word/WPS 另存为 .docx 后再导入。",
            ) from exc
        return _word_blocks(converted)


def read_blocks(path: Path) -> list[Block]:
    """Blocks of any supported file (see the module docstring), their text writable
    (:func:`~.document.writable_blocks`)."""
    return writable_blocks(_read_blocks(Path(path)))


def _read_blocks(path: Path) -> list[Block]:
    suffix = path.suffix.lower()
    check_input_file(path)  # a folder, pipe, device or broken link: refused, never waited on
    if suffix not in SUFFIXES:
        raise InputError(
            f"不支持的文件类型“{suffix or '（无扩展名）'}”。",
            where=str(path),
            hint=f"请提供以下类型的文件：{NAMED}。",
        )
    if suffix in WORD_SUFFIXES:
        return _word_blocks(path)
    if suffix in LEGACY_WORD_SUFFIXES:
        return _legacy_word_blocks(path)
    if suffix in PDF_SUFFIXES:
        from xl_disclosure.receiving.importer.pdf import pdf_blocks

        return pdf_blocks(path)
    raw = read_input(path, max_bytes=MAX_TEXT_BYTES, noun="年度报告原文")
    text = decode(raw, str(path), html=suffix in HTML_SUFFIXES or b"<" in raw[:4096])
    if suffix in HTML_SUFFIXES:
        from xl_disclosure.receiving.importer.markup import html_blocks

        if _JS_ESCAPED.search(text) and "<\\/" in text:
            text = unescape_js(text)
        return html_blocks(text)
    if suffix in MARKDOWN_SUFFIXES:
        return markdown_blocks(text)
    return text_source_blocks(text)
