"""Real services for the server tests: a throwaway PostgreSQL cluster and uvicorn on 127.0.0.1.

PostgreSQL: ``XD_TEST_POSTGRES_URL`` points at an existing server; otherwise a cluster is
made with the installed binaries (``initdb``/``pg_ctl``, Debian's
``/usr/lib/postgresql/*/bin`` or ``PATH``) in a temporary folder, listening on 127.0.0.1 and
a unix socket there, and removed afterwards. As root the cluster runs as ``postgres``
(PostgreSQL refuses to run as root). Tests skip cleanly only where no cluster can start.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from xl_disclosure.server.auth import issue_token
from xl_disclosure.server.db import Database
from xl_disclosure.server.units import add_unit


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _pg_bin() -> Path | None:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    return Path(found).parent if found else None


@dataclass
class Cluster:
    url: str
    stop: Callable[[], None]

    def new_database(self) -> str:
        """A fresh, empty database on the cluster; its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(
            self.url.replace("postgresql://", "postgresql://", 1), autocommit=True
        ) as c:
            c.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + "/" + name


def start_cluster() -> Cluster | str:
    """A running cluster, or the reason there is none (for ``pytest.skip``)."""
    given = os.environ.get("XD_TEST_POSTGRES_URL")
    if given:
        return Cluster(given, lambda: None)
    bindir = _pg_bin()
    if bindir is None:
        return "PostgreSQL 未安装（找不到 initdb）"
    root = Path(tempfile.mkdtemp(prefix="xd-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:
        if (
            shutil.which("runuser") is None
            or subprocess.run(["id", "postgres"], check=False, capture_output=True).returncode
        ):
            return "以 root 运行且没有 postgres 用户，无法启动 PostgreSQL"
        shutil.chown(root, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    port = free_port()
    data = root / "data"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*prefix, *args], check=False, capture_output=True, text=True, timeout=120
        )

    init = run(
        str(bindir / "initdb"),
        "-D",
        str(data),
        "-U",
        "xd",
        "--auth=trust",
        "-E",
        "UTF8",
        "--no-locale",
    )
    if init.returncode:
        shutil.rmtree(root, ignore_errors=True)
        return f"initdb 失败：{init.stderr.strip()[:200]}"
    opts = f"-k {root} -h 127.0.0.1 -p {port} -F -c full_page_writes=off -c synchronous_commit=off -c max_connections=300"
    started = run(
        str(bindir / "pg_ctl"),
        "-D",
        str(data),
        "-o",
        opts,
        "-l",
        str(root / "log"),
        "-w",
        "-t",
        "60",
        "start",
    )
    if started.returncode:
        shutil.rmtree(root, ignore_errors=True)
        return f"pg_ctl start 失败：{started.stderr.strip()[:200]}"

    def stop() -> None:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop")
        shutil.rmtree(root, ignore_errors=True)

    return Cluster(f"postgresql://xd@127.0.0.1:{port}/postgres", stop)


@contextlib.contextmanager
def live_server(db: Database, **options: Any) -> Iterator[str]:
    """The app on ``db`` served by uvicorn in a thread on 127.0.0.1; yields the base URL."""
    import uvicorn

    from xl_disclosure.server.app import create_app
    from xl_disclosure.server.protocol import UVICORN_OPTIONS

    port = free_port()
    config = uvicorn.Config(
        create_app(db, **options),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        **UVICORN_OPTIONS,
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@dataclass
class District:
    """示范市 → 示范区 → agencies A, B (and a city department), with their tokens."""

    db: Database
    city: int
    district: int
    a: int
    b: int
    city_token: str
    office_token: str
    a_token: str
    b_token: str
    a_name: str = "示范区教育局"
    b_name: str = "示范区卫生健康局"


def make_district(db: Database) -> District:
    city = add_unit(db, "示范市", region=True)
    district = add_unit(db, "示范区", parent="示范市", region=True)
    a = add_unit(db, "示范区教育局", parent="示范区")
    b = add_unit(db, "示范区卫生健康局", parent="示范区")
    return District(
        db,
        city.id,
        district.id,
        a.id,
        b.id,
        issue_token(db, city.id, "office"),
        issue_token(db, district.id, "office"),
        issue_token(db, a.id, "agency"),
        issue_token(db, b.id, "agency"),
    )


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class Fixed:
    """A settable clock for deadlines and late flags."""

    def __init__(self, when: datetime) -> None:
        self.when = when

    def __call__(self) -> datetime:
        return self.when


def client(url: str) -> httpx.Client:
    return httpx.Client(base_url=url, timeout=60)


# -- raw socket: see when the server answers while the body is still being sent ------------


def raw_post(
    url: str, path: str, headers: dict[str, str], chunks: Iterator[bytes]
) -> tuple[int, dict[str, Any], int]:
    """Send a request whose body comes from ``chunks``; stop sending once the server answers.

    Returns the status, the JSON body and how many body bytes were sent by then.
    """
    host, port = url.removeprefix("http://").split(":")
    sock = socket.create_connection((host, int(port)), timeout=30)
    head = f"POST {path} HTTP/1.1\r\nHost: {host}\r\n" + "".join(
        f"{k}: {v}\r\n" for k, v in headers.items()
    )
    sock.sendall((head + "\r\n").encode())
    sent = 0
    answered = threading.Event()

    def pump() -> None:
        nonlocal sent
        try:
            for chunk in chunks:
                if answered.is_set():
                    return
                sock.sendall(chunk)
                sent += len(chunk)
        except OSError:
            return

    sender = threading.Thread(target=pump, daemon=True)
    sender.start()
    reply = b""
    while b"\r\n\r\n" not in reply:
        part = sock.recv(65536)
        if not part:
            break
        reply += part
    answered.set()
    at_answer = sent
    head_text, _, rest = reply.partition(b"\r\n\r\n")
    lines = head_text.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    length = next(int(x.split(":")[1]) for x in lines if x.lower().startswith("content-length"))
    while len(rest) < length:
        part = sock.recv(65536)
        if not part:
            break
        rest += part
    sock.close()
    sender.join(timeout=30)
    return status, json.loads(rest[:length]), at_answer


def chunked(total: int, size: int = 1024 * 1024) -> Iterator[bytes]:
    block = b"[" * size
    for _ in range(total // size):
        yield f"{size:x}\r\n".encode() + block + b"\r\n"
    yield b"0\r\n\r\n"


# -- pytest fixtures (import them into a test module to use them) ---------------------------


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    found = start_cluster()
    if isinstance(found, str):
        pytest.skip(found)
    try:
        yield found
    finally:
        found.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A fresh, migrated database: a SQLite file, or a new database on the PostgreSQL cluster."""
    if request.param == "sqlite":
        db = Database(tmp_path / "server.sqlite")
    else:
        cluster: Cluster = request.getfixturevalue("pg_cluster")
        db = Database(cluster.new_database())
    try:
        yield db
    finally:
        db.dispose()
