"""Render a .docx to PDF (LibreOffice headless) and to PNG pages (poppler's pdftoppm).

Used by ``make demo`` (PNG previews in ./out) and by the layout tests. Each conversion runs
LibreOffice with its own throw-away profile, so it never attaches to (or waits for) a
LibreOffice the user has open.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from xl_disclosure.errors import XlDisclosureError

#: Seconds allowed for one conversion (LibreOffice's first start builds its profile).
TIMEOUT = 240.0


#: Fonts LibreOffice uses when a 公文 font is not installed (fonts-noto-cjk on Linux): serif
#: faces for 宋/仿宋/楷/小标宋, sans for 黑体. Installed fonts are preferred by fontconfig.
SUBSTITUTES: dict[str, str] = {
    "方正小标宋简体": "Noto Serif CJK SC",
    "仿宋_GB2312": "Noto Serif CJK SC",
    "仿宋": "Noto Serif CJK SC",
    "楷体_GB2312": "Noto Serif CJK SC",
    "楷体": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
}


class RenderError(XlDisclosureError):
    """LibreOffice or pdftoppm is missing or failed."""


SYSTEM_FONTCONFIG = Path("/etc/fonts/fonts.conf")


def _fontconfig(profile: Path, substitutes: dict[str, str]) -> dict[str, str]:
    """Environment for LibreOffice: a fontconfig file adding the substitutes as aliases.

    LibreOffice on Linux asks fontconfig for fonts it does not have; without the aliases an
    unknown name such as 仿宋_GB2312 falls to the default sans face. Elsewhere (no system
    fontconfig file) the environment is left as it is.
    """
    env = dict(os.environ)
    if not SYSTEM_FONTCONFIG.exists() or not substitutes:
        return env
    aliases = "".join(
        f'  <alias binding="same"><family>{escape(name)}</family>'
        f"<prefer><family>{escape(sub)}</family></prefer></alias>\n"
        for name, sub in sorted(substitutes.items())
    )
    conf = profile / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        f'  <include ignore_missing="yes">{SYSTEM_FONTCONFIG}</include>\n{aliases}</fontconfig>\n',
        encoding="utf-8",
    )
    env["FONTCONFIG_FILE"] = str(conf)
    return env


def soffice_path() -> str | None:
    """The LibreOffice executable, or ``None`` when not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _run(cmd: list[str], what: str, env: dict[str, str] | None = None) -> None:
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=TIMEOUT, check=False, env=env)
    except subprocess.TimeoutExpired as exc:
        raise RenderError(f"{what}超时（{TIMEOUT:.0f} 秒）。") from exc
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip()[-300:]
        raise RenderError(f"{what}失败（退出码 {done.returncode}）：{detail}")


def docx_to_pdf(
    docx: Path | str, out_dir: Path | str, *, substitutes: dict[str, str] | None = None
) -> Path:
    """Convert ``docx`` to ``out_dir/<stem>.pdf`` with LibreOffice headless.

    ``substitutes`` (default :data:`SUBSTITUTES`) replace fonts that are not installed.
    """
    docx, out_dir = Path(docx).resolve(), Path(out_dir)
    soffice = soffice_path()
    if soffice is None:
        raise RenderError("未找到 LibreOffice（soffice），无法转换为 PDF。")
    out_dir.mkdir(parents=True, exist_ok=True)
    profile = Path(tempfile.mkdtemp(prefix="lo_"))
    try:
        env = _fontconfig(profile, SUBSTITUTES if substitutes is None else substitutes)
        _run(
            [
                soffice,
                "--headless",
                "--norestore",
                f"-env:UserInstallation={profile.as_uri()}",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out_dir.resolve()),
                str(docx),
            ],
            "LibreOffice 转换 PDF",
            env,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = out_dir / f"{docx.stem}.pdf"
    if not pdf.exists():
        raise RenderError(f"LibreOffice 未生成 {pdf.name}。")
    return pdf


def pdf_to_pngs(pdf: Path | str, out_dir: Path | str, *, dpi: int = 60) -> list[Path]:
    """Render every page of ``pdf`` to ``out_dir/<stem>-<n>.png``; returns them in page order.

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
    _run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(out_dir / pdf.stem)], "pdftoppm")
    pages = [(int(m.group(1)), p) for p in out_dir.iterdir() if (m := pattern.match(p.name))]
    return [p for _, p in sorted(pages)]


def docx_to_pngs(docx: Path | str, out_dir: Path | str, *, dpi: int = 60) -> list[Path]:
    """``docx`` -> ``out_dir/<stem>.pdf`` -> ``out_dir/<stem>-1.png``, ``-2.png`` ...

    Example (needs LibreOffice and poppler-utils)::

        pages = docx_to_pngs("out/zhenhai.docx", "out")
    """
    return pdf_to_pngs(docx_to_pdf(docx, out_dir), out_dir, dpi=dpi)
