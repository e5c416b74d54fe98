"""Render a .docx to PDF (LibreOffice headless) and to PNG pages (poppler's pdftoppm).

Used by ``make demo`` (PNG previews in ./out) and by the layout tests. Each conversion runs
LibreOffice with its own throw-away profile, so it never attaches to (or waits for) a
LibreOffice the user has open.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path
from xml.sax.saxutils import escape

from xl_disclosure.libreoffice import RenderError, convert, pdf_to_pngs, soffice

__all__ = ["SUBSTITUTES", "RenderError", "docx_to_pdf", "docx_to_pngs", "pdf_to_pngs", "soffice"]

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


def docx_to_pdf(
    docx: Path | str, out_dir: Path | str, *, substitutes: dict[str, str] | None = None
) -> Path:
    """Convert ``docx`` to ``out_dir/<stem>.pdf`` with LibreOffice headless.

    ``substitutes`` (default :data:`SUBSTITUTES`) replace fonts that are not installed.
    """
    fonts = Path(tempfile.mkdtemp(prefix="xd-fonts-"))
    try:
        env = _fontconfig(fonts, SUBSTITUTES if substitutes is None else substitutes)
        return convert(docx, "pdf", out_dir, env=env)
    finally:
        shutil.rmtree(fonts, ignore_errors=True)


def docx_to_pngs(docx: Path | str, out_dir: Path | str, *, dpi: int = 60) -> list[Path]:
    """``docx`` -> ``out_dir/<stem>.pdf`` -> ``out_dir/<stem>-1.png``, ``-2.png`` ...

    Example (needs LibreOffice and poppler-utils)::

        pages = docx_to_pngs("out/zhenhai.docx", "out")
    """
    return pdf_to_pngs(docx_to_pdf(docx, out_dir), out_dir, dpi=dpi)
