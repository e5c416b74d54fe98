"""Build the locked workbook template of a format from the spec (via :mod:`xl_disclosure.layout`).

The output is byte-deterministic: fixed document properties and zip timestamps, names and
validations in a fixed order, so ``workbook_templates/*.xlsx`` can be checked against a fresh
build.

Example:
    >>> from pathlib import Path
    >>> import tempfile
    >>> out = build_template("gb2021", Path(tempfile.mkdtemp()) / "gb2021.xlsx")
    >>> out.name, build_bytes("gb2021") == out.read_bytes()
    ('gb2021.xlsx', True)
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook

from xl_disclosure.io.atomic import write_atomic
from xl_disclosure.layout import layout_for
from xl_disclosure.version import TEMPLATE_VERSION

#: Timestamp written into every template (docProps and zip entries): stable bytes.
FIXED_TIME = datetime(2021, 9, 29, 0, 0, 0)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
CREATOR = "xl-disclosure"


def build_workbook(format_id: str, *, password: str | None = None) -> Workbook:
    """The template as an openpyxl workbook (not yet saved)."""
    from xl_disclosure.builder.protect import (
        add_meta_sheet,
        add_names,
        add_validations,
        protect_sheet,
        protect_workbook,
    )
    from xl_disclosure.builder.sheets import draw

    layout = layout_for(format_id)
    wb = Workbook()
    default = wb.active
    for sheet in layout.sheets:
        ws = wb.create_sheet(sheet.name)
        draw(ws, sheet)
        add_validations(ws, sheet.inputs)
        if sheet.protected:
            protect_sheet(ws, password)
    if default is not None:
        wb.remove(default)
    protect_sheet(add_meta_sheet(wb, layout), password)
    add_names(wb, layout)
    # The finding marks (a hidden list + conditional formats) live in every template, so the
    # .xlsx coloured by the xlwings add-in looks the same as the .xlsm with its buttons.
    from xl_disclosure.builder.marks import install_marks

    install_marks(wb, layout)
    wb.active = 0
    protect_workbook(wb, password)
    props = wb.properties
    props.creator = props.lastModifiedBy = CREATOR
    props.created = props.modified = FIXED_TIME
    props.title = f"政府信息公开工作年度报告填报模板（{format_id}）"
    props.subject = layout.format_id
    props.keywords = f"xl-disclosure;{layout.format_id};template {TEMPLATE_VERSION}"
    return wb


def _stable_zip(data: bytes) -> bytes:
    """Rewrite the package with fixed entry times and the fixed ``dcterms:modified``."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            payload = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                text = payload.decode("utf-8")
                text = re.sub(
                    r"(<dcterms:(?:modified|created)[^>]*>)[^<]*(<)", rf"\g<1>{stamp}\2", text
                )
                payload = text.encode("utf-8")
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, payload, compresslevel=9)
    return out.getvalue()


def build_bytes(format_id: str, *, password: str | None = None) -> bytes:
    """The template file's bytes (deterministic for a given format, version and password)."""
    wb = build_workbook(format_id, password=password)
    buf = io.BytesIO()
    wb.save(buf)
    return _stable_zip(buf.getvalue())


def build_template(format_id: str, out: Path | str, *, password: str | None = None) -> Path:
    """Write the template of ``format_id`` to ``out`` (a file path) atomically."""
    out = Path(out)
    write_atomic(out, build_bytes(format_id, password=password))
    return out


__all__ = ["FIXED_TIME", "build_bytes", "build_template", "build_workbook"]
