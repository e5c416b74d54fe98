"""One request budget per access token for all the processes of ``serve --workers N``.

Each uvicorn worker process used to keep its own token bucket, so a token could make N times
the requests ``--rate`` allows. The shared limit keeps the buckets in the database; these
tests draw on one bucket from several real processes (SQLite and PostgreSQL), and through a
real ``serve --workers 2`` over a socket.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from xl_disclosure.server.auth import issue_token, principal_for
from xl_disclosure.server.buckets import SharedRateLimit
from xl_disclosure.server.db import MIGRATIONS, Database
from xl_disclosure.server.safety import RateLimit, Refused
from xl_disclosure.server.units import add_unit

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _token(db: Database) -> tuple[str, int]:
    unit = add_unit(db, "限流区", region=True)
    token = issue_token(db, unit.id, "office")
    found = principal_for(db, token)
    assert found is not None
    return token, found.token_id


def _draw(url: str, key: int, tries: int, shared: bool, start: object, out: object) -> None:
    """In another process: ``tries`` requests on ``key``'s bucket; put how many passed."""
    db = Database(url)
    limiter = SharedRateLimit(db, 0.001, 30) if shared else RateLimit(0.001, 30)
    start.wait()  # type: ignore[attr-defined]
    passed = 0
    for _ in range(tries):
        try:
            limiter.check(key)
            passed += 1
        except Refused:
            pass
    db.dispose()
    out.put(passed)  # type: ignore[attr-defined]


def _passed_in_processes(url: str, key: int, *, shared: bool) -> list[int]:
    ctx = multiprocessing.get_context("spawn")
    start, out = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=_draw, args=(url, key, 25, shared, start, out)) for _ in range(3)]
    for p in procs:
        p.start()
    start.set()
    counts = [out.get(timeout=120) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    return counts


def test_processes_draw_on_one_budget(database: Database) -> None:
    _, key = _token(database)
    counts = _passed_in_processes(database.url, key, shared=True)
    assert sum(counts) == 30, counts  # 75 tries in three processes, one burst of 30 in all
    # the limit kept per process lets each of them use a whole burst: what the shared one fixes
    own = _passed_in_processes(database.url, key, shared=False)
    assert sum(own) == 75, own


def test_bucket_refills_on_the_clock_and_a_clock_set_back_adds_nothing(
    database: Database,
) -> None:
    _, key = _token(database)
    now = [1_000_000.0]
    limiter = SharedRateLimit(database, 1.0, 2, clock=lambda: now[0])
    limiter.check(key)
    limiter.check(key)
    with pytest.raises(Refused) as refused:
        limiter.check(key)
    assert refused.value.status == 429 and refused.value.extra["retry_after"] == 1
    assert "请求过于频繁" in refused.value.message
    now[0] += 1.0
    limiter.check(key)  # one more after a second
    now[0] -= 3600.0  # the clock set back an hour: nothing added
    with pytest.raises(Refused):
        limiter.check(key)
    now[0] += 1.0  # and the bucket fills again from the new time on, not an hour later
    limiter.check(key)
    now[0] += 2.5  # never above the burst
    limiter.check(key)
    limiter.check(key)
    with pytest.raises(Refused):
        limiter.check(key)
    other_key = _other_token(database)
    limiter.check(other_key)  # every token has its own bucket


def _other_token(db: Database) -> int:
    unit = add_unit(db, "限流区第二局", parent="限流区")
    found = principal_for(db, issue_token(db, unit.id, "agency"))
    assert found is not None
    return found.token_id


def test_a_database_of_the_first_schema_gains_the_buckets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from xl_disclosure.server import db as dbmod

    path = tmp_path / "old.sqlite"
    with monkeypatch.context() as patch:  # the first schema only, as a released server made it
        patch.setattr(dbmod, "MIGRATIONS", MIGRATIONS[:1])
        Database(path).dispose()
    with sqlite3.connect(path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "rate_buckets" not in tables
    db = Database(path)
    assert db.schema_version() == len(MIGRATIONS) == 2
    _, key = _token(db)
    SharedRateLimit(db, 1.0, 1).check(key)
    db.dispose()


def test_serve_with_two_workers_keeps_one_rate_per_token(tmp_path: Path) -> None:
    """45 requests with one token, each on a new connection (so both worker processes
    answer some): the default burst of 30 passes, the rest are refused, in Chinese."""
    sys.path.insert(0, str(BENCH))
    try:
        from server_common import server_process, setup_district
    finally:
        sys.path.remove(str(BENCH))
    database = str(tmp_path / "served.sqlite")
    token = setup_district(database, 1)[-1][1]
    statuses: list[int] = []
    with server_process(database, rate=0.01, workers=2) as (url, pid):
        for _ in range(45):
            with httpx.Client(base_url=url, timeout=60) as http:
                reply = http.get("/api/me", headers={"Authorization": f"Bearer {token}"})
            statuses.append(reply.status_code)
            if reply.status_code == 429:
                assert "请求过于频繁" in reply.json()["error"]
        children = subprocess.run(
            ["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False
        ).stdout.split()
    assert statuses.count(200) == 30 and statuses.count(429) == 15, statuses
    assert len(children) >= 2  # really two worker processes under the server
