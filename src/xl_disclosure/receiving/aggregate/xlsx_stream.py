"""Stream long sheets into a workbook that openpyxl wrote, so no sheet is held in memory.

openpyxl builds the small sheets and the frame of each long one (header row, column widths,
freeze panes, print titles, filter); :func:`splice` then rewrites the saved package, putting
the long sheets' rows (generated one at a time) inside their ``<sheetData>``. Writing a row is
string formatting, with no cell objects and no scan of what was written before, so a list of a
million rows costs seconds and a few MB.

Cells are values, or ``(value, style_id)`` where ``style_id`` comes from :func:`style_id`.
"""

from __future__ import annotations

import math
import re
import shutil
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xl_disclosure.layout.grid import col_letter
from xl_disclosure.textnorm import UNWRITABLE, XML_ILLEGAL

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

#: Excel's last row.
MAX_ROWS = 1_048_576
_CHUNK = 1 << 20
_FAST = 1
_LEVEL = "compress_level" if sys.version_info >= (3, 13) else "_compresslevel"

Cell = Any
"""A value (``str``, ``int``, ``float``, ``None``) or ``(value, style_id)``."""


@dataclass
class LongSheet:
    """A sheet whose rows after ``first_row - 1`` are streamed in at save time."""

    title: str
    rows: Callable[[], Iterable[Sequence[Cell]]]
    first_row: int = 2
    columns: int = 1


def style_id(ws: Worksheet, **style: Any) -> int:
    """The workbook's style index for a cell style (font=, fill=, alignment=, border=)."""
    probe = ws.cell(row=MAX_ROWS, column=1)
    for attr, value in style.items():
        setattr(probe, attr, value)
    sid = int(probe.style_id)
    del ws._cells[(MAX_ROWS, 1)]
    return sid


def clean_text(text: str) -> str:
    """Text that XML 1.0 can carry: control characters dropped, lone surrogates replaced."""
    if UNWRITABLE.search(text) is None:
        return text
    text = XML_ILLEGAL.sub("", text)
    return text.encode("utf-8", "replace").decode("utf-8")


#: A character that needs work before it goes into XML: markup, or one no file can hold.
_SPECIAL = re.compile("[&<>" + UNWRITABLE.pattern[1:])


def _xml_text(text: str) -> str:
    """``text`` cleaned (:func:`clean_text`) and escaped for an XML element."""
    if _SPECIAL.search(text) is None:  # the usual text: nothing to do
        return text
    text = clean_text(text)
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _cell_xml(ref: str, cell: Cell) -> str:
    value, style = cell if type(cell) is tuple else (cell, 0)
    s = f' s="{style}"' if style else ""
    kind = type(value)
    if kind is str and value:  # the usual case first
        return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{_xml_text(value)}</t></is></c>'
    if value is None or value == "":
        return f'<c r="{ref}"{s}/>' if style else ""
    if isinstance(value, bool):
        return f'<c r="{ref}"{s} t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int):
        return f'<c r="{ref}"{s}><v>{value}</v></c>'
    if isinstance(value, float):
        if not math.isfinite(value):
            return f'<c r="{ref}"{s}/>' if style else ""
        text = str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
        return f'<c r="{ref}"{s}><v>{text}</v></c>'
    return f'<c r="{ref}"{s} t="inlineStr"><is><t xml:space="preserve">{_xml_text(str(value))}</t></is></c>'


#: Distinct texts whose escaped form :func:`rows_xml` remembers (agency and file names, rule
#: ids, places and messages repeat from row to row of a list).
_MEMO_MAX = 4096
_TEXT_HEAD = '" t="inlineStr"><is><t xml:space="preserve">'
_TEXT_TAIL = "</t></is></c>"


def rows_xml(rows: Iterable[Sequence[Cell]], first_row: int) -> Iterator[str]:
    """``<row>`` elements numbered from ``first_row`` (stops at Excel's last row)."""
    letters: list[str] = []
    starts: list[str] = []  # '<c r="B' per column
    cell_xml, xml_text = _cell_xml, _xml_text
    escaped: dict[str, str] = {}
    for r, row in enumerate(rows, start=first_row):
        if r > MAX_ROWS:
            return
        while len(letters) < len(row):
            letters.append(col_letter(len(letters) + 1))
            starts.append('<c r="' + letters[-1])
        number = str(r)
        cells = []
        for j, c in enumerate(row):
            if type(c) is tuple and type(c[0]) is str and c[0] and c[1]:  # styled text
                text = c[0]
                xml = escaped.get(text)
                if xml is None:
                    if len(escaped) >= _MEMO_MAX:
                        escaped.clear()
                    xml = escaped[text] = xml_text(text)
                cells.append(f'{starts[j]}{number}" s="{c[1]}{_TEXT_HEAD}{xml}{_TEXT_TAIL}')
            else:
                cells.append(cell_xml(letters[j] + number, c))
        yield f'<row r="{number}">{"".join(cells)}</row>'


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet title -> part name inside the package."""
    wb = zf.read("xl/workbook.xml").decode("utf-8")
    rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    targets = {
        m.group(1): m.group(2)
        for m in re.finditer(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels)
    }
    targets.update(
        {
            m.group(2): m.group(1)
            for m in re.finditer(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)
        }
    )
    out = {}
    for m in re.finditer(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', wb):
        target = targets[m.group(2)].lstrip("/")
        out[_unescape(m.group(1))] = target if target.startswith("xl/") else f"xl/{target}"
    return out


def _unescape(text: str) -> str:
    return (
        text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
    )


def _write_sheet(zin: zipfile.ZipFile, zout: zipfile.ZipFile, part: str, sheet: LongSheet) -> None:
    xml = zin.read(part).decode("utf-8")
    if "<sheetData/>" in xml:
        xml = xml.replace("<sheetData/>", "<sheetData></sheetData>")
    head, tail = xml.split("</sheetData>", 1)
    head = re.sub(r'<dimension ref="[^"]*"/>', "", head)
    info = zipfile.ZipInfo(part, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    # The archive's compresslevel reaches only members opened by name: a long sheet would be
    # deflated at level 6, three times slower than level 1 for a file about 15% smaller.
    setattr(info, _LEVEL, _FAST)
    with zout.open(info, "w", force_zip64=True) as fh:
        fh.write(head.encode("utf-8"))
        buffer: list[str] = []
        size = 0
        for row in rows_xml(sheet.rows(), sheet.first_row):
            buffer.append(row)
            size += len(row)
            if size > _CHUNK:
                fh.write("".join(buffer).encode("utf-8"))
                buffer, size = [], 0
        fh.write("".join(buffer).encode("utf-8"))
        fh.write(("</sheetData>" + tail).encode("utf-8"))


def splice(path: Path, sheets: Sequence[LongSheet], out: Path) -> Path:
    """Copy the package at ``path`` to ``out`` with the rows of ``sheets`` streamed in."""
    by_title = {s.title: s for s in sheets}
    with zipfile.ZipFile(path) as zin:
        parts = {
            part: by_title[title] for title, part in _sheet_parts(zin).items() if title in by_title
        }
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=_FAST) as zout:
            for info in zin.infolist():
                if info.filename in parts:
                    _write_sheet(zin, zout, info.filename, parts[info.filename])
                else:
                    with zin.open(info) as src, zout.open(info, "w") as dst:
                        shutil.copyfileobj(src, dst)
    return out
