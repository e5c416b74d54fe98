"""The package gate: checks on an untrusted workbook file, made before any engine parses it.

Submitted files come from anywhere: old templates, files saved by WPS or LibreOffice, files
renamed from ``.xls`` or ``.ods``, damaged downloads, and possibly hostile ones. This module
reads only the zip central directory and the first bytes of each worksheet, and refuses with a
clear Chinese :class:`~xl_disclosure.errors.InputError` what no engine should open:

* files that are not an OOXML zip at all (old ``.xls``/``.et``, encrypted workbooks, ``.ods``,
  web pages or CSV renamed to ``.xlsx``), truncated or damaged zips;
* zip bombs: too many entries, too large in total or per part, too high a compression ratio;
* huge sheets: a worksheet whose ``<dimension>`` spans too many rows, columns or cells.

It also notes, without ever running or following them, what the file carries beyond values:
a VBA project (macros), external workbook links, embedded objects and ActiveX controls.

XML parsing itself is hardened elsewhere: openpyxl parses through defusedxml (sheets) and lxml
with entity resolution off (other parts) when :data:`openpyxl.xml.DEFUSEDXML` is true, which
:func:`assert_defused_xml` checks.

Example:
    >>> import zipfile, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.xlsx"
    >>> with zipfile.ZipFile(p, "w") as zf:
    ...     zf.writestr("[Content_Types].xml", "<Types/>")
    ...     zf.writestr("xl/workbook.xml", "<workbook/>")
    >>> inspect_package(p).has_macros
    False
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from xl_disclosure.cells import format_number
from xl_disclosure.errors import InputError
from xl_disclosure.readers.safety.notes import link_target, package_findings
from xl_disclosure.readers.safety.zipcheck import ZipLimits, open_zip_package
from xl_disclosure.validate.findings import Finding

HINT_RESAVE = "请用 Excel 或 WPS 打开后另存为 .xlsx（Excel 工作簿）再提交，或重新下载模板填写。"
_HINT_SHEET = (
    "请删除表格下方和右侧多余的行、列（包括只设置了格式的单元格）后另存，或把数据转填到新的模板中。"
)
_HINT_TEMPLATE = (
    "请使用本工具生成的模板填写；如确需提交，请删除多余的行、列和工作表后另存为 .xlsx。"
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\b[^>]*\bref=\"([A-Za-z0-9:$]+)\"")
#: A cell or row reference past row 999 or column ZZ (then the exact extent is computed).
#: No word boundary: a literal start is 5x faster; ``ref="…"`` hits only cost an exact scan.
_FAR_REF = re.compile(rb'r="(?:[A-Z]{3}|[A-Z]{0,2}\d{4})')
_REF = re.compile(rb'\br="([A-Z]{0,3})(\d{1,9})"')
#: The start tag of a shared strings table (any prefix), and a count it claims: quoted either
#: way, spaces around ``=``, a sign or leading zeros (what a lenient parser would accept).
_SST_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?sst(?=[\s/>])([^>]*)")
_SST_COUNT = re.compile(rb"(?:^|\s)(?:[\w.-]+:)?(?:count|uniqueCount)\s*=\s*[\"']\s*\+?(\d+)")
_CELL_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d{1,7})$")
_WORKSHEET_PART = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
_EXTERNAL_LINK_PART = re.compile(r"^xl/externalLinks/[^/]+\.xml$", re.IGNORECASE)
#: Where a worksheet's ``<dimension>`` is looked for (it precedes the data).
_HEAD_BYTES = 64 * 1024


@dataclass(frozen=True)
class Limits(ZipLimits):
    """What we agree to open. The filled template is ~30 KB zipped, ~300 KB of XML, under 200
    rows by 30 columns per sheet; each limit leaves a margin of 100x or more. The zip limits
    (:class:`~xl_disclosure.readers.safety.zipcheck.ZipLimits`: file size, parts, sizes,
    ratio) come first; a template has about 30 parts."""

    max_sheet_bytes: int = 10 * 1024 * 1024
    """Uncompressed size of a worksheet (a template sheet is ~25 KB)."""
    max_shared_strings: int = 1_000_000
    """Strings a shared strings table may claim to hold (a template has a few hundred)."""
    max_rows: int = 100_000
    """Last row a worksheet's cells (or its ``<dimension>``) reach."""
    max_cols: int = 1_000
    """Last column a worksheet's cells reach (Excel allows 16,384)."""
    max_cells: int = 1_000_000
    """Last row x last column: the grid an engine builds (calamine allocates it densely)."""


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class PackageInfo:
    """What the package carries besides cell values (noted, never executed or followed)."""

    path: str
    entries: int
    uncompressed_bytes: int
    has_macros: bool = False
    """A VBA project (``xl/vbaProject.bin``) is present. Never run."""
    external_links: tuple[str, ...] = ()
    """Targets of external workbook links (``xl/externalLinks/``). Never followed or updated."""
    embedded: tuple[str, ...] = ()
    """Embedded objects and ActiveX controls. Never opened."""
    findings: list[Finding] = field(default_factory=list)
    """Findings to add to the read (see :data:`RULE_MACROS` and friends)."""


