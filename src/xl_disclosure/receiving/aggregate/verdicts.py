"""Verdicts kept between runs: a file whose bytes were checked before is not checked again.

A receiving office aggregates the same folder many times while submissions come in (each
day of the collection week, after each correction). A report's verdict — its values and the
findings of one validation — depends only on its bytes and on the toolkit that checked it,
so it is kept in a SQLite file keyed on the file's SHA-256, one file per *fingerprint*: the
package's own files, the format and profile files of the process, and the versions of the
libraries that parse and check. Any change to those starts a new, empty cache; a file
changed by one byte is checked again.

Only readable reports are kept (a rejected file is examined again: its reason may name the
file). Nothing is executed from the cache (plain columns, findings as JSON), a damaged or
unwritable cache only makes the run check every file, and the workbook is the same with or
without it (tested byte for byte).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
import time
import zlib
from collections.abc import Iterator
from contextlib import suppress
from datetime import date
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from xl_disclosure.errors import InputError
from xl_disclosure.receiving.aggregate.examine import (
    Examined,
    FindingRow,
    examine_bytes,
    read_submitted,
)

#: Folder of the caches (overrides the platform's cache folder); ``off`` turns caching off.
CACHE_ENV = "XL_DISCLOSURE_CACHE_DIR"
#: Verdicts kept per cache file; beyond this the oldest are dropped.
MAX_ENTRIES = 1_000_000
#: Caches of other fingerprints (older versions) unused this long are removed.
STALE_SECONDS = 30 * 86400
#: Rows written per transaction.
_BATCH = 512
#: Libraries whose version can change a verdict (parsing, schema, text folding).
_LIBRARIES = ("orjson", "jsonschema-rs", "jsonschema", "opencc")
_COLUMNS = "agency, year, format_id, money_unit, vals, findings"
_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS verdicts (digest BLOB PRIMARY KEY, agency TEXT NOT NULL, "
    "year INTEGER, format_id TEXT NOT NULL, money_unit TEXT NOT NULL, vals BLOB NOT NULL, "
    "findings BLOB NOT NULL)"
)


def default_folder() -> Path | None:
    """Where caches live: ``XL_DISCLOSURE_CACHE_DIR``, else the platform's cache folder;
    ``None`` when the variable says ``off``."""
    given = os.environ.get(CACHE_ENV, "").strip()
    if given.lower() in {"off", "0", "no", "false"}:
        return None
    if given:
        return Path(given)
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "xl-disclosure"


@cache
def _package_digest() -> str:
    """SHA-256 over the package's files (code, formats, rules, schemas)."""
    root = Path(__file__).resolve().parents[2]
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file():
            continue
        body = path.read_bytes()
        h.update(f"{path.relative_to(root).as_posix()} {len(body)}\n".encode())
        h.update(body)
    return h.hexdigest()


