"""Validate many submissions at once, on every core: the receiving office's bulk check.

Each file is read and validated in a worker process and comes back as a small picklable
:class:`FileResult` (verdict, findings as dicts, or the refusal message), in input order.
Workbooks are read with the calamine engine (about ten times faster than openpyxl); a file
calamine refuses (newer error codes such as ``#SPILL!``, values it cannot convert) is read again
with openpyxl, so the batch verdict never depends on calamine's gaps. Both engines are tested
to read the same report (``tests/test_reliability_values.py``).

Example:
    >>> from xl_disclosure.receiving.batch import validate_many
    >>> [r.exit_code for r in validate_many(["tests/data/zhenhai-2019.json"])]  # doctest: +SKIP
    [1]
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xl_disclosure.errors import InputError
from xl_disclosure.readers.base import Engine
from xl_disclosure.receiving.importer.sources import is_listed_publication, is_publication

#: File types a folder is searched for.
SUFFIXES = (".xlsx", ".xlsm", ".json")


@dataclass(frozen=True)
class FileResult:
    """The verdict on one file."""

    path: str
    exit_code: int
    """0 valid (only info findings), 1 findings, 2 unreadable: as ``xl-disclosure validate``."""
    findings: tuple[dict[str, Any], ...] = ()
    """:meth:`Finding.to_dict` of the reader's and the validator's findings, most severe first."""
    error: str = ""
    """The one-line Chinese refusal when ``exit_code == 2``."""
    format_id: str = ""
    engine: str = ""
    """Which engine read the file: ``calamine``, ``openpyxl`` (fallback or asked), ``json``,
    or ``import`` (a publication)."""
    counts: dict[str, int] = field(default_factory=dict)
    """Findings by severity (``error``/``warning``/``info``)."""


def collect(paths: Iterable[Path | str], *, published: bool = False) -> list[Path]:
    """Files to check: files as given, folders searched recursively (sorted) for
    ``.xlsx``/``.xlsm``/``.json`` (and, with ``published``, the publications ``import``
    reads, :mod:`xl_disclosure.io.publication_kinds`), skipping Office lock files (``~$…``)
    and hidden files.

    An entry named like a report that is not a regular file (a pipe, a socket, a broken or
    looping link) is listed too, so that it is refused by name instead of skipped silently;
    a folder so named is searched like any other."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_dir():
            out.append(path)
            continue
        for child in sorted(path.rglob("*")):
            name = child.name
            if name.startswith(("~$", ".")):
                continue
            if child.suffix.lower() not in SUFFIXES:
                if published and is_listed_publication(child):
                    out.append(child)
                continue
            if child.is_file() or not (child.is_dir() or _is_dir_link(child)):
                out.append(child)
    return out


def publications_in(folders: Iterable[Path]) -> int:
    """How many publications the given folders hold (searched as :func:`collect` searches)."""
    return sum(
        1
        for folder in folders
        if folder.is_dir()
        for child in folder.rglob("*")
        if is_listed_publication(child)
    )


def _is_dir_link(path: Path) -> bool:
    """A symlink to a folder (not searched: ``rglob`` does not follow links)."""
    try:
        return path.is_symlink() and path.resolve(strict=True).is_dir()
    except (OSError, RuntimeError):  # dangling or looping
        return False


def check_file(
    path: Path | str, engine: Engine = "calamine", limit: int | None = None
) -> FileResult:
    """Read and validate one file; never raises for a bad file (it becomes ``exit_code`` 2).

    The verdict on a file does not depend on the files before it in this process (the order
    of the batch, which worker took it): a workbook carrying a local profile that is not
    installed here is read with the version it carries
    (:func:`~xl_disclosure.spec.register_profile`), and a JSON is read as in a fresh process,
    without the profiles earlier workbooks carried. A publication (.pdf, .html …) is imported
    in memory as ``import`` imports it, then validated (engine ``import``)."""
    from xl_disclosure.readers.load import JSON_SUFFIXES, load_report
    from xl_disclosure.receiving.importer import load_publication
    from xl_disclosure.spec import forget_carried_profiles

    where = str(path)
    if Path(path).suffix.lower() in JSON_SUFFIXES:
        forget_carried_profiles()
    try:
        loaded = (
            load_publication(Path(path))
            if is_publication(Path(path))
            else load_report(path, engine)
        )
        result = loaded.validate(limit=limit)
    except InputError as exc:
        return FileResult(where, 2, error=str(exc), engine=engine)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # one bad file must not stop a batch of thousands
        return FileResult(
            where,
            2,
            error=f"{where}：内部错误（{type(exc).__name__}），该文件未能校验。"
            "请单独运行 xl-disclosure --debug validate 该文件并反馈给维护人员。",
            engine=engine,
        )
    return FileResult(
        where,
        result.exit_code,
        tuple(f.to_dict() for f in result.findings),
        format_id=loaded.report.format_id,
        engine=loaded.engine,
        counts={s.value: n for s, n in result.counts.items()},
    )


