"""LibreOffice headless opens both templates, recalculates the helper sums, prints every sheet."""

from __future__ import annotations

import random
import struct
import zlib
from pathlib import Path

import openpyxl
import pytest

from support.factories import consistent_report
from support.workbooks import fill_template, template_path
from xl_disclosure.builder.render import convert, render_pngs, soffice
from xl_disclosure.cells import is_number
from xl_disclosure.layout import layout_for
from xl_disclosure.readers import read_workbook
from xl_disclosure.spec import format_ids

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) not installed"),
]


def _png_stats(path: Path) -> tuple[int, int, int]:
    """(width, height, non-white pixels) of an 8-bit RGB/RGBA/gray PNG, decoded with zlib."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            header = chunk
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    width, height, depth, color = struct.unpack(">IIBB", header[:10])
    assert depth == 8
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[color]
    raw = zlib.decompress(idat)
    stride = width * channels
    prev = bytearray(stride)
    dark = 0
    for y in range(height):
        ftype = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if ftype == 1:
                line[i] = (line[i] + a) & 0xFF
            elif ftype == 2:
                line[i] = (line[i] + b) & 0xFF
            elif ftype == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif ftype == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        color_bytes = channels if channels < 4 else 3
        dark += sum(
            1 for x in range(width) if min(line[x * channels : x * channels + color_bytes]) < 200
        )
        prev = line
    return width, height, dark


@pytest.mark.parametrize("fid", format_ids())
def test_render_every_sheet(tmp_path: Path, fid: str) -> None:
    report = consistent_report(fid, random.Random(7))
    filled = fill_template(report, tmp_path / f"{fid}.xlsx")
    pngs = render_pngs(filled, tmp_path / "png", dpi=40)
    layout = layout_for(fid)
    sheets = {int(p.stem.split("-")[1]) for p in pngs}
    assert sheets == set(range(1, len(layout.sheet_names) + 1)), [p.name for p in pngs]
    for png in pngs:
        width, height, dark = _png_stats(png)
        assert width > 100 and height > 100
        assert dark > 200, f"{png.name} looks blank"


@pytest.mark.parametrize("fid", format_ids())
def test_libreoffice_recalculates_helper_sums(tmp_path: Path, fid: str) -> None:
    report = consistent_report(fid, random.Random(3))
    filled = fill_template(report, tmp_path / "in" / f"{fid}.xlsx")
    resaved = convert(filled, "xlsx", tmp_path / "out")
    wb = openpyxl.load_workbook(resaved, data_only=True)
    layout = layout_for(fid)
    helpers = [(s.name, h) for s in layout.sheets for h in s.helpers]
    assert helpers
    for sheet, helper in helpers:
        value = wb[sheet][helper.cell].value
        expected = report.value(helper.total_of)
        assert is_number(value) and is_number(expected)
        assert value == expected, (sheet, helper.cell, helper.total_of)
    back = read_workbook(resaved).report  # a file saved by LibreOffice still reads as ours
    assert back.values == report.values
    assert back.meta == report.meta


def test_committed_templates_open_in_libreoffice(tmp_path: Path) -> None:
    for fid in format_ids():
        out = convert(template_path(fid), "pdf", tmp_path)
        assert out.stat().st_size > 10_000
