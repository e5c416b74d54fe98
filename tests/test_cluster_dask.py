"""``--dask ADDRESS``: the same per-file function on a Dask cluster gives what a local run gives.

A ``LocalCluster`` with two worker processes stands in for a real scheduler (workers are
separate processes: the functions and their results really travel by pickle).
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.factories import consistent_report
from support.realistic import write_realistic
from xl_disclosure.cli import main
from xl_disclosure.io.canonical import dumps, report_to_dict
from xl_disclosure.receiving.archive import Archive, run_sql
from xl_disclosure.receiving.cluster import map_ordered

distributed = pytest.importorskip("distributed")

DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    )
    try:
        yield str(cluster.scheduler_address)
    finally:
        cluster.close()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dask-in")
    write_realistic(folder, 40)
    bad = consistent_report("gb2021", random.Random(1), agency="坏局", year=2023)
    data = report_to_dict(bad)
    data["values"]["T3.new.C1"] = "十二"
    (folder / "bad.json").write_bytes(dumps(data))
    (folder / "broken.json").write_text("{", "utf-8")
    return folder


def test_map_ordered_on_the_cluster_equals_local(scheduler: str) -> None:
    items = list(range(-50, 50))
    assert list(map_ordered(abs, items, dask=scheduler, chunk=7)) == [abs(i) for i in items]


def test_archive_add_on_the_cluster_equals_local(
    scheduler: str, reports: Path, tmp_path: Path
) -> None:
    local, remote = Archive(tmp_path / "local"), Archive(tmp_path / "remote")
    paths = sorted(reports.glob("*.json"))
    a = local.add(paths, region="某省/某市", jobs=1)
    b = remote.add(paths, region="某省/某市", dask=scheduler)
    assert (a.added, a.refused, a.errors) == (b.added, b.refused, b.errors)
    assert a.added == 41
    for table, order in (
        ("reports", "report_id"),
        ("cells", "report_id, key"),
        ("findings", "report_id, rule"),
    ):
        sql = f"SELECT * EXCLUDE (year), year FROM {table} ORDER BY {order}"
        left, right = run_sql(local, sql), run_sql(remote, sql)
        assert left.equals(right), table


def test_validate_on_the_cluster_equals_local(
    scheduler: str, reports: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    local = main(["validate", str(reports), "--json", "-j", "1"])
    out_local = json.loads(capsys.readouterr().out)
    remote = main(["validate", str(reports), "--json", "--dask", scheduler])
    out_remote = json.loads(capsys.readouterr().out)
    assert local == remote == 2
    assert out_local["files"] == out_remote["files"]
    assert {f["exit_code"] for f in out_local["files"]} == {1, 2}


def test_import_on_the_cluster_equals_local(scheduler: str, tmp_path: Path) -> None:
    source = DATA / "zhenhai-news-center-2019.txt"
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    code_a = main(["import", str(source), "-o", str(a)])
    code_b = main(["import", str(source), "-o", str(b), "--dask", scheduler])
    assert code_a == code_b
    assert a.read_bytes() == b.read_bytes()


def test_unreachable_scheduler_is_a_chinese_error(
    reports: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import xl_disclosure.receiving.cluster as cluster

    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 2)
    code = main(
        [
            "archive",
            "add",
            str(reports),
            "--region",
            "某省",
            "-a",
            str(tmp_path / "x"),
            "--dask",
            "tcp://127.0.0.1:9",
        ]
    )
    err = capsys.readouterr().err
    assert code == 2 and "无法连接 Dask 调度器" in err and "Traceback" not in err
