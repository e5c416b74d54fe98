"""Year-over-year comparison of one agency's reports: changed figures and copied text.

Only comparable cells are compared: every cell when both reports use the same format; across
gb2019/gb2021 only the cells of 表三 and 表四 that have the same key in both (表二 changed
meaning between the formats, report-format.md §6). The narrative of sections 一/五/六 is
compared by :func:`xl_disclosure.validate.similarity.similarity` on whitespace-folded text, as
rule Y-004 does (exact, and bounded in time for any length); evaluators criticise reports that
repeat last year's text, so 80 % or more is flagged.

A cell that an import could not read from a publication (``NOT_AVAILABLE``) is not compared:
its value is unknown, not changed. The comparison lists these cells apart and says so in a note.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from xl_disclosure.cells import CellValue, NotAvailable, display, is_number
from xl_disclosure.model import AnnualReport
from xl_disclosure.validate.rules.cross_year import MIN_SIMILARITY_CHARS, SIMILARITY_LIMIT
from xl_disclosure.validate.similarity import similarity
from xl_disclosure.validate.text import fold

TEXT_SECTIONS: tuple[int, ...] = (1, 5, 6)


@dataclass(frozen=True)
class Change:
    key: str
    label: str
    old: int | float | str | None
    new: int | float | str | None
    delta: int | float | None
    """``new - old`` when both are numbers."""


@dataclass(frozen=True)
class Headline:
    """A key figure (新收申请, 办结, 行政诉讼 = F10 + F15 ...) in both years."""

    name: str
    old: int | float | None
    new: int | float | None
    delta: int | float | None


@dataclass(frozen=True)
class Similarity:
    section: int
    title: str
    percent: float
    flagged: bool
    note: str = ""


@dataclass
class Comparison:
    old: AnnualReport
    new: AnnualReport
    compared: int = 0
    """Number of cells compared (comparable, and read in both reports)."""
    unavailable: list[str] = field(default_factory=list)
    """Comparable cells not compared: not read from the publication in one report or both."""
    changes: list[Change] = field(default_factory=list)
    headlines: list[Headline] = field(default_factory=list)
    similarity: list[Similarity] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def flagged(self) -> list[Similarity]:
        return [s for s in self.similarity if s.flagged]

    def to_dict(self) -> dict[str, Any]:
        def side(r: AnnualReport) -> dict[str, Any]:
            return {"agency": r.meta.agency, "year": r.meta.year, "format": r.format_id}

        return {
            "old": side(self.old),
            "new": side(self.new),
            "compared_cells": self.compared,
            "unavailable_cells": list(self.unavailable),
            "changes": [asdict(c) for c in self.changes],
            "headlines": [asdict(h) for h in self.headlines],
            "similarity": [asdict(s) for s in self.similarity],
            "notes": list(self.notes),
        }


def _plain(value: CellValue) -> int | float | str | None:
    if is_number(value):
        return value  # type: ignore[return-value]
    text = display(value)
    return None if text == "（空）" else text


def comparable_keys(old: AnnualReport, new: AnnualReport) -> list[str]:
    """Cell keys compared, in the newer report's spec order."""
    if old.format_id == new.format_id:
        return [c.key for c in new.spec.cells]
    old_keys = set(old.spec.cell_index)
    return [c.key for c in new.spec.cells if c.table in ("T3", "T4") and c.key in old_keys]


def _headlines(old: AnnualReport, new: AnnualReport) -> list[Headline]:
    from xl_disclosure.receiving.aggregate.frame import key_figures

    def total(report: AnnualReport, keys: tuple[str, ...]) -> int | float | None:
        values = [report.value(k) for k in keys]
        if not all(is_number(v) for v in values):
            return None
        return sum(values)  # type: ignore[arg-type]

    out = []
    for (name, old_keys), (_, new_keys) in zip(
        key_figures(old.format_id), key_figures(new.format_id), strict=True
    ):
        a, b = total(old, old_keys), total(new, new_keys)
        out.append(Headline(name, a, b, None if a is None or b is None else b - a))
    return out


def _agency_notes(old: AnnualReport, new: AnnualReport) -> list[str]:
    a, b = old.meta.agency.strip(), new.meta.agency.strip()
    if a and b:
        return [] if a == b else [f"两份报告的机关名称不同：“{a}”与“{b}”。"]
    which = "两份报告" if not (a or b) else ("较早的报告" if not a else "较新的报告")
    return [f"{which}未写明机关名称，请确认比较的是同一机关的报告。"]


def _unread(report: AnnualReport, key: str) -> bool:
    return isinstance(report.value(key), NotAvailable)


def _unavailable_note(total: int, old_unread: int, new_unread: int) -> str:
    counts = (("较早", old_unread), ("较新", new_unread))
    where = "，".join(f"{side}的报告 {n} 个" for side, n in counts if n)
    return f"{total} 个单元格未能从原文读取（原文缺失：{where}），未比较；对照原文补录后可再比较。"


def text_similarity(a: str, b: str) -> float:
    """Similarity of two narratives in percent (whitespace and width folded)."""
    return round(similarity(a, b) * 100, 1)


def compare(old: AnnualReport, new: AnnualReport) -> Comparison:
    """Compare ``old`` (e.g. last year) with ``new``.

    Example:
        >>> a = AnnualReport.blank("gb2019", agency="某局", year=2020)
        >>> b = AnnualReport.blank("gb2021", agency="某局", year=2021)
        >>> a.values["T3.new.C7"], b.values["T3.new.C7"] = 10, 12
        >>> c = compare(a, b)
        >>> [(x.key, x.old, x.new, x.delta) for x in c.changes]
        [('T3.new.C7', 10, 12, 2)]
        >>> c.compared
        169
    """
    from xl_disclosure.receiving.importer.names import cell_name

    result = Comparison(old, new)
    result.notes.extend(_agency_notes(old, new))
    if old.format_id != new.format_id:
        result.notes.append(
            f"两份报告格式不同（{old.spec.name}、{new.spec.name}），只比较表三、表四中对应的单元格；"
            "表二的含义已改变，不作比较。"
        )
    keys = comparable_keys(old, new)
    old_unread = {k for k in keys if _unread(old, k)}
    new_unread = {k for k in keys if _unread(new, k)}
    skipped = old_unread | new_unread
    if skipped:
        result.unavailable = [k for k in keys if k in skipped]
        result.notes.append(_unavailable_note(len(skipped), len(old_unread), len(new_unread)))
        keys = [k for k in keys if k not in skipped]
    result.compared = len(keys)
    for key in keys:
        a, b = _plain(old.value(key)), _plain(new.value(key))
        if a == b:
            continue
        delta = b - a if isinstance(a, int | float) and isinstance(b, int | float) else None
        if isinstance(delta, float):
            delta = round(delta, 6)
        label = cell_name(new.spec.cell(key), new.format_id, with_key=False)
        result.changes.append(Change(key, label, a, b, delta))
    result.headlines = _headlines(old, new)
    for no in TEXT_SECTIONS:
        a_text, b_text = old.text(no), new.text(no)
        percent = text_similarity(a_text, b_text)
        short = min(len(fold(a_text)), len(fold(b_text))) < MIN_SIMILARITY_CHARS
        flagged = percent >= SIMILARITY_LIMIT * 100 and not short
        note = "文字过短，不判断雷同" if short else ("与上年高度雷同" if flagged else "")
        result.similarity.append(Similarity(no, new.spec.section(no).title, percent, flagged, note))
    return result