def _warm() -> None:
    """Load specs, layouts and rules once per worker (a no-op after fork: inherited)."""
    from xl_disclosure.layout import layout_for
    from xl_disclosure.spec import format_ids, load_format, load_rules

    load_rules()
    for fid in format_ids():
        load_format(fid)
        layout_for(fid)


def _check(args: tuple[str, Engine, int | None]) -> FileResult:
    return check_file(*args)


def validate_many(
    paths: Sequence[Path | str],
    *,
    jobs: int = 1,
    engine: Engine = "calamine",
    limit: int | None = None,
    dask: str | None = None,
) -> Iterator[FileResult]:
    """Check every file (folders expanded by :func:`collect`), in input order.

    Args:
        jobs: worker processes; ``0`` means one per CPU core. ``1`` runs in this process.
        dask: address of a Dask scheduler: the same per-file check runs on its workers
            (which must see the same paths); a file that kills its worker gets exit code 2.
        engine: ``calamine`` (fast; falls back to openpyxl per file) or ``openpyxl``.
        limit: at most this many validator findings per file.
    """
    files = collect(paths)
    workers = (os.cpu_count() or 1) if jobs == 0 else max(1, jobs)
    tasks = [(str(p), engine, limit) for p in files]
    if dask:
        from xl_disclosure.receiving.cluster import map_ordered

        yield from map_ordered(_check, tasks, dask=dask, on_error=_lost)
        return
    _warm()
    if workers == 1 or len(tasks) < 2:
        yield from map(_check, tasks)
        return
    yield from _pooled(tasks, min(workers, len(tasks)))


def _pooled(tasks: list[tuple[str, Engine, int | None]], workers: int) -> Iterator[FileResult]:
    """Results in order from a process pool that survives a worker dying.

    A native engine can abort the whole process on a hostile file (python-calamine does on
    allocation failures); the pool is then broken. The files around the failure are checked
    again one per process, the one that kills its process gets exit code 2, and the pool
    resumes with the rest.
    """
    chunk = max(1, min(32, len(tasks) // (workers * 8)))
    done = 0
    while done < len(tasks):
        try:
            with ProcessPoolExecutor(max_workers=workers, initializer=_warm) as pool:
                for result in pool.map(_check, tasks[done:], chunksize=chunk):
                    yield result
                    done += 1
        except BrokenProcessPool:
            window = tasks[done : done + workers * chunk * 2]
            for task in window:
                yield _isolated(task)
            done += len(window)


def _lost(task: tuple[str, Engine, int | None], exc: BaseException) -> FileResult:
    return FileResult(
        task[0],
        2,
        error=f"{task[0]}：在集群上校验时工作进程意外退出，文件可能已损坏或是恶意构造的，拒绝读取。",
        engine=task[1],
    )


def _isolated(task: tuple[str, Engine, int | None]) -> FileResult:
    try:
        with ProcessPoolExecutor(max_workers=1, initializer=_warm) as pool:
            return pool.submit(_check, task).result()
    except BrokenProcessPool:
        return FileResult(
            task[0],
            2,
            error=f"{task[0]}：读取时校验进程意外退出，文件可能已损坏或是恶意构造的，拒绝读取。"
            "请用 Excel 打开后另存为 .xlsx 再提交。",
            engine=task[1],
        )


__all__ = ["FileResult", "check_file", "collect", "validate_many"]
