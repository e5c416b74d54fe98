"""Read a folder of submitted JSON files: accept, or reject with a Chinese reason. Never crash.

A file is rejected when it is not readable JSON, fails the canonical schema, is of another
year or format than the batch, or repeats an agency already accepted for the year (the first
file in name order is kept). Accepted files are validated; their errors are reported, not
rejected, so the office sees the whole picture.

Memory does not grow with the number of files: each file is examined (in worker processes
with ``jobs``) into a small record that goes to a temporary file on disk; the batch keeps
counts, the rejections and a bit per file, and hands the accepted submissions out again as a
stream (:meth:`Batch.iter_submissions`).
"""

from __future__ import annotations

import os
import pickle
import re
import tempfile
import unicodedata
import weakref
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import IO

from xl_disclosure.errors import SpecError
from xl_disclosure.receiving.aggregate.combine import SUMMARY_SUFFIX
from xl_disclosure.receiving.aggregate.examine import (
    Examined,
    FindingRow,
    examine,
    finding_from_row,
    unpack_values,
    warm,
)
from xl_disclosure.receiving.aggregate.verdicts import VerdictCache, examine_cached, noted
from xl_disclosure.spec import derived_cache, format_for_year, latest_format, load_format
from xl_disclosure.validate import Finding, Severity


@dataclass(frozen=True)
class Rejection:
    """A submitted file that was not taken into the totals."""

    file: str
    reason: str
    agency: str = ""
    """The agency named in the file, when it could be read."""


@dataclass(frozen=True)
class Submission:
    """An accepted submission: its agency, every value and its validation findings.

    The full report is not kept (aggregation holds no report in memory); ``values`` are the
    format's cells in spec order, NaN where the cell holds no number. The findings travel as
    plain rows (:data:`~.examine.FindingRow`); :attr:`findings` makes them
    :class:`~xl_disclosure.validate.Finding` objects on first use, so a pass that only counts
    or lists them (the summary workbook, at tens of thousands of reports) builds none.
    """

    file: str
    agency: str
    year: int | None
    format_id: str
    money_unit: str
    packed: bytes
    """Every cell as ``array('d')`` bytes (:attr:`values` unpacked)."""
    rows: tuple[FindingRow, ...] = ()

    @cached_property
    def values(self) -> tuple[float, ...]:
        """The format's cells in spec order, NaN where the cell holds no number."""
        return tuple(unpack_values(self.packed))

    @cached_property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(finding_from_row(r) for r in self.rows)

    @property
    def errors(self) -> int:
        return sum(1 for r in self.rows if r[1] == _ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for r in self.rows if r[1] == _WARNING)

    @property
    def status(self) -> str:
        if self.errors:
            return "有强制性错误"
        return "通过（有提示）" if self.warnings else "通过"

    def value(self, key: str) -> float:
        """The value of one cell (NaN when it holds no number)."""
        return self.values[cell_positions(self.format_id)[key]]

    def first_problem(self) -> str:
        return next((r[2] for r in self.rows if r[1] != _INFO), "")


_ERROR, _WARNING, _INFO = Severity.ERROR.value, Severity.WARNING.value, Severity.INFO.value


class RecordStore:
    """Pickled records in a temporary file, removed when the store is collected.

    Each iteration opens its own reader, so two passes may run at once.
    """

    def __init__(self) -> None:
        fd, name = tempfile.mkstemp(prefix="xl-agg-", suffix=".pickle")
        self.path = Path(name)
        self._fh: IO[bytes] = os.fdopen(fd, "wb")
        self._pickler = pickle.Pickler(self._fh, protocol=pickle.HIGHEST_PROTOCOL)
        self.count = 0
        weakref.finalize(self, _remove, self._fh, self.path)

    def append(self, record: Examined) -> None:
        self._pickler.dump(record)
        self._pickler.clear_memo()
        self.count += 1

    def __iter__(self) -> Iterator[Examined]:
        self._fh.flush()
        with self.path.open("rb") as reader:
            for _ in range(self.count):
                # A fresh unpickler per record: protocol 4+ memoises by appending, so one
                # unpickler for the whole stream would keep every record alive.
                yield pickle.load(reader)


