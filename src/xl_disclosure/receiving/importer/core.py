"""Assemble an :class:`AnnualReport` from the blocks of a published report.

Stages: read the file into blocks (:mod:`.sources`), normalise every line (:mod:`.normalise`),
find title, preamble and sections (:mod:`.structure`), read year/agency/date (:mod:`.meta`),
decide the format and read each official table from its cells (:mod:`.placing`: the year's
format, table headers as evidence, a conflict noted). Official cells no value was placed in are
:data:`~xl_disclosure.cells.NOT_AVAILABLE`; cells printed empty are blank.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from xl_disclosure.cells import BLANK, NOT_AVAILABLE, Blank, NotAvailable
from xl_disclosure.errors import InputError
from xl_disclosure.model import AnnualReport
from xl_disclosure.model.local import recognise_profile_tables
from xl_disclosure.model.report import LocalTable, Meta, ReportSource, SectionContent
from xl_disclosure.receiving.importer.anchors import (
    distinctive_labels,
)
from xl_disclosure.receiving.importer.document import Block, Para, TableSeg, cell_text
from xl_disclosure.receiving.importer.labels import is_heading, norm_label
from xl_disclosure.receiving.importer.meta import (
    agency_elsewhere,
    agency_from,
    find_year,
    fuller_agency,
    publish_date,
    published_on,
    signature_date,
    stated_period,
)
from xl_disclosure.receiving.importer.normalise import clean, is_furniture
from xl_disclosure.receiving.importer.placing import assign, detect_format, place_tables
from xl_disclosure.receiving.importer.structure import Skeleton, skeleton
from xl_disclosure.spec import (
    CellSpec,
    load_format,
)

if TYPE_CHECKING:
    from xl_disclosure.readers.base import Loaded


@dataclass
class ImportResult:
    """A report read from published text, with what could not be read."""

    report: AnnualReport
    missing_cells: list[CellSpec] = field(default_factory=list)
    """Official cells no value could be placed in (not available, or printed empty)."""
    blank_cells: set[str] = field(default_factory=set)
    """Keys of missing cells that were found but printed empty (many reports leave 0 blank)."""
    missing: list[str] = field(default_factory=list)
    """Other parts not found: sections, year, agency (Chinese sentences)."""
    notes: list[str] = field(default_factory=list)
    """What was read in a non-obvious way: renamed labels, units removed, format guessed."""
    ambiguous: list[str] = field(default_factory=list)
    """Rows whose blank cells vanished and whose columns are not known (names, e.g.
    “2.重复申请”): left unplaced, or only the cells every reading agrees on placed."""
    resolved: list[str] = field(default_factory=list)
    """Rows whose vanished blank cells the balances located (placed, with a note)."""

    @property
    def complete(self) -> bool:
        return not self.missing_cells and not self.missing

    @property
    def recognised(self) -> bool:
        """Something of an annual report was found: a section heading, or a table cell (a
        number, or a cell printed empty)."""
        return bool(self.report.sections) or bool(self.blank_cells) or self.placed > 0

    @property
    def placed(self) -> int:
        """Official cells holding a value read from the source."""
        return sum(
            not isinstance(self.report.value(c.key), Blank | NotAvailable)
            for c in self.report.spec.cells
        )

    @property
    def unavailable_cells(self) -> list[CellSpec]:
        """Missing cells that were not found at all (:data:`NOT_AVAILABLE`)."""
        return [c for c in self.missing_cells if c.key not in self.blank_cells]


def normalise_blocks(blocks: list[Block]) -> tuple[list[Block], list[str]]:
    """Every line through :func:`clean`; furniture lines dropped (and returned apart)."""
    out: list[Block] = []
    dropped: list[str] = []
    for block in blocks:
        if isinstance(block, Para):
            text = clean(block.text)
            if is_furniture(text):
                dropped.append(text)
            elif text:
                out.append(Para(text, block.gap))
        else:
            rows = [[[clean(x, spaces=False) for x in cell] for cell in row] for row in block.rows]
            out.append(TableSeg(rows, block.row_marks, block.blank_marks, block.blanks_inferred))
    return out, dropped


def _section(
    no: int, title: str, blocks: list[Block], kinds: dict[int, str | None]
) -> tuple[SectionContent, list[LocalTable]]:
    """Narrative, table heading and local tables of one section."""
    text: list[str] = []
    table_heading = ""
    local: list[LocalTable] = []
    official_labels = set().union(*distinctive_labels().values())
    for i, block in enumerate(blocks):
        if isinstance(block, TableSeg) or not block.text.strip("| "):
            continue
        if norm_label(block.text) in official_labels:
            continue  # a table part printed as a line (第二十条第（一）项 before a TSV block)
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if isinstance(nxt, TableSeg) and is_heading(block.text):
            if kinds.get(id(nxt)) is None:
                continue  # heading of a local table, kept with it below
            if not table_heading:
                table_heading = block.text
                continue
        text.append(block.text)
    for i, block in enumerate(blocks):
        if isinstance(block, TableSeg) and kinds.get(id(block)) is None and block.row_marks:
            prev = blocks[i - 1] if i else None
            heading = prev.text if isinstance(prev, Para) and is_heading(prev.text) else ""
            rows = [[cell_text(c) for c in row] for row in block.rows]
            if rows:
                local.append(LocalTable(no, heading, rows[0], rows[1:]))
    return SectionContent(title, "\n".join(text), table_heading), local


def _agency_of(sk: Skeleton, lines: list[str], dropped: list[str], notes: list[str]) -> str:
    """The agency the report names: its title's, made full where the text gives the name with
    its region (:func:`~.meta.fuller_agency`), else the one named elsewhere. ``lines``: the
    report's paragraphs."""
    titled = agency_from(sk.title)
    if titled:
        fuller, where = fuller_agency(titled, lines, dropped, sk.preamble)
        if fuller:
            notes.append(f"标题中的机关名称“{titled}”不完整，取自{where}：{fuller}。")
        return fuller or titled
    agency, where = agency_elsewhere(lines, dropped, sk.preamble)
    if agency:
        notes.append(f"标题中没有机关名称，取自{where}：{agency}。")
    return agency


