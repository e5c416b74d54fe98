"""One report as archive rows: the per-file function of ``archive add`` (local or on Dask).

A report becomes one row of the ``reports`` table (identity, validation summary, the named
figures of its format, a fingerprint of all its numbers, its narrative), one row per cell in
``cells`` (long form: key, value kind, number or text) and one row per finding in
``findings``. Everything is read through the spec: the cells of the format, its figures, its
sections, so a format or profile with more tables is archived with no code change.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xl_disclosure.cells import NA_SYMBOLS, Blank, CellValue, NotAvailable, is_number
from xl_disclosure.errors import InputError, XlDisclosureError, os_reason
from xl_disclosure.spec import derived_cache, format_ids, load_format

if TYPE_CHECKING:
    from xl_disclosure.model import AnnualReport

#: Value kinds of the ``cells`` table.
NUMBER, BLANK, NOT_APPLICABLE, TEXT = "number", "blank", "not-applicable", "text"
#: Where a report came from (``--source``): a submitted JSON or an imported publication.
SOURCES = ("json", "published")


@dataclass(frozen=True)
class Cell:
    key: str
    kind: str
    value: float | None
    text: str | None


@dataclass(frozen=True)
class ArchiveRecord:
    """A report ready to archive, or the reason it cannot be (``reason``)."""

    path: str
    reason: str = ""
    digest: str = ""
    region: str = ""
    agency: str = ""
    year: int | None = None
    format_id: str = ""
    source: str = ""
    cells: tuple[Cell, ...] = ()
    findings: tuple[tuple[str, str], ...] = ()
    """(rule, severity) of each finding."""
    figures: dict[str, float | None] = field(default_factory=dict)
    values_hash: str = ""
    narrative: str = ""
    schema_ok: bool = True
    """Whether the file met the canonical JSON Schema (imported publications with blank or
    unreadable cells often do not; they are archived all the same)."""

    @property
    def errors(self) -> int:
        return sum(1 for _, sev in self.findings if sev == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for _, sev in self.findings if sev == "warning")

    @property
    def infos(self) -> int:
        return sum(1 for _, sev in self.findings if sev == "info")


def cell_of(key: str, raw: CellValue) -> Cell:
    """A value of the canonical model as (kind, number, text)."""
    if is_number(raw):
        assert isinstance(raw, int | float)
        return Cell(key, NUMBER, float(raw), None)
    if isinstance(raw, Blank | NotAvailable):
        return Cell(key, BLANK, None, None)
    text = str(raw)
    if text.strip() in NA_SYMBOLS:
        return Cell(key, NOT_APPLICABLE, None, text)
    return Cell(key, TEXT, None, text)


def value_of(cell: Cell) -> CellValue:
    """The canonical value back from a cell row (inverse of :func:`cell_of`)."""
    from xl_disclosure.cells import BLANK as BLANK_VALUE

    if cell.kind == NUMBER:
        assert cell.value is not None
        return int(cell.value) if float(cell.value).is_integer() else cell.value
    if cell.kind == BLANK:
        return BLANK_VALUE
    return cell.text or ""


@derived_cache
def figure_names() -> tuple[str, ...]:
    """Every figure name of every known format, in first-seen order (the reports columns)."""
    names: dict[str, None] = {}
    for fid in format_ids():
        for figure in load_format(fid).figures:
            names[figure.name] = None
    return tuple(names)


def _figures(report: Any, cells: dict[str, Cell]) -> dict[str, float | None]:
    spec = report.spec
    out: dict[str, float | None] = {}
    for name in figure_names():
        if not spec.has_figure(name):
            out[name] = None
            continue
        parts = [cells[k].value for k in spec.figure(name).cells if cells[k].kind == NUMBER]
        out[name] = sum(v for v in parts if v is not None) if parts else None
    return out


def _fingerprint(cells: tuple[Cell, ...]) -> str:
    h = hashlib.blake2b(digest_size=16)
    for c in cells:
        h.update(f"{c.key}\x1f{c.kind}\x1f{c.value!r}\x1f{c.text or ''}\x1e".encode())
    return h.hexdigest()


def narrative_of(report: Any) -> str:
    """The report's own words: preamble and every section, one paragraph per line."""
    parts = [report.preamble] + [report.text(s.no) for s in report.spec.sections]
    return "\n".join(p for p in parts if p)


