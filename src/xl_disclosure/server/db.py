"""The server's database: SQLAlchemy Core tables, one engine, plain versioned migrations.

SQLite (a file, zero set-up) is the default; ``postgresql://…`` runs the same code on
PostgreSQL through psycopg 3. The schema is migrated by numbered steps recorded in
``schema_version``: each step is a function of a connection, run once, in order, inside a
transaction, so an old database is brought up to date on start and a new one is built by the
same path.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    inspect,
    select,
)

from xl_disclosure.errors import InputError

metadata = MetaData()

units = Table(
    "units",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("name", String(200), nullable=False),
    Column("key", String(200), nullable=False, unique=True),
    Column("parent_id", Integer, ForeignKey("units.id"), nullable=True),
    Column("ids_path", String(400), nullable=False, server_default=""),
    Column("kind", String(20), nullable=False, server_default="department"),
    Column("is_region", Boolean, nullable=False, server_default="0"),
    Column("expected", Boolean, nullable=False, server_default="1"),
    Column("created_at", String(32), nullable=False),
)

tokens = Table(
    "tokens",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=False),
    Column("role", String(10), nullable=False),
    Column("digest", String(64), nullable=False, unique=True),
    Column("hint", String(8), nullable=False),
    Column("label", String(200), nullable=False, server_default=""),
    Column("created_at", String(32), nullable=False),
    Column("revoked_at", String(32), nullable=True),
)

sessions = Table(
    "sessions",
    metadata,
    Column("digest", String(64), primary_key=True),
    Column("token_id", Integer, ForeignKey("tokens.id"), nullable=False),
    Column("csrf", String(64), nullable=False),
    Column("expires_at", String(32), nullable=False),
)

versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=False),
    Column("year", Integer, nullable=False),
    Column("number", Integer, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("token_id", Integer, ForeignKey("tokens.id"), nullable=True),
    Column("source", String(20), nullable=False),
    Column("reason", Text, nullable=False, server_default=""),
    Column("filename", String(255), nullable=False),
    Column("format", String(40), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("size", Integer, nullable=False),
    Column("errors", Integer, nullable=False),
    Column("warnings", Integer, nullable=False),
    Column("kept", Integer, nullable=False),
    Column("late", Boolean, nullable=False),
    Column("findings", Text, nullable=False),
    Column("body", LargeBinary, nullable=False),
    UniqueConstraint("unit_id", "year", "number", name="uq_version_number"),
)

cases = Table(
    "cases",
    metadata,
    Column("unit_id", Integer, ForeignKey("units.id"), primary_key=True),
    Column("year", Integer, primary_key=True),
    Column("active_version_id", Integer, ForeignKey("versions.id"), nullable=True),
    Column("state", String(20), nullable=False),
    Column("reason", Text, nullable=False, server_default=""),
    Column("url", Text, nullable=False, server_default=""),
    Column("published_on", String(10), nullable=False, server_default=""),
    Column("updated_at", String(32), nullable=False),
    Column("refused_at", String(32), nullable=True),
    Column("refused_reason", Text, nullable=False, server_default=""),
)

reviews = Table(
    "reviews",
    metadata,
    Column("version_id", Integer, ForeignKey("versions.id"), primary_key=True),
    Column("fingerprint", String(200), primary_key=True),
    Column("decision", String(10), nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    Column("token_id", Integer, ForeignKey("tokens.id"), nullable=True),
    Column("at", String(32), nullable=False),
)

deadlines = Table(
    "deadlines",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("kind", String(20), primary_key=True),
    Column("due", String(10), nullable=False),
    Column("set_at", String(32), nullable=False),
)

audit = Table(
    "audit",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("token_id", Integer, ForeignKey("tokens.id"), nullable=True),
    Column("actor", String(200), nullable=False),
    Column("action", String(40), nullable=False),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=True),
    Column("year", Integer, nullable=True),
    Column("version_id", Integer, nullable=True),
    Column("detail", Text, nullable=False, server_default=""),
    Index("ix_audit_unit_year", "unit_id", "year"),
)

drafts = Table(
    "drafts",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("unit_id", Integer, ForeignKey("units.id"), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("name", String(255), nullable=False),
    Column("download_key", String(64), nullable=False),
    Column("body", LargeBinary, nullable=False),
)

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("applied_at", String(32), nullable=False),
)

#: The request budget of each access token when several server processes share it
#: (:mod:`xl_disclosure.server.buckets`): what is left, and when it was last counted (Unix
#: time, seconds).
rate_buckets = Table(
    "rate_buckets",
    metadata,
    Column("token_id", Integer, ForeignKey("tokens.id", ondelete="CASCADE"), primary_key=True),
    Column("tokens", Float, nullable=False),
    Column("stamp", Float, nullable=False),
)

_V1 = (units, tokens, sessions, versions, cases, reviews, deadlines, audit, drafts)


def _step_1(conn: Connection) -> None:
    """The first schema: every table above."""
    for table in _V1:
        table.create(conn, checkfirst=True)


def _step_2(conn: Connection) -> None:
    """Request budgets shared by the processes of ``serve --workers N``."""
    rate_buckets.create(conn, checkfirst=True)


#: Migration steps, in order; step ``n`` brings the schema from version ``n - 1`` to ``n``.
#: Append, never edit a released step.
MIGRATIONS: tuple[Callable[[Connection], None], ...] = (_step_1, _step_2)


def inserted_id(result: Any) -> int:
    """The new row's id of an INSERT."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def now_utc() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def database_url(target: str | Path) -> str:
    """``postgresql://…`` (psycopg 3), ``sqlite:///…`` or a plain file path (SQLite)."""
    text = str(target)
    if text.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + text.split("://", 1)[1]
    if text.startswith(("postgresql+psycopg://", "sqlite:")):
        return text
    if "://" in text:
        raise InputError(
            f"不支持的数据库地址“{text.split('://', 1)[0]}://…”。",
            hint="请使用 SQLite 文件路径，或 postgresql://用户@主机/库名。",
        )
    path = Path(text)
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{path}"