def assert_defused_xml() -> None:
    """Fail loudly if openpyxl would parse XML without its defences (env ``OPENPYXL_DEFUSEDXML``).

    Raises:
        RuntimeError: openpyxl runs without defusedxml (a deployment error, not a user error).
    """
    from openpyxl.xml import DEFUSEDXML

    if not DEFUSEDXML:
        raise RuntimeError(
            "openpyxl is running without defusedxml (OPENPYXL_DEFUSEDXML=False or defusedxml "
            "missing); refusing to parse untrusted workbooks."
        )


def inspect_package(path: Path | str, limits: Limits = DEFAULT_LIMITS) -> PackageInfo:
    """Check a workbook file before parsing it; return what it carries besides values.

    Raises:
        InputError: missing, not an xlsx/xlsm, damaged, encrypted, or over a limit.
    """
    path = Path(path)
    where = str(path)
    with open_zip_package(
        path,
        limits,
        what="工作簿",
        hint=HINT_RESAVE,
        limit_hint=_HINT_TEMPLATE,
        foreign=_refuse_foreign,
    ) as zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        _check_parts(names, where)
        for info in infos:
            if _WORKSHEET_PART.match(info.filename):
                _check_sheet(zf, info, where, limits)
            elif info.filename.lower().endswith("sharedstrings.xml"):
                _check_shared_strings(zf, info, where, limits)
        links = tuple(link_target(zf, n) for n in sorted(names) if _EXTERNAL_LINK_PART.match(n))
    embedded = tuple(
        sorted(
            n
            for n in names
            if n.lower().startswith(("xl/embeddings/", "xl/activex/"))
            and not n.lower().endswith(".rels")
        )
    )
    package = PackageInfo(
        path=where,
        entries=len(infos),
        uncompressed_bytes=sum(i.file_size for i in infos),
        has_macros=any(n.lower().endswith("vbaproject.bin") for n in names),
        external_links=links,
        embedded=embedded,
    )
    package.findings.extend(
        package_findings(package.external_links, package.has_macros, package.embedded)
    )
    return package


def _refuse_foreign(head: bytes, size: int, where: str) -> None:
    if size == 0:
        raise InputError(
            "文件是空的（0 字节），可能保存或上传时出错。", where=where, hint=HINT_RESAVE
        )
    if head.startswith(_OLE_MAGIC):
        raise InputError(
            "这是设置了打开密码的加密工作簿，或旧版 .xls/.et 格式文件，无法读取。",
            where=where,
            hint="请在 Excel 或 WPS 中取消打开密码（文件 → 信息 → 保护工作簿），并另存为 .xlsx 后再提交。",
        )
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<html", b"<!doctype", b"<?xml", b"<table", b"mime-version")):
        kind = "网页或 XML 表格（有些系统导出的“Excel”文件实际是网页）"
    elif text.startswith(b"{\\rtf"):
        kind = "RTF 文档"
    elif text.startswith(b"%pdf"):
        kind = "PDF 文件"
    elif b"\x00" not in head and (b"," in head or b"\t" in head):
        kind = "文本（CSV）文件"
    else:
        kind = "无法识别的格式，可能已损坏或只是改了扩展名"
    raise InputError(
        f"这不是 Excel 工作簿（.xlsx/.xlsm 文件应为 zip 格式），而是{kind}。",
        where=where,
        hint=HINT_RESAVE,
    )


