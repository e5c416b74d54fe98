"""Shared by the server benchmarks: a server process on loopback, agencies, reports, memory.

The server runs as ``xl-disclosure serve`` in its own process on 127.0.0.1 (never another
interface), so its memory can be read from ``/proc`` and it shares no GIL with the clients.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the test factories and the PostgreSQL helper
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")

from support.factories import consistent_report  # noqa: E402
from support.server import free_port, start_cluster  # noqa: E402

HOST = "127.0.0.1"
#: No benchmark of the server runs longer than this, whatever it is asked.
MAX_SECONDS = 120
YEAR = 2024


def setup_district(database: str, agencies: int) -> list[tuple[str, str]]:
    """A district with ``agencies`` agencies; their (name, token), plus the office last."""
    from xl_disclosure.server.auth import issue_token
    from xl_disclosure.server.db import Database
    from xl_disclosure.server.units import add_unit

    db = Database(database)
    district = add_unit(db, "压测区", region=True)
    out = []
    for i in range(agencies):
        unit = add_unit(db, f"压测区第{i + 1:03d}局", parent="压测区")
        out.append((unit.name, issue_token(db, unit.id, "agency")))
    out.append(("压测区", issue_token(db, district.id, "office")))
    db.dispose()
    return out


def base_report(agency: str, seed: int) -> dict[str, object]:
    from xl_disclosure.export import export_payload

    body, _ = export_payload(
        consistent_report("gb2021", random.Random(seed), agency=agency, year=YEAR)
    )
    data: dict[str, object] = json.loads(body)
    return data


def version_of(data: dict[str, object], n: int) -> bytes:
    """Version ``n`` of a report: the same figures, one more sentence in section 6."""
    copy = json.loads(json.dumps(data))
    copy["sections"][-1]["text"] += f"\n本报告第{n}次修订。"
    return json.dumps(copy, ensure_ascii=False).encode()


@contextmanager
def server_process(
    database: str, *, rate: float = 0, workers: int = 1
) -> Iterator[tuple[str, int]]:
    """``xl-disclosure serve`` on 127.0.0.1:<free port>; yields (base URL, pid)."""
    import httpx

    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""),
    }
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "xl_disclosure.cli",
            "serve",
            "--host",
            HOST,
            "--port",
            str(port),
            "--database",
            database,
            "--rate",
            str(rate),
            "--workers",
            str(workers),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    url = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("server did not start")
            time.sleep(0.2)
        yield url, proc.pid
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and its child processes (uvicorn's workers)."""
    total = 0.0
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
        kids = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return total
    return total + sum(rss_mb(int(k)) for k in kids)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


@contextmanager
def database_for(kind: str, folder: Path) -> Iterator[str]:
    """A fresh database URL: a SQLite file in ``folder`` or a throwaway PostgreSQL cluster."""
    if kind == "sqlite":
        yield str(folder / "bench.sqlite")
        return
    cluster = start_cluster()
    if isinstance(cluster, str):
        raise RuntimeError(cluster)
    try:
        yield cluster.new_database()
    finally:
        cluster.stop()