def _meta(
    sk: Skeleton, lines: list[str], dropped: list[str], agency: str | None, notes: list[str]
) -> Meta:
    date, preamble = publish_date(sk.preamble)
    if not date:
        date = next((d for line in dropped if (d := published_on(line))), "")
    sk.preamble = preamble
    if not agency:
        agency = _agency_of(sk, lines, dropped, notes)
    return Meta(
        agency=agency,
        title=sk.title,
        publish_date=date,
        agency_kind="government" if agency.endswith("人民政府") else "department",
    )


def import_blocks(
    blocks: list[Block],
    *,
    format_id: str | None = None,
    agency: str | None = None,
    year: int | None = None,
) -> ImportResult:
    """Read a report from blocks (see :mod:`xl_disclosure.receiving.importer.document`)."""
    blocks, dropped = normalise_blocks(blocks)
    sk = skeleton(blocks)
    assigned = assign(sk)
    notes: list[str] = []
    lines = [b.text for b in blocks if isinstance(b, Para)]
    meta = _meta(sk, lines, dropped, agency, notes)
    section_one = "\n".join(
        b.text for b in (sk.sections[1].blocks if 1 in sk.sections else []) if isinstance(b, Para)
    )
    when = meta.publish_date or (signature_date(lines) or "")
    how = "参数"
    if year is None:
        year, how = find_year(sk.title, [*sk.preamble, *lines], section_one, when, sk.preamble)
    meta.year = year
    period = stated_period([*sk.preamble, *lines])
    if period and year is not None:
        meta.period_start, meta.period_end = period
    if year is not None and how not in ("标题", "参数"):
        notes.append(f"报告年度{year}取自{how}。")
    official = [s for segs in assigned.values() for s, t in segs if t]
    if format_id is None:
        format_id, format_notes = detect_format(official, year)
        notes.extend(format_notes)
    spec = load_format(format_id)
    report = AnnualReport.blank(format_id)
    report.source = ReportSource.PUBLISHED
    report.sections = {}
    report.meta = meta
    report.preamble = "\n".join(sk.preamble)
    kinds = {id(s): t for segs in assigned.values() for s, t in segs}
    for no, sec in sorted(sk.sections.items()):
        content, local = _section(no, sec.title, sec.blocks, kinds)
        report.sections[no] = content
        report.local_tables.extend(local)
    placement, kept = place_tables(format_id, sk, assigned)
    report.local_tables.extend(kept)
    report.values.update(placement.values)
    for cell in spec.cells:
        if cell.key not in placement.values:
            report.values[cell.key] = BLANK if cell.key in placement.blank else NOT_AVAILABLE
    report.meta.money_unit = placement.money_unit if spec.has("purchase_amount") else ""
    notes.extend(placement.notes)
    notes.extend(recognise_profile_tables(report))  # a local table may be a profile's table
    spec = report.spec
    missing = _missing(report)
    missing_cells = [c for c in spec.cells if isinstance(report.value(c.key), Blank | NotAvailable)]
    blank = {c.key for c in missing_cells if report.value(c.key) is BLANK}
    ambiguous = [f"“{a.row.label}”" if a.row.label else "表四" for a in placement.ambiguous]
    ambiguous += placement.partly  # some of their cells placed, the others still unknown
    return ImportResult(
        report, missing_cells, blank, missing, notes, ambiguous, list(placement.resolved)
    )


