"""LibreOffice (headless) helpers: recalculate/convert a workbook and render sheets to PNG.

Each call uses its own throw-away LibreOffice profile (``-env:UserInstallation``), so
parallel runs (pytest-xdist, the demo) never fight over one profile lock.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from xl_disclosure.libreoffice import RenderError, convert, pdf_page_texts, pdf_to_pngs, soffice

__all__ = ["RenderError", "convert", "render_pngs", "soffice"]


def render_pngs(xlsx: Path | str, out_dir: Path | str, *, dpi: int = 80) -> list[Path]:
    """Print a workbook to PDF with LibreOffice, then each page to PNG with ``pdftoppm``.

    Pages are named ``<stem>-<sheet no>-<page>.png`` (sheet no = position of the sheet in the
    workbook, 1-based), found by the sheet titles printed at the top of each sheet; with no
    ``pdftotext`` they are ``<stem>-p<page>.png``.

    Raises:
        RenderError: LibreOffice or pdftoppm missing or failing.
    """
    xlsx, out_dir = Path(xlsx), Path(out_dir)
    work = Path(tempfile.mkdtemp(prefix="xd-render-"))
    try:
        pdf = convert(xlsx, "pdf", work)
        pages = pdf_to_pngs(pdf, work, dpi=dpi)
        names = _page_names(xlsx, pdf_page_texts(pdf), len(pages))
        out_dir.mkdir(parents=True, exist_ok=True)
        out = []
        for page, name in zip(pages, names, strict=True):
            target = out_dir / name
            shutil.move(page, target)
            out.append(target)
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _page_names(xlsx: Path, texts: list[str], count: int) -> list[str]:
    titles = _sheet_titles(xlsx)
    if not titles or len(texts) < count:
        return [f"{xlsx.stem}-p{i:02d}.png" for i in range(1, count + 1)]
    names, sheet_no, page_in_sheet = [], 0, 0
    for text in texts[:count]:
        head = "".join(text.split())[:200]
        hit = next(
            (
                i
                for i, t in enumerate(titles, 1)
                if i > sheet_no and t and "".join(t.split()) in head
            ),
            None,
        )
        if hit is not None:
            sheet_no, page_in_sheet = hit, 0
        page_in_sheet += 1
        names.append(f"{xlsx.stem}-{max(sheet_no, 1):02d}-{page_in_sheet}.png")
    return names


def _sheet_titles(xlsx: Path) -> list[str]:
    """Text of A1 of every sheet (their printed titles)."""
    try:
        from openpyxl import load_workbook

        wb = load_workbook(xlsx, read_only=True)
        try:
            return [
                str(next(ws.iter_rows(max_row=1, max_col=1, values_only=True))[0] or "")
                for ws in wb.worksheets
            ]
        finally:
            wb.close()
    except Exception:  # naming is cosmetic; never fail a render over it
        return []
