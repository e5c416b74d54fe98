"""Tables kept as printed (an imported report's non-official tables) recognised as a profile's.

An importer keeps every table the national format does not describe as a
:class:`~xl_disclosure.model.report.LocalTable`. :func:`recognise_profile_tables` compares them,
by their row labels, with the tables of the known profiles of the report's format (or of the
profile the report already has): when one matches, the report moves to that profile's format
(``gb2019`` -> ``gb2019+zj-2019``) and the printed values go into the profile's cells, so the
imported report validates, exports and drafts like one filled in the profile's template.

Example:
    >>> from xl_disclosure.model import AnnualReport, LocalTable
    >>> table = load_format("gb2019+zj-2019").table("ZJ.T1").blocks[0]
    >>> printed = [[r.label, r.unit, "——" if r.heading else "3"] for r in table.rows]
    >>> printed[2][2] = "/"
    >>> r = AnnualReport.blank("gb2019")
    >>> r.local_tables = [LocalTable(2, "", ["统计指标", "单位", "统计数"], printed)]
    >>> notes = recognise_profile_tables(r)
    >>> r.format_id, r.value("ZJ.T1.R1"), r.value("ZJ.T1.R3"), r.local_tables
    ('gb2019+zj-2019', 3, '/', [])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from xl_disclosure.cells import BLANK, NA_SYMBOLS, NOT_AVAILABLE, CellValue, number_from_text
from xl_disclosure.errors import SpecError
from xl_disclosure.model.report import AnnualReport, LocalTable
from xl_disclosure.spec import FormatSpec, Table, load_format, profile_formats
from xl_disclosure.textnorm import nfkc, to_simplified

#: Share of a profile table's rows that must be found in a printed table (and at least
#: :data:`MIN_ROWS` of them) for the two to be taken as the same table.
MIN_SHARE = 0.6
MIN_ROWS = 2
_QUOTES = str.maketrans("", "", "\"'“”‘’「」『』")
_NUMBERING = re.compile(r"^(\d+)[、.．,，]")


def fold_label(text: str) -> str:
    """A label's matching form: Simplified, NFKC, no spaces, quotes or numbering variants."""
    folded = nfkc(to_simplified(text))
    folded = re.sub(r"\s+", "", folded).translate(_QUOTES)
    return _NUMBERING.sub(r"\1.", folded)


@dataclass
class _Match:
    spec: FormatSpec
    table: Table
    printed: LocalTable
    values: dict[str, CellValue] = field(default_factory=dict)
    rows: int = 0

    @property
    def share(self) -> float:
        wanted = sum(len(b.rows) for b in self.table.blocks)
        return self.rows / wanted if wanted else 0.0


def _value(text: str) -> CellValue:
    text = text.strip()
    if not text:
        return BLANK
    if text in NA_SYMBOLS:
        return "/"
    number = number_from_text(text)
    return text if number is None else number


def _match(spec: FormatSpec, table: Table, printed: LocalTable) -> _Match:
    out = _Match(spec, table, printed)
    rows = {fold_label(row.label): (block, row) for block in table.blocks for row in block.rows}
    for line in printed.rows:
        if not line or fold_label(line[0]) not in rows:
            continue
        block, row = rows.pop(fold_label(line[0]))
        out.rows += 1
        cells = line[1 + (1 if block.unit_header is not None else 0) :]
        if row.heading:
            continue
        for i, column in enumerate(block.columns):
            text = cells[i] if i < len(cells) else ""
            out.values[block.cell_key(row, column)] = _value(text)
    return out


def _best(report: AnnualReport, candidates: Sequence[str]) -> list[_Match]:
    """The matches of the candidate profile whose tables match the printed ones best."""
    best: list[_Match] = []
    for fid in candidates:
        spec = load_format(fid)
        found: list[_Match] = []
        free = list(report.local_tables)
        for table in (t for t in spec.tables if t.profile):
            ranked = sorted(
                (_match(spec, table, p) for p in free),
                key=lambda m: (m.share, m.printed.section == table.section),
                reverse=True,
            )
            if ranked and ranked[0].share >= MIN_SHARE and ranked[0].rows >= MIN_ROWS:
                found.append(ranked[0])
                free.remove(ranked[0].printed)
        if sum(m.rows for m in found) > sum(m.rows for m in best):
            best = found
    return best


def recognise_profile_tables(
    report: AnnualReport, candidates: Sequence[str] | None = None
) -> list[str]:
    """Recognise ``report``'s kept-as-printed tables as a profile's tables (in place).

    Args:
        candidates: effective format ids to try; default: the report's own profile if it has
            one, else every known profile of its national format.

    Returns:
        Chinese notes saying what was recognised (empty when nothing was).
    """
    spec = report.spec
    if not report.local_tables:
        return []
    try:  # a broken profile file must not stop an import; say so instead
        if candidates is None:
            candidates = [spec.id] if spec.profile else list(profile_formats(spec.id))
        matches = _best(report, candidates)
    except SpecError as exc:
        return [f"地方配置无法读取，未尝试识别本地表格：{exc}"]
    if not matches:
        return []
    target = matches[0].spec
    report.format_id = target.id
    for cell in target.cells:
        report.values.setdefault(cell.key, NOT_AVAILABLE)
    notes = []
    assert target.profile is not None
    for m in matches:
        report.values.update(m.values)
        report.local_tables.remove(m.printed)
        where = (
            f"“{m.printed.heading}”" if m.printed.heading else f"第{m.printed.section}部分的表格"
        )
        notes.append(
            f"{where}按地方配置“{target.profile.name}”识别为{m.table.label}"
            f"（{m.rows}行，共{sum(len(b.rows) for b in m.table.blocks)}行）。"
        )
    return notes
