"""Many workbooks: ``xl-disclosure validate DIR --jobs 2`` vs python-calamine's raw read."""

from __future__ import annotations

import os
import time
from pathlib import Path

from common import cli_command, filled_workbooks, run_timed


def calamine_read_all(files: list[Path]) -> None:
    """The floor: open each file with calamine and read every sheet's values."""
    from python_calamine import CalamineWorkbook

    for path in files:
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()
        wb.close()


def _calamine_two_processes(files: list[Path]) -> float:
    from concurrent.futures import ProcessPoolExecutor

    half = len(files) // 2
    start = time.perf_counter()
    with ProcessPoolExecutor(2) as pool:
        list(pool.map(calamine_read_all, [files[:half], files[half:]]))
    return time.perf_counter() - start


def batch(work: Path, *, n: int) -> list[dict[str, object]]:
    folder = work / f"batch{n}"
    files = filled_workbooks(folder, n)
    calamine_read_all(files)  # warm the page cache for everyone
    start = time.perf_counter()
    calamine_read_all(files)
    floor = time.perf_counter() - start
    floor2 = _calamine_two_processes(files)
    jobs = min(2, os.cpu_count() or 1)
    ours = run_timed([*cli_command(), "validate", str(folder), "--jobs", str(jobs)])
    ours1 = run_timed([*cli_command(), "validate", str(folder), "--jobs", "1"])
    ours_op = run_timed(
        [*cli_command(), "validate", str(folder), "--jobs", str(jobs), "--engine", "openpyxl"]
    )

    def rate(seconds: float) -> float:
        return n / seconds

    rows: list[dict[str, object]] = [
        {
            "what": f"批量校验 {n} 个工作簿：CLI `validate DIR --jobs {jobs}`（calamine 引擎，含启动）",
            "ours": f"{rate(ours):.0f} 个/秒（{ours:.1f} s）",
            "baseline": f"python-calamine 单进程只读取 {rate(floor):.0f} 个/秒（{floor:.1f} s）",
            "ratio": rate(ours) / rate(floor),
            "target": "≥ 0.33",
            "ok": rate(ours) / rate(floor) >= 1 / 3,
        },
        {
            "what": "同上，与 python-calamine 双进程只读取相比",
            "ours": f"{rate(ours):.0f} 个/秒",
            "baseline": f"{rate(floor2):.0f} 个/秒（{floor2:.1f} s）",
            "ratio": rate(ours) / rate(floor2),
            "target": "（参考）",
            "ok": None,
        },
        {
            "what": "同上，`--jobs 1`",
            "ours": f"{rate(ours1):.0f} 个/秒（{ours1:.1f} s）",
            "baseline": f"python-calamine 单进程 {rate(floor):.0f} 个/秒",
            "ratio": rate(ours1) / rate(floor),
            "target": "（参考）",
            "ok": None,
        },
        {
            "what": f"同上，`--jobs {jobs} --engine openpyxl`",
            "ours": f"{rate(ours_op):.0f} 个/秒（{ours_op:.1f} s）",
            "baseline": f"python-calamine 单进程 {rate(floor):.0f} 个/秒",
            "ratio": rate(ours_op) / rate(floor),
            "target": "（参考）",
            "ok": None,
        },
    ]
    return rows
