"""The rows of the findings sheet (校验结果) and of the mark list, computed in plain Python.

Example:
    >>> from xl_disclosure.layout import layout_for
    >>> from xl_disclosure.validate import make
    >>> f = make("T3-002", ("T3.total.C7", "T3.grant.C7"), col="总计", x=3, y=2, delta=1, note="")
    >>> row = finding_row(f, layout_for("gb2021"), "")
    >>> row[0], row[1], row[2][:13]
    ('强制', 'T3-002', '=HYPERLINK("#')
"""

from __future__ import annotations

from collections.abc import Sequence

from xl_disclosure.cells import Blank, CellValue, text_of
from xl_disclosure.layout import (
    FINDINGS_COLUMNS,
    FINDINGS_FIRST_ROW,
    FINDINGS_SHEET,
    Layout,
    Placement,
    wrapped_height,
)
from xl_disclosure.layout.marks import mark_key
from xl_disclosure.marking.sheet_xml import link_text
from xl_disclosure.validate.findings import Finding, Severity

WIDTH = len(FINDINGS_COLUMNS)
_KEYS = [k for k, _ in FINDINGS_COLUMNS]


def _col(key: str) -> int:
    return _KEYS.index(key)


def placement_of(finding: Finding, layout: Layout) -> Placement | None:
    """The input cell a finding points at (its first place), if the template has one."""
    return layout.locate(finding.places[0]) if finding.places else None


def level_of(finding: Finding) -> str | None:
    """Mark level (see :data:`~xl_disclosure.layout.marks.LEVELS`); ``None``: not coloured."""
    if finding.severity is Severity.ERROR:
        return "E"
    if finding.severity is Severity.WARNING:
        return "K" if finding.kept else "W"
    return None


def row_heights(rows: Sequence[Sequence[object]], layout: Layout) -> list[float | None]:
    """The height each findings row needs for its wrapped text (``None``: the default), for a
    writer that cannot let the spreadsheet fit rows (Excel fits rows the button writes itself;
    a file patched part by part is shown as saved). Links count by the text they show."""
    widths = dict(layout.sheet(FINDINGS_SHEET).col_widths)
    letters = list(widths)
    out: list[float | None] = []
    for row in rows:
        cells = []
        for j, value in enumerate(row[: len(letters)]):
            text = "" if value is None else str(value)
            cells.append((link_text(text) or text, widths[letters[j]]))
        out.append(wrapped_height(cells))
    return out


def _link(p: Placement) -> str:
    target = p.address.replace('"', '""')
    text = f"{p.sheet}!{p.cell}".replace('"', '""')
    return f'=HYPERLINK("#{target}","{text}")'


def finding_row(finding: Finding, layout: Layout, explanation: str) -> list[object]:
    """One findings-sheet row, in :data:`~xl_disclosure.layout.FINDINGS_COLUMNS` order."""
    p = placement_of(finding, layout)
    place = _link(p) if p else (finding.places[0] if finding.places else "—")
    row: list[object] = [None] * WIDTH
    row[_col("severity")] = finding.severity.label
    row[_col("rule")] = finding.rule
    row[_col("place")] = place
    row[_col("message")] = finding.message
    row[_col("expected")] = finding.expected
    row[_col("actual")] = finding.actual
    row[_col("explanation")] = explanation or None
    row[_col("fingerprint")] = finding.fingerprint
    return row


def existing_rows(grid: Sequence[Sequence[CellValue]]) -> int:
    """How many rows below the header the findings sheet holds now (to blank them)."""
    used = 0
    for i, row in enumerate(grid[FINDINGS_FIRST_ROW - 1 :], start=1):
        if any(not isinstance(v, Blank) for v in row[:WIDTH]):
            used = i
    return used


def explanations_on_sheet(grid: Sequence[Sequence[CellValue]]) -> dict[str, str]:
    """fingerprint -> explanation typed on the findings sheet."""
    fp, ex = _col("fingerprint"), _col("explanation")
    out: dict[str, str] = {}
    for row in grid[FINDINGS_FIRST_ROW - 1 :]:
        if len(row) > max(fp, ex):
            key, text = text_of(row[fp]).strip(), text_of(row[ex]).strip()
            if key and text:
                out[key] = text
    return out


def findings_block(
    findings: Sequence[Finding], layout: Layout, explanations: dict[str, str], old_rows: int
) -> list[list[object]]:
    """All rows to write from :data:`FINDINGS_FIRST_ROW`, blank-padded over the old ones."""
    rows = [
        finding_row(f, layout, f.explanation or explanations.get(f.fingerprint, ""))
        for f in findings
    ]
    rows += [[None] * WIDTH for _ in range(max(0, old_rows - len(rows)))]
    return rows


def marks_of(findings: Sequence[Finding], layout: Layout) -> list[tuple[str, str]]:
    """(mark key, level) of every cell to colour; a cell keeps its most severe level. A finding
    that names a row of cells at fault (``every_place``, V-001) colours each of them."""
    best: dict[str, str] = {}
    order = {"E": 0, "W": 1, "K": 2}
    for f in findings:
        level = level_of(f)
        places = f.places if f.every_place else f.places[:1]
        for p in (layout.locate(place) for place in places):
            if level is None or p is None:
                continue
            key = mark_key(p.sheet, p.cell)
            if key not in best or order[level] < order[best[key]]:
                best[key] = level
    return list(best.items())