def _missing(report: AnnualReport) -> list[str]:
    """Sections, year and agency not found (Chinese sentences)."""
    out = [
        f"未找到第{s.numeral}部分“{s.title}”。"
        for s in report.spec.sections
        if s.no not in report.sections
    ]
    if report.meta.year is None:
        out.append("未能识别报告年度，请用 --year 指定。")
    if not report.meta.agency:
        out.append("未能识别机关名称，请用 --agency 指定。")
    return out


def read_blocks(path: Path) -> list[Block]:
    """Blocks of a supported file (see :mod:`xl_disclosure.receiving.importer.sources`)."""
    from xl_disclosure.receiving.importer.sources import read_blocks as read

    return read(path)


def import_report(
    path: Path,
    *,
    format_id: str | None = None,
    agency: str | None = None,
    year: int | None = None,
) -> ImportResult:
    """Read a published report (any kind in :mod:`xl_disclosure.io.publication_kinds`) into the model.

    Example:
        >>> from pathlib import Path
        >>> result = import_report(Path("tests/data/zhenhai-news-center-2019.txt"))
        >>> result.complete, result.report.format_id, result.report.meta.year
        (True, 'gb2019+zj-2019', 2019)

    Raises:
        InputError: the file cannot be read, or nothing in it is part of an annual report (no
            section heading, no table cell): another page of a website, a scan without text.
    """
    result = import_blocks(read_blocks(path), format_id=format_id, agency=agency, year=year)
    if not result.recognised:
        raise InputError(
            "文件中没有找到年度报告的任何部分标题或表格数字，不像政府信息公开工作年度报告。",
            where=str(path),
            hint="请确认这是年度报告的原文（网页正文、Word 或 PDF）；"
            "扫描件或以图片发布的表格需先做文字识别（OCR）。",
        )
    return result


def load_publication(path: Path) -> Loaded:
    """A published report imported in memory (nothing written), as a reader would give it:
    ``validate`` and ``compare`` read a publication as they read its imported JSON.

    Raises:
        InputError: the file cannot be read, or holds nothing of a report.
    """
    from xl_disclosure.readers.base import Loaded

    return Loaded(import_report(Path(path)).report, [], str(path), "import")
