"""One aggregation run: read a folder, sum as the reports stream past, validate the combined report.

Public surface (used by the CLI and the server's console): :func:`aggregate` returns an
:class:`Aggregation`; :func:`~xl_disclosure.receiving.aggregate.workbook.write_summary` writes
its workbook and :meth:`Aggregation.combined_dict` its combined JSON. The submissions are not
held in memory: iterate :meth:`Aggregation.iter_submissions` (or ask for ``batch.submissions``,
``frame``, ``wide`` or ``figures`` on small batches, which materialise the whole batch).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xl_disclosure.model import AnnualReport
from xl_disclosure.receiving.aggregate.collect import (
    Batch,
    Rejection,
    Submission,
    agency_key,
    collect,
    unit_key,
)
from xl_disclosure.receiving.aggregate.combine import combined_name, combined_report
from xl_disclosure.receiving.aggregate.files import list_submissions
from xl_disclosure.receiving.aggregate.frame import (
    Totals,
    figures_frame,
    long_frame,
    wide_frame,
)
from xl_disclosure.receiving.aggregate.verdicts import VerdictCache
from xl_disclosure.spec import load_format
from xl_disclosure.validate import ValidationResult, validate

if TYPE_CHECKING:
    import pandas as pd

#: Columns of :meth:`Aggregation.findings_frame` (one row per finding of an accepted file).
FINDING_COLUMNS: tuple[str, ...] = ("agency", "file", "severity", "rule", "place", "message")


@dataclass
class Aggregation:
    """Everything the summary workbook and the combined JSON are made of."""

    batch: Batch
    totals: Totals
    combined: AnnualReport
    combined_result: ValidationResult
    name: str
    expected: list[str] | None = None
    missing: list[tuple[str, str]] = field(default_factory=list)
    """(agency, 情况) of expected agencies without an accepted submission."""
    unexpected: list[str] = field(default_factory=list)
    """Accepted agencies not on the expected list."""
    notes: list[str] = field(default_factory=list)
    with_errors: int = 0
    """Accepted submissions with at least one error-level finding."""
    findings_count: int = 0
    """Findings of the accepted submissions (rows of the 校验问题 sheet)."""

    @property
    def format_id(self) -> str:
        return self.batch.format_id

    @property
    def year(self) -> int | None:
        return self.batch.year

    @property
    def rejections(self) -> list[Rejection]:
        return self.batch.rejections

    def iter_submissions(self) -> Iterator[Submission]:
        """Accepted submissions, one at a time, in file-name order."""
        return self.batch.iter_submissions()

    @cached_property
    def frame(self) -> pd.DataFrame:
        """Long frame, :data:`~xl_disclosure.receiving.aggregate.frame.LONG_COLUMNS` (built on
        first use; it holds every cell of every submission)."""
        return long_frame(self.iter_submissions(), self.format_id, self.totals.unit)

    @cached_property
    def wide(self) -> pd.DataFrame:
        """Agencies x cell keys (built on first use)."""
        return wide_frame(self.frame, self.format_id)

    @cached_property
    def figures(self) -> pd.DataFrame:
        """Agencies x key figures (built on first use)."""
        return figures_frame(self.wide, self.format_id)

    def findings_frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = [
            (
                s.agency,
                s.file,
                f.severity.label,
                f.rule,
                f.places[0] if f.places else "",
                f.message,
            )
            for s in self.iter_submissions()
            for f in s.findings
        ]
        return pd.DataFrame(rows, columns=list(FINDING_COLUMNS))

    def combined_dict(self) -> dict[str, Any]:
        """The combined canonical dict (with its validation block when it has no errors)."""
        from xl_disclosure.io.canonical import report_to_dict

        result = self.combined_result
        return report_to_dict(self.combined, result.summary() if result.valid else None)


class _Accepted:
    """Collects what the run needs from each accepted submission as it streams past."""

    def __init__(self, totals: Totals) -> None:
        self.totals = totals
        self.with_errors = 0
        self.findings = 0

    def __call__(self, sub: Submission) -> None:
        self.totals.add(sub)
        self.with_errors += 1 if sub.errors else 0
        self.findings += len(sub.rows)


def _missing(
    batch: Batch, expected: list[str], key: Callable[[str], str]
) -> tuple[list[tuple[str, str]], list[str]]:
    accepted = {key(s.agency) for s in batch.iter_submissions()}
    rejected = {key(r.agency) for r in batch.rejections if r.agency}
    missing = [
        (name, "报送的文件被退回（见“退回文件”）" if key(name) in rejected else "未报送")
        for name in expected
        if key(name) not in accepted
    ]
    listed = {key(n) for n in expected}
    unexpected = [s.agency for s in batch.iter_submissions() if key(s.agency) not in listed]
    return missing, unexpected


def _source_name(source: Path | Iterable[Path]) -> str:
    return source.name if isinstance(source, Path) else ""


def aggregate(
    source: Path | Iterable[Path],
    *,
    year: int | None = None,
    format_id: str | None = None,
    expected: list[str] | None = None,
    name: str = "",
    exclude: Iterable[Path] = (),
    tick: Callable[[], None] | None = None,
    jobs: int = 1,
    include_summaries: bool = False,
    verdicts: VerdictCache | None = None,
) -> Aggregation:
    """Aggregate the submitted JSON files of a folder (or an explicit list of files).

    ``jobs`` worker processes check the files (``0``: one per CPU core). Entries named
    ``*.json`` that are not regular files (folders, broken or looping links, pipes) are listed
    among the rejections. ``include_summaries``: the lower regions' combined reports
    (``某区（汇总）``) count too, for a roll-up of roll-ups (a city over its districts); an
    expected name ``某区`` is then met by ``某区（汇总）``. ``verdicts``: a cache of the
    verdicts of files checked before (:class:`~.verdicts.VerdictCache`).

    Example:
        >>> import tempfile, pathlib
        >>> agg = aggregate(pathlib.Path(tempfile.mkdtemp()), year=2024, name="某区")
        >>> agg.combined.meta.agency, agg.format_id, agg.batch.accepted
        ('某区（汇总）', 'gb2021', 0)
    """
    listing = list_submissions(source, exclude)
    region = name or _source_name(source)
    batch, run = _summed(
        partial(
            collect,
            listing.files,
            refused=listing.refused,
            year=year,
            format_id=format_id,
            tick=tick,
            jobs=jobs,
            summaries=combined_name(region) if include_summaries else None,
            verdicts=verdicts,
        )
    )
    combined = _combined(run.totals, batch, region)
    agg = Aggregation(
        batch,
        run.totals,
        combined,
        validate(combined),
        name,
        expected,
        with_errors=run.with_errors,
        findings_count=run.findings,
    )
    if expected is not None:
        key = unit_key if include_summaries else agency_key
        agg.missing, agg.unexpected = _missing(batch, expected, key)
    agg.notes = _notes(agg)
    return agg


def _combined(totals: Totals, batch: Batch, name: str) -> AnnualReport:
    """The combined report of the batch's totals, in the name of the region ``name``."""
    return combined_report(
        totals.combined_values(),
        format_id=batch.format_id,
        year=batch.year,
        name=name,
        agencies=batch.accepted,
        money_unit=totals.unit,
    )


