"""The national archive at scale: a synthetic archive of many reports, each named query timed;
near-duplicate detection over many narratives (time, peak memory, planted pairs found).

The synthetic archive is written straight with pyarrow in the archive's own layout and schemas
(``store.schemas()``; cells sorted by key, zstd, the same row groups), because archiving a
million real files through ``archive add`` would take hours here; the throughput of
``archive add`` on realistic files is measured separately.
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from common import PYTHON, ROOT, run_tree

_PROVINCES = 31
_CITIES = 8
_DISTRICTS = 6


def _regions() -> list[str]:
    return [
        f"第{p:02d}省/第{c}市/第{d}区"
        for p in range(_PROVINCES)
        for c in range(_CITIES)
        for d in range(_DISTRICTS)
    ]


def _levels(paths: list[str]) -> dict[str, list[str | None]]:
    from xl_disclosure.receiving.archive.store import region_levels

    cache = {p: region_levels(p) for p in set(paths)}
    names = next(iter(cache.values())).keys() if cache else ()
    return {name: [cache[p][name] for p in paths] for name in names}


def _write(root: Path, table: str, year: int, data: Any) -> None:
    import pyarrow.parquet as pq

    from xl_disclosure.receiving.archive.store import ROW_GROUP_ROWS

    folder = root / table / f"year={year}"
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(
        data,
        folder / f"part-{len(list(folder.iterdir())):05d}.parquet",
        compression="zstd",
        row_group_size=ROW_GROUP_ROWS[table],
    )


def _reports(
    rng: Any, n: int, *, year: int, fid: str, regions: list[str], prev_hash: Any, region: Any
) -> dict[str, Any]:
    import numpy as np
    import pyarrow as pa

    from xl_disclosure.receiving.archive.records import figure_names
    from xl_disclosure.receiving.archive.store import schemas

    agency = np.array([f"单位{i:07d}" for i in range(n)], dtype=object)
    received = rng.poisson(40, n).astype(float)
    completed = received + rng.integers(0, 5, n)
    figs: dict[str, Any] = {name: rng.poisson(3, n).astype(float) for name in figure_names()}
    figs.update(received=received, completed=completed, carry_in=rng.poisson(5, n).astype(float))
    figs["open"] = np.floor(completed * rng.uniform(0.2, 0.6, n))
    figs["partial"] = np.floor(completed * rng.uniform(0, 0.2, n))
    figs["review_total"] = rng.poisson(2, n).astype(float)
    figs["review_pending"] = np.minimum(figs["review_pending"], figs["review_total"])
    hashes = np.array([f"{v:032x}" for v in rng.integers(0, 2**62, n)], dtype=object)
    if prev_hash is not None:  # 1 % of agencies repeat last year's numbers
        same = rng.random(n) < 0.01
        hashes[same] = prev_hash[same]
    cols: dict[str, Any] = {
        "report_id": [f"{year}{i:010d}" for i in range(n)],
        "region": [regions[i] for i in region],
        **_levels([regions[i] for i in region]),
        "agency": agency,
        "format": [fid] * n,
        "source": ["json"] * n,
        "file": [f"{i:07d}.json" for i in range(n)],
        "values_hash": hashes,
        "narrative": [""] * n,
        "errors": rng.integers(0, 2, n).astype("int32"),
        "warnings": rng.integers(0, 6, n).astype("int32"),
        "infos": rng.integers(0, 3, n).astype("int32"),
        "schema_ok": np.ones(n, dtype=bool),
    }
    cols.update({f"fig_{k}": v for k, v in figs.items()})
    schema = schemas()["reports"]
    return {
        "table": pa.table({f.name: cols[f.name] for f in schema}, schema=schema),
        "region": region,
        "hashes": hashes,
    }


def _cells(
    rng: Any, n: int, *, year: int, fid: str, regions: list[str], region: Any, chunk: int
) -> Any:
    """Cells of ``n`` reports, key-major (sorted by key), written in chunks of reports."""
    import numpy as np
    import pyarrow as pa

    from xl_disclosure.receiving.archive.store import schemas
    from xl_disclosure.spec import load_format

    keys = [c.key for c in load_format(fid).cells]
    schema = schemas()["cells"]
    for start in range(0, n, chunk):
        m = min(chunk, n - start)
        ids = np.arange(start, start + m)
        rows = m * len(keys)
        tiled = np.tile(np.arange(m, dtype="int32"), len(keys))

        def dict_col(index: Any, values: list[str]) -> Any:
            # Dictionary-encoded as Parquet stores it anyway; readers see plain strings.
            return pa.DictionaryArray.from_arrays(index, pa.array(values))

        data = {
            "report_id": dict_col(tiled, [f"{year}{i:010d}" for i in ids]),
            "region": dict_col(
                np.tile(region[start : start + m].astype("int32"), len(keys)), regions
            ),
            "agency": dict_col(tiled, [f"单位{i:07d}" for i in ids]),
            "format": dict_col(np.zeros(rows, dtype="int32"), [fid]),
            "source": dict_col(np.zeros(rows, dtype="int32"), ["json"]),
            "key": dict_col(np.repeat(np.arange(len(keys), dtype="int32"), m), keys),
            "kind": dict_col(np.zeros(rows, dtype="int32"), ["number"]),
            "value": pa.array(rng.poisson(2, rows).astype(float)),
            "text": pa.nulls(rows, pa.string()),
            "errors": pa.array(np.zeros(rows, dtype="int32")),
            "warnings": pa.array(np.zeros(rows, dtype="int32")),
            "infos": pa.array(np.zeros(rows, dtype="int32")),
        }
        yield pa.table({f.name: data[f.name] for f in schema})


def build_synthetic(
    root: Path,
    reports: int,
    *,
    years: tuple[int, ...] = (2019, 2020, 2021, 2022, 2023, 2024),
    cells: bool = True,
) -> dict[str, float]:
    import numpy as np
    import pyarrow as pa

    from xl_disclosure.receiving.archive.store import schemas
    from xl_disclosure.spec import format_for_year

    rng = np.random.default_rng(15)
    regions = _regions()
    per_year = reports // len(years)
    region = rng.integers(0, len(regions), per_year)  # an agency stays in its region
    started = time.perf_counter()
    prev = None
    rules = ["D-002", "D-009", "D-013", "D-014", "X-003", "V-001", "T3-001", "P-005"]
    for year in years:
        fid = format_for_year(year)
        made = _reports(
            rng, per_year, year=year, fid=fid, regions=regions, prev_hash=prev, region=region
        )
        prev = made["hashes"]
        _write(root, "reports", year, made["table"])
        k = rng.integers(1, 5, per_year)
        idx = np.repeat(np.arange(per_year), k)
        schema = schemas()["findings"]
        within = np.arange(len(idx)) - np.repeat(np.cumsum(k) - k, k)
        rule = (rng.integers(0, len(rules), per_year)[idx] + within) % len(rules)  # distinct
        findings = pa.table(
            {
                "report_id": [f"{year}{i:010d}" for i in idx],
                "region": [regions[made["region"][i]] for i in idx],
                **_levels([regions[made["region"][i]] for i in idx]),
                "count": np.ones(len(idx), dtype="int32"),
                "agency": [f"单位{i:07d}" for i in idx],
                "format": [fid] * len(idx),
                "source": ["json"] * len(idx),
                "rule": [rules[r] for r in rule],
                "severity": [
                    "error" if rules[r].startswith(("T3", "V-")) else "warning" for r in rule
                ],
            },
            schema=schema,
        )
        _write(root, "findings", year, findings)
        for part in (
            ()
            if not cells
            else _cells(
                rng,
                per_year,
                year=year,
                fid=fid,
                regions=regions,
                region=made["region"],
                chunk=50_000,
            )
        ):
            _write(root, "cells", year, part)
    build = time.perf_counter() - started
    size = sum(p.stat().st_size for p in root.rglob("*.parquet"))
    return {"reports": float(per_year * len(years)), "seconds": build, "mb": size / 1048576}


def query_times(root: Path) -> list[tuple[str, float, int]]:
    from xl_disclosure.receiving.archive import NAMED, Archive, run_named, run_sql

    archive = Archive(root)
    out = []
    for name in NAMED:
        params: dict[str, Any] = {"level": 2} if name != "identical" else {}
        started = time.perf_counter()
        frame = run_named(archive, name, **params)
        out.append((name, time.perf_counter() - started, len(frame)))
    started = time.perf_counter()
    frame = run_sql(
        archive,
        "SELECT split_part(region, '/', 1) AS 省, year, sum(value) AS 新收 FROM cells "
        "WHERE key = 'T3.new.C7' GROUP BY ALL",
    )
    out.append(("cells：某一单元格按省汇总（SQL）", time.perf_counter() - started, len(frame)))
    return out


#: The child's own peak is VmHWM (reset at exec); ``getrusage`` ru_maxrss would carry over the
#: peak of this process, which forked it while holding every generated narrative.
_LSH_CHILD = """
import json, sys, time
sys.path[:0] = [{src!r}]
from pathlib import Path
from xl_disclosure.receiving.archive import Archive
from xl_disclosure.receiving.archive.similar import near_duplicates
t = time.perf_counter()
pairs = near_duplicates(Archive(Path(sys.argv[1])), jobs=0)
print(json.dumps({{"seconds": time.perf_counter() - t, "pairs": [sorted((p.a["agency"], p.b["agency"])) for p in pairs],
                  "peak_mb": next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")) / 1024}}))
"""


def lsh(root: Path, reports: int, planted: int = 100) -> dict[str, Any]:
    """``reports`` random narratives, ``planted`` copies with one sentence in 24 changed."""
    import pyarrow as pa

    from xl_disclosure.receiving.archive.store import schemas

    rnd = random.Random(3)
    pool = "政府信息公开工作年度报告我局区县市乡镇街道依法主动申请答复办理平台网站新媒体专栏解读回应培训考核监督保障制度目录指南文件预算决算项目审批许可处罚教育卫生交通环境住房民生救助就业养老医疗安全应急"

    def sentence() -> str:
        return "".join(rnd.choice(pool) for _ in range(rnd.randint(18, 30))) + "。"

    texts = []
    for i in range(reports):
        if i % (reports // planted) == 1 and len(texts) > 0:
            copy = list(texts[-1])
            copy[rnd.randrange(len(copy))] = sentence()
            texts.append(copy)
        else:
            texts.append([sentence() for _ in range(24)])
    schema = schemas()["reports"]
    n = len(texts)
    started = time.perf_counter()
    cols: dict[str, Any] = {f.name: pa.nulls(n, f.type) for f in schema}
    cols.update(
        report_id=pa.array([f"r{i:07d}" for i in range(n)]),
        region=pa.array(["某省/某市"] * n),
        agency=pa.array([f"单位{i:07d}" for i in range(n)]),
        narrative=pa.array(
            ["本报告依据《中华人民共和国政府信息公开条例》编制。" + "".join(t) for t in texts]
        ),
    )
    _write(root, "reports", 2023, pa.table(cols, schema=schema))
    written = time.perf_counter() - started
    src = str(ROOT / "src")
    _, _, tree_mb, printed = run_tree([PYTHON, "-c", _LSH_CHILD.format(src=src), str(root)])
    data = json.loads(printed.strip().splitlines()[-1])
    found = {tuple(p) for p in data["pairs"]}
    want = {
        tuple(sorted((f"单位{i - 1:07d}", f"单位{i:07d}")))
        for i in range(1, reports)
        if i % (reports // planted) == 1
    }
    return {
        "reports": n,
        "seconds": data["seconds"],
        "peak_mb": data["peak_mb"],
        "tree_mb": tree_mb,
        "planted": len(want),
        "found": len(want & found),
        "pairs": len(found),
        "write_seconds": written,
    }


def archive_add_rate(work: Path, n: int) -> float:
    """Realistic files archived per second by ``archive add`` (every core)."""
    from aggregation import realistic_folder
    from common import cli_command, measure_child

    folder = work / "archive_in"
    realistic_folder(folder, n)
    seconds, _ = measure_child(
        [
            *cli_command(),
            "archive",
            "add",
            str(folder),
            "--region",
            "某省/某市",
            "-a",
            str(work / "archive_rate"),
        ]
    )
    return n / seconds


if __name__ == "__main__":  # pragma: no cover - manual run
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        print(build_synthetic(Path(tmp) / "a", int(sys.argv[1]) if len(sys.argv) > 1 else 60_000))
        for row in query_times(Path(tmp) / "a"):
            print(row)
