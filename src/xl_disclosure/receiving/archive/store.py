"""The archive on disk: three Parquet datasets partitioned by year, appended to, never rewritten.

::

    ROOT/cells/year=2023/part-<id>.parquet      one row per (report, cell), long form
    ROOT/reports/year=2023/part-<id>.parquet    one row per report
    ROOT/findings/year=2023/part-<id>.parquet   one row per report and rule (with its count)

Cells are written sorted by cell key, so a query on a few cells reads a few row groups (their
min/max statistics skip the rest). A report is identified by the SHA-256 of its file: adding
the same file again is skipped; another file for an agency, region and year already archived is
refused (the archive holds one report per agency and year).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xl_disclosure.errors import InputError
from xl_disclosure.receiving.archive.records import (
    SOURCES,
    ArchiveRecord,
    archive_record,
    figure_names,
)

if TYPE_CHECKING:
    import pyarrow as pa

TABLES = ("cells", "reports", "findings")
#: Rows per Parquet row group. A reader decodes a whole row group of a column at once, so the
#: reports table (a narrative of several KB each) keeps them small: the near-duplicate scan
#: streams the narratives in bounded memory. The other tables hold short values.
ROW_GROUP_ROWS = {"cells": 256_000, "reports": 8_192, "findings": 256_000}
#: Region levels stored as columns ``region_1`` ... (``浙江省``, ``浙江省/宁波市`` ...), so a
#: roll-up by level groups a stored column instead of splitting every path.
REGION_LEVELS = 5
#: Reports buffered before a Parquet file is written (bounds memory on big adds).
FLUSH_REPORTS = 5_000


def require_pyarrow() -> Any:
    try:
        import pyarrow
    except ImportError as exc:
        raise InputError(
            "未安装归档组件（pyarrow、duckdb）。",
            hint='请安装：pip install "xl-disclosure[archive]"',
        ) from exc
    return pyarrow


def region_path(text: str) -> str:
    """``浙江省 / 宁波市/镇海区`` -> ``浙江省/宁波市/镇海区`` (levels separated by ``/``).

    Raises:
        InputError: an empty region or an empty level.
    """
    parts = [p.strip() for p in text.replace("\\", "/").split("/")]
    if not text.strip() or any(not p for p in parts):
        raise InputError(
            f"地区路径“{text}”无效。",
            hint="请用“/”分隔各级地区，如 --region 浙江省/宁波市/镇海区。",
        )
    return "/".join(parts)


def region_levels(region: str) -> dict[str, str | None]:
    """``region_1`` ... ``region_5``: the path cut at each level (``None`` below its depth)."""
    parts = region.split("/")
    return {
        f"region_{n}": "/".join(parts[:n]) if n <= len(parts) else None
        for n in range(1, REGION_LEVELS + 1)
    }


def schemas() -> dict[str, pa.Schema]:
    pa = require_pyarrow()
    cell_ident = [
        ("report_id", pa.string()),
        ("region", pa.string()),
        ("agency", pa.string()),
        ("format", pa.string()),
        ("source", pa.string()),
    ]
    levels = [(f"region_{n}", pa.string()) for n in range(1, REGION_LEVELS + 1)]
    ident = cell_ident[:2] + levels + cell_ident[2:]
    summary = [("errors", pa.int32()), ("warnings", pa.int32()), ("infos", pa.int32())]
    return {
        "cells": pa.schema(
            [
                *cell_ident,
                ("key", pa.string()),
                ("kind", pa.string()),
                ("value", pa.float64()),
                ("text", pa.string()),
                *summary,
            ]
        ),
        "reports": pa.schema(
            ident
            + [("file", pa.string()), ("values_hash", pa.string()), ("narrative", pa.string())]
            + [*summary, ("schema_ok", pa.bool_())]
            + [(f"fig_{name}", pa.float64()) for name in figure_names()]
        ),
        "findings": pa.schema(
            [*ident, ("rule", pa.string()), ("severity", pa.string()), ("count", pa.int32())]
        ),
    }


@dataclass
class AddResult:
    """What one ``archive add`` did."""

    added: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(file, why) already in the archive."""
    refused: list[tuple[str, str]] = field(default_factory=list)
    """(file, why) not archived."""
    errors: int = 0
    """Added reports with error-level findings."""


class _Buffer:
    """Rows waiting to be written, kept by column (a cell row costs a few pointers)."""

    def __init__(self) -> None:
        self.columns: dict[str, dict[int, dict[str, list[Any]]]] = {t: {} for t in TABLES}
        self.reports = 0

    def _table(self, table: str, year: int) -> dict[str, list[Any]]:
        by_year = self.columns[table]
        if year not in by_year:
            by_year[year] = {name: [] for name in schemas()[table].names}
        return by_year[year]

    def add(self, rec: ArchiveRecord) -> None:
        assert rec.year is not None
        base = {
            "report_id": rec.digest,
            "region": rec.region,
            "agency": rec.agency,
            "format": rec.format_id,
            "source": rec.source,
        }
        ident = {**base, **region_levels(rec.region)}
        summary = {"errors": rec.errors, "warnings": rec.warnings, "infos": rec.infos}
        cells = self._table("cells", rec.year)
        n = len(rec.cells)
        for name, value in {**base, **summary}.items():
            cells[name].extend([value] * n)
        cells["key"].extend(c.key for c in rec.cells)
        cells["kind"].extend(c.kind for c in rec.cells)
        cells["value"].extend(c.value for c in rec.cells)
        cells["text"].extend(c.text for c in rec.cells)
        report: dict[str, Any] = {
            **ident,
            "file": Path(rec.path).name,
            "values_hash": rec.values_hash,
            "narrative": rec.narrative,
            **summary,
            "schema_ok": rec.schema_ok,
            **{f"fig_{k}": v for k, v in rec.figures.items()},
        }
        reports = self._table("reports", rec.year)
        for name, column in reports.items():
            column.append(report.get(name))
        hits: dict[tuple[str, str], int] = {}
        for rule, sev in rec.findings:
            hits[(rule, sev)] = hits.get((rule, sev), 0) + 1
        findings = self._table("findings", rec.year)
        for (rule, sev), count in hits.items():
            for name, value in {**ident, "rule": rule, "severity": sev, "count": count}.items():
                findings[name].append(value)
        self.reports += 1


