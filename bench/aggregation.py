"""Aggregation of realistic submissions: wall time against the JSON-parse floor, peak memory.

Reports look like real ones (findings, a local table, and narratives worded anew for each
report and as long as published ones run: ``support.realistic`` with ``varied``), each with its
own agency. For every size the summary workbook is built by the real command
(``xl-disclosure aggregate DIR -o summary.xlsx``, every core) in a child process, and the floor
("json.loads of every file": a child process that reads and parses each file with the standard
library) is measured on the same folder in the same run.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from common import PYTHON, cli_command, measure_child, measure_tree, subset

_TEMPLATES = 2000
_FLOOR = (
    "import json, os, sys\n"
    "d = sys.argv[1]\n"
    "for name in sorted(os.listdir(d)):\n"
    "    if name.endswith('.json'):\n"
    "        with open(os.path.join(d, name), 'rb') as fh:\n"
    "            json.loads(fh.read())\n"
)

#: Reads every file once, so neither measured run pays for the disk (the page cache holds them).
_READ = (
    "import os, sys\n"
    "d = sys.argv[1]\n"
    "for name in os.listdir(d):\n"
    "    with open(os.path.join(d, name), 'rb') as fh:\n"
    "        fh.read()\n"
)


def realistic_folder(folder: Path, n: int, *, year: int = 2023) -> list[Path]:
    """``n`` realistic submissions of distinct agencies (2,000 templates with their own
    narratives, agency names varied)."""
    from support.realistic import realistic_dict
    from xl_disclosure.io.canonical import dumps

    folder.mkdir(parents=True, exist_ok=True)
    mark = "@@机关@@"
    templates = []
    for i in range(min(n, _TEMPLATES)):
        data = realistic_dict(i, year=year, varied=True)
        agency = data["meta"]["agency"]
        data["meta"]["agency"] = mark
        data["meta"]["title"] = data["meta"]["title"].replace(agency, mark)
        templates.append((dumps(data), agency))
    out = []
    for i in range(n):
        raw, agency = templates[i % len(templates)]
        path = folder / f"{i:06d}.json"
        if not path.exists():
            path.write_bytes(raw.replace(mark.encode(), f"{agency}{i:06d}".encode()))
        out.append(path)
    return out


@contextmanager
def _cache_in(folder: Path | None) -> Iterator[Path]:
    """The verdict cache of the measured command: ``folder``, or a new empty one (a first run,
    which also pays for writing it), removed afterwards."""
    from xl_disclosure.receiving.aggregate.verdicts import CACHE_ENV

    before = os.environ.get(CACHE_ENV)
    with tempfile.TemporaryDirectory(prefix="xl-bench-cache-") as fresh:
        os.environ[CACHE_ENV] = str(folder or fresh)
        try:
            yield Path(folder or fresh)
        finally:
            if before is None:
                os.environ.pop(CACHE_ENV, None)
            else:
                os.environ[CACHE_ENV] = before


def _aggregate(folder: Path, out: Path, cache: Path | None = None) -> tuple[float, float, float]:
    """One run of the command; without ``cache`` a first run (every file checked)."""
    with _cache_in(cache):
        return measure_tree([*cli_command(), "aggregate", str(folder), "-o", str(out), "--force"])


#: Sizes up to this are measured :data:`REPEAT` times, aggregate and floor in turn, and the
#: median kept (a shared VM drifts by ±25% and more between runs; larger sizes run once).
REPEAT_UP_TO = 10_000
REPEAT = 5


def measure_sizes(
    work: Path, sizes: tuple[int, ...], *, year: int = 2023, repeat: int = REPEAT
) -> list[dict[str, object]]:
    """One row per size: the aggregation of that many realistic reports of ``year`` (its
    format: 2023 is gb2021, 2020 the 2019 trial format) against the parse floor."""
    files = realistic_folder(work / f"json_all_{year}", max(sizes), year=year)
    rows: list[dict[str, object]] = []
    for n in sizes:
        folder = files[0].parent if n == len(files) else subset(files, work / f"json{n}_{year}", n)
        measure_child([PYTHON, "-c", _READ, str(folder)])  # both runs then read from memory
        runs = []
        for _ in range(repeat if n <= REPEAT_UP_TO else 1):
            seconds, mb, total_mb = _aggregate(folder, work / f"summary{n}_{year}.xlsx")
            floor, _ = measure_child([PYTHON, "-c", _FLOOR, str(folder)])
            runs.append((seconds / floor, seconds, floor, mb, total_mb))
        runs.sort()
        ratio, seconds, floor, _, _ = runs[len(runs) // 2]  # the median run by its ratio
        rows.append(
            {
                "n": n,
                "year": year,
                "seconds": seconds,
                "peak_mb": max(r[3] for r in runs),
                "total_mb": max(r[4] for r in runs),
                "ms_per_file": seconds / n * 1000,
                "floor": floor,
                "ratio": ratio,
                "runs": len(runs),
                "ratios": [r[0] for r in runs],
            }
        )
    return rows


def aggregation(
    work: Path, *, sizes: tuple[int, ...], ratio_at: int | None = None, repeat: int = REPEAT
) -> tuple[list[dict[str, object]], list[str]]:
    """Rows (n, seconds, ms per file, peak MB, floor seconds, ratio) and notes."""
    rows = measure_sizes(work, sizes, repeat=repeat)
    ratio_at = ratio_at if ratio_at in sizes else sizes[-1]
    at = next(r for r in rows if r["n"] == ratio_at)
    first, last = rows[0], rows[-1]
    growth = float(last["ms_per_file"]) / float(first["ms_per_file"])  # type: ignore[arg-type]
    cores = os.cpu_count() or 1
    notes = [
        f"{ratio_at} 份：aggregate {at['seconds']:.1f} s，json.loads 逐个解析 {at['floor']:.1f} s，"
        f"比值 {at['ratio']:.2f}（目标 ≤ 3，{cores} 核）{'✅' if float(at['ratio']) <= 3 else '❌'}"  # type: ignore[arg-type]
        + spread(at)
        + "。",
        f"每份耗时 {first['ms_per_file']:.2f} ms（{first['n']} 份）→ {last['ms_per_file']:.2f} ms"
        f"（{last['n']} 份），比值 {growth:.2f}{'（持平 ✅）' if growth <= 1.3 else '（增长 ❌）'}。",
        "峰值内存（最大的单个进程）："
        + "，".join(f"{r['n']} 份 {r['peak_mb']:.0f} MB" for r in rows)
        + f"（目标 ≤ 250 MB）{'✅' if all(float(r['peak_mb']) <= 250 for r in rows) else '❌'}；"  # type: ignore[arg-type]
        + "主进程与工作进程合计："
        + "，".join(f"{r['total_mb']:.0f} MB" for r in rows)
        + "。",
    ]
    return rows, notes


def rerun(work: Path, n: int, *, changed: float = 0.01, repeat: int = REPEAT) -> dict[str, object]:
    """Aggregating again after a share of the files changed (the receiving office's daily
    rebuild while submissions come in): the verdicts of unchanged files are reused.

    The cache is filled by one unmeasured run; before each measured run ``changed`` of the
    files (a different set each time) gain a trailing newline, so their bytes, and so their
    verdicts, are new. Aggregate and floor alternate; the median run by ratio is kept."""
    files = realistic_folder(work / "json_all_2023", n)
    folder = work / f"json{n}_rerun"  # copies, not links: these files are changed
    folder.mkdir(parents=True, exist_ok=True)
    for path in files:
        (folder / path.name).write_bytes(path.read_bytes())
    paths = sorted(folder.iterdir())
    step = max(1, round(n * changed))
    with tempfile.TemporaryDirectory(prefix="xl-bench-verdicts-") as kept:
        _aggregate(folder, work / "rerun.xlsx", Path(kept))
        runs = []
        for i in range(repeat):
            for path in paths[i * step : (i + 1) * step]:
                with path.open("ab") as fh:
                    fh.write(b"\n")
            measure_child([PYTHON, "-c", _READ, str(folder)])
            seconds, mb, total_mb = _aggregate(folder, work / "rerun.xlsx", Path(kept))
            floor, _ = measure_child([PYTHON, "-c", _FLOOR, str(folder)])
            runs.append((seconds / floor, seconds, floor, mb, total_mb))
    runs.sort()
    ratio, seconds, floor, mb, total_mb = runs[len(runs) // 2]
    return {
        "n": n,
        "changed": step,
        "seconds": seconds,
        "floor": floor,
        "ratio": ratio,
        "peak_mb": mb,
        "total_mb": total_mb,
        "ratios": [r[0] for r in runs],
    }


def spread(row: dict[str, object]) -> str:
    """ "（N 次交替测量取中位数，各次比值 …）" for a repeated size, "" for a single run."""
    ratios = row.get("ratios")
    if not isinstance(ratios, list) or len(ratios) < 2:
        return ""
    return (
        f"（{len(ratios)} 次交替测量取中位数，各次比值 "
        + " / ".join(f"{r:.1f}" for r in ratios)
        + "）"
    )


def breakdown(work: Path, n: int = 200) -> list[tuple[str, float]]:
    """Milliseconds per file of each step of the per-file function (in this process)."""
    import json
    import time

    import orjson

    from xl_disclosure.io.canonical import report_from_dict
    from xl_disclosure.io.json_fields import text_is_clean
    from xl_disclosure.io.schema_check import schema_valid
    from xl_disclosure.receiving.aggregate.examine import examine, warm
    from xl_disclosure.validate import validate
    from xl_disclosure.validate.prose import claims_of

    files = realistic_folder(work / "breakdown", n)
    warm()
    raws = [p.read_bytes() for p in files]
    datas = [orjson.loads(r) for r in raws]
    clean = [text_is_clean(r) for r in raws]
    reports = [report_from_dict(d, text_checked=c) for d, c in zip(datas, clean, strict=True)]
    steps: list[tuple[str, object]] = [
        ("json.loads（标准库）", lambda: [json.loads(r) for r in raws]),
        ("orjson.loads", lambda: [orjson.loads(r) for r in raws]),
        ("结构校验（jsonschema-rs）", lambda: [schema_valid(d) for d in datas]),
        (
            "report_from_dict（字节已确认无非法字符）",
            lambda: [
                report_from_dict(d, text_checked=c) for d, c in zip(datas, clean, strict=True)
            ],
        ),
        ("validate（全部规则）", lambda: [validate(r) for r in reports]),
        (
            "其中：读正文中的数字与说法（X-003/X-005 的输入）",
            lambda: [claims_of(r) for r in reports],
        ),
        ("examine（读文件到结果记录，合计）", lambda: [examine(str(p)) for p in files]),
    ]
    out = []
    for label, fn in steps:
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        out.append((label, (time.perf_counter() - started) / n * 1000))
    return out
