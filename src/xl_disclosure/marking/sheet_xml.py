"""Cells and views inside one worksheet part (SpreadsheetML), for :mod:`~.package`.

Written to the rules every suite reads: rows and cells in ascending order with explicit
``r`` references, text as inline strings (no shared-string table to renumber), the cell's
own format kept when its value changes, and ``<dimension>`` covering every cell.

Example:
    >>> xml = (b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    ...        b'<sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData/></worksheet>')
    >>> b'tabSelected="1"' in set_sheet_view(xml, "B4"), b'activeCell="B4"' in set_sheet_view(xml, "B4")
    (True, True)
"""

from __future__ import annotations

import math
import re
from typing import Any

from lxml import etree

from xl_disclosure.layout.grid import a1, col_number, parse_a1
from xl_disclosure.textnorm import XML_ILLEGAL

_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
#: The only formula the buttons write: a link to a cell, with the text it shows.
_HYPERLINK = re.compile(r'^=HYPERLINK\("(?:[^"]|"")*","((?:[^"]|"")*)"\)$')
_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def link_text(text: str) -> str | None:
    """The text a ``=HYPERLINK("…","text")`` formula shows (``None``: not such a formula)."""
    link = _HYPERLINK.match(text)
    return link.group(1).replace('""', '"') if link else None


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _column(ref: str) -> int:
    m = _REF.match(ref)
    return col_number(m.group(1)) if m else 0


def _ooxml_text(text: str) -> str:
    return XML_ILLEGAL.sub(lambda m: f"_x{ord(m.group()):04X}_", text)


class SheetGrid:
    """Rows and cells of one ``<sheetData>``, indexed for writing."""

    def __init__(self, root: Any, data: Any, ns: str) -> None:
        self.root, self.data, self.ns = root, data, ns
        self.rows: dict[int, Any] = {}
        last = 0
        for row in data:
            if _local(row.tag) != "row":
                continue
            last = int(row.get("r") or last + 1)
            row.set("r", str(last))
            self.rows[last] = row
        self._cells: dict[int, dict[int, Any]] = {}
        self._col_styles = self._column_styles()

    def _q(self, name: str) -> str:
        return f"{{{self.ns}}}{name}" if self.ns else name

    def _column_styles(self) -> dict[int, str]:
        out: dict[int, str] = {}
        cols = self.root.find(self._q("cols"))
        for col in cols if cols is not None else []:
            style = col.get("style")
            if style and style != "0":
                for c in range(int(col.get("min", "1")), int(col.get("max", "1")) + 1):
                    out[c] = style
        return out

    def _row(self, r: int) -> Any:
        row = self.rows.get(r)
        if row is None:
            row = etree.Element(self._q("row"))
            row.set("r", str(r))
            later = [n for n in self.rows if n > r]
            if later:
                self.rows[min(later)].addprevious(row)
            else:
                self.data.append(row)
            self.rows[r] = row
        row.attrib.pop("spans", None)  # a hint Excel checks against the cells: drop, not guess
        return row

    def _row_cells(self, r: int) -> dict[int, Any]:
        if r not in self._cells:
            cells: dict[int, Any] = {}
            last = 0
            for c in self.rows.get(r, []):
                if _local(c.tag) != "c":
                    continue
                ref = c.get("r")
                last = parse_a1(ref)[1] if ref else last + 1
                c.set("r", a1(r, last))
                cells[last] = c
            self._cells[r] = cells
        return self._cells[r]

    def set_height(self, r: int, height: float | None) -> None:
        """Give row ``r`` a fixed height in points, or (``None``) the sheet's default again."""
        if height is None:
            row = self.rows.get(r)
            if row is not None:
                row.attrib.pop("ht", None)
                row.attrib.pop("customHeight", None)
            return
        row = self._row(r)
        row.set("ht", f"{height:g}")
        row.set("customHeight", "1")

    def set(self, r: int, col: int, value: object) -> bool:
        """Write one value (``None``/``""``: empty the cell). True if a formula changed."""
        empty = value is None or value == ""
        if r not in self.rows and empty:
            return False
        cells = self._row_cells(r)
        cell = cells.get(col)
        if cell is None:
            if empty:
                return False
            row = self._row(r)
            cell = etree.Element(self._q("c"))
            cell.set("r", a1(r, col))
            style = row.get("s") if row.get("customFormat") in ("1", "true") else None
            style = style or self._col_styles.get(col)
            if style:
                cell.set("s", style)
            later = [c for c in cells if c > col]
            if later:
                cells[min(later)].addprevious(cell)
            else:
                row.append(cell)
            cells[col] = cell
        else:
            self._row(r)
        had_formula = cell.find(self._q("f")) is not None
        for child in list(cell):
            if _local(child.tag) in ("f", "v", "is"):
                cell.remove(child)
        for attr in ("t", "cm", "vm"):
            cell.attrib.pop(attr, None)
        return self._fill(cell, value) or had_formula

    def _fill(self, cell: Any, value: object) -> bool:
        if value is None or value == "":
            return False
        if isinstance(value, bool):
            cell.set("t", "b")
            cell.insert(0, self._text_el("v", "1" if value else "0"))
            return False
        if isinstance(value, int | float) and math.isfinite(value):
            cell.insert(
                0, self._text_el("v", repr(value) if isinstance(value, float) else str(value))
            )
            return False
        text = str(value)
        shown = link_text(text)
        if shown is not None:
            cell.set("t", "str")
            cell.insert(0, self._text_el("f", _ooxml_text(text[1:])))
            cell.insert(1, self._text_el("v", _ooxml_text(shown)))
            return True
        cell.set("t", "inlineStr")
        inline = etree.Element(self._q("is"))
        t = self._text_el("t", _ooxml_text(text))
        if text != text.strip() or "\n" in text:
            t.set(_XML_SPACE, "preserve")
        inline.append(t)
        cell.insert(0, inline)
        return False

    def _text_el(self, name: str, text: str) -> Any:
        el = etree.Element(self._q(name))
        el.text = text
        return el

    def fix_dimension(self) -> None:
        """``<dimension ref>`` spanning every cell (readers size their grid from it)."""
        last_row, last_col = 1, 1
        for r, row in self.rows.items():
            cols = [_column(c.get("r", "")) for c in row if _local(c.tag) == "c"]
            if any(cols):
                last_row, last_col = max(last_row, r), max(last_col, *cols)
        dim = self.root.find(self._q("dimension"))
        if dim is None:
            dim = etree.Element(self._q("dimension"))
            head = self.root.find(self._q("sheetPr"))
            if head is not None:
                head.addnext(dim)
            else:
                self.root.insert(0, dim)
        dim.set("ref", "A1" if (last_row, last_col) == (1, 1) else f"A1:{a1(last_row, last_col)}")