class Archive:
    """A national archive of reports in a folder."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def files(self, table: str) -> list[Path]:
        return sorted((self.root / table).glob("year=*/*.parquet"))

    def files_by_year(self, table: str) -> list[tuple[int, Path]]:
        """:meth:`files` with the year of the partition each one is in."""
        return [(int(path.parent.name.split("=", 1)[1]), path) for path in self.files(table)]

    def glob(self, table: str) -> str:
        return str(self.root / table / "year=*" / "*.parquet")

    def index(self) -> dict[tuple[str, str, int], str]:
        """(region, agency key, year) -> report id of every archived report."""
        from xl_disclosure.receiving.aggregate.collect import agency_key

        require_pyarrow()
        import pyarrow.parquet as pq

        out: dict[tuple[str, str, int], str] = {}
        for year, path in self.files_by_year("reports"):
            table = pq.read_table(path, columns=["region", "agency", "report_id"])
            for region, agency, rid in zip(
                *(table.column(i).to_pylist() for i in range(3)), strict=True
            ):
                out[(region, agency_key(agency), year)] = rid
        return out

    def _write(self, buffer: _Buffer) -> None:
        pa = require_pyarrow()
        import pyarrow.parquet as pq

        specs = schemas()
        for table in TABLES:
            for year, columns in buffer.columns[table].items():
                if not next(iter(columns.values())):
                    continue
                data = pa.table(columns, schema=specs[table])
                if table == "cells":
                    order = [("key", "ascending"), ("region", "ascending"), ("agency", "ascending")]
                    data = data.sort_by(order)
                folder = self.root / table / f"year={year}"
                folder.mkdir(parents=True, exist_ok=True)
                tmp = folder / f".part-{uuid.uuid4().hex}.tmp"
                pq.write_table(data, tmp, compression="zstd", row_group_size=ROW_GROUP_ROWS[table])
                tmp.replace(folder / f"part-{uuid.uuid4().hex}.parquet")

    def add(
        self,
        paths: Iterable[Path],
        *,
        region: str,
        source: str = "json",
        jobs: int = 1,
        dask: str | None = None,
        tick: Callable[[], None] | None = None,
    ) -> AddResult:
        """Archive the report files ``paths`` under ``region`` (see the module docstring)."""
        from xl_disclosure.receiving.aggregate.collect import agency_key
        from xl_disclosure.receiving.cluster import map_ordered

        require_pyarrow()
        if source not in SOURCES:
            raise InputError(f"来源“{source}”无效，应为 {'、'.join(SOURCES)}。")
        region = region_path(region)
        known = self.index()
        ids = set(known.values())
        result, buffer = AddResult(), _Buffer()
        tasks = [(str(p), region, source) for p in sorted(paths, key=lambda p: p.name)]
        for rec in map_ordered(archive_record, tasks, jobs=jobs, dask=dask):
            name = Path(rec.path).name
            if tick:
                tick()
            if rec.reason:
                result.refused.append((name, rec.reason))
                continue
            assert rec.year is not None
            key = (rec.region, agency_key(rec.agency), rec.year)
            if rec.digest in ids:
                result.skipped.append((name, "已在归档中（内容相同），跳过。"))
                continue
            if key in known:
                result.refused.append(
                    (
                        name,
                        f"{rec.region}“{rec.agency}”{rec.year}年度的报告已归档（内容不同），未重复归档。",
                    )
                )
                continue
            known[key] = rec.digest
            ids.add(rec.digest)
            buffer.add(rec)
            result.added += 1
            result.errors += 1 if rec.errors else 0
            if buffer.reports >= FLUSH_REPORTS:
                self._write(buffer)
                buffer = _Buffer()
        self._write(buffer)
        return result


def report_files(sources: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """JSON files and published reports
    (:func:`~xl_disclosure.receiving.importer.sources.is_publication`) of folders (searched
    recursively, symlinks to folders not followed) and files given one by one; and the entries
    named ``*.json`` that are not regular files."""
    import os

    from xl_disclosure.receiving.aggregate.files import list_submissions, not_a_file
    from xl_disclosure.receiving.importer.sources import is_listed_publication

    files: list[Path] = []
    refused: list[tuple[Path, str]] = []
    for source in sources:
        if not source.is_dir():
            why = not_a_file(source)
            if why:
                refused.append((source, why))
            else:
                files.append(source)
            continue
        for folder, _, names in sorted(os.walk(source)):
            listing = list_submissions(Path(folder))
            files += listing.files
            refused += listing.refused
            files += [
                Path(folder) / name
                for name in sorted(names)
                if is_listed_publication(Path(folder) / name)
            ]
    return files, refused
