"""LibreOffice (headless) and poppler: the one place that runs them.

Used to recalculate and print workbooks (:mod:`xl_disclosure.builder.render`) and to turn the
draft into PDF and PNG pages (:mod:`xl_disclosure.draft.render`). Each conversion gets its own
throw-away LibreOffice profile (``-env:UserInstallation``), so parallel runs never fight over a
profile lock and never attach to a LibreOffice the user has open.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from xl_disclosure.errors import XlDisclosureError

#: Seconds allowed for one conversion (LibreOffice's first start builds its profile).
TIMEOUT = 240.0


class RenderError(XlDisclosureError):
    """LibreOffice or poppler is missing or failed."""


def soffice() -> str | None:
    """Path of the LibreOffice binary, or ``None`` when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def run_tool(cmd: list[str], what: str, env: dict[str, str] | None = None) -> str:
    """Run an external tool; its stdout, or :class:`RenderError` saying what failed."""
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, check=False, env=env)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise RenderError(f"{what}失败：{exc}") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()[-300:]
        raise RenderError(f"{what}失败（退出码 {done.returncode}）：{detail}")
    return done.stdout.decode("utf-8", "replace")


def convert(
    src: Path | str, fmt: str, out_dir: Path | str, *, env: dict[str, str] | None = None
) -> Path:
    """``soffice --headless --convert-to FMT`` into ``out_dir``; returns the output file.

    Converting an ``.xlsx`` to ``xlsx`` makes LibreOffice recalculate and store every formula
    result, which is how tests check the template's helper formulas.
    """
    return convert_many([Path(src)], fmt, out_dir, env=env)[0]


def convert_many(
    sources: list[Path], fmt: str, out_dir: Path | str, *, env: dict[str, str] | None = None
) -> list[Path]:
    """Convert several files with one LibreOffice start (e.g. drafts to ``pdf`` or ``html``,
    or ``.doc``/``.wps`` to ``docx``); returns the outputs in the order of ``sources``."""
    exe = soffice()
    if exe is None:
        raise RenderError("未找到 LibreOffice（soffice），无法转换或渲染。")
    out_dir = Path(out_dir).resolve()
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="xd-lo-profile-"))
    try:
        run_tool(
            [
                exe,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--norestore",
                "--convert-to",
                fmt,
                "--outdir",
                str(out_dir),
                *(str(Path(s).resolve()) for s in sources),
            ],
            "LibreOffice 转换",
            env,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    outs = [out_dir / f"{Path(s).stem}.{fmt.split(':', 1)[0]}" for s in sources]
    missing = [o.name for o in outs if not o.exists()]
    if missing:
        raise RenderError(f"LibreOffice 未生成 {'、'.join(missing)}。")
    return outs


def pdf_to_pngs(pdf: Path | str, out_dir: Path | str, *, dpi: int = 60) -> list[Path]:
    """Render every page of ``pdf`` to ``out_dir/<stem>-<n>.png``, in page order.

    Earlier pages of the same name are removed first, so a shorter document leaves no stale page.
    """
    pdf, out_dir = Path(pdf), Path(out_dir)
    if shutil.which("pdftoppm") is None:
        raise RenderError("未找到 pdftoppm（poppler-utils），无法生成页面图片。")
    out_dir.mkdir(parents=True, exist_ok=True)
    pattern = re.compile(rf"^{re.escape(pdf.stem)}-(\d+)\.png$")
    for old in out_dir.iterdir():
        if pattern.match(old.name):
            old.unlink()
    run_tool(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out_dir / pdf.stem)], "pdftoppm")
    pages = [(int(m.group(1)), p) for p in out_dir.iterdir() if (m := pattern.match(p.name))]
    return [p for _, p in sorted(pages)]


def pdf_page_texts(pdf: Path) -> list[str]:
    """The text of each page (``pdftotext -layout``); empty when poppler is missing."""
    if shutil.which("pdftotext") is None:
        return []
    return run_tool(["pdftotext", "-layout", str(pdf), "-"], "pdftotext").split("\f")
