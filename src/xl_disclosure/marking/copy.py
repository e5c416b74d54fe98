"""The marked copy: what the 校验 button leaves, written into a copy of the file, no macros.

For suites and PCs that cannot run the buttons (WPS 表格, LibreOffice, Excel with macros
blocked), :func:`write_marked_copy` validates a workbook and writes a copy with the findings
sheet filled (links to the cells, explanations kept), the mark list the template's
conditional formats read (so wrong cells are coloured in any suite), and the first error as
the active cell. The plan is :func:`~xl_disclosure.marking.plan.plan_marks`, the button's own;
the cells staff typed are never touched (see :mod:`~xl_disclosure.marking.package`).

Example:
    >>> import tempfile, pathlib
    >>> from xl_disclosure.builder.fill import fill_template
    >>> from xl_disclosure.model import AnnualReport
    >>> r = AnnualReport.blank("gb2021", agency="某局", year=2024)
    >>> src = fill_template(r, pathlib.Path(tempfile.mkdtemp()) / "填报.xlsx")
    >>> copy = write_marked_copy(src)
    >>> copy.path.name, copy.coloured, copy.result.valid
    ('填报_已标记.xlsx', True, False)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from xl_disclosure.cells import CellValue
from xl_disclosure.errors import InputError
from xl_disclosure.layout import FINDINGS_FIRST_ROW, FINDINGS_SHEET
from xl_disclosure.layout.marks import FIRST_ROW, MARKS_SHEET
from xl_disclosure.marking.findings_sheet import row_heights
from xl_disclosure.marking.package import Package
from xl_disclosure.marking.plan import MarkPlan, plan_marks
from xl_disclosure.model import AnnualReport
from xl_disclosure.readers.base import WorkbookReader
from xl_disclosure.validate import ValidationResult

#: Added to the name of the original: ``填报.xlsx`` -> ``填报_已标记.xlsx``.
COPY_SUFFIX = "_已标记"


@dataclass(frozen=True)
class MarkedBook:
    """A validated workbook and the bytes of its marked copy."""

    data: bytes
    plan: MarkPlan
    grids: dict[str, list[list[CellValue]]]
    """The sheets as read (input sheets and 校验结果), for showing the values as typed."""

    @property
    def result(self) -> ValidationResult:
        return self.plan.result

    @property
    def coloured(self) -> bool:
        """The workbook has the mark list, so its cells are coloured (old or foreign-built
        templates without it get the findings sheet only)."""
        return self.plan.marks_rows is not None


@dataclass(frozen=True)
class MarkedCopy(MarkedBook):
    path: Path


class _Remembering:
    """A reader that keeps the grids it has read (the findings sheet is read once)."""

    def __init__(self, reader: WorkbookReader) -> None:
        self._reader = reader
        self.grids: dict[str, list[list[CellValue]]] = {}

    @property
    def source_label(self) -> str:
        return self._reader.source_label

    def sheet_names(self) -> list[str]:
        return self._reader.sheet_names()

    def grid(self, sheet: str) -> list[list[CellValue]]:
        if sheet not in self.grids:
            self.grids[sheet] = self._reader.grid(sheet)
        return self.grids[sheet]

    def defined_names(self) -> dict[str, tuple[str, str]]:
        return self._reader.defined_names()

    def close(self) -> None:
        self._reader.close()


def mark_workbook(
    source: Path | str,
    *,
    explanations: Mapping[str, str] | None = None,
    previous: AnnualReport | None = None,
) -> MarkedBook:
    """Validate a workbook file and build its marked copy in memory.

    Args:
        explanations: fingerprint -> 说明 given outside the workbook (the staff web page);
            they are written into 校验结果 and keep those warnings.

    Raises:
        InputError: the file is not a readable filled template (same gate as ``validate``).
    """
    from xl_disclosure.readers import open_reader, read_book
    from xl_disclosure.readers.safety import inspect_package

    source = Path(source)
    package = inspect_package(source)
    reader = _Remembering(open_reader(source))
    try:
        loaded = read_book(reader)
        names = reader.sheet_names()
        fgrid = reader.grid(FINDINGS_SHEET) if FINDINGS_SHEET in names else []
        mgrid = reader.grid(MARKS_SHEET) if MARKS_SHEET in names else None
    finally:
        reader.close()
    loaded.findings[:0] = package.findings
    loaded.source, loaded.engine = str(source), "openpyxl"
    plan = plan_marks(loaded, fgrid, mgrid, explanations=explanations, previous=previous)
    data = _apply(source.read_bytes(), plan, has_findings=FINDINGS_SHEET in names)
    return MarkedBook(data, plan, reader.grids)


def _apply(data: bytes, plan: MarkPlan, *, has_findings: bool) -> bytes:
    pkg = Package(data)
    if has_findings and plan.findings_rows:
        heights = row_heights(plan.findings_rows, plan.layout)
        pkg.write_block(FINDINGS_SHEET, FINDINGS_FIRST_ROW, 1, plan.findings_rows, heights)
    if plan.marks_rows is not None and MARKS_SHEET in pkg.sheets:
        pkg.write_block(MARKS_SHEET, FIRST_ROW, 1, plan.marks_rows)
    if plan.select is not None:
        pkg.activate(plan.select.sheet, plan.select.cell)
    return pkg.to_bytes()


def default_copy_path(source: Path | str) -> Path:
    """``填报.xlsx`` -> ``填报_已标记.xlsx`` beside it (``… (2).xlsx`` if that exists)."""
    from xl_disclosure.io.atomic import free_path

    source = Path(source)
    return free_path(source.with_name(source.stem + COPY_SUFFIX + source.suffix))


def write_marked_copy(
    source: Path | str,
    out: Path | str | None = None,
    *,
    explanations: Mapping[str, str] | None = None,
    previous: AnnualReport | None = None,
    overwrite: bool = False,
) -> MarkedCopy:
    """Validate ``source`` and write its marked copy to ``out`` (default: beside it).

    Never writes over ``source``; an existing ``out`` is replaced only with ``overwrite``.

    Raises:
        InputError: unreadable input, ``out`` is the original, exists, or has another type.
    """
    source = Path(source)
    target = Path(out) if out is not None else default_copy_path(source)
    where = str(target)
    if target.exists() and source.exists() and target.resolve() == source.resolve():
        raise InputError(
            "标记副本不能写在原文件上。",
            where=where,
            hint="请另给一个文件名（或不指定，自动命名）。",
        )
    if target.suffix.lower() != source.suffix.lower():
        raise InputError(
            f"标记副本应与原文件同为 {source.suffix or '.xlsx'} 文件。",
            where=where,
            hint="请把输出文件的扩展名改成与原文件相同。",
        )
    if target.exists() and not overwrite:
        raise InputError(
            "文件已存在，未覆盖。",
            where=where,
            hint="请换一个文件名，或不指定输出文件（自动命名）。",
        )
    book = mark_workbook(source, explanations=explanations, previous=previous)
    from xl_disclosure.io.atomic import write_atomic

    write_atomic(target, book.data)
    return MarkedCopy(book.data, book.plan, book.grids, target)
