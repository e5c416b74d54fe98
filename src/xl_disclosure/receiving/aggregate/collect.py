"""Read a folder of submitted JSON files: accept, or reject with a Chinese reason. Never crash.

A file is rejected when it is not readable JSON, fails the canonical schema, is of another
year or format than the batch, or repeats an agency already accepted for the year (the first
file in name order is kept). Accepted files are validated; their errors are reported, not
rejected, so the office sees the whole picture.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xl_disclosure.errors import InputError, SpecError
from xl_disclosure.model import AnnualReport
from xl_disclosure.spec import format_for_year, is_format, latest_format, load_format
from xl_disclosure.validate import Finding, validate

_MAX_LISTED = 3


@dataclass(frozen=True)
class Rejection:
    """A submitted file that was not taken into the totals."""

    file: str
    reason: str
    agency: str = ""
    """The agency named in the file, when it could be read."""


@dataclass
class Submission:
    """An accepted submission and its validation."""

    file: str
    report: AnnualReport
    findings: tuple[Finding, ...] = ()

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity.value == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity.value == "warning")

    @property
    def status(self) -> str:
        if self.errors:
            return "有强制性错误"
        return "通过（有提示）" if self.warnings else "通过"


@dataclass
class Batch:
    """What was read from a folder."""

    year: int | None
    format_id: str
    submissions: list[Submission] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    files: int = 0


def agency_key(name: str) -> str:
    """Agency names compared for duplicates and the expected list (width and spaces folded)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", name))


def _parse(path: Path) -> tuple[dict[str, Any] | None, str]:
    from xl_disclosure.export.json_export import schema_problems
    from xl_disclosure.io.canonical import read_json_file

    try:
        data = read_json_file(path)
    except InputError as exc:
        return None, exc.message
    fid = data.get("format")
    if not is_format(fid):
        return None, f"不是本工具的年度报告 JSON（格式“{fid}”无法识别）。"
    problems = schema_problems(data)
    if problems:
        more = f"等 {len(problems)} 处" if len(problems) > _MAX_LISTED else ""
        return None, "不符合规范 JSON 结构：" + "；".join(problems[:_MAX_LISTED]) + more + "。"
    return data, ""


def _agency_of(data: dict[str, Any] | None) -> str:
    meta = data.get("meta") if isinstance(data, dict) else None
    agency = meta.get("agency") if isinstance(meta, dict) else None
    return agency if isinstance(agency, str) else ""


def _batch_year(parsed: list[tuple[Path, dict[str, Any]]], year: int | None) -> int | None:
    if year is not None or not parsed:
        return year
    counts = Counter(int(d["meta"]["year"]) for _, d in parsed)
    best = max(counts.values())
    return max(y for y, n in counts.items() if n == best)


def collect(
    paths: Iterable[Path],
    *,
    year: int | None = None,
    format_id: str | None = None,
    tick: Callable[[], None] | None = None,
) -> Batch:
    """Read, check and validate every file of ``paths`` (sorted by name).

    The batch year is ``year`` or else the most common year of the readable files; the
    format is ``format_id`` or else the format of that year.
    """
    from xl_disclosure.io.canonical import report_from_dict

    files = sorted(paths, key=lambda p: p.name)
    rejections: list[Rejection] = []
    parsed: list[tuple[Path, dict[str, Any]]] = []
    for path in files:
        data, reason = _parse(path)
        if data is None:
            rejections.append(Rejection(path.name, reason, _agency_of(_loose(path))))
            if tick:
                tick()
        else:
            parsed.append((path, data))
    batch_year = _batch_year(parsed, year)
    if format_id is None:
        try:
            format_id = format_for_year(batch_year) if batch_year else latest_format()
        except SpecError:
            format_id = latest_format()
        format_id = _with_profile(parsed, format_id)
    batch = Batch(batch_year, format_id, files=len(files))
    seen: dict[str, str] = {}
    for path, data in parsed:
        agency = data["meta"]["agency"]
        reason = ""
        if batch_year is not None and data["meta"]["year"] != batch_year:
            reason = f"报告年度为{data['meta']['year']}年，本次汇总的是{batch_year}年度。"
        elif data["format"] != format_id and load_format(data["format"]).national_id != format_id:
            reason = f"使用的是{load_format(data['format']).name}，本次汇总应为{load_format(format_id).name}。"
        elif agency.endswith("（汇总）"):
            reason = "这是汇总报告（本工具生成），不是单位报送的报告。"
        elif agency_key(agency) in seen:
            reason = f"与文件“{seen[agency_key(agency)]}”重复（同一机关、同一年度），只采用先收到的一份。"
        if reason:
            rejections.append(Rejection(path.name, reason, agency))
        else:
            seen[agency_key(agency)] = path.name
            report = report_from_dict(data, where=path.name)
            batch.submissions.append(Submission(path.name, report, validate(report).findings))
        if tick:
            tick()
    batch.rejections = sorted(rejections, key=lambda r: r.file)
    return batch


def _with_profile(parsed: list[tuple[Path, dict[str, Any]]], format_id: str) -> str:
    """The batch's format extended by a local profile, when every file of the national format
    uses that same profile (its tables are then summed too); else the national format."""
    used = {d["format"] for _, d in parsed if load_format(d["format"]).national_id == format_id}
    only = used.pop() if len(used) == 1 else format_id
    return only if load_format(only).national_id == format_id else format_id


def _loose(path: Path) -> dict[str, Any] | None:
    """Best-effort read of a rejected file, only to name its agency in the rejection list."""
    from xl_disclosure.io.canonical import read_json_file

    try:
        return read_json_file(path)
    except InputError:
        return None


def read_expected(path: Path) -> list[str]:
    """Agency names, one per line (blank lines and ``#`` comments ignored)."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
    names = [line.strip() for line in text.splitlines()]
    return [n for n in names if n and not n.startswith("#")]