_VIEW = re.compile(rb"<(?P<p>(?:[\w.-]+:)?)sheetView\b(?P<attrs>[^>]*?)(?P<close>/?)>", re.S)
_TAB_SELECTED = re.compile(rb"\s+tabSelected=(\"[^\"]*\"|'[^']*')")
_ROOT = re.compile(rb"<(?P<p>(?:[\w.-]+:)?)worksheet\b")


def set_sheet_view(xml: bytes, cell: str | None) -> bytes:
    """Mark a sheet selected with ``cell`` selected, or (``None``) not selected.

    Only the first ``<sheetView>`` start tag and its ``<selection>`` elements change; the
    rest of the part keeps its bytes.
    """
    m = _VIEW.search(xml)
    if m is None:
        return xml if cell is None else _insert_views(xml, cell)
    p, attrs = m.group("p"), _TAB_SELECTED.sub(b"", m.group("attrs"))
    if cell is None:
        if attrs == m.group("attrs"):
            return xml
        return (
            xml[: m.start()]
            + b"<"
            + p
            + b"sheetView"
            + attrs
            + m.group("close")
            + b">"
            + xml[m.end() :]
        )
    start = b"<" + p + b"sheetView" + attrs.rstrip() + b' tabSelected="1">'
    if m.group("close"):
        body, rest = b"", xml[m.end() :]
        tail = b"</" + p + b"sheetView>"
    else:
        end = xml.index(b"</" + p + b"sheetView>", m.end())
        body, rest, tail = xml[m.end() : end], xml[end:], b""
    body = re.sub(
        rb"<" + re.escape(p) + rb"selection\b[^>]*?(/>|>.*?</" + re.escape(p) + rb"selection>)",
        b"",
        body,
        flags=re.S,
    )
    pane = re.search(rb"<" + re.escape(p) + rb"pane\b[^>]*?/>", body)
    active = re.search(rb'activePane="([^"]+)"', pane.group()) if pane else None
    pane_attr = b' pane="' + active.group(1) + b'"' if active else b""
    ref = cell.encode()
    selection = (
        b"<" + p + b"selection" + pane_attr + b' activeCell="' + ref + b'" sqref="' + ref + b'"/>'
    )
    at = pane.end() if pane else 0
    body = body[:at] + selection + body[at:]
    return xml[: m.start()] + start + body + tail + rest


def _insert_views(xml: bytes, cell: str) -> bytes:
    root = _ROOT.search(xml)
    p = root.group("p") if root else b""
    ref = cell.encode()
    views = (
        b"<"
        + p
        + b"sheetViews><"
        + p
        + b'sheetView workbookViewId="0" tabSelected="1"><'
        + p
        + b'selection activeCell="'
        + ref
        + b'" sqref="'
        + ref
        + b'"/></'
        + p
        + b"sheetView></"
        + p
        + b"sheetViews>"
    )
    for tag in (b"sheetFormatPr", b"cols", b"sheetData"):
        at = xml.find(b"<" + p + tag)
        if at >= 0:
            return xml[:at] + views + xml[at:]
    raise ValueError("worksheet without sheetData")
