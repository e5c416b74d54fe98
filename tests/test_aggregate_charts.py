"""The 图表 sheet prints one whole chart per page (LibreOffice renders it to PDF).

The workbook is printed with every other sheet hidden; a chart cut across pages would spill
onto a page without its title (or add pages), so the test asks for exactly one page per chart,
each carrying the title of one chart, and ink on every page inside the page, not at its edge.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from support.realistic import write_realistic
from xl_disclosure.libreoffice import convert, pdf_page_texts, soffice
from xl_disclosure.receiving.aggregate import aggregate, write_summary
from xl_disclosure.receiving.aggregate.charts import CHART_SHEET, chart_data

pytestmark = pytest.mark.libreoffice


def _only_sheet(xlsx: Path, keep: str, out: Path) -> Path:
    """A copy of ``xlsx`` with every sheet but ``keep`` hidden (charts still see their data)."""
    with zipfile.ZipFile(xlsx) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/workbook.xml":
                text = data.decode("utf-8")
                text = re.sub(
                    r"<sheet [^>]*/>",
                    lambda m: (
                        m.group(0)
                        if f'name="{keep}"' in m.group(0)
                        else m.group(0).replace('state="visible"', 'state="hidden"')
                    ),
                    text,
                )
                text = re.sub(r'activeTab="\d+"', "", text)
                index = re.findall(r"<sheet ([^>]*)/>", text)
                position = next(i for i, s in enumerate(index) if f'name="{keep}"' in s)
                text = text.replace("<workbookView ", f'<workbookView activeTab="{position}" ', 1)
                data = text.encode("utf-8")
            zout.writestr(info, data)
    return out


def test_each_chart_prints_on_one_page(tmp_path: Path) -> None:
    if soffice() is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or poppler not installed")
    folder = tmp_path / "in"
    write_realistic(folder, 40)
    agg = aggregate(folder, name="某市")
    titles = [c.title for c in chart_data(agg)]
    assert len(titles) == 6
    summary = write_summary(agg, tmp_path / "summary.xlsx")
    charts_only = _only_sheet(summary, CHART_SHEET, tmp_path / "charts.xlsx")
    pdf = convert(charts_only, "pdf", tmp_path / "pdf")
    pages = [p for p in pdf_page_texts(pdf) if p.strip()]
    assert len(pages) == len(titles), [p[:80] for p in pages]
    for page, title in zip(pages, titles, strict=True):
        flat = re.sub(r"\s+", "", page)
        present = [t for t in titles if re.sub(r"\s+", "", t) in flat]
        assert present == [title], (title, flat[:120])
    _ink_inside_every_page(pdf, tmp_path / "png", len(titles))


def _ink_inside_every_page(pdf: Path, out: Path, pages: int) -> None:
    """Every page has a chart's ink, and no ink touches the bottom edge (nothing runs over)."""
    if shutil.which("pdftoppm") is None:
        return
    from PIL import Image

    out.mkdir()
    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(pdf), str(out / "p")], check=True)
    images = sorted(out.glob("p-*.png"))
    assert len(images) == pages
    for path in images:
        with Image.open(path) as img:
            gray = img.convert("L")
            w, h = gray.size
            dark = [
                y
                for y in range(h)
                for x in range(0, w, 2)
                if gray.getpixel((x, y)) < 200  # type: ignore[operator]
            ]
            assert dark, path.name
            assert max(dark) < h * 0.97, (path.name, max(dark), h)
