"""``make bench`` keeps working: every section runs end to end on tiny inputs (no timing is
asserted; the benchmark's numbers live in docs/bench.md)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


@pytest.mark.slow
def test_bench_runs_on_tiny_inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("xlwings")
    monkeypatch.syspath_prepend(str(BENCH))
    monkeypatch.setenv("XLWINGS_LICENSE_KEY", "noncommercial")
    import aggregation
    import batch_throughput
    import excel_calls
    import single

    rows = single.single(tmp_path, repeat=1, cold_repeat=1)
    rows += batch_throughput.batch(tmp_path, n=6)
    assert all(isinstance(r["ratio"], float) and r["ratio"] > 0 for r in rows)
    agg, notes = aggregation.aggregation(tmp_path, sizes=(2, 4), repeat=2)
    assert [r["n"] for r in agg] == [2, 4] and len(notes) == 3
    assert [len(r["ratios"]) for r in agg] == [2, 2]  # type: ignore[arg-type]
    assert "2 次交替测量取中位数" in notes[0]
    again = aggregation.rerun(tmp_path, 20, changed=0.1, repeat=2)
    assert again["changed"] == 2 and len(again["ratios"]) == 2  # type: ignore[arg-type]
    import archive_scale

    assert archive_scale.build_synthetic(tmp_path / "archive", 12)["reports"] == 12
    assert [row[0] for row in archive_scale.query_times(tmp_path / "archive")][:2] == [
        "rollup",
        "indicators",
    ]
    assert archive_scale.lsh(tmp_path / "lsh", 40, planted=4)["found"] == 4
    calls = excel_calls.excel_calls(tmp_path)
    assert [c["target_findings"] for c in calls] == [0, 10, 200]
    assert calls[1]["calls"] == calls[2]["calls"]
    for name in (
        "aggregation",
        "archive_scale",
        "batch_throughput",
        "excel_calls",
        "single",
        "common",
    ):
        sys.modules.pop(name, None)


def test_bench_cli_writes_the_report(tmp_path: Path) -> None:
    import subprocess

    out = tmp_path / "bench.md"
    proc = subprocess.run(
        [sys.executable, str(BENCH / "run.py"), "--quick", "--only", "single", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    text = out.read_text(encoding="utf-8")
    assert "单个工作簿" in text and "| 测量 |" in text