def _imported(where: Path) -> tuple[bytes, dict[str, Any], bool]:
    """A publication read as ``xl-disclosure import`` would write it: (the publication's own
    bytes, for its identity; the canonical dict of the JSON the import writes; whether its text
    is known clean)."""
    from xl_disclosure.io.canonical import dumps, report_to_dict
    from xl_disclosure.receiving.aggregate.examine import parse_json_checked
    from xl_disclosure.receiving.importer import import_report

    before = where.stat()
    result = import_report(where)
    with where.open("rb") as fh:
        raw = fh.read()
        after = os.fstat(fh.fileno())
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns):
        raise InputError(
            "文件在导入过程中被改动，归档的内容与识别出的数字可能不一致。",
            where=str(where),
            hint="请等文件下载或保存完毕后再归档。",
        )
    data, clean = parse_json_checked(where, dumps(report_to_dict(result.report)))
    return raw, data, clean


def archive_record(task: tuple[str, str, str]) -> ArchiveRecord:
    """``(path, region, source)`` -> the rows of one report; never raises for a bad file.

    A published report (:func:`~xl_disclosure.receiving.importer.sources.is_publication`) is
    imported first, exactly as ``xl-disclosure import`` imports it, and archived with source
    ``published``, so archiving a folder of downloaded reports gives the same rows as
    importing them and archiving the JSON."""
    from xl_disclosure.io.canonical import report_from_dict
    from xl_disclosure.io.schema_check import schema_valid

    path, region, source = task
    where = Path(path)
    try:
        raw, data, clean, source = _read(where, source)
        schema_ok = schema_valid(data)
        report = report_from_dict(data, where=where.name, text_checked=clean)
    except InputError as exc:
        return ArchiveRecord(path, reason=exc.message + exc.hint)
    except XlDisclosureError as exc:
        return ArchiveRecord(path, reason=str(exc))
    except OSError as exc:
        return ArchiveRecord(path, reason=f"无法读取文件（{os_reason(exc)}）。")
    except Exception as exc:  # one odd publication must not stop an archive of thousands
        return ArchiveRecord(
            path, reason=f"导入时出现内部错误（{type(exc).__name__}），请反馈给维护人员。"
        )
    if report.meta.year is None or not report.meta.agency.strip():
        return ArchiveRecord(path, reason="缺少机关名称或报告年度，无法归档。" + _name_hint(where))
    return _record(path, report, raw=raw, region=region, source=source, schema_ok=schema_ok)


def _read(where: Path, source: str) -> tuple[bytes, dict[str, Any], bool, str]:
    """(the file's bytes, its canonical dict, whether its text is known clean, its source): a
    publication imported (source ``published``), a JSON file parsed."""
    from xl_disclosure.io.canonical import MAX_JSON_BYTES
    from xl_disclosure.receiving.aggregate.examine import parse_json_checked, read_regular
    from xl_disclosure.receiving.importer.sources import is_publication

    if is_publication(where):
        raw, data, clean = _imported(where)
        return raw, data, clean, "published"
    raw = read_regular(where, MAX_JSON_BYTES)
    data, clean = parse_json_checked(where, raw)
    return raw, data, clean, source


def _name_hint(where: Path) -> str:
    """How to archive a publication whose agency or year the import could not find."""
    from xl_disclosure.receiving.importer.sources import is_publication

    if not is_publication(where):
        return ""
    return (
        "原文中未能识别；可先用 xl-disclosure import 文件 --agency 机关名称 --year 年度 -o 文件.json"
        " 导入，再归档该 JSON（--source published）。"
    )


def _record(
    path: str, report: AnnualReport, *, raw: bytes, region: str, source: str, schema_ok: bool
) -> ArchiveRecord:
    """The rows of a readable report (validated here)."""
    from xl_disclosure.validate import validate

    result = validate(report, source=Path(path).name)
    cells = tuple(cell_of(c.key, report.value(c.key)) for c in report.spec.cells)
    return ArchiveRecord(
        path,
        digest=hashlib.sha256(raw).hexdigest(),
        region=region,
        agency=report.meta.agency,
        year=report.meta.year,
        format_id=report.format_id,
        source=source,
        cells=cells,
        findings=tuple((f.rule, f.severity.value) for f in result.findings),
        figures=_figures(report, {c.key: c for c in cells}),
        values_hash=_fingerprint(cells),
        narrative=narrative_of(report),
        schema_ok=schema_ok,
    )
