"""PDF -> blocks with pdfplumber: ruled tables through its table finder, the rest as text lines.

On each page the tables pdfplumber finds (ruling lines) become :class:`TableSeg` rows; cells a
merge covers (``None``) are dropped, empty cells stay blank. The words outside those tables
are grouped into lines, top to bottom, and interleaved with the tables by position. PDFs with
no ruling (flipbook pages, text exports) are all lines; the table reader then reads the
``规章 0 0 0`` lines as cells. Narrative lines the page width wrapped are joined back (a line
that does not end a sentence continues on the next one, unless that one is a heading).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from xl_disclosure.errors import InputError
from xl_disclosure.receiving.importer.document import Block, Para, TableSeg
from xl_disclosure.receiving.importer.labels import is_heading, section_number

#: Largest PDF read, and most pages (a report is 5-20 pages).
MAX_PDF_BYTES = 100 * 1024 * 1024
MAX_PAGES = 300
_SENTENCE_END = "。；！？：:;!?）)"
_NUMBERS_LINE = re.compile(r"^[\d\s.,，/／\-—]+$")
_NUMBERS_RUN = re.compile(r"(\s\d+(\.\d+)?){2,}$")


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    cx = (obj["x0"] + obj["x1"]) / 2
    cy = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _page_items(page: Any) -> list[tuple[float, Block]]:
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    items: list[tuple[float, Block]] = []
    for table in tables:
        seg = TableSeg()
        for row in table.extract():
            cells = [[line.strip() for line in c.split("\n")] for c in row if c is not None]
            if cells:
                seg.rows.append(cells)
        if seg.rows:
            items.append((table.bbox[1], seg))
    rest = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    for line in rest.extract_text_lines(strip=True):
        text = line["text"].strip()
        if text:
            items.append((line["top"], Para(text)))
    items.sort(key=lambda item: item[0])
    return items


def _joined(blocks: list[Block]) -> list[Block]:
    """Narrative lines wrapped by the page joined back into paragraphs."""
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        if (
            isinstance(block, Para)
            and isinstance(prev, Para)
            and prev.text[-1] not in _SENTENCE_END
            and len(prev.text) >= 20
            and not is_heading(block.text)
            and section_number(block.text) is None
            and not _NUMBERS_LINE.match(block.text)
            and not _NUMBERS_RUN.search(prev.text)
        ):
            prev.text += block.text
            continue
        out.append(block)
    return out


def pdf_blocks(path: Path) -> list[Block]:
    """Blocks of a PDF file, in reading order."""
    import pdfplumber

    path = Path(path)
    if path.stat().st_size > MAX_PDF_BYTES:
        raise InputError("PDF 文件过大，拒绝读取。", where=str(path))
    blocks: list[Block] = []
    try:
        with pdfplumber.open(str(path)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise InputError(
                    f"PDF 有 {len(pdf.pages)} 页，超过上限 {MAX_PAGES} 页，拒绝读取。",
                    where=str(path),
                )
            for page in pdf.pages:
                blocks.extend(block for _, block in _page_items(page))
    except InputError:
        raise
    except Exception as exc:  # pdfminer raises many types for damaged or encrypted files
        raise InputError(
            f"无法读取 PDF 文件（{type(exc).__name__}）。",
            where=str(path),
            hint="文件可能已损坏或设置了密码；请另存或打印为未加密的 PDF 后再导入。",
        ) from exc
    if not any(isinstance(b, Para) for b in blocks) and not any(
        isinstance(b, TableSeg) for b in blocks
    ):
        raise InputError(
            "PDF 中没有可提取的文字（可能是扫描件图片）。",
            where=str(path),
            hint="请提供含文字层的 PDF，或先做文字识别（OCR）。",
        )
    return _joined(blocks)