def _notes(agg: Aggregation) -> list[str]:
    """What the office should know about the run (money units, errors, nothing to sum)."""
    notes = []
    if len(agg.totals.units) > 1:
        notes.append("各单位“采购总金额”单位不一致，汇总时已统一换算为元。")
    if agg.with_errors:
        notes.append(
            "部分单位报告存在强制性错误（见“各单位”“校验问题”），其数据已计入汇总，请核实后更正。"
        )
    if not agg.batch.accepted:
        notes.append(f"没有可汇总的报告（{load_format(agg.format_id).name}）。")
    return notes


def _summed(read: Callable[..., Batch]) -> tuple[Batch, _Accepted]:
    """The batch ``read`` collects (:func:`~.collect.collect` with all but its ``begin`` and
    ``accept``), each accepted submission summed as it streams past, into totals sized by the
    batch's format once that is known."""
    holder: dict[str, _Accepted] = {}

    def begin(batch: Batch) -> None:
        holder["run"] = _Accepted(Totals(batch.format_id))

    def accept(sub: Submission) -> None:
        holder["run"](sub)

    batch = read(accept=accept, begin=begin)
    return batch, holder.get("run") or _Accepted(Totals(batch.format_id))


def json_files(source: Path | Iterable[Path], exclude: Iterable[Path] = ()) -> list[Path]:
    """The regular ``*.json`` files of a folder (not recursive), minus ``exclude``."""
    return list_submissions(source, exclude).files
