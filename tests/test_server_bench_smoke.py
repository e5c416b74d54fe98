"""The server benchmarks keep working: the load and soak tests end to end on tiny inputs.

The numbers are not asserted here (they live in docs/bench.md); what is asserted are the
benchmarks' own checks: nothing lost or duplicated, every reply a success or a Chinese JSON
error, nothing stored from refused requests, on loopback only.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.fixture
def bench(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.syspath_prepend(str(BENCH))
    yield
    for name in ("server_common", "server_load", "server_soak"):
        sys.modules.pop(name, None)


def test_load_test_on_sqlite_loses_and_duplicates_nothing(bench: None, tmp_path: Path) -> None:
    import server_load

    row = server_load.load("sqlite", agencies=4, seconds=2, work=tmp_path, workers=2)
    assert row["ok"], row
    assert row["accepted"] == row["requests"] > 4 and row["p95_ms"] >= row["p50_ms"] > 0


def test_soak_test_replies_in_chinese_json_and_stores_only_accepted(
    bench: None, tmp_path: Path
) -> None:
    import server_soak

    result = server_soak.soak(seconds=3, clients=2, work=tmp_path, agencies=3)
    assert result["ok"], result
    assert result["versions"] == result["requests"].get("valid", 0)
    assert server_soak.HOST == "127.0.0.1"
