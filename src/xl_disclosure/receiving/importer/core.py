"""Assemble an :class:`AnnualReport` from the blocks of a published report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from xl_disclosure.cells import BLANK
from xl_disclosure.errors import InputError, SpecError
from xl_disclosure.model import AnnualReport
from xl_disclosure.model.report import LocalTable, Meta, ReportSource, SectionContent
from xl_disclosure.receiving.importer.anchors import distinctive_labels, format_markers
from xl_disclosure.receiving.importer.document import (
    Block,
    Para,
    TableSeg,
    cell_text,
    plain_segment,
    text_blocks,
)
from xl_disclosure.receiving.importer.labels import is_heading, norm_label
from xl_disclosure.receiving.importer.structure import (
    Skeleton,
    agency_from,
    publish_date,
    skeleton,
    year_from,
)
from xl_disclosure.receiving.importer.tables import (
    Placement,
    place_labelled,
    place_single_row,
    tokens_of,
)
from xl_disclosure.spec import CellSpec, format_for_year, format_ids, latest_format, load_format

TABLE_SECTIONS = {2: "T2", 3: "T3", 4: "T4"}
_MIN_TABLE_HITS = 2


@dataclass
class ImportResult:
    """A report read from published text, with what could not be read."""

    report: AnnualReport
    missing_cells: list[CellSpec] = field(default_factory=list)
    """Official cells no value could be placed in (blank in the report)."""
    blank_cells: set[str] = field(default_factory=set)
    """Keys of missing cells that were found but printed empty (many reports leave 0 blank)."""
    missing: list[str] = field(default_factory=list)
    """Other parts not found: sections, year, agency (Chinese sentences)."""
    notes: list[str] = field(default_factory=list)
    """What was read in a non-obvious way: renamed labels, units removed, format guessed."""

    @property
    def complete(self) -> bool:
        return not self.missing_cells and not self.missing


def _table_of(seg: TableSeg) -> str | None:
    """Which official table a segment belongs to (by labels only that table has), or None."""
    norms = {norm_label("".join(cell)) for row in seg.rows for cell in row}
    hits = {tid: len(norms & labels) for tid, labels in distinctive_labels().items()}
    best = max(hits, key=lambda t: hits[t])
    return best if hits[best] >= _MIN_TABLE_HITS else None


def _detect_format(official: list[TableSeg], year: int | None) -> tuple[str, str]:
    """(format id, how it was decided)."""
    text = "".join(
        norm_label("".join(cell)) for seg in official for row in seg.rows for cell in row
    )
    hits = {fid: sum(1 for m in markers if m in text) for fid, markers in format_markers().items()}
    ranked = sorted(format_ids(), key=lambda f: hits[f], reverse=True)
    if hits[ranked[0]] > hits[ranked[1]]:
        return ranked[0], "表格标签"
    if year is not None:
        try:
            return format_for_year(year), "报告年度"
        except SpecError:  # a year before 2019: fall through to the default
            pass
    return latest_format(), "默认"


def _assign(sk: Skeleton) -> dict[int, list[tuple[TableSeg, str | None]]]:
    """Every table segment of every section with the official table it belongs to."""
    out: dict[int, list[tuple[TableSeg, str | None]]] = {}
    for no, sec in sk.sections.items():
        segs = [b for b in sec.blocks if isinstance(b, TableSeg)]
        if no in TABLE_SECTIONS and not any(_table_of(s) for s in segs):
            paras = [b for b in sec.blocks if isinstance(b, Para)]
            plain = plain_segment(paras)
            if _table_of(plain):  # marker-less table: one cell per line
                sec.blocks = [plain]
                segs = [plain]
        out[no] = [(s, _table_of(s)) for s in segs]
    return out


def _section(
    no: int, title: str, blocks: list[Block], kinds: dict[int, str | None]
) -> tuple[SectionContent, list[LocalTable]]:
    """Narrative, table heading and local tables of one section."""
    text: list[str] = []
    table_heading = ""
    local: list[LocalTable] = []
    official_labels = set().union(*distinctive_labels().values())
    for i, block in enumerate(blocks):
        if isinstance(block, TableSeg):
            continue
        if norm_label(block.text) in official_labels:
            continue  # a table part printed as a line (第二十条第（一）项 before a TSV block)
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if isinstance(nxt, TableSeg) and is_heading(block.text):
            if kinds[id(nxt)] is None:
                continue  # heading of a local table, kept with it below
            if not table_heading:
                table_heading = block.text
                continue
        text.append(block.text)
    for i, block in enumerate(blocks):
        if isinstance(block, TableSeg) and kinds[id(block)] is None and block.rows:
            prev = blocks[i - 1] if i else None
            heading = prev.text if isinstance(prev, Para) and is_heading(prev.text) else ""
            rows = [[cell_text(c) for c in row] for row in block.rows]
            local.append(LocalTable(no, heading, rows[0], rows[1:]))
    return SectionContent(title, "\n".join(text), table_heading), local


def import_blocks(
    blocks: list[Block],
    *,
    format_id: str | None = None,
    agency: str | None = None,
    year: int | None = None,
) -> ImportResult:
    """Read a report from blocks (see :mod:`xl_disclosure.receiving.importer.document`)."""
    sk = skeleton(blocks)
    assigned = _assign(sk)
    notes: list[str] = []
    missing: list[str] = []
    year = year if year is not None else year_from(sk.title, sk.preamble)
    agency = agency or agency_from(sk.title)
    official = [s for segs in assigned.values() for s, t in segs if t]
    if format_id is None:
        format_id, how = _detect_format(official, year)
        notes.append(f"按{how}判断为{load_format(format_id).name}。")
    spec = load_format(format_id)
    report = AnnualReport.blank(format_id)
    report.source = ReportSource.PUBLISHED
    report.sections = {}
    report.meta = Meta(
        agency=agency,
        year=year,
        title=sk.title,
        agency_kind="government" if agency.endswith("人民政府") else "department",
    )
    report.meta.publish_date, preamble = publish_date(sk.preamble)
    report.preamble = "\n".join(preamble)
    kinds = {id(s): t for segs in assigned.values() for s, t in segs}
    for no, sec in sorted(sk.sections.items()):
        content, local = _section(no, sec.title, sec.blocks, kinds)
        report.sections[no] = content
        report.local_tables.extend(local)
    placement = Placement()
    for tid in ("T2", "T3", "T4"):
        tokens = tokens_of([s for segs in assigned.values() for s, t in segs if t == tid])
        placed = (
            place_single_row(format_id, tid, tokens)
            if tid == "T4"
            else place_labelled(format_id, tid, tokens)
        )
        placement.values.update(placed.values)
        placement.blank |= placed.blank
        placement.notes.extend(placed.notes)
        placement.money_unit = placement.money_unit or placed.money_unit
    report.values.update(placement.values)
    report.meta.money_unit = placement.money_unit if spec.has("purchase_amount") else ""
    notes.extend(placement.notes)
    for s in spec.sections:
        if s.no not in report.sections:
            missing.append(f"未找到第{s.numeral}部分“{s.title}”。")
    if year is None:
        missing.append("未能从标题识别报告年度，请用 --year 指定。")
    if not agency:
        missing.append("未能从标题识别机关名称，请用 --agency 指定。")
    missing_cells = [c for c in spec.cells if report.value(c.key) is BLANK]
    blank = {c.key for c in missing_cells} & placement.blank
    return ImportResult(report, missing_cells, blank, missing, notes)


#: A published report's text or web page is a few hundred KB.
MAX_TEXT_BYTES = 20 * 1024 * 1024


def read_blocks(path: Path) -> list[Block]:
    """Blocks of a .txt, .html/.htm or .docx file."""
    from xl_disclosure.io.files import check_input_file, read_input
    from xl_disclosure.readers.safety import HINT_DOCX, check_zip_package, refusal
    from xl_disclosure.receiving.importer.markup import docx_blocks, html_blocks

    path = Path(path)
    suffix = path.suffix.lower()
    check_input_file(path)  # a folder, pipe, device or broken link: refused, never waited on
    if suffix == ".docx":
        check_zip_package(path)  # zip bombs and foreign files, before python-docx unpacks
        try:
            return docx_blocks(path)
        except Exception as exc:  # python-docx raises several types for damaged files
            raise refusal(exc, str(path), what="Word 文档", hint=HINT_DOCX) from exc
    if suffix not in (".txt", ".text", ".md", ".html", ".htm"):
        raise InputError(
            f"不支持的文件类型“{suffix or '（无扩展名）'}”。",
            where=str(path),
            hint="请提供 .txt、.html/.htm 或 .docx 文件。",
        )
    raw = read_input(path, max_bytes=MAX_TEXT_BYTES, noun="年度报告原文")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError("无法识别文件编码（应为 UTF-8 或 GBK）。", where=str(path))
    return html_blocks(text) if suffix in (".html", ".htm") else text_blocks(text)


def import_report(
    path: Path,
    *,
    format_id: str | None = None,
    agency: str | None = None,
    year: int | None = None,
) -> ImportResult:
    """Read a published report (.txt, .html, .docx) into the report model.

    Example:
        >>> from pathlib import Path
        >>> result = import_report(Path("tests/data/zhenhai-news-center-2019.txt"))
        >>> result.complete, result.report.format_id, result.report.meta.year
        (True, 'gb2019', 2019)
    """
    return import_blocks(read_blocks(path), format_id=format_id, agency=agency, year=year)
