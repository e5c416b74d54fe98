"""Soak test: mixed valid, invalid and oversized traffic from several clients (loopback only).

For S seconds (at most :data:`~server_common.MAX_SECONDS`), C client threads each send a
random mix: valid new versions, reports with errors, malformed and hostile JSON (deep
nesting, 5,000-digit integers, NaN, lone surrogates), button payloads without ``version``,
bodies without a token or with a wrong one, declared and chunked bodies of 30-200 MB, and
console and API reads. Checks: every reply is a success or a Chinese JSON error (no 5xx);
the server's memory stays bounded; the database holds exactly the versions acknowledged
(nothing stored from refused requests).

Usage: python bench/server_soak.py [--seconds 60] [--clients 6]
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server_common import (
    HOST,
    MAX_SECONDS,
    base_report,
    rss_mb,
    server_process,
    setup_district,
    version_of,
)

from support.server import chunked, raw_post

MB = 1024 * 1024
NESTED = b"[" * 100_000 + b"]" * 100_000
HOSTILE = (
    NESTED,
    b'{"format": "gb2021", "n": ' + b"9" * 5000 + b"}",
    b'{"format": "gb2021", "n": NaN}',
    b'{"format": "gb2021", "meta": {"agency": "\\ud800"}}',
    b'{"format": "gb2021", "meta": {"agency": "a\\u0000"}}',
    b'{"format": "gb2021", "meta": {',
    b"\xff\xfe",
    b"[]",
    b"",
)
BUTTON_GARBAGE = (b'{"sheets":[]}', b'{"sheets":[{}]}', b'{"sheets":null}', NESTED)


def chinese_json(status: int, data: Any) -> bool:
    if status >= 500 or not isinstance(data, dict):
        return False
    if status < 300:
        return True
    return data.get("ok") is False and any(
        "\u4e00" <= c <= "\u9fff" for c in str(data.get("error"))
    )


class Soak:
    def __init__(
        self, url: str, people: list[tuple[str, str]], reports: list[dict[str, object]]
    ) -> None:
        self.url = url
        self.people = people
        self.reports = reports
        self.office = people[-1][1]
        self.lock = threading.Lock()
        self.kinds: Counter[str] = Counter()
        self.bad: list[str] = []
        self.accepted: dict[int, list[str]] = {}
        self.next_version: dict[int, int] = {}

    def record(self, kind: str, status: int, data: Any) -> None:
        with self.lock:
            self.kinds[kind] += 1
            if not chinese_json(status, data):
                self.bad.append(f"{kind}: {status} {str(data)[:100]}")

    def valid(self, http: Any, rnd: random.Random) -> None:
        i = rnd.randrange(len(self.people) - 1)
        with self.lock:
            n = self.next_version[i] = self.next_version.get(i, 0) + 1
        body = version_of(self.reports[i], n)
        r = http.post(
            "/submissions",
            content=body,
            headers=_auth(self.people[i][1]),
            params={"reason": f"第{n}版"},
        )
        if r.status_code == 201:
            with self.lock:
                self.accepted.setdefault(i, []).append(hashlib.sha256(body).hexdigest())
        self.record("valid", r.status_code, r.json())

    def invalid(self, http: Any, rnd: random.Random) -> None:
        i = rnd.randrange(len(self.people) - 1)
        data = dict(self.reports[i])
        data["values"] = {**data["values"], "T3.total.C7": -5}  # type: ignore[dict-item]
        body = version_of(data, 0)
        r = http.post("/submissions", content=body, headers=_auth(self.people[i][1]))
        self.record("invalid", r.status_code, r.json())

    def hostile(self, http: Any, rnd: random.Random) -> None:
        path = rnd.choice(("/submissions", "/xlwings/validate", "/api/rollup/2024"))
        token = rnd.choice((self.people[0][1], "", "x" * 43, self.office))
        body = rnd.choice(HOSTILE + BUTTON_GARBAGE)
        r = http.post(path, content=body, headers=_auth(token) if token else {})
        self.record("hostile", r.status_code, r.json())

    def oversized(self, http: Any, rnd: random.Random) -> None:
        path = rnd.choice(("/xlwings/validate", "/submissions", "/xlwings/export_json"))
        token = rnd.choice((self.people[1][1], ""))
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if rnd.random() < 0.5:
            headers["Content-Length"] = str(rnd.choice((30, 200)) * MB)
            chunks: Any = iter([b"x" * MB] * 200)
        else:
            headers["Transfer-Encoding"] = "chunked"
            chunks = chunked(rnd.choice((30, 200)) * MB)
        status, data, _ = raw_post(self.url, path, headers, chunks)
        self.record("oversized", status, data)

    def reads(self, http: Any, rnd: random.Random) -> None:
        path = rnd.choice(("/api/cases?year=2024", "/api/audit", "/api/me", "/submissions/1"))
        r = http.get(path, headers=_auth(self.office))
        self.record("read", r.status_code, r.json())


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


MIX: tuple[tuple[str, float], ...] = (
    ("valid", 0.35),
    ("invalid", 0.15),
    ("hostile", 0.25),
    ("oversized", 0.1),
    ("reads", 0.15),
)


def _client(soak: Soak, seed: int, until: float) -> None:
    import httpx

    rnd = random.Random(seed)
    actions: list[Callable[[Any, random.Random], None]] = [getattr(soak, n) for n, _ in MIX]
    weights = [w for _, w in MIX]
    with httpx.Client(base_url=soak.url, timeout=120) as http:
        while time.monotonic() < until:
            action = rnd.choices(actions, weights)[0]
            try:
                action(http, rnd)
            except Exception as exc:  # a client-side failure is a finding of the soak, not a crash
                with soak.lock:
                    soak.bad.append(f"{action.__name__}: {type(exc).__name__} {exc}")


def _versions(database: str) -> dict[int, list[str]]:
    from sqlalchemy import select

    from xl_disclosure.server.db import Database, units, versions

    db = Database(database)
    with db.read() as conn:
        rows = conn.execute(
            select(units.c.name, versions.c.sha256)
            .join(units, units.c.id == versions.c.unit_id)
            .order_by(versions.c.id)
        ).all()
    db.dispose()
    out: dict[int, list[str]] = {}
    for name, sha in rows:
        out.setdefault(int(name[-4:-1]) - 1, []).append(sha)
    return out


def soak(seconds: float, clients: int, work: Path, agencies: int = 20) -> dict[str, Any]:
    seconds = min(seconds, MAX_SECONDS)
    database = str(work / "soak.sqlite")
    people = setup_district(database, agencies)
    reports = [base_report(name, i) for i, (name, _) in enumerate(people[:-1])]
    with server_process(database, rate=0) as (url, pid):
        assert url.startswith(f"http://{HOST}:")
        start = rss_mb(pid)
        run = Soak(url, people, reports)
        until = time.monotonic() + seconds
        threads = [threading.Thread(target=_client, args=(run, i, until)) for i in range(clients)]
        for t in threads:
            t.start()
        peak = start
        while any(t.is_alive() for t in threads):
            peak = max(peak, rss_mb(pid))
            time.sleep(0.5)
        end = rss_mb(pid)
    stored = _versions(database)
    exact = {k: sorted(v) for k, v in run.accepted.items()} == {
        k: sorted(v) for k, v in stored.items()
    }
    return {
        "seconds": seconds,
        "clients": clients,
        "requests": dict(run.kinds),
        "bad_replies": run.bad[:10],
        "n_bad": len(run.bad),
        "rss_mb": (round(start), round(peak), round(end)),
        "stored_exactly_accepted": exact,
        "versions": sum(len(v) for v in stored.values()),
        "ok": not run.bad and exact and peak - start < 400,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=6)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="xd-soak-") as tmp:
        result = soak(args.seconds, args.clients, Path(tmp))
    for key, value in result.items():
        print(f"{key}: {value}")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
