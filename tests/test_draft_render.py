"""The .docx renders with LibreOffice: pages exist, carry ink, and no table is cut off."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from support.factories import consistent_report
from xl_disclosure.draft import write_draft
from xl_disclosure.draft.render import docx_to_pngs, soffice
from xl_disclosure.io.canonical import load_report_json
from xl_disclosure.model import AnnualReport

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) not installed"),
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed"),
]

DATA = Path(__file__).parent / "data"
MM = 72 / 25.4
HANGING = "。，、；：！？”）」》"
_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>'
)


def ink(pdf: Path, tmp: Path) -> list[float]:
    """Share of dark pixels on each page (grey PGM at 20 dpi; no imaging library needed)."""
    subprocess.run(["pdftoppm", "-gray", "-r", "20", str(pdf), str(tmp / "ink")], check=True)
    shares = []
    for page in sorted(tmp.glob("ink-*.pgm"), key=lambda p: int(p.stem.split("-")[-1])):
        data = page.read_bytes()
        magic, width, height, _maxval, pixels = data.split(maxsplit=4)
        assert magic == b"P5"
        body = pixels[: int(width) * int(height)]
        shares.append(sum(1 for b in body if b < 200) / len(body))
    return shares


def words(pdf: Path) -> list[tuple[float, float, str]]:
    """Every word of the PDF with its horizontal extent (points)."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    return [(float(a), float(b), t) for a, b, t in _WORD.findall(html)]


def big_report() -> AnnualReport:
    """gb2021 with five-digit totals in 表三's last column and three-digit 表四 figures."""
    report = consistent_report("gb2021", random.Random(11))
    block = report.spec.table("T3").blocks[0]
    for i, row in enumerate(block.rows):
        for col in block.columns:
            report.values[f"T3.{row.key}.{col.key}"] = (
                9000 + i if col.key != "C7" else 14000 + 37 * i
            )
    for i in range(1, 16):
        report.values[f"T4.F{i:02d}"] = 600 + i
    return report


@pytest.fixture(scope="module")
def zhenhai_pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    out = tmp_path_factory.mktemp("render")
    docx = write_draft(load_report_json(DATA / "zhenhai-2019.json"), out / "zhenhai.docx")
    return out, docx_to_pngs(docx, out)


def test_zhenhai_renders_to_png_pages_with_ink(zhenhai_pages: tuple[Path, list[Path]]) -> None:
    out, pages = zhenhai_pages
    assert 4 <= len(pages) <= 10
    assert [p.name for p in pages] == [f"zhenhai-{i}.png" for i in range(1, len(pages) + 1)]
    for page in pages:
        assert page.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    shares = ink(out / "zhenhai.pdf", out)
    assert len(shares) == len(pages)
    assert all(s > 0.005 for s in shares), shares  # a blank page has none


def test_zhenhai_pdf_has_the_text_and_page_numbers(zhenhai_pages: tuple[Path, list[Path]]) -> None:
    out, pages = zhenhai_pages
    text = subprocess.run(
        ["pdftotext", "-layout", str(out / "zhenhai.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    flat = re.sub(r"\s+", "", text)
    for needle in (
        "政府信息公开工作年度报告",
        "六、其他需要报告的事项",
        "本年度无其他需要报告事项。",
        "6819",
    ):
        assert needle in flat
    for n in range(1, len(pages) + 1):
        assert f"—{n}—" in flat  # the PAGE field, updated by LibreOffice


def test_rendering_again_leaves_no_stale_pages(tmp_path: Path) -> None:
    report = load_report_json(DATA / "zhenhai-2019.json")
    (tmp_path / "zhenhai-99.png").write_bytes(b"old")
    pages = docx_to_pngs(write_draft(report, tmp_path / "zhenhai.docx"), tmp_path)
    assert not (tmp_path / "zhenhai-99.png").exists()
    assert pages == sorted(tmp_path.glob("zhenhai-*.png"), key=lambda p: int(p.stem.split("-")[1]))


def test_tables_are_not_cut_off(tmp_path: Path) -> None:
    report = big_report()
    docx = write_draft(report, tmp_path / "big.docx")
    pdf = tmp_path / "big.pdf"
    docx_to_pngs(docx, tmp_path)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    tokens = set(text.split())
    # every figure of 表三's rightmost column (总计) and of 表四 (ending with 复议后起诉/总计)
    for i in range(25):
        assert str(14000 + 37 * i) in tokens
    for i in range(1, 16):
        assert str(600 + i) in tokens
    # ... and every word lies inside the text block (28 mm left, 26 mm right margin)
    found = words(pdf)
    assert found
    page_width = 210 * MM
    for x_min, x_max, word in found:
        # CJK layout lets a closing punctuation mark hang into the margin (one character)
        slack = 16 + 2 if word[-1] in HANGING else 2
        assert x_min >= 28 * MM - 2 and x_max <= page_width - 26 * MM + slack, (word, x_min, x_max)
    rightmost = max(x for _, x, w in found if w == "14888")
    assert rightmost <= page_width - 26 * MM + 2