def fingerprint() -> str:
    """What a verdict depends on besides the file: this package, the formats and profiles
    of the process, Python and the checking libraries."""
    from xl_disclosure.spec import sources_digest

    versions = []
    for name in _LIBRARIES:
        try:
            versions.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    # the year of today: a report dated after next year is an error (D-rule)
    parts = [_package_digest(), sources_digest(), sys.version, str(date.today().year), *versions]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class VerdictCache:
    """The verdicts of one fingerprint in one folder (written by one process at a time).

    Open it with :meth:`open`; :attr:`path` is then given to the workers, which look
    verdicts up with :func:`examine_cached`; the process that collects their results keeps
    new ones with :meth:`record`, :meth:`flush` and :meth:`close`.

    The writing connection is opened on the first write, after the worker processes were
    started: a SQLite connection must not be inherited by a forked process.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[Any, ...]] = []
        self.reused = 0
        self.problem = ""
        """Why the cache stopped being written during the run ("" while it works)."""

    @classmethod
    def open(cls, folder: Path | None = None) -> VerdictCache | None:
        """The cache for this process's fingerprint under ``folder`` (default
        :func:`default_folder`); ``None`` when caching is off or the folder unusable."""
        folder = folder if folder is not None else default_folder()
        if folder is None:
            return None
        path = folder / f"verdicts-{fingerprint()[:24]}.sqlite"
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            _connect(path).close()  # created (or started again) and known to be usable
        except (OSError, sqlite3.Error):
            return None
        _remove_stale(folder, path)
        return cls(path)

    def record(self, new: tuple[Any, ...] | None) -> None:
        """Note one result of :func:`examine_cached`: ``new`` is the row of a verdict to keep,
        ``None`` for a reused one (:data:`REUSED`) or a file not kept."""
        if new == REUSED:  # (an empty tuple: a kept row is never empty)
            self.reused += 1
        elif new is not None and not self.problem:
            self._pending.append(new)
            if len(self._pending) >= _BATCH:
                self.flush()

    def flush(self) -> None:
        """Write the verdicts noted so far (a failure turns writing off, never raises)."""
        rows, self._pending = self._pending, []
        if not rows or self.problem:
            return
        try:
            if self._db is None:
                self._db = _connect(self.path)
            with self._db:
                self._db.executemany(
                    f"INSERT OR REPLACE INTO verdicts (digest, {_COLUMNS}) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    rows,
                )
        except sqlite3.Error as exc:
            self.problem = (
                f"校验结果缓存无法写入（{exc}）：本次新校验的结果未能保存，"
                "下次汇总时这些文件将重新校验。"
            )

    def close(self) -> None:
        """Write what is pending, drop the oldest verdicts beyond :data:`MAX_ENTRIES`."""
        self.flush()
        if self._db is not None:
            with suppress(sqlite3.Error), self._db:
                self._db.execute(
                    "DELETE FROM verdicts WHERE rowid <= (SELECT MAX(rowid) FROM verdicts) - ?",
                    (MAX_ENTRIES,),
                )
            self._db.close()
            self._db = None
        reader = _readers.pop((os.getpid(), str(self.path)), None)
        if reader is not None:
            reader.close()


def _connect(path: Path) -> sqlite3.Connection:
    """The writing connection; a file that is not a database, or a damaged one, is
    started again."""
    try:
        return _prepared(path)
    except sqlite3.DatabaseError:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return _prepared(path)


def _prepared(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute(_SCHEMA)
        connection.execute("SELECT COUNT(*) FROM verdicts WHERE rowid < 0").fetchone()
    except sqlite3.Error:
        connection.close()
        raise
    connection.isolation_level = "DEFERRED"
    return connection


def _remove_stale(folder: Path, keep: Path) -> None:
    now = time.time()
    for other in folder.glob("verdicts-*.sqlite*"):
        if other.name.startswith(keep.name):
            continue
        with suppress(OSError):
            if now - other.stat().st_mtime > STALE_SECONDS:
                other.unlink()


def _row(e: Examined) -> tuple[Any, ...]:
    import orjson

    return (
        bytes.fromhex(e.digest),
        e.agency,
        e.year,
        e.format_id,
        e.money_unit,
        zlib.compress(e.values, 1),
        zlib.compress(orjson.dumps(e.findings), 1),
    )


#: Reading connections by (process id, cache file). A worker forked from a process that had
#: one open (a ``--jobs 1`` run before, in the same process) finds it under its parent's id
#: and opens its own: a SQLite connection must not be used across a fork (nor closed there).
_readers: dict[tuple[int, str], sqlite3.Connection | None] = {}


def _reader(path: str) -> sqlite3.Connection | None:
    key = (os.getpid(), path)
    if key not in _readers:
        try:
            uri = Path(path).resolve().as_uri() + "?mode=ro"  # percent-encoded, any OS
            _readers[key] = sqlite3.connect(uri, uri=True, timeout=30)
        except sqlite3.Error:
            _readers[key] = None
    return _readers[key]


def _lookup(path: str, digest: str) -> tuple[Any, ...] | None:
    db = _reader(path)
    if db is None:
        return None
    try:
        row: tuple[Any, ...] | None = db.execute(
            f"SELECT {_COLUMNS} FROM verdicts WHERE digest = ?", (bytes.fromhex(digest),)
        ).fetchone()
    except sqlite3.Error:
        return None
    return row


def _findings(blob: bytes) -> tuple[FindingRow, ...]:
    import orjson

    return tuple(
        (r[0], r[1], r[2], tuple(r[3]), r[4], r[5], r[6])
        for r in orjson.loads(zlib.decompress(blob))
    )


#: What :func:`examine_cached` gives for a verdict it reused.
REUSED: tuple[Any, ...] = ()


def examine_cached(cache_path: str, path: str) -> tuple[Examined, tuple[Any, ...] | None]:
    """:func:`~.examine.examine` of one file, with the verdict kept for its bytes when
    there is one. Returns the record and :data:`REUSED` (a kept verdict), the row to keep
    (a new readable report: built here, in the worker, so the collecting process only
    writes it) or ``None`` (a file that is not kept)."""
    try:
        raw, digest = read_submitted(path)
    except InputError as exc:
        return Examined(path, reason=exc.message), None
    row = _lookup(cache_path, digest)
    if row is not None:
        agency, year, format_id, money_unit, vals, findings = row
        try:
            rows, values = _findings(findings), zlib.decompress(vals)
        except (ValueError, TypeError, IndexError, zlib.error):  # damaged: check it again
            pass
        else:
            kept = Examined(path, "", agency, year, format_id, money_unit, values, rows, digest)
            return kept, REUSED
    record = examine_bytes(path, raw, digest)
    return record, None if record.reason else _row(record)


def noted(
    results: Iterator[tuple[Examined, tuple[Any, ...] | None]], cache: VerdictCache
) -> Iterator[Examined]:
    """The records of :func:`examine_cached` results, each noted in ``cache``."""
    for record, new in results:
        cache.record(new)
        yield record
