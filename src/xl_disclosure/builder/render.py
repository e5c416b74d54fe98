"""LibreOffice (headless) helpers: recalculate/convert a workbook and render sheets to PNG.

Each call uses its own throw-away LibreOffice profile (``-env:UserInstallation``), so
parallel runs (pytest-xdist, the demo) never fight over one profile lock.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from xl_disclosure.errors import XlDisclosureError

_TIMEOUT = 180


class RenderError(XlDisclosureError):
    """LibreOffice or poppler is missing or failed."""


def soffice() -> str | None:
    """Path of the LibreOffice binary, or ``None``."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(src: Path | str, fmt: str, out_dir: Path | str, *, timeout: int = _TIMEOUT) -> Path:
    """``soffice --headless --convert-to FMT`` into ``out_dir``; returns the output file.

    Converting an ``.xlsx`` to ``xlsx`` makes LibreOffice recalculate and store every formula
    result, which is how tests check the template's helper formulas.
    """
    exe = soffice()
    if exe is None:
        raise RenderError("未找到 LibreOffice（soffice），无法转换或渲染。")
    src, out_dir = Path(src).resolve(), Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="xd-lo-profile-"))
    try:
        proc = subprocess.run(
            [
                exe,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                fmt,
                "--outdir",
                str(out_dir),
                str(src),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    out = out_dir / f"{src.stem}.{fmt.split(':', 1)[0]}"
    if proc.returncode != 0 or not out.exists():
        raise RenderError(
            f"LibreOffice 转换失败（{proc.returncode}）：{proc.stderr.strip()[-300:]}"
        )
    return out


def _page_texts(pdf: Path) -> list[str]:
    exe = shutil.which("pdftotext")
    if exe is None:
        return []
    text = subprocess.run(
        [exe, "-layout", str(pdf), "-"],
        capture_output=True,
        text=True,
        timeout=_TIMEOUT,
        check=False,
    ).stdout
    return text.split("\f")


def render_pngs(xlsx: Path | str, out_dir: Path | str, *, dpi: int = 80) -> list[Path]:
    """Print a workbook to PDF with LibreOffice, then each page to PNG with ``pdftoppm``.

    Pages are named ``<stem>-<sheet no>-<page>.png`` (sheet no = position of the sheet in the
    workbook, 1-based), found by the sheet titles printed at the top of each sheet; with no
    ``pdftotext`` they are ``<stem>-p<page>.png``.

    Raises:
        RenderError: LibreOffice or pdftoppm missing or failing.
    """
    xlsx, out_dir = Path(xlsx), Path(out_dir)
    ppm = shutil.which("pdftoppm")
    if ppm is None:
        raise RenderError("未找到 pdftoppm（poppler-utils），无法渲染 PNG。")
    work = Path(tempfile.mkdtemp(prefix="xd-render-"))
    try:
        pdf = convert(xlsx, "pdf", work)
        subprocess.run(
            [ppm, "-png", "-r", str(dpi), str(pdf), str(work / "page")],
            capture_output=True,
            timeout=_TIMEOUT,
            check=True,
        )
        pages = sorted(work.glob("page-*.png"), key=lambda p: int(re.findall(r"\d+", p.stem)[-1]))
        names = _page_names(xlsx, _page_texts(pdf), len(pages))
        out_dir.mkdir(parents=True, exist_ok=True)
        out = []
        for page, name in zip(pages, names, strict=True):
            target = out_dir / name
            shutil.move(page, target)
            out.append(target)
        return out
    except subprocess.SubprocessError as exc:
        raise RenderError(f"渲染失败：{exc}") from exc
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
