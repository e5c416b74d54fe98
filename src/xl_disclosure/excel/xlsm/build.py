"""Build the macro-enabled template (``workbook_templates/<format>.xlsm``) reproducibly.

Inputs: the template workbook of the issue-3 builder, the mark list
(:func:`~xl_disclosure.builder.marks.install_marks`) and the VBA text in ``macros/``
(``XlDisclosure.bas`` plus the standalone xlwings modules vendored in ``macros/xlwings/``, so
neither the xlwings add-in nor a VBA reference is needed on staff PCs). The VBA project is
written by :mod:`~xl_disclosure.excel.xlsm.vbaproject`; the buttons are DrawingML shapes whose
``macro`` attribute names a button Sub.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from xl_disclosure.excel.xlsm.vbaproject import (
    CLASS_BASE,
    Module,
    build_vba_project,
    document_module,
)

if TYPE_CHECKING:
    from openpyxl import Workbook

    from xl_disclosure.layout import Layout

MACROS_DIR = Path(__file__).resolve().parents[4] / "macros"
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
#: Workbook names the buttons read (``XlDisclosure.bas`` ``Setting``): empty = desktop mode.
SERVER_URL_NAME = "XD_SERVER_URL"
SERVER_TOKEN_NAME = "XD_SERVER_TOKEN"
_URL = re.compile(r"^https?://[A-Za-z0-9.\-_~:\[\]@%/]+$")
_TOKEN = re.compile(r"^[A-Za-z0-9._~+/=\-]+$")


@dataclass(frozen=True)
class ServerSettings:
    """Server mode of a macro template: the office server's address and an access token.

    Example:
        >>> ServerSettings.checked("http://10.0.0.5:8765/", "abc").url
        'http://10.0.0.5:8765'
    """

    url: str = ""
    token: str = ""

    @classmethod
    def checked(cls, url: str | None, token: str | None = None) -> ServerSettings:
        """Validated settings.

        Raises:
            InputError: the address is not ``http(s)://…`` or the token has characters an
                HTTP header or a workbook name cannot carry.
        """
        from xl_disclosure.errors import InputError

        url, token = (url or "").strip().rstrip("/"), (token or "").strip()
        if token and not url:
            raise InputError(
                "设置了访问令牌但没有服务器地址。", hint="请同时用 --server-url 指定服务器地址。"
            )
        if url and not _URL.match(url):
            raise InputError(
                f"服务器地址“{url}”无效。",
                hint="应以 http:// 或 https:// 开头，例如 http://10.0.0.5:8765。",
            )
        if token and not _TOKEN.match(token):
            raise InputError("访问令牌只能包含字母、数字和 . _ ~ + / = - 等字符。")
        return cls(url, token)


def _text_name(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def set_server_names(wb: Workbook, server: ServerSettings) -> None:
    """Predefine ``XD_SERVER_URL``/``XD_SERVER_TOKEN`` (empty: the buttons run desktop mode)."""
    from openpyxl.workbook.defined_name import DefinedName

    for name, value in ((SERVER_URL_NAME, server.url), (SERVER_TOKEN_NAME, server.token)):
        wb.defined_names[name] = DefinedName(name, attr_text=_text_name(value))


@dataclass(frozen=True)
class Button:
    caption: str
    macro: str


BUTTONS: tuple[Button, ...] = (
    Button("校验", "BtnValidate"),
    Button("导出JSON", "BtnExportJson"),
    Button("生成报告草稿", "BtnExportDraft"),
    Button("清除标记", "BtnClearMarks"),
)


def read_module(path: Path) -> Module:
    """A ``.bas``/``.cls`` file as exported by the VBA editor -> the module as stored."""
    text = path.read_text("utf-8").replace("\r\n", "\n")
    name_match = re.search(r'^Attribute VB_Name = "([^"]+)"', text, re.M)
    if not name_match:
        raise ValueError(f"{path}: no Attribute VB_Name line")
    name = name_match.group(1)
    if path.suffix.lower() != ".cls":
        return Module(name, text, "standard")
    body = re.sub(r"\AVERSION 1\.0 CLASS\nBEGIN\n(?:.*\n)*?END\n", "", text)
    lines = body.split("\n")
    lines.insert(1, f'Attribute VB_Base = "{CLASS_BASE}"')
    last_attr = max(i for i, line in enumerate(lines) if line.startswith("Attribute VB_"))
    lines[last_attr + 1 : last_attr + 1] = [
        "Attribute VB_TemplateDerived = False",
        "Attribute VB_Customizable = False",
    ]
    return Module(name, "\n".join(lines), "class")


def macro_modules(macros: Path = MACROS_DIR) -> list[Module]:
    """Our module first, then the vendored xlwings modules (sorted: reproducible)."""
    files = sorted(macros.glob("*.bas")) + sorted((macros / "xlwings").glob("*.*"))
    return [read_module(p) for p in files if p.suffix.lower() in (".bas", ".cls")]


def _shape(idx: int, button: Button, col: int, row: int) -> str:
    frm = f"<xdr:from><xdr:col>{col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>"
    to = f"<xdr:to><xdr:col>{col + 2}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>{row + 2}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>"
    return (
        f'<xdr:twoCellAnchor editAs="absolute">{frm}{to}'
        f'<xdr:sp macro="[0]!{button.macro}" textlink="">'
        f'<xdr:nvSpPr><xdr:cNvPr id="{idx + 2}" name="xd_{button.macro}" descr="{escape(button.caption)}"/>'
        "<xdr:cNvSpPr/></xdr:nvSpPr>"
        '<xdr:spPr><a:prstGeom prst="roundRect"><a:avLst/></a:prstGeom>'
        '<a:solidFill><a:srgbClr val="2F5597"/></a:solidFill><a:ln><a:noFill/></a:ln></xdr:spPr>'
        '<xdr:txBody><a:bodyPr vertOverflow="clip" horzOverflow="clip" rtlCol="0" anchor="ctr"/><a:lstStyle/>'
        '<a:p><a:pPr algn="ctr"/><a:r><a:rPr lang="zh-CN" altLang="en-US" sz="1100" b="1">'
        '<a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill></a:rPr>'
        f"<a:t>{escape(button.caption)}</a:t></a:r></a:p></xdr:txBody></xdr:sp>"
        '<xdr:clientData fPrintsWithSheet="0"/></xdr:twoCellAnchor>'
    )


def drawing_xml(col: int, row: int) -> str:
    """A drawing with the four buttons stacked from (0-based) ``col``/``row``."""
    shapes = "".join(_shape(i, b, col, row + 3 * i) for i, b in enumerate(BUTTONS))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" '
        'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">'
        f"{shapes}</xdr:wsDr>"
    )


_REL_DRAWING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing"
_REL_VBA = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"
_CT_MAIN_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
_CT_MAIN_XLSM = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
_AFTER_DRAWING = (
    "legacyDrawing",
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
)


def _sheet_files(files: dict[str, bytes]) -> dict[str, str]:
    """Sheet name -> part name (``xl/worksheets/sheet3.xml``)."""
    wb = files["xl/workbook.xml"].decode()
    rels = files["xl/_rels/workbook.xml.rels"].decode()
    targets = dict(re.findall(r'<Relationship[^>]*Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
    targets.update(
        {k: v for v, k in re.findall(r'<Relationship[^>]*Target="([^"]+)"[^>]*Id="([^"]+)"', rels)}
    )
    out = {}
    for name, rid in re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', wb):
        target = targets[rid].lstrip("/")
        out[_unescape(name)] = target if target.startswith("xl/") else f"xl/{target}"
    return out


def _unescape(text: str) -> str:
    return (
        text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')
    )


def _add_drawing(files: dict[str, bytes], part: str, n: int, col: int, row: int) -> None:
    drawing = f"xl/drawings/xd_buttons{n}.xml"
    files[drawing] = drawing_xml(col, row).encode()
    rels_part = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
    rel = f'<Relationship Id="rIdXdButtons" Type="{_REL_DRAWING}" Target="../drawings/xd_buttons{n}.xml"/>'
    if rels_part in files:
        text = files[rels_part].decode()
        if "relationships/drawing" in text:
            raise ValueError(f"{part} already has a drawing; merging drawings is not supported")
        files[rels_part] = text.replace("</Relationships>", rel + "</Relationships>").encode()
    else:
        files[rels_part] = (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{rel}</Relationships>"
        ).encode()
    sheet = files[part].decode()
    element = '<drawing r:id="rIdXdButtons"/>'
    if 'xmlns:r="' not in sheet.split(">", 2)[1]:
        sheet = sheet.replace(
            "<worksheet ",
            '<worksheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ',
            1,
        )
    for tag in _AFTER_DRAWING:
        idx = sheet.find(f"<{tag}")
        if idx >= 0:
            sheet = sheet[:idx] + element + sheet[idx:]
            break
    else:
        sheet = sheet.replace("</worksheet>", element + "</worksheet>")
    files[part] = sheet.encode()
    ct = files["[Content_Types].xml"].decode()
    files["[Content_Types].xml"] = ct.replace(
        "</Types>",
        f'<Override PartName="/{drawing}" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/></Types>',
    ).encode()


def build_xlsm_bytes(
    format_id: str,
    macros: Path = MACROS_DIR,
    *,
    server: ServerSettings | None = None,
    prepare: Callable[[Workbook], None] | None = None,
) -> bytes:
    """The ``.xlsm`` template of a format (same bytes for the same inputs).

    Args:
        server: server mode settings written into the workbook names (default: empty).
        prepare: called on the openpyxl workbook before the VBA and buttons are added
            (``prefill`` writes last year's values there).
    """
    from xl_disclosure.builder import build_workbook
    from xl_disclosure.builder.marks import install_marks
    from xl_disclosure.layout import layout_for

    layout = layout_for(format_id)
    wb = build_workbook(format_id)
    install_marks(wb, layout)
    set_server_names(wb, server or ServerSettings())
    if prepare is not None:
        prepare(wb)
    wb.code_name = "ThisWorkbook"
    for i, ws in enumerate(wb.worksheets, start=1):
        ws.sheet_properties.codeName = f"Sheet{i}"
    places = _button_places(wb, layout)
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as zf:
        files = {name: zf.read(name) for name in zf.namelist()}

    modules = [document_module("ThisWorkbook", workbook=True)]
    modules += [document_module(f"Sheet{i}") for i in range(1, len(wb.worksheets) + 1)]
    modules += macro_modules(macros)
    files["xl/vbaProject.bin"] = build_vba_project(modules)
    ct = files["[Content_Types].xml"].decode().replace(_CT_MAIN_XLSX, _CT_MAIN_XLSM)
    if 'Extension="bin"' not in ct:
        ct = ct.replace(
            "<Default ",
            '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default ',
            1,
        )
    files["[Content_Types].xml"] = ct.encode()
    rels = files["xl/_rels/workbook.xml.rels"].decode()
    files["xl/_rels/workbook.xml.rels"] = rels.replace(
        "</Relationships>",
        f'<Relationship Id="rIdXdVba" Type="{_REL_VBA}" Target="vbaProject.bin"/></Relationships>',
    ).encode()
    parts = _sheet_files(files)
    for n, (sheet_name, (col, row)) in enumerate(places.items(), start=1):
        _add_drawing(files, parts[sheet_name], n, col, row)
    return _stable_zip(files)


def _button_places(wb: Workbook, layout: Layout) -> dict[str, tuple[int, int]]:
    """Sheet -> (0-based column, row) where its buttons go: the cover's reserved area, or
    right of the used columns."""
    from xl_disclosure.layout import COVER_BUTTON_CELL
    from xl_disclosure.layout.grid import parse_a1

    places: dict[str, tuple[int, int]] = {}
    for sheet in layout.sheets:
        if sheet.kind == "cover":
            row, col = parse_a1(COVER_BUTTON_CELL)
            places[sheet.name] = (col - 1, row - 1)
        elif sheet.kind in ("text", "table", "findings"):
            places[sheet.name] = (wb[sheet.name].max_column + 1, 0)
    return places


def _stable_zip(files: dict[str, bytes]) -> bytes:
    from xl_disclosure.builder import FIXED_TIME

    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    order = ["[Content_Types].xml", *sorted(n for n in files if n != "[Content_Types].xml")]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in order:
            payload = files[name]
            if name == "docProps/core.xml":
                text = re.sub(
                    r"(<dcterms:(?:modified|created)[^>]*>)[^<]*(<)",
                    rf"\g<1>{stamp}\2",
                    payload.decode(),
                )
                payload = text.encode()
            entry = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, payload, compresslevel=9)
    return out.getvalue()


def build_xlsm(
    format_id: str,
    out: Path | str,
    macros: Path = MACROS_DIR,
    *,
    server: ServerSettings | None = None,
) -> Path:
    """Write the ``.xlsm`` template atomically."""
    from xl_disclosure.io.atomic import write_atomic

    return write_atomic(Path(out), build_xlsm_bytes(format_id, macros, server=server))