def _remove(fh: IO[bytes], path: Path) -> None:
    fh.close()
    path.unlink(missing_ok=True)


@dataclass
class Batch:
    """What was read from a folder."""

    year: int | None
    format_id: str
    rejections: list[Rejection] = field(default_factory=list)
    files: int = 0
    accepted: int = 0
    """Number of accepted submissions."""
    reused: int = 0
    """Files whose verdict was kept from an earlier run (:mod:`.verdicts`)."""
    _store: RecordStore | None = None
    _mask: bytearray = field(default_factory=bytearray)

    def iter_submissions(self) -> Iterator[Submission]:
        """The accepted submissions in file-name order, read back from disk one at a time."""
        if self._store is None:
            return
        for index, record in enumerate(self._store):
            if self._mask[index]:
                yield submission_of(record)

    @property
    def submissions(self) -> list[Submission]:
        """Every accepted submission as a list (memory grows with the batch: prefer
        :meth:`iter_submissions` for large batches)."""
        return list(self.iter_submissions())


def submission_of(record: Examined) -> Submission:
    return Submission(
        record.name,
        record.agency,
        record.year,
        record.format_id,
        record.money_unit,
        record.values,
        record.findings,
    )


@derived_cache
def cell_positions(format_id: str) -> dict[str, int]:
    """Cell key -> index in :attr:`Submission.values`."""
    return {c.key: i for i, c in enumerate(load_format(format_id).cells)}


