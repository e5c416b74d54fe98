"""Write cell blocks and the active cell straight into an xlsx/xlsm package.

Why not load and save the workbook with openpyxl: a round trip through it drops the cached
results of formulas (a later read sees formulas without values), the button shapes of the
``.xlsm``, and extensions Excel and WPS write (``x14`` data validations, conditional formats).
Here every part is copied byte for byte except:

* the sheets that receive blocks (校验结果 and the mark list), parsed and written back with
  lxml, which keeps every namespace declaration and prefix the producing suite used;
* the ``<sheetView>`` start tag and ``<selection>`` of the sheets whose active state changes,
  edited as text, so the cells of the section sheets are not even re-serialised;
* ``workbook.xml`` (the active tab) and the calculation chain, which is dropped when formula
  cells change (Excel rebuilds it; a stale chain makes it offer a repair).

The package must have passed the safety gate (:func:`xl_disclosure.readers.safety.inspect_package`)
first: sizes are bounded, and XML is parsed without entities, DTDs or network access.

Example:
    >>> import io, zipfile
    >>> from xl_disclosure.builder import build_bytes
    >>> pkg = Package(build_bytes("gb2021"))
    >>> pkg.write_block("校验结果", 4, 1, [["强制", "T3-001"]])
    >>> pkg.activate("校验结果", "B4")
    >>> data = pkg.to_bytes()
    >>> from openpyxl import load_workbook
    >>> wb = load_workbook(io.BytesIO(data))
    >>> wb["校验结果"]["B4"].value, wb.active.title
    ('T3-001', '校验结果')
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Sequence
from typing import Any

from lxml import etree

from xl_disclosure.marking.sheet_xml import SheetGrid, set_sheet_view

_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    remove_blank_text=False,
)


def _parse(data: bytes) -> Any:
    return etree.fromstring(data, _PARSER)


def _serialise(root: Any) -> bytes:
    out: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return out


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _ns(root: Any) -> str:
    return str(root.tag)[1:].split("}", 1)[0] if str(root.tag).startswith("{") else ""


class Package:
    """An OOXML spreadsheet package held in memory, edited part by part."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            self._infos = zf.infolist()
            self._parts = {i.filename: zf.read(i) for i in self._infos}
        self._lower = {name.lower(): name for name in self._parts}
        self._trees: dict[str, Any] = {}
        self._view_edits: dict[str, str | None] = {}
        self.workbook_part = self._main_part()
        self.sheets = self._sheet_parts()
        self._formulas_changed = False

    # -- locating parts --------------------------------------------------------------------
    def _name(self, part: str) -> str:
        found = self._lower.get(part.lstrip("/").lower())
        if found is None:
            raise KeyError(part)
        return found

    def _rels(self, part: str) -> list[tuple[str, str, str]]:
        """(id, type, resolved target part) of a part's relationships."""
        folder, base = posixpath.split(part)
        rels_part = posixpath.join(folder, "_rels", base + ".rels")
        if rels_part.lower() not in self._lower:
            return []
        root = _parse(self._parts[self._name(rels_part)])
        out = []
        for rel in root:
            if _local(rel.tag) != "Relationship" or rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            resolved = (
                target.lstrip("/")
                if target.startswith("/")
                else posixpath.normpath(posixpath.join(folder, target))
            )
            out.append((rel.get("Id", ""), rel.get("Type", ""), resolved))
        return out

    def _main_part(self) -> str:
        for _id, kind, target in self._rels(""):
            if kind.endswith("/officeDocument"):
                return self._name(target)
        return self._name("xl/workbook.xml")

    def _sheet_parts(self) -> dict[str, str]:
        """Sheet name -> part, in workbook order (hidden sheets included)."""
        targets = {rid: target for rid, _kind, target in self._rels(self.workbook_part)}
        root = self._tree(self.workbook_part)
        out: dict[str, str] = {}
        for el in root.iter():
            if _local(el.tag) == "sheet":
                rid = el.get(f"{{{_DOC_REL}}}id") or next(
                    (v for k, v in el.attrib.items() if _local(k) == "id"), ""
                )
                if rid in targets and targets[rid].lower() in self._lower:
                    out[el.get("name", "")] = self._name(targets[rid])
        return out

    def _tree(self, part: str) -> Any:
        if part not in self._trees:
            self._trees[part] = _parse(self._parts[part])
        return self._trees[part]

    # -- cells -----------------------------------------------------------------------------
    def write_block(
        self,
        sheet: str,
        top: int,
        left: int,
        rows: Sequence[Sequence[object]],
        heights: Sequence[float | None] | None = None,
    ) -> None:
        """Write ``rows`` from (``top``, ``left``); ``None`` or ``""`` empties a cell (its
        format stays), a ``=HYPERLINK(...)`` text becomes that formula with its cached text.
        ``heights``: each row's height in points (``None``: back to the default height)."""
        root = self._tree(self.sheets[sheet])
        ns = _ns(root)
        data = root.find(f"{{{ns}}}sheetData")
        if data is None:
            raise ValueError(f"sheet {sheet!r} has no sheetData")
        grid = SheetGrid(root, data, ns)
        for i, values in enumerate(rows):
            for j, value in enumerate(values):
                if grid.set(top + i, left + j, value):
                    self._formulas_changed = True
        for i, height in enumerate(heights or ()):
            grid.set_height(top + i, height)
        grid.fix_dimension()

    # -- view ------------------------------------------------------------------------------
    def activate(self, sheet: str, cell: str) -> None:
        """Make ``sheet`` the only selected, active tab with ``cell`` selected."""
        names = list(self.sheets)
        wb = self._tree(self.workbook_part)
        ns = _ns(wb)
        views = wb.find(f"{{{ns}}}bookViews")
        if views is None:
            views = etree.Element(f"{{{ns}}}bookViews")
            sheets_el = wb.find(f"{{{ns}}}sheets")
            (sheets_el.addprevious if sheets_el is not None else wb.append)(views)
        view = views.find(f"{{{ns}}}workbookView")
        if view is None:
            view = etree.SubElement(views, f"{{{ns}}}workbookView")
        index = names.index(sheet)
        view.set("activeTab", str(index))
        if int(view.get("firstSheet", "0") or 0) > index:
            view.set("firstSheet", str(index))
        for name, part in self.sheets.items():
            self._view_edits[part] = cell if name == sheet else None

    # -- output ----------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        """The package with every edit applied (entry order and other parts unchanged)."""
        parts = dict(self._parts)
        for part, root in self._trees.items():
            parts[part] = _serialise(root)
        for part, cell in self._view_edits.items():
            parts[part] = set_sheet_view(parts[part], cell)
        dropped = self._drop_calc_chain(parts) if self._formulas_changed else set()
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
            for info in self._infos:
                if info.filename in dropped:
                    continue
                entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                entry.compress_type = zipfile.ZIP_DEFLATED
                entry.external_attr = info.external_attr
                zf.writestr(entry, parts[info.filename])
        return out.getvalue()

    def _drop_calc_chain(self, parts: dict[str, bytes]) -> set[str]:
        chain = [t for _i, k, t in self._rels(self.workbook_part) if k.endswith("/calcChain")]
        if not chain or chain[0].lower() not in self._lower:
            return set()
        part = self._name(chain[0])
        folder, base = posixpath.split(self.workbook_part)
        rels_part = self._name(posixpath.join(folder, "_rels", base + ".rels"))
        rels = _parse(parts[rels_part])
        for rel in list(rels):
            if str(rel.get("Type", "")).endswith("/calcChain"):
                rels.remove(rel)
        parts[rels_part] = _serialise(rels)
        types_part = self._name("[Content_Types].xml")
        types = _parse(parts[types_part])
        for el in list(types):
            if str(el.get("PartName", "")).lstrip("/").lower() == part.lower():
                types.remove(el)
        parts[types_part] = _serialise(types)
        return {part}
