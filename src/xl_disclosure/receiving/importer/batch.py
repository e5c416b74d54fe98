"""Import many published reports: one JSON per file, a summary row per file, in processes.

:func:`import_one` is a plain top-level function (a path and options in, a picklable
:class:`FileSummary` out), so a process pool (``--jobs``) or any other executor can run it.
A file that cannot be read becomes a summary row with its Chinese error, never an exception.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from xl_disclosure.errors import XlDisclosureError

#: Columns of the summary (CSV/XLSX), with their Chinese headers.
SUMMARY_COLUMNS: tuple[tuple[str, str], ...] = (
    ("file", "文件"),
    ("output", "输出 JSON"),
    ("agency", "机关名称"),
    ("year", "报告年度"),
    ("format", "格式"),
    ("placed", "已导入单元格"),
    ("not_placed", "未能定位单元格"),
    ("blank", "原文为空单元格"),
    ("ambiguous", "无法确定列的行"),
    ("errors", "校验错误"),
    ("warnings", "校验提示"),
    ("status", "状态"),
    ("message", "说明"),
)


@dataclass(frozen=True)
class ImportOptions:
    format_id: str | None = None
    agency: str | None = None
    year: int | None = None
    force: bool = False


@dataclass
class FileSummary:
    """One imported file, as a summary row."""

    file: str
    output: str = ""
    agency: str = ""
    year: int | None = None
    format: str = ""
    placed: int = 0
    not_placed: int = 0
    blank: int = 0
    ambiguous: int = 0
    errors: int = 0
    warnings: int = 0
    status: str = ""
    message: str = ""
    exit_code: int = 0
    notes: list[str] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    """Names of the cells not placed."""


def output_for(path: Path, out_dir: Path, taken: set[str]) -> Path:
    """``out_dir/<stem>.json``, with ``-2``, ``-3`` … when two inputs share a stem."""
    stem, n = path.stem, 1
    name = f"{stem}.json"
    while name in taken:
        n += 1
        name = f"{stem}-{n}.json"
    taken.add(name)
    return out_dir / name


def import_one(path: str, output: str, options: ImportOptions) -> FileSummary:
    """Import one file and write its JSON; never raises for a bad input."""
    from xl_disclosure.io.atomic import write_atomic
    from xl_disclosure.io.canonical import dumps, report_to_dict
    from xl_disclosure.receiving.importer.core import import_report
    from xl_disclosure.receiving.importer.names import cell_name
    from xl_disclosure.validate import Severity, validate

    row = FileSummary(file=path, output=output)
    if Path(output).exists() and not options.force:
        row.status, row.exit_code = "未写出", 2
        row.message = f"文件“{output}”已存在；如需覆盖请使用 --force。"
        return row
    try:
        result = import_report(
            Path(path), format_id=options.format_id, agency=options.agency, year=options.year
        )
        report = result.report
        write_atomic(Path(output), dumps(report_to_dict(report)))
        counts = validate(report).counts
    except XlDisclosureError as exc:
        row.status, row.exit_code, row.message = "无法读取", 2, str(exc)
        return row
    except Exception as exc:  # one odd file must not stop a batch of hundreds
        row.status, row.exit_code = "无法读取", 2
        row.message = f"读取时出现内部错误（{type(exc).__name__}），请反馈给维护人员。"
        return row
    row.agency, row.year, row.format = report.meta.agency, report.meta.year, report.format_id
    row.placed = result.placed
    row.not_placed = len(result.unavailable_cells)
    row.blank = len(result.blank_cells)
    row.ambiguous = len(result.ambiguous)
    row.errors, row.warnings = counts[Severity.ERROR], counts[Severity.WARNING]
    row.notes = [*result.notes, *result.missing]
    row.unplaced = [cell_name(c, report.format_id) for c in result.unavailable_cells]
    row.exit_code = 0 if result.complete else 1
    row.status = "完整" if result.complete else "不完整"
    row.message = "；".join(result.missing)
    return row


def _task(args: tuple[str, str, ImportOptions]) -> FileSummary:
    return import_one(*args)


def import_many(
    tasks: Sequence[tuple[str, str, ImportOptions]], *, jobs: int = 1, dask: str | None = None
) -> Iterator[FileSummary]:
    """Summaries in input order; ``jobs`` local worker processes (``0``: one per CPU core), or
    the workers of a Dask scheduler at ``dask`` (:func:`~xl_disclosure.receiving.cluster.map_ordered`)."""
    from xl_disclosure.receiving.cluster import map_ordered

    yield from map_ordered(_task, tasks, jobs=jobs, dask=dask, on_error=_lost)


def _lost(task: tuple[str, str, ImportOptions], exc: BaseException) -> FileSummary:
    row = FileSummary(file=task[0], output=task[1], status="无法读取", exit_code=2)
    row.message = f"导入进程意外退出（{type(exc).__name__}），该文件未导入。"
    return row


def summary_rows(rows: Sequence[FileSummary]) -> list[list[object]]:
    out: list[list[object]] = [[header for _, header in SUMMARY_COLUMNS]]
    for row in rows:
        data = asdict(row)
        out.append(["" if data[key] is None else data[key] for key, _ in SUMMARY_COLUMNS])
    return out


def summary_bytes(rows: Sequence[FileSummary], suffix: str) -> bytes:
    """The summary as CSV (UTF-8 with BOM, so Excel opens it right) or XLSX."""
    table = summary_rows(rows)
    if suffix.lower() == ".xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "导入汇总"
        for line in table:
            ws.append(line)
        ws.freeze_panes = "A2"
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()
    text = io.StringIO()
    csv.writer(text).writerows(table)
    return ("\ufeff" + text.getvalue()).encode("utf-8")
