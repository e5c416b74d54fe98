"""Aggregation of many JSON submissions: seconds and peak memory at three sizes."""

from __future__ import annotations

from pathlib import Path

from common import cli_command, json_submissions, measure_child, subset


def aggregation(work: Path, *, sizes: tuple[int, ...]) -> tuple[list[dict[str, object]], list[str]]:
    files = json_submissions(work / "json_all", max(sizes))
    rows: list[dict[str, object]] = []
    per_file: list[float] = []
    for n in sizes:
        folder = files[0].parent if n == len(files) else subset(files, work / f"json{n}", n)
        seconds, mb = measure_child(
            [*cli_command(), "aggregate", str(folder), "-o", str(work / f"summary{n}.xlsx")]
        )
        per_file.append(seconds / n * 1000)
        rows.append({"n": n, "seconds": seconds, "peak_mb": mb, "ms_per_file": seconds / n * 1000})
    growth = per_file[-1] / per_file[0]
    notes = [
        f"每个文件的耗时从 {per_file[0]:.1f} ms（{sizes[0]} 份）到 {per_file[-1]:.1f} ms（{sizes[-1]} 份），"
        f"比值 {growth:.2f}：{'线性增长' if growth <= 1.3 else '超过线性（需关注）'}。",
    ]
    mem = [r["peak_mb"] for r in rows]
    notes.append(
        f"峰值内存 {mem[0]:.0f} MB → {mem[-1]:.0f} MB（{sizes[0]} → {sizes[-1]} 份，"
        f"约 {(mem[-1] - mem[0]) / max(sizes[-1] - sizes[0], 1) * 1000:.1f} MB/千份）。"
    )
    return rows, notes
