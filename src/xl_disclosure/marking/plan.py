"""What one press of 校验 leaves on a workbook, decided once for every writer.

The xlwings button (:mod:`xl_disclosure.excel.buttons`) writes a :class:`MarkPlan` through its
gateway; the marked copy (:mod:`xl_disclosure.marking.copy`) writes the same plan into the
file's package. Both therefore leave the same rows on 校验结果, the same mark list and the same
selected cell.

Example:
    >>> from xl_disclosure.model import AnnualReport
    >>> from xl_disclosure.readers.base import Loaded
    >>> report = AnnualReport.blank("gb2021", agency="某局", year=2024)
    >>> plan = plan_marks(Loaded(report), findings_grid=[], marks_grid=[])
    >>> plan.select is not None, len(plan.marks_rows or []) == len(plan.marks)
    (True, True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from xl_disclosure.cells import Blank, CellValue, text_of
from xl_disclosure.layout import Layout, Placement, layout_for
from xl_disclosure.layout.marks import FIRST_ROW, FP_COL, TEXT_COL
from xl_disclosure.marking import findings_sheet as fs
from xl_disclosure.marking.marks import list_rows
from xl_disclosure.model import AnnualReport
from xl_disclosure.readers.base import Loaded
from xl_disclosure.validate import Finding, Severity, ValidationResult

Grid = Sequence[Sequence[CellValue]]


@dataclass(frozen=True)
class MarkPlan:
    """The blocks to write and the cell to select after one validation run."""

    report: AnnualReport
    result: ValidationResult
    layout: Layout
    findings_rows: list[list[object]]
    """Written at ``A{FINDINGS_FIRST_ROW}`` of 校验结果 (blank rows clear the last run)."""
    marks_rows: list[list[object]] | None
    """Written at ``A{FIRST_ROW}`` of the mark list; ``None``: the book has no mark list."""
    marks: list[tuple[str, str]]
    """(mark key, level) of every coloured cell."""
    select: Placement | None
    """The first error's cell (``None``: no error to show)."""
    file_findings: tuple[Finding, ...] = ()
    """What the reader noticed about the file (part of :attr:`result` too), for exports."""

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.result.findings


def saved_explanations(grid: Grid | None) -> dict[str, str]:
    """fingerprint -> explanation kept in the mark list (columns D:E) between runs."""
    out: dict[str, str] = {}
    for row in (grid or [])[FIRST_ROW - 1 :]:
        if len(row) >= TEXT_COL:
            fp, text = text_of(row[FP_COL - 1]).strip(), text_of(row[TEXT_COL - 1]).strip()
            if fp and text:
                out[fp] = text
    return out


def used_rows(grid: Grid, first: int, width: int) -> int:
    """Rows from ``first`` down to the last one holding anything in its first ``width`` columns."""
    used = 0
    for i, row in enumerate(grid[first - 1 :], start=1):
        if any(not isinstance(v, Blank) for v in row[:width]):
            used = i
    return used


def merge_explanations(base: Mapping[str, str], given: Mapping[str, str] | None) -> dict[str, str]:
    """``base`` updated with ``given``; a blank text in ``given`` removes the explanation."""
    out = dict(base)
    for fp, text in (given or {}).items():
        if text.strip():
            out[fp] = text.strip()
        else:
            out.pop(fp, None)
    return out


def plan_marks(
    loaded: Loaded,
    findings_grid: Grid,
    marks_grid: Grid | None,
    *,
    explanations: Mapping[str, str] | None = None,
    previous: AnnualReport | None = None,
) -> MarkPlan:
    """Validate ``loaded`` and decide what 校验 writes.

    Args:
        findings_grid: 校验结果 as it is now (explanations typed there are kept).
        marks_grid: the mark list as it is now; ``None`` when the book has none (no colours).
        explanations: fingerprint -> text given outside the book (the staff web page); they
            win over the book's, and a blank one removes it.
    """
    report = loaded.report
    layout = layout_for(report.format_id)
    saved = saved_explanations(marks_grid)
    on_sheet = {**saved, **fs.explanations_on_sheet(findings_grid)}
    report.explanations = merge_explanations({**saved, **report.explanations}, explanations)
    on_sheet = merge_explanations(on_sheet, explanations)
    result = loaded.validate(previous)
    findings = list(result.findings)
    rows = fs.findings_block(findings, layout, on_sheet, fs.existing_rows(findings_grid))
    marks = fs.marks_of(findings, layout)
    marks_rows = None
    if marks_grid is not None:
        current = {f.fingerprint for f in findings}
        orphans = {fp: text for fp, text in on_sheet.items() if fp not in current}
        marks_rows = list_rows(marks, orphans, used_rows(marks_grid, FIRST_ROW, TEXT_COL))
    first = next(
        (p for f in findings if f.severity is Severity.ERROR and (p := fs.placement_of(f, layout))),
        None,
    )
    return MarkPlan(report, result, layout, rows, marks_rows, marks, first, tuple(loaded.findings))