class Database:
    """One engine and the migrated schema. Writes on SQLite are serialised in-process.

    Example:
        >>> import tempfile, pathlib
        >>> db = Database(pathlib.Path(tempfile.mkdtemp()) / "x.sqlite")
        >>> db.schema_version() == len(MIGRATIONS)
        True
    """

    def __init__(self, target: str | Path) -> None:
        self.url = database_url(target)
        self.is_sqlite = self.url.startswith("sqlite")
        self.engine: Engine = _engine(self.url)
        # SQLite allows one writer; a lock here avoids "database is locked" retries.
        self._write_lock = threading.Lock() if self.is_sqlite else None
        self.migrate()

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction (committed on success, rolled back on any exception)."""
        if self._write_lock is None:
            with self.engine.begin() as conn:
                yield conn
            return
        with self._write_lock, self.engine.begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            yield conn

    def schema_version(self) -> int:
        with self.read() as conn:
            if not inspect(conn).has_table("schema_version"):
                return 0
            found = conn.execute(select(schema_version.c.version)).scalars().all()
        return max(found, default=0)

    def migrate(self) -> None:
        """Run every migration step the database has not had yet."""
        current = self.schema_version()
        for number, step in enumerate(MIGRATIONS, start=1):
            if number <= current:
                continue
            with self.write() as conn:
                schema_version.create(conn, checkfirst=True)
                step(conn)
                conn.execute(schema_version.insert().values(version=number, applied_at=now_utc()))

    def dispose(self) -> None:
        self.engine.dispose()


def _engine(url: str) -> Engine:
    if not url.startswith("sqlite"):
        return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _record: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=30000")
        cur.close()

    return engine