def agency_key(name: str) -> str:
    """Agency names compared for duplicates and the expected list (width and spaces folded)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def _batch_year(years: Counter[int], year: int | None) -> int | None:
    if year is not None or not years:
        return year
    best = max(years.values())
    return max(y for y, n in years.items() if n == best)


def unit_key(name: str) -> str:
    """:func:`agency_key` of the unit a report stands for: a region's combined report
    (``镇海区（汇总）``) stands for the region (``镇海区``)."""
    return agency_key(name.removesuffix(SUMMARY_SUFFIX))


def _reason(
    record: Examined, batch: Batch, seen: dict[str, str], summaries: str | None = None
) -> str:
    if batch.year is not None and record.year != batch.year:
        return f"报告年度为{record.year}年，本次汇总的是{batch.year}年度。"
    if (
        record.format_id != batch.format_id
        and load_format(record.format_id).national_id != batch.format_id
    ):
        return (
            f"使用的是{load_format(record.format_id).name}，"
            f"本次汇总应为{load_format(batch.format_id).name}。"
        )
    if record.agency.endswith(SUMMARY_SUFFIX):
        if summaries is None:
            return (
                "这是汇总报告（本工具生成），不是单位报送的报告；"
                "如需汇总下级地区的汇总报告，请加 --include-summaries。"
            )
        if agency_key(record.agency) == agency_key(summaries):
            return "这是本次汇总以前生成的汇总报告（名称与本次汇总相同），不计入。"
    key = agency_key(record.agency)
    if key in seen:
        return f"与文件“{seen[key]}”重复（同一机关、同一年度），只采用先收到的一份。"
    return ""


def collect(
    paths: Iterable[Path],
    *,
    year: int | None = None,
    format_id: str | None = None,
    tick: Callable[[], None] | None = None,
    jobs: int = 1,
    refused: Iterable[tuple[Path, str]] = (),
    accept: Callable[[Submission], None] | None = None,
    begin: Callable[[Batch], None] | None = None,
    summaries: str | None = None,
    verdicts: VerdictCache | None = None,
) -> Batch:
    """Read, check and validate every file of ``paths`` (sorted by name).

    The batch year is ``year`` or else the most common year of the readable files; the
    format is ``format_id`` or else the format of that year. ``refused`` are entries already
    known not to be files (:mod:`~xl_disclosure.receiving.aggregate.files`); ``begin`` is
    called with the batch once its year and format are fixed, before ``accept``, which is
    called with each accepted submission, in order, while the batch is read back.

    Combined reports (agency marked ``（汇总）``) are refused unless ``summaries`` names this
    run's own combined report (``某市（汇总）``): then the regions' combined reports below it
    count like agencies' reports, and only one carrying that very name (this run's earlier
    output) is refused. ``verdicts``: files checked before (same bytes, same toolkit) take
    their kept verdict instead of being checked again (:mod:`.verdicts`); new ones are kept.
    """
    files = sorted(paths, key=lambda p: p.name)
    store, years, formats = _examined(
        [str(p) for p in files], jobs=jobs if len(files) > 16 else 1, verdicts=verdicts, tick=tick
    )
    batch_year = _batch_year(years, year)
    entries = list(refused)
    batch = Batch(
        batch_year,
        format_id if format_id is not None else _batch_format(batch_year, formats),
        files=len(files) + len(entries),
        reused=verdicts.reused if verdicts is not None else 0,
    )
    batch._store, batch._mask = store, bytearray(store.count)
    if begin:
        begin(batch)
    _sort_out(batch, entries, accept, summaries)
    return batch


def _examined(
    names: list[str],
    *,
    jobs: int,
    verdicts: VerdictCache | None,
    tick: Callable[[], None] | None,
) -> tuple[RecordStore, Counter[int], set[str]]:
    """Every file examined (in ``jobs`` processes; a kept verdict where ``verdicts`` has one)
    into a record store, in order; with the years and formats of the readable reports."""
    from xl_disclosure.receiving.cluster import map_ordered

    store = RecordStore()
    years: Counter[int] = Counter()
    formats: set[str] = set()
    records: Iterator[Examined]
    if verdicts is None:
        records = map_ordered(examine, names, jobs=jobs, initializer=warm)
    else:
        fn = partial(examine_cached, str(verdicts.path))
        records = noted(map_ordered(fn, names, jobs=jobs, initializer=warm), verdicts)
    for record in records:
        store.append(record)
        if not record.reason:
            formats.add(record.format_id)
            if record.year is not None:
                years[record.year] += 1
        if tick:
            tick()
    if verdicts is not None:
        verdicts.flush()
    return store, years, formats


def _batch_format(batch_year: int | None, formats: set[str]) -> str:
    """The format of a batch of ``batch_year`` whose readable reports are of ``formats``."""
    try:
        format_id = format_for_year(batch_year) if batch_year else latest_format()
    except SpecError:
        format_id = latest_format()
    return _with_profile(formats, format_id)


def _sort_out(
    batch: Batch,
    refused: list[tuple[Path, str]],
    accept: Callable[[Submission], None] | None,
    summaries: str | None,
) -> None:
    """Accept each record of ``batch`` (handing it to ``accept``) or reject it with a reason,
    in order; the rejections, with the ``refused`` entries, sorted by file name."""
    rejections = [Rejection(p.name, why) for p, why in refused]
    seen: dict[str, str] = {}
    assert batch._store is not None
    for index, record in enumerate(batch._store):
        reason = record.reason or _reason(record, batch, seen, summaries)
        if reason:
            rejections.append(Rejection(record.name, reason, record.agency))
            continue
        seen[agency_key(record.agency)] = record.name
        batch._mask[index] = 1
        batch.accepted += 1
        if accept:
            accept(submission_of(record))
    batch.rejections = sorted(rejections, key=lambda r: r.file)


def _with_profile(formats: set[str], format_id: str) -> str:
    """The batch's format extended by a local profile, when every readable file of the
    national format uses that same profile (its tables are then summed too); else the
    national format. ``formats``: the formats of the readable files."""
    used = {f for f in formats if load_format(f).national_id == format_id}
    only = used.pop() if len(used) == 1 else format_id
    return only if load_format(only).national_id == format_id else format_id


def read_expected(path: Path) -> list[str]:
    """Agency names, one per line (blank lines and ``#`` comments ignored)."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
    names = [line.strip() for line in text.splitlines()]
    return [n for n in names if n and not n.startswith("#")]
