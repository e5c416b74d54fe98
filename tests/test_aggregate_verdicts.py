"""Verdicts kept between aggregation runs (receiving/aggregate/verdicts.py): a file checked
before is not checked again, and the summary is the same with or without the cache."""

from __future__ import annotations

import io
import json
import os
import random
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from support.profiles import profiled_report
from support.realistic import write_realistic
from xl_disclosure.cli import main
from xl_disclosure.io.canonical import dumps, report_to_dict
from xl_disclosure.receiving.aggregate import aggregate
from xl_disclosure.receiving.aggregate.verdicts import CACHE_ENV, VerdictCache, fingerprint
from xl_disclosure.spec import load_format, profile_formats

PROFILES = Path(__file__).parents[1] / "src" / "xl_disclosure" / "spec" / "profiles"

REUSED = "沿用了当时的校验结果"
N = 40  # above the size from which workers are used


@pytest.fixture(scope="module")
def submissions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_realistic(tmp_path_factory.mktemp("in") / "reports", N)[0].parent


def _copy(src: Path, dst: Path) -> Path:
    dst.mkdir()
    for p in src.iterdir():
        (dst / p.name).write_bytes(p.read_bytes())
    return dst


def _run(folder: Path, out: Path, *extra: str) -> tuple[int, str]:
    stdout = io.StringIO()
    old = sys.stdout
    sys.stdout = stdout
    try:
        code = main(["aggregate", str(folder), "-o", str(out), "--force", *extra])
    finally:
        sys.stdout = old
    return code, stdout.getvalue()


def _said(text: str) -> list[str]:
    """What a run printed, without the workbook's name and the line on reused verdicts."""
    return [line for line in text.splitlines()[1:] if REUSED not in line]


def _parts(path: Path) -> dict[str, bytes]:
    """The workbook's parts, without the creation time openpyxl stamps."""
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist() if n != "docProps/core.xml"}


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    return folder


def test_a_second_run_reuses_every_verdict_and_writes_the_same_workbook(
    submissions: Path, cache_dir: Path, tmp_path: Path
) -> None:
    code1, text1 = _run(submissions, tmp_path / "a.xlsx")
    code2, text2 = _run(submissions, tmp_path / "b.xlsx")
    code3, text3 = _run(submissions, tmp_path / "c.xlsx", "--no-cache")
    assert REUSED not in text1 and REUSED not in text3
    assert f"其中 {N} 个文件与以前汇总时内容相同，{REUSED}" in text2
    assert code1 == code2 == code3
    assert _said(text1) == _said(text2) == _said(text3)
    assert _parts(tmp_path / "a.xlsx") == _parts(tmp_path / "b.xlsx") == _parts(tmp_path / "c.xlsx")
    assert [p.name for p in cache_dir.glob("verdicts-*.sqlite")] == [
        f"verdicts-{fingerprint()[:24]}.sqlite"
    ]


def test_a_changed_file_is_checked_again(
    submissions: Path, cache_dir: Path, tmp_path: Path
) -> None:
    folder = _copy(submissions, tmp_path / "in")
    _run(folder, tmp_path / "a.xlsx")
    changed = sorted(folder.iterdir())[3]
    data = json.loads(changed.read_text("utf-8"))
    data["values"]["T3.new.C7"] = data["values"]["T3.new.C7"] + 5  # totals no longer add up
    changed.write_bytes(dumps(data))
    _, text = _run(folder, tmp_path / "b.xlsx")
    assert f"其中 {N - 1} 个文件" in text
    _, fresh = _run(folder, tmp_path / "c.xlsx", "--no-cache")
    assert "有强制性错误：" + changed.name in fresh
    assert _said(text) == _said(fresh)
    assert _parts(tmp_path / "b.xlsx") == _parts(tmp_path / "c.xlsx")


def test_rejected_files_are_not_kept(submissions: Path, cache_dir: Path, tmp_path: Path) -> None:
    folder = _copy(submissions, tmp_path / "in")
    (folder / "zz-broken.json").write_text('{"format": "gb2021", "values": ', "utf-8")
    _, first = _run(folder, tmp_path / "a.xlsx")
    _, second = _run(folder, tmp_path / "b.xlsx")
    assert f"其中 {N} 个文件" in second  # the broken file is read again, not reused
    assert "退回：zz-broken.json" in first and "退回：zz-broken.json" in second


def test_a_damaged_cache_is_started_again(
    submissions: Path, cache_dir: Path, tmp_path: Path
) -> None:
    cache_dir.mkdir()
    damaged = cache_dir / f"verdicts-{fingerprint()[:24]}.sqlite"
    damaged.write_bytes(b"this is not a database" * 100)
    code, text = _run(submissions, tmp_path / "a.xlsx")
    assert REUSED not in text and code in (0, 1)
    _, again = _run(submissions, tmp_path / "b.xlsx")
    assert f"其中 {N} 个文件" in again
    assert _parts(tmp_path / "a.xlsx") == _parts(tmp_path / "b.xlsx")


