"""Where the server keeps what offices submit: one SQLite file, one transaction per write."""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,            -- 'json' (canonical submission) or 'draft' (.docx)
    name TEXT NOT NULL,
    received_at TEXT NOT NULL,
    agency TEXT NOT NULL DEFAULT '',
    year INTEGER,
    format TEXT NOT NULL DEFAULT '',
    sha256 TEXT NOT NULL,
    download_key TEXT NOT NULL,
    body BLOB NOT NULL
)
"""


@dataclass(frozen=True)
class Stored:
    id: int
    kind: str
    name: str
    received_at: str
    agency: str
    year: int | None
    format: str
    sha256: str
    download_key: str
    body: bytes


class Store:
    """A SQLite store (``sqlite3`` only). Each :meth:`add` is one atomic transaction.

    Example:
        >>> import tempfile, pathlib
        >>> s = Store(pathlib.Path(tempfile.mkdtemp()) / "x.sqlite")
        >>> s.get(s.add("json", "a.json", b"{}").id).body
        b'{}'
    """

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(_SCHEMA)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            yield conn
        finally:
            conn.close()

    def add(
        self,
        kind: str,
        name: str,
        body: bytes,
        *,
        agency: str = "",
        year: int | None = None,
        fmt: str = "",
    ) -> Stored:
        row = (
            kind,
            name,
            datetime.now(UTC).isoformat(timespec="seconds"),
            agency,
            year,
            fmt,
            hashlib.sha256(body).hexdigest(),
            secrets.token_urlsafe(16),
            body,
        )
        with self._lock, self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                cur = conn.execute(
                    "INSERT INTO files (kind, name, received_at, agency, year, format, sha256, download_key, body)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    row,
                )
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            new_id = cur.lastrowid
        assert new_id is not None
        return Stored(new_id, *row)

    def get(self, file_id: int) -> Stored | None:
        with self._connect() as conn:
            found = conn.execute(
                "SELECT id, kind, name, received_at, agency, year, format, sha256, download_key, body"
                " FROM files WHERE id = ?",
                (file_id,),
            ).fetchone()
        return Stored(*found) if found else None

    def count(self) -> int:
        with self._connect() as conn:
            n: int = conn.execute("SELECT COUNT(*) FROM files").fetchone()[0]
        return n
