"""One aggregation run: read a folder, build the frames, sum, validate the combined report."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xl_disclosure.model import AnnualReport
from xl_disclosure.receiving.aggregate.collect import Batch, Rejection, agency_key, collect
from xl_disclosure.receiving.aggregate.combine import combined_report
from xl_disclosure.receiving.aggregate.frame import (
    combined_values,
    figures_frame,
    long_frame,
    money_unit,
    wide_frame,
)
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
    frame: pd.DataFrame
    """Long frame, :data:`~xl_disclosure.receiving.aggregate.frame.LONG_COLUMNS`."""
    wide: pd.DataFrame
    figures: pd.DataFrame
    combined: AnnualReport
    combined_result: ValidationResult
    name: str
    expected: list[str] | None = None
    missing: list[tuple[str, str]] = field(default_factory=list)
    """(agency, 情况) of expected agencies without an accepted submission."""
    unexpected: list[str] = field(default_factory=list)
    """Accepted agencies not on the expected list."""
    notes: list[str] = field(default_factory=list)

    @property
    def format_id(self) -> str:
        return self.batch.format_id

    @property
    def year(self) -> int | None:
        return self.batch.year

    @property
    def rejections(self) -> list[Rejection]:
        return self.batch.rejections

    def findings_frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = [
            (
                s.report.meta.agency,
                s.file,
                f.severity.label,
                f.rule,
                f.places[0] if f.places else "",
                f.message,
            )
            for s in self.batch.submissions
            for f in s.findings
        ]
        return pd.DataFrame(rows, columns=list(FINDING_COLUMNS))

    def combined_dict(self) -> dict[str, Any]:
        """The combined canonical dict (with its validation block when it has no errors)."""
        from xl_disclosure.io.canonical import report_to_dict

        result = self.combined_result
        return report_to_dict(self.combined, result.summary() if result.valid else None)


def _missing(batch: Batch, expected: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    accepted = {agency_key(s.report.meta.agency) for s in batch.submissions}
    rejected = {agency_key(r.agency) for r in batch.rejections if r.agency}
    missing = [
        (name, "报送的文件被退回（见“退回文件”）" if agency_key(name) in rejected else "未报送")
        for name in expected
        if agency_key(name) not in accepted
    ]
    listed = {agency_key(n) for n in expected}
    unexpected = [
        s.report.meta.agency
        for s in batch.submissions
        if agency_key(s.report.meta.agency) not in listed
    ]
    return missing, unexpected


def aggregate(
    source: Path | Iterable[Path],
    *,
    year: int | None = None,
    format_id: str | None = None,
    expected: list[str] | None = None,
    name: str = "",
    exclude: Iterable[Path] = (),
    tick: Callable[[], None] | None = None,
) -> Aggregation:
    """Aggregate the submitted JSON files of a folder (or an explicit list of files).

    Example:
        >>> import tempfile, pathlib
        >>> agg = aggregate(pathlib.Path(tempfile.mkdtemp()), year=2024, name="某区")
        >>> agg.combined.meta.agency, agg.format_id, len(agg.batch.submissions)
        ('某区（汇总）', 'gb2021', 0)
    """
    paths = json_files(source, exclude)
    batch = collect(paths, year=year, format_id=format_id, tick=tick)
    fid = batch.format_id
    frame = long_frame(batch.submissions, fid)
    wide = wide_frame(frame, fid)
    spec = load_format(fid)
    declared_unit = spec.has("purchase_amount")
    unit = money_unit(batch.submissions) if declared_unit and batch.submissions else ""
    combined = combined_report(
        combined_values(frame, fid),
        format_id=fid,
        year=batch.year,
        name=name or (source.name if isinstance(source, Path) else ""),
        agencies=len(batch.submissions),
        money_unit=unit or ("元" if declared_unit else ""),
    )
    notes = []
    if declared_unit and len({s.report.meta.money_unit or "元" for s in batch.submissions}) > 1:
        notes.append("各单位“采购总金额”单位不一致，汇总时已统一换算为元。")
    agg = Aggregation(
        batch,
        frame,
        wide,
        figures_frame(wide, fid),
        combined,
        validate(combined),
        name,
        expected,
        notes=notes,
    )
    if expected is not None:
        agg.missing, agg.unexpected = _missing(batch, expected)
    if any(s.errors for s in batch.submissions):
        notes.append(
            "部分单位报告存在强制性错误（见“各单位”“校验问题”），其数据已计入汇总，请核实后更正。"
        )
    if not batch.submissions:
        notes.append(f"没有可汇总的报告（{spec.name}）。")
    return agg


def json_files(source: Path | Iterable[Path], exclude: Iterable[Path] = ()) -> list[Path]:
    """The ``*.json`` files of a folder (not recursive), minus ``exclude`` (our own outputs)."""
    skip = {Path(p).resolve() for p in exclude}
    files = sorted(source.glob("*.json")) if isinstance(source, Path) else [Path(p) for p in source]
    return [p for p in files if p.resolve() not in skip and p.is_file()]
