"""The same filled workbook as different office suites save it.

* ``openpyxl``: as our builder writes it (shared strings, no calculation chain);
* ``excel``: what Excel 2016+ adds when it saves: ``mc:Ignorable`` extension namespaces and
  ``x14ac:dyDescent`` on rows, ``xr:uid`` on sheets, ``spans`` hints, a calculation chain,
  and cached results of formulas (a formula typed into an input cell, with its value);
* ``prefixed``: every SpreadsheetML element written with an ``x:`` prefix instead of the
  default namespace (as the Open XML SDK and several converters write);
* ``libreoffice``: really saved by LibreOffice headless (needs ``soffice``).

WPS 表格 writes Excel's dialect (it opens and saves the same extensions); it is not installed
here, so no file saved by WPS itself is in the tests.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from lxml import etree

from support.corpus import read_parts, sheet_part, write_parts

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_X14AC = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"
_XR = "http://schemas.microsoft.com/office/spreadsheetml/2014/revision"
DIALECTS = ("openpyxl", "excel", "prefixed", "libreoffice")


def _excel_sheet(xml: bytes, uid: int) -> bytes:
    text = xml.decode()
    text = re.sub(
        r"<worksheet ([^>]*)>",
        lambda m: (
            f'<worksheet {m.group(1)} xmlns:mc="{_MC}" mc:Ignorable="x14ac xr" '
            f'xmlns:x14ac="{_X14AC}" xmlns:xr="{_XR}" '
            f'xr:uid="{{00000000-0001-0000-0000-{uid:012d}}}">'
        ),
        text,
        count=1,
    )
    return re.sub(
        r'<row r="(\d+)"', r'<row r="\1" spans="1:8" x14ac:dyDescent="0.25"', text
    ).encode()


def _with_formula(xml: bytes, cell: str, formula: str, cached: str) -> bytes:
    """Replace one cell by a formula with its cached value (as Excel saves a typed ``=5+7``)."""
    pattern = re.compile(rb'<c r="' + cell.encode() + rb'"([^>]*?)(/>|>.*?</c>)', re.S)
    m = pattern.search(xml)
    assert m is not None, cell
    attrs = re.sub(rb'\s+t="[^"]*"', b"", m.group(1))
    new = (
        b'<c r="'
        + cell.encode()
        + b'"'
        + attrs
        + b"><f>"
        + formula.encode()
        + b"</f><v>"
        + cached.encode()
        + b"</v></c>"
    )
    return xml[: m.start()] + new + xml[m.end() :]


def excel_like(src: Path, dst: Path, formula_cell: tuple[str, str, int] | None = None) -> Path:
    """``formula_cell``: (sheet, cell, value) to hold ``=value-1+1`` with its cached value."""
    parts = read_parts(src)
    sheets = [n for n in parts if n.startswith("xl/worksheets/sheet")]
    for i, name in enumerate(sorted(sheets), start=1):
        parts[name] = _excel_sheet(parts[name], i)
    chain = []
    if formula_cell is not None:
        sheet, cell, value = formula_cell
        part = sheet_part(parts, sheet)
        parts[part] = _with_formula(parts[part], cell, f"{value}-1+1", str(value))
        index = sorted(sheets).index(part) + 1
        chain.append(f'<c r="{cell}" i="{index}"/>')
    parts["xl/calcChain.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="{MAIN}">'
        + "".join(chain or ['<c r="A1" i="1"/>'])
        + "</calcChain>"
    ).encode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    parts["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdChain" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>',
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>",
        '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.calcChain+xml"/></Types>',
    ).encode()
    return write_parts(dst, parts)


def _prefix(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    nsmap = {("x" if k is None else k): v for k, v in root.nsmap.items()}
    nsmap["x"] = MAIN
    new = etree.Element(root.tag, nsmap=nsmap)
    new.attrib.update(root.attrib)
    new.text = root.text
    for child in root:
        new.append(child)
    out: bytes = etree.tostring(new, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out


def prefixed(src: Path, dst: Path) -> Path:
    parts = read_parts(src)
    for name, data in parts.items():
        if name.endswith(".xml") and f'xmlns="{MAIN}"'.encode() in data[:600]:
            parts[name] = _prefix(data)
    return write_parts(dst, parts)


def saved_as(dialect: str, src: Path, folder: Path, **excel: object) -> Path:
    """``src`` as saved by ``dialect`` (a new file in ``folder``)."""
    folder.mkdir(parents=True, exist_ok=True)
    dst = folder / f"{dialect}{src.suffix}"
    if dialect == "openpyxl":
        return Path(shutil.copy(src, dst))
    if dialect == "excel":
        return excel_like(src, dst, **excel)  # type: ignore[arg-type]
    if dialect == "prefixed":
        return prefixed(src, dst)
    if dialect == "libreoffice":
        from xl_disclosure.libreoffice import convert

        out = convert(src, "xlsx", folder / "lo")
        return Path(shutil.move(out, dst))
    raise ValueError(dialect)