def _check_parts(names: set[str], where: str) -> None:
    if "mimetype" in names and not any(n.startswith("xl/") for n in names):
        raise InputError(
            "这是 OpenDocument 表格（.ods，LibreOffice/WPS 的默认格式），不是 Excel 工作簿。",
            where=where,
            hint="请在 LibreOffice 或 WPS 中“另存为” Excel 2007-365 (.xlsx) 格式。",
        )
    if "word/document.xml" in names or "ppt/presentation.xml" in names:
        raise InputError(
            "这是 Word 或 PowerPoint 文件，不是 Excel 工作簿。", where=where, hint=HINT_RESAVE
        )
    if "xl/workbook.xml" not in names and "xl/workbook.bin" in names:
        raise InputError(
            "这是 Excel 二进制工作簿（.xlsb），不支持。",
            where=where,
            hint="请在 Excel 中另存为 .xlsx（Excel 工作簿）。",
        )
    missing = [n for n in ("[Content_Types].xml", "xl/workbook.xml") if n not in names]
    if missing:
        raise InputError(
            f"工作簿缺少必需的部件“{'”“'.join(missing)}”，文件已损坏或不是 Excel 工作簿。",
            where=where,
            hint=HINT_RESAVE,
        )


def _check_sheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, limits: Limits) -> None:
    """Refuse a worksheet whose cells span too far.

    The ``<dimension>`` tag is only a claim: two cells at ``A1`` and ``XFD1048576`` under a
    ``<dimension ref="A1"/>`` make python-calamine allocate 17 billion cells and abort the
    whole process. So the cell references themselves are checked: a fast search for any
    reference beyond row 999 or column ZZ, and only then an exact scan.
    """
    where = f"{where}（{info.filename}）"
    if info.file_size > limits.max_sheet_bytes:
        raise InputError(
            f"工作表解压后有 {info.file_size / 1048576:.0f} MB，超过上限 "
            f"{limits.max_sheet_bytes // 1048576} MB，远超年度报告模板的规模，拒绝读取。",
            where=where,
            hint=_HINT_SHEET,
        )
    data = zf.read(info)  # also checks the CRC: a damaged sheet is refused here, cleanly
    match = _DIMENSION.search(data, 0, _HEAD_BYTES)
    if match is not None:
        corners = [_cell(part) for part in match.group(1).decode("ascii").split(":")]
        if all(c is not None for c in corners):
            _check_extent(
                max(c[0] for c in corners if c), max(c[1] for c in corners if c), where, limits
            )
    if _FAR_REF.search(data) is None:
        return  # every reference is within 999 rows x 702 columns
    last_row = last_col = 0
    for letters, digits in _REF.findall(data):
        last_row = max(last_row, int(digits))
        if letters:
            last_col = max(last_col, _col(letters.decode("ascii")))
    _check_extent(last_row, last_col, where, limits)


def _check_shared_strings(
    zf: zipfile.ZipFile, info: zipfile.ZipInfo, where: str, limits: Limits
) -> None:
    """python-calamine reserves memory for the string count the table *claims*
    (``<sst uniqueCount="4000000000">`` makes it allocate ~96 GB and abort the process), so
    the claim is checked, wherever the tag is: padding can push it far into the part, and a
    comment can hold a decoy tag, so every ``<sst`` tag of the whole part counts."""
    data = zf.read(info)  # at most max_part_bytes (checked with the directory)
    for tag in _SST_TAG.finditer(data):
        for claim in _SST_COUNT.findall(tag.group(1)):
            if int(claim) > limits.max_shared_strings:
                raise InputError(
                    f"共享字符串表声明了 {format_number(int(claim))} 条字符串，远超年度报告模板的规模，"
                    "疑似恶意构造的文件，拒绝读取。",
                    where=f"{where}（{info.filename}）",
                    hint=HINT_RESAVE,
                )


def _check_extent(last_row: int, last_col: int, where: str, limits: Limits) -> None:
    if (
        last_row > limits.max_rows
        or last_col > limits.max_cols
        or last_row * last_col > limits.max_cells
    ):
        raise InputError(
            f"工作表的单元格延伸到第 {last_row} 行、第 {last_col} 列，远超年度报告模板的范围，拒绝读取。",
            where=where,
            hint=_HINT_SHEET,
        )


def _col(letters: str) -> int:
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return col


def _cell(ref: str) -> tuple[int, int] | None:
    m = _CELL_REF.match(ref)
    if m is None:
        return None
    return int(m.group(2)), _col(m.group(1))


__all__ = [
    "DEFAULT_LIMITS",
    "HINT_RESAVE",
    "Limits",
    "PackageInfo",
    "assert_defused_xml",
    "inspect_package",
]
