"""What identifies each official table and each of its rows, in normalised label form."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xl_disclosure.receiving.importer.labels import norm_label
from xl_disclosure.spec import Block, Row, derived_cache, format_ids, load_format

#: Renamed or shortened row labels seen in published reports (§7), by format-neutral row key.
_ALIASES: dict[str, tuple[str, ...]] = {
    "T3:partial": ("（二）部分公开",),
    "T3:total": ("本年度办理结果总计", "（七）合计"),
    "T2:A.R2": ("规范性文件", "行政规范性文件"),
}


@dataclass(frozen=True)
class RowAnchor:
    block: Block
    row: Row
    renamed: bool = False
    """Matched through an alias, not the official label."""


@dataclass
class TableAnchors:
    """Labels of one table of one format."""

    table: str
    rows: dict[str, RowAnchor] = field(default_factory=dict)
    """Leaf row label -> row."""
    structural: set[str] = field(default_factory=set)
    """Headings, corner, column headers, group row labels."""

    @property
    def all_labels(self) -> set[str]:
        return set(self.rows) | self.structural

    def without_gloss(self, norm: str) -> RowAnchor | None:
        """A label with a trailing gloss (湖北: ``规章（设区的市…应提供相关数据）``)."""
        base = _TRAILING_GLOSS.sub("", norm)
        if base == norm or base not in self.rows:
            return None
        return RowAnchor(self.rows[base].block, self.rows[base].row, renamed=True)


_TRAILING_GLOSS = re.compile(r"\([^()]*\)$")


@derived_cache
def table_anchors(format_id: str, table_id: str) -> TableAnchors:
    spec = load_format(format_id)
    out = TableAnchors(table_id)
    for block in spec.table(table_id).blocks:
        for text in (block.heading, block.corner):
            if text:
                out.structural.add(norm_label(text))
        for col in block.columns:
            out.structural.update(norm_label(p) for p in col.path)
        for row in block.rows:
            if not row.path:
                continue
            out.structural.update(norm_label(p) for p in row.path[:-1])
            out.rows[norm_label(row.path[-1])] = RowAnchor(block, row)
    for alias_key, labels in _ALIASES.items():
        tid, key = alias_key.split(":")
        if tid != table_id:
            continue
        block_id, row_key = key.split(".") if "." in key and tid == "T2" else ("", key)
        block = spec.table(table_id).block(block_id) if block_id else spec.table(table_id).blocks[0]
        target = next((r for r in block.rows if r.key == row_key), None)
        if target is None:
            continue
        for label in labels:
            out.rows.setdefault(norm_label(label), RowAnchor(block, target, renamed=True))
    return out


@derived_cache
def distinctive_labels() -> dict[str, frozenset[str]]:
    """Labels (any format) that belong to exactly one of T2/T3/T4: they identify a table."""
    per_table: dict[str, set[str]] = {"T2": set(), "T3": set(), "T4": set()}
    for fid in format_ids():
        for tid in per_table:
            per_table[tid] |= table_anchors(fid, tid).all_labels
    out = {}
    for tid, labels in per_table.items():
        others = set().union(*(v for k, v in per_table.items() if k != tid))
        out[tid] = frozenset(labels - others)
    return out


@derived_cache
def format_markers() -> dict[str, frozenset[str]]:
    """Labels only one format has (gb2019 本年新制作数量, gb2021 本年制发件数 ...)."""
    labels = {
        fid: set().union(*(table_anchors(fid, t).all_labels for t in ("T2", "T3", "T4")))
        for fid in format_ids()
    }
    # 规范性文件 vs 行政规范性文件 is a too-common rename to decide the format on
    shared = {norm_label("规范性文件"), norm_label("行政规范性文件")}
    return {
        fid: frozenset(
            labels[fid] - set().union(*(v for k, v in labels.items() if k != fid)) - shared
        )
        for fid in format_ids()
    }


@derived_cache
def column_labels(table_id: str) -> dict[str, set[str]]:
    """Every column header label of a table in any format -> the formats that have it."""
    per: dict[str, set[str]] = {}
    for fid in format_ids():
        for block in load_format(fid).table(table_id).blocks:
            for col in block.columns:
                for part in col.path:
                    per.setdefault(norm_label(part), set()).add(fid)
    return per


@derived_cache
def column_evidence(table_id: str) -> dict[str, set[str]]:
    """Column header labels of a table that not every format has -> the formats that have it
    (表二 ``本年新制作数量`` -> {gb2019}); used to tell which template a printed table follows."""
    every = len(format_ids())
    return {label: fs for label, fs in column_labels(table_id).items() if len(fs) < every}


def other_format_row(format_id: str, table_id: str, norms: list[str]) -> str | None:
    """Another format whose table has a leaf row labelled by (a join of) ``norms``."""
    joins = {"".join(norms[i:j]) for i in range(len(norms)) for j in range(i + 1, len(norms) + 1)}
    for fid in format_ids():
        if fid != format_id and joins & set(table_anchors(fid, table_id).rows):
            return fid
    return None