def test_a_damaged_row_is_checked_again(submissions: Path, tmp_path: Path) -> None:
    cache = VerdictCache.open(tmp_path / "cache")
    assert cache is not None
    first = aggregate(submissions, verdicts=cache)
    cache.close()
    with sqlite3.connect(cache.path) as db:
        db.execute("UPDATE verdicts SET findings = x'00ff' WHERE rowid = 1")
    cache = VerdictCache.open(tmp_path / "cache")
    assert cache is not None
    second = aggregate(submissions, verdicts=cache)
    cache.close()
    assert second.batch.reused == N - 1
    assert [s.rows for s in second.iter_submissions()] == [s.rows for s in first.iter_submissions()]


def test_an_unusable_cache_folder_only_turns_caching_off(
    submissions: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x", "utf-8")
    assert VerdictCache.open(blocker / "cache") is None
    monkeypatch.setenv(CACHE_ENV, str(blocker / "cache"))
    code, text = _run(submissions, tmp_path / "a.xlsx")
    assert "已生成汇总工作簿" in text and REUSED not in text and code in (0, 1)
    monkeypatch.setenv(CACHE_ENV, "off")
    assert VerdictCache.open() is None


def test_cached_submissions_equal_checked_ones(submissions: Path, tmp_path: Path) -> None:
    plain = aggregate(submissions)
    cache = VerdictCache.open(tmp_path / "cache")
    assert cache is not None
    aggregate(submissions, verdicts=cache)
    cached = aggregate(submissions, verdicts=cache)
    cache.close()
    assert cached.batch.reused == N and plain.batch.reused == 0
    for a, b in zip(plain.iter_submissions(), cached.iter_submissions(), strict=True):
        assert (a.file, a.agency, a.year, a.format_id, a.money_unit) == (
            b.file,
            b.agency,
            b.year,
            b.format_id,
            b.money_unit,
        )
        assert a.packed == b.packed and a.rows == b.rows and a.findings == b.findings
    assert plain.combined.values == cached.combined.values


def _fingerprint_in(env: dict[str, str]) -> str:
    code = (
        "from xl_disclosure.receiving.aggregate.verdicts import fingerprint; print(fingerprint())"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_fingerprint_follows_the_installed_profiles(tmp_path: Path) -> None:
    here = _fingerprint_in({})
    assert here == fingerprint()
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    shipped = sorted(Path(PROFILES).glob("*.json"))[0]
    data = json.loads(shipped.read_text("utf-8"))
    data["profile"] = "test-local-copy"
    (profiles / "copy.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    with_profile = _fingerprint_in({"XL_DISCLOSURE_PROFILES": str(profiles)})
    assert with_profile != here
    assert _fingerprint_in({"XL_DISCLOSURE_PROFILES": str(profiles)}) == with_profile


def test_profile_cells_follow_the_national_ones() -> None:
    """Totals sum a profile report in a national batch over its first cells."""
    for fid in profile_formats():
        spec = load_format(fid)
        national = load_format(spec.national_id)
        assert [c.key for c in spec.cells[: len(national.cells)]] == [
            c.key for c in national.cells
        ], fid


def test_a_profile_report_after_a_national_one_joins_the_batch(tmp_path: Path) -> None:
    zj = "gb2019+zj-2019"
    national = profiled_report(zj, random.Random(1), agency="甲局", year=2020)
    national.format_id = "gb2019"
    local = profiled_report(zj, random.Random(2), agency="乙局", year=2020)
    assert isinstance(local.value("ZJ.T1.R1"), int)  # the local table holds numbers
    (tmp_path / "a-national.json").write_bytes(dumps(report_to_dict(national)))
    (tmp_path / "b-local.json").write_bytes(dumps(report_to_dict(local)))
    agg = aggregate(tmp_path)
    assert agg.format_id == "gb2019" and agg.batch.accepted == 2
    key = "T3.new.C7"
    assert agg.combined.value(key) == national.value(key) + local.value(key)  # type: ignore[operator]
    assert len(agg.frame) == 2 * len(load_format("gb2019").cells)  # the national cells only


def test_a_cache_folder_with_uri_characters_works(
    submissions: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "缓存 #1 ?a=b %20"
    monkeypatch.setenv(CACHE_ENV, str(folder))
    _run(submissions, tmp_path / "a.xlsx")
    _, text = _run(submissions, tmp_path / "b.xlsx")
    assert f"其中 {N} 个文件" in text


def _uses_an_inherited_reader(path: str) -> bool:
    """In a forked worker: whether the cache's reading connection is one the parent had open."""
    from xl_disclosure.receiving.aggregate import verdicts

    inherited = [c for c in verdicts._readers.values() if c is not None]
    mine = verdicts._reader(path)
    return any(mine is c for c in inherited)


@pytest.mark.skipif(sys.platform == "win32", reason="fork")
def test_a_forked_worker_opens_its_own_reading_connection(
    submissions: Path, cache_dir: Path, tmp_path: Path
) -> None:
    """A --jobs 1 run leaves this process a reading connection; workers forked later (a run
    with workers in the same process, as in the server or a test) must not use it."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from xl_disclosure.receiving.aggregate import verdicts

    _run(submissions, tmp_path / "a.xlsx", "--jobs", "1")
    cache = next(cache_dir.glob("verdicts-*.sqlite"))
    assert verdicts._reader(str(cache)) is not None  # this process has one open
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        assert pool.submit(_uses_an_inherited_reader, str(cache)).result() is False
