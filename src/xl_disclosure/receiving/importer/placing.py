"""Which table segments are which official table, which format the report uses, and the
official tables read from them (:mod:`.tables`, :mod:`.resolve`; a part printed in another
format's layout kept as printed, :mod:`.foreign`; rows of no format kept as a local table)."""

from __future__ import annotations

from xl_disclosure.errors import SpecError
from xl_disclosure.model.report import LocalTable
from xl_disclosure.receiving.importer.anchors import (
    distinctive_labels,
    format_markers,
    table_anchors,
)
from xl_disclosure.receiving.importer.document import Para, TableSeg
from xl_disclosure.receiving.importer.foreign import kept_as_printed
from xl_disclosure.receiving.importer.labels import norm_label
from xl_disclosure.receiving.importer.resolve import resolve
from xl_disclosure.receiving.importer.stream import stream_segment
from xl_disclosure.receiving.importer.structure import Skeleton
from xl_disclosure.receiving.importer.tables import Placement, place_labelled, place_single_row
from xl_disclosure.receiving.importer.tokens import Token, tokens_of
from xl_disclosure.spec import format_for_year, format_ids, latest_format, load_format, table_number

_MIN_TABLE_HITS = 2
Assigned = dict[int, list[tuple[TableSeg, str | None]]]
"""Section number -> its table segments, each with the official table it belongs to (or None)."""


def _table_of(seg: TableSeg) -> str | None:
    """Which official table a segment belongs to (by labels only that table has), or None."""
    norms = {norm_label("".join(cell)) for row in seg.rows for cell in row}
    hits = {tid: len(norms & labels) for tid, labels in distinctive_labels().items()}
    best = max(hits, key=lambda t: hits[t])
    return best if hits[best] >= _MIN_TABLE_HITS else None


def _section_tables() -> dict[int, str]:
    """Section number -> the official table it holds (by the format spec: 二→T2 …)."""
    spec = load_format(latest_format())
    return {s.no: s.table for s in spec.sections if s.table}


def assign(sk: Skeleton) -> Assigned:
    """Every table segment of every section with the official table it belongs to; a table
    section with no table segment of its own is read as a stream of cells (:mod:`.stream`)."""
    tables = _section_tables()
    out: dict[int, list[tuple[TableSeg, str | None]]] = {}
    for no, sec in sk.sections.items():
        segs = [b for b in sec.blocks if isinstance(b, TableSeg)]
        out[no] = [(s, _table_of(s)) for s in segs]
        if no not in tables or any(t == tables[no] for _, t in out[no]):
            continue
        paras = [b for b in sec.blocks if isinstance(b, Para)]
        if not paras:
            continue
        stream = stream_segment(paras, sec.end_gap)
        if _table_of(stream) == tables[no] or _mostly_values(stream):
            sec.blocks = [*segs, stream]
            out[no].append((stream, tables[no]))
    return out


def _mostly_values(seg: TableSeg) -> bool:
    """A section of numbers with few labels (表四 as one line of 15 numbers)."""
    from xl_disclosure.receiving.importer.labels import classify

    kinds = [classify("".join(c))[0] for row in seg.rows for c in row]
    return kinds.count("number") >= 3


def detect_format(official: list[TableSeg], year: int | None) -> tuple[str, list[str]]:
    """(format id, notes): the year's format; the table labels decide without a year."""
    text = "".join(
        norm_label("".join(cell)) for seg in official for row in seg.rows for cell in row
    )
    hits = {fid: sum(1 for m in markers if m in text) for fid, markers in format_markers().items()}
    ranked = sorted(format_ids(), key=lambda f: hits[f], reverse=True)
    by_labels = ranked[0] if hits[ranked[0]] > hits[ranked[1]] else None
    by_year = None
    if year is not None:
        try:
            by_year = format_for_year(year)
        except SpecError:  # a year before the first format: fall back to the labels
            by_year = None
    if by_year:
        notes = [f"按报告年度判断为{load_format(by_year).name}。"]
        if by_labels and by_labels != by_year:
            notes.append(
                f"表格标签属于{load_format(by_labels).name}，与{year}年度应使用的"
                f"{load_format(by_year).name}不一致（D-003）；与报告格式不符的部分未导入。"
            )
        return by_year, notes
    if by_labels:
        return by_labels, [f"按表格标签判断为{load_format(by_labels).name}。"]
    return latest_format(), [f"未能判断格式，默认按{load_format(latest_format()).name}。"]


def _truncated(sk: Skeleton, no: int) -> bool:
    """Whether the text ends inside section ``no``'s table (nothing after it)."""
    if no != max(sk.sections, default=0):
        return False
    blocks = sk.sections[no].blocks
    last_table = max((i for i, b in enumerate(blocks) if isinstance(b, TableSeg)), default=-1)
    return last_table == len(blocks) - 1


def place_tables(
    format_id: str, sk: Skeleton, assigned: Assigned
) -> tuple[Placement, list[LocalTable]]:
    """The official tables read in ``format_id``, and the parts printed in another format's
    layout kept as printed (:mod:`.foreign`)."""
    placement = Placement()
    kept: list[LocalTable] = []
    for no, tid in sorted(_section_tables().items(), key=lambda item: item[1]):
        segs = [s for segs in assigned.values() for s, t in segs if t == tid]
        tokens = tokens_of(segs)
        truncated = any(
            _truncated(sk, n) for n, ss in assigned.items() if any(t == tid for _, t in ss)
        )
        single = all(not r.path for b in load_format(format_id).table(tid).blocks for r in b.rows)
        placer = place_single_row if single else place_labelled
        placed = placer(format_id, tid, tokens, truncated=truncated)
        resolve(format_id, tid, placed)
        if placed.foreign and not single:
            local, notes = kept_as_printed(
                format_id, tid, tokens, placed, section=no, truncated=truncated
            )
            kept.extend(local)
            placed.notes.extend(notes)
        if not placed.values and not placed.ambiguous and _empty_table(format_id, tid, tokens):
            spec_table = load_format(format_id).table(tid)
            placed.blank |= {c.key for c in spec_table.cells}
            placed.notes.append(
                f"表{tid[1:]}只印有标签、没有任何数值，视为空表（全部单元格为空）。"
            )
        kept.extend(_extra_rows(no, tid, placed))
        placement.merge(placed)
    return placement, kept


def _extra_rows(section: int, table_id: str, placed: Placement) -> list[LocalTable]:
    """The rows of no format printed in an official table, as one local table of its section:
    under the header cells printed above the first of them when they fit, else numbered."""
    if not placed.extra:
        return []
    width = max(len(row) for _, row in placed.extra)
    headers = placed.extra[0][0]
    columns = headers if len(headers) == width else ["项目", *(f"第{i}列" for i in range(1, width))]
    rows = [row + [""] * (width - len(row)) for _, row in placed.extra]
    return [LocalTable(section, f"表{table_number(table_id)}中国办格式以外的行", columns, rows)]


def _empty_table(format_id: str, table_id: str, tokens: list[Token]) -> bool:
    """Labels of most rows present and not one value: a table printed empty."""
    if any(t.is_value or t.kind == "skip" for t in tokens):
        return False
    anchors = table_anchors(format_id, table_id)
    rows = anchors.rows
    if not rows:  # a one-row table (表四): its headers printed, no value
        return sum(t.norm in anchors.structural for t in tokens) >= 3
    seen = {rows[t.norm].row.key for t in tokens if t.norm in rows}
    total = {a.row.key for a in rows.values()}
    return len(seen) * 2 >= len(total)
