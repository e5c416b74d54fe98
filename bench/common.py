"""Shared helpers of the benchmark: timing, subprocess measurement, generated inputs.

Inputs are generated with the test factories (``tests/support``): filled templates from
``consistent_report`` via ``fill_template``, and canonical JSON submissions. To keep ``make
bench`` within minutes, a batch of N workbooks is made of up to 50 distinct files copied to N
names (reading cost does not depend on whether two files have equal bytes).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))  # the test factories (support.*)
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")
PYTHON = sys.executable
CLI = str(Path(sys.executable).with_name("xl-disclosure"))


def cli_command() -> list[str]:
    """The installed console script if present, else ``python -m xl_disclosure.cli``."""
    return [CLI] if Path(CLI).exists() else [PYTHON, "-m", "xl_disclosure.cli"]


def median_ms(fn: Callable[[], object], repeat: int, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def side_by_side(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median ms of each function, runs interleaved so that machine noise hits all alike."""
    for fn in fns.values():
        fn()
    samples: dict[str, list[float]] = {k: [] for k in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            start = time.perf_counter()
            fn()
            samples[name].append(time.perf_counter() - start)
    return {k: statistics.median(v) * 1000 for k, v in samples.items()}


def run_timed(cmd: Sequence[str], *, cwd: Path | None = None) -> float:
    """Wall seconds of a command (output discarded); raises if it fails with exit code > 1."""
    start = time.perf_counter()
    proc = subprocess.run(
        cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False
    )
    elapsed = time.perf_counter() - start
    if proc.returncode > 1:
        raise RuntimeError(
            f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}"
        )
    return elapsed


def measure_child(cmd: Sequence[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MB) of a command, measured in a fresh wrapper process so that
    ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` is that command's alone."""
    wrapper = (
        "import json, resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "t = time.perf_counter() - t\n"
        "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps({'seconds': t, 'maxrss_kb': rss, 'code': p.returncode,"
        " 'stderr': p.stderr.decode('utf-8', 'replace')[-400:]}))\n"
    )
    out = subprocess.run([PYTHON, "-c", wrapper, *cmd], capture_output=True, check=True, text=True)
    data = json.loads(out.stdout)
    if data["code"] > 1:
        raise RuntimeError(f"{' '.join(cmd)} failed ({data['code']}): {data['stderr']}")
    return float(data["seconds"]), data["maxrss_kb"] / 1024


def measure_tree(cmd: Sequence[str], *, every: float = 0.05) -> tuple[float, float, float]:
    """(wall seconds, peak RSS of the largest process, peak RSS summed over the process and all
    its workers) of a command, sampling the process tree with psutil."""
    elapsed, peak_one, peak_sum, _ = run_tree(cmd, every=every)
    return elapsed, peak_one, peak_sum


def run_tree(cmd: Sequence[str], *, every: float = 0.05) -> tuple[float, float, float, str]:
    """:func:`measure_tree` that also returns what the command printed."""
    import tempfile

    import psutil

    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE)
        top = psutil.Process(proc.pid)
        peak_one = peak_sum = 0
        while proc.poll() is None:
            try:
                tree = [top, *top.children(recursive=True)]
                sizes = [p.memory_info().rss for p in tree]
            except psutil.Error:
                sizes = []
            if sizes:
                peak_one, peak_sum = max(peak_one, *sizes), max(peak_sum, sum(sizes))
            time.sleep(every)
        elapsed = time.perf_counter() - start
        out.seek(0)
        printed = out.read().decode("utf-8", "replace")
    err = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.returncode > 1:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err[-500:]}")
    return elapsed, peak_one / 1048576, peak_sum / 1048576, printed


def filled_workbooks(folder: Path, n: int, *, distinct: int = 50) -> list[Path]:
    """``n`` filled templates (gb2021 and gb2019, consistent reports) in ``folder``."""
    from support.factories import consistent_report
    from support.workbooks import fill_template

    folder.mkdir(parents=True, exist_ok=True)
    made: list[Path] = []
    for i in range(min(n, distinct)):
        fmt = "gb2019" if i % 5 == 4 else "gb2021"
        made.append(
            fill_template(consistent_report(fmt, random.Random(i)), folder / f"{i:05d}.xlsx")
        )
    for i in range(len(made), n):
        target = folder / f"{i:05d}.xlsx"
        shutil.copyfile(made[i % len(made)], target)
        made.append(target)
    return made


def json_submissions(folder: Path, n: int, *, year: int = 2023) -> list[Path]:
    """``n`` canonical JSON submissions of distinct agencies (gb2021, one year)."""
    from support.factories import consistent_report
    from xl_disclosure.io.canonical import dumps, report_to_dict

    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        report = consistent_report("gb2021", random.Random(i), agency=f"测试单位{i:05d}", year=year)
        path = folder / f"{i:05d}.json"
        path.write_bytes(dumps(report_to_dict(report)))
        out.append(path)
    return out


def subset(files: Sequence[Path], folder: Path, n: int) -> Path:
    """A folder of hard links to the first ``n`` files."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in files[:n]:
        link = folder / path.name
        if not link.exists():
            os.link(path, link)
    return folder
