"""Load test: N agencies submit new versions concurrently for S seconds (loopback only).

Each agency is one client that submits version 1, 2, 3 … of its report back to back. At the
end every version the server acknowledged (201) must be in the database exactly once, with
the number and the bytes the client sent, and nothing else: nothing lost, nothing
duplicated. Reports p50/p95 latency and throughput, on SQLite and on PostgreSQL.

Usage: python bench/server_load.py [--agencies 200] [--seconds 60] [--database sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from server_common import (
    MAX_SECONDS,
    base_report,
    database_for,
    percentile,
    rss_mb,
    server_process,
    setup_district,
    version_of,
)


async def _agency(
    http: Any,
    token: str,
    *,
    data: dict[str, object],
    until: float,
    sent: list[tuple[int, str]],
    latencies: list[float],
    errors: list[str],
) -> None:
    n = 0
    while time.monotonic() < until:
        n += 1
        body = version_of(data, n)
        start = time.perf_counter()
        r = await http.post(
            "/submissions",
            content=body,
            headers={"Authorization": f"Bearer {token}"},
            params={"reason": f"第{n}次修订"},
        )
        latencies.append(time.perf_counter() - start)
        if r.status_code == 201:
            sent.append((r.json()["number"], hashlib.sha256(body).hexdigest()))
        else:
            errors.append(f"{r.status_code} {r.text[:80]}")


def _stored(database: str) -> dict[str, list[tuple[int, str]]]:
    from sqlalchemy import select

    from xl_disclosure.server.db import Database, units, versions

    db = Database(database)
    with db.read() as conn:
        rows = conn.execute(
            select(units.c.name, versions.c.number, versions.c.sha256)
            .join(units, units.c.id == versions.c.unit_id)
            .order_by(units.c.name, versions.c.number)
        ).all()
    db.dispose()
    out: dict[str, list[tuple[int, str]]] = {}
    for name, number, sha in rows:
        out.setdefault(name, []).append((number, sha))
    return out


async def _run(
    url: str, agencies: list[tuple[str, str, dict[str, object]]], seconds: float
) -> dict[str, Any]:
    import httpx

    limits = httpx.Limits(max_connections=len(agencies), max_keepalive_connections=len(agencies))
    sent: dict[str, list[tuple[int, str]]] = {name: [] for name, _, _ in agencies}
    latencies: list[float] = []
    errors: list[str] = []
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as http:
        until = time.monotonic() + seconds
        started = time.perf_counter()
        await asyncio.gather(
            *(
                _agency(
                    http,
                    token,
                    data=data,
                    until=until,
                    sent=sent[name],
                    latencies=latencies,
                    errors=errors,
                )
                for name, token, data in agencies
            )
        )
        elapsed = time.perf_counter() - started
    return {"sent": sent, "latencies": latencies, "errors": errors, "elapsed": elapsed}


def load(kind: str, agencies: int, seconds: float, work: Path, workers: int = 1) -> dict[str, Any]:
    """One run on ``kind`` (sqlite or postgresql); the measured numbers and the checks."""
    seconds = min(seconds, MAX_SECONDS)
    with database_for(kind, work) as database:
        people = setup_district(database, agencies)[:-1]
        reports = [(name, token, base_report(name, i)) for i, (name, token) in enumerate(people)]
        with server_process(database, workers=workers) as (url, pid):
            before = rss_mb(pid)
            result = asyncio.run(_run(url, reports, seconds))
            peak = rss_mb(pid)
        stored = _stored(database)
    sent = {k: sorted(v) for k, v in result["sent"].items() if v}
    lost = [k for k in sent if stored.get(k) != sent[k]]
    extra = [k for k in stored if k not in sent]
    lat = result["latencies"]
    return {
        "database": kind,
        "workers": workers,
        "agencies": agencies,
        "seconds": round(result["elapsed"], 1),
        "requests": len(lat),
        "accepted": sum(len(v) for v in sent.values()),
        "errors": len(result["errors"]),
        "first_errors": result["errors"][:3],
        "p50_ms": round(percentile(lat, 50) * 1000),
        "p95_ms": round(percentile(lat, 95) * 1000),
        "per_second": round(len(lat) / result["elapsed"], 1),
        "lost_or_changed": lost,
        "unexpected": extra,
        "rss_mb": (round(before), round(peak)),
        "ok": not lost and not extra and not result["errors"],
    }


def report_lines(rows: list[dict[str, Any]]) -> list[str]:
    out = [
        "| 数据库 | 进程 | 单位 | 时长 s | 请求 | 接收版本 | 错误 | p50 ms | p95 ms | 每秒 | 丢失/重复 | 内存 MB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in rows:
        bad = len(r["lost_or_changed"]) + len(r["unexpected"])
        out.append(
            f"| {r['database']} | {r['workers']} | {r['agencies']} | {r['seconds']} | {r['requests']} | {r['accepted']} | "
            f"{r['errors']} | {r['p50_ms']} | {r['p95_ms']} | {r['per_second']} | {bad} | "
            f"{r['rss_mb'][0]}→{r['rss_mb'][1]} |"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--database", default="sqlite,postgresql")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="xd-load-") as tmp:
        for kind in args.database.split(","):
            try:
                rows.append(load(kind, args.agencies, args.seconds, Path(tmp), args.workers))
            except RuntimeError as exc:
                print(f"{kind}: 跳过（{exc}）")
    print("\n".join(report_lines(rows)))
    for r in rows:
        if r["first_errors"]:
            print(r["database"], "errors:", r["first_errors"])
    return 0 if rows and all(r["ok"] for r in rows) else 1


if __name__ == "__main__":
    raise SystemExit(main())
