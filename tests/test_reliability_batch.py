"""Batch validation (``xl-disclosure validate DIR --jobs N``): same verdicts as one file at a time,
whatever the engine or the number of processes; one bad file never stops the batch."""

from __future__ import annotations

import io
import json
import random
import shutil
from pathlib import Path

import openpyxl
import pytest

from support.factories import consistent_report
from support.workbooks import fill_template
from xl_disclosure.cli import main
from xl_disclosure.io.canonical import dumps, report_to_dict
from xl_disclosure.layout import layout_for
from xl_disclosure.receiving.batch import check_file, collect, validate_many


def _set(path: Path, place: str, value: object, *, error: bool = False) -> Path:
    p = layout_for("gb2021").locate(place)
    assert p is not None
    wb = openpyxl.load_workbook(path)
    cell = wb[p.sheet][p.cell]
    cell.value = value
    if error:
        cell.data_type = "e"
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("submissions")
    (root / "县级").mkdir()
    fill_template(consistent_report("gb2021", random.Random(1)), root / "a-valid.xlsx")
    fill_template(
        consistent_report("gb2019", random.Random(2)), root / "县级" / "b-valid-2019.xlsx"
    )
    bad = fill_template(consistent_report("gb2021", random.Random(3)), root / "c-findings.xlsx")
    _set(bad, "T3.new.C1", "５０")
    spill = fill_template(consistent_report("gb2021", random.Random(4)), root / "d-spill.xlsx")
    _set(spill, "T3.new.C2", "#SPILL!", error=True)  # calamine refuses: openpyxl reads it
    data = (root / "a-valid.xlsx").read_bytes()
    (root / "e-truncated.xlsx").write_bytes(data[: len(data) // 2])
    (root / "f.json").write_bytes(
        dumps(report_to_dict(consistent_report("gb2021", random.Random(5))))
    )
    (root / "~$a-valid.xlsx").write_bytes(b"lock file")  # Excel's lock file: skipped
    (root / "notes.txt").write_text("skipped")
    return root


def _single(path: Path, engine: str) -> tuple[int, list[tuple[str, tuple[str, ...]]]]:
    out, err = io.StringIO(), io.StringIO()
    from contextlib import redirect_stderr, redirect_stdout

    with redirect_stdout(out), redirect_stderr(err):
        code = main(["validate", "--json", "--engine", engine, str(path)])
    if code == 2:
        return code, []
    data = json.loads(out.getvalue())
    return code, [(f["rule"], tuple(f["places"])) for f in data["findings"]]


def test_collect_skips_lock_and_other_files(folder: Path) -> None:
    names = [p.relative_to(folder).as_posix() for p in collect([folder])]
    assert names == [
        "a-valid.xlsx",
        "c-findings.xlsx",
        "d-spill.xlsx",
        "e-truncated.xlsx",
        "f.json",
        "县级/b-valid-2019.xlsx",
    ]


def test_batch_verdicts_equal_single_file_verdicts(folder: Path) -> None:
    for path in collect([folder]):
        expected = _single(path, "openpyxl")
        assert _single(path, "calamine") == expected, path.name
        for engine in ("calamine", "openpyxl"):
            r = check_file(path, engine)  # type: ignore[arg-type]
            assert (r.exit_code, [(f["rule"], tuple(f["places"])) for f in r.findings]) == expected


def test_error_codes_calamine_cannot_read_still_become_findings(folder: Path) -> None:
    r = check_file(folder / "d-spill.xlsx")  # by openpyxl, for the file or for that sheet
    assert ("V-008", ("T3.new.C2",)) in [(f["rule"], tuple(f["places"])) for f in r.findings]


def test_two_processes_give_the_same_results_in_order(folder: Path) -> None:
    one = list(validate_many([folder], jobs=1))
    two = list(validate_many([folder], jobs=2))
    assert one == two
    assert [r.exit_code for r in one] == [0, 1, 1, 2, 0, 0]


def test_cli_batch_output_and_worst_exit_code(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(folder), "--jobs", "2"]) == 2
    out = capsys.readouterr().out.splitlines()
    assert [line.split("]")[0] + "]" for line in out[:-1]] == [
        "[通过]",
        "[有问题]",
        "[有问题]",
        "[无法读取]",
        "[通过]",
        "[通过]",
    ]
    assert "５０" in out[1] or "50" in out[1]
    assert out[-1] == "共 6 个文件：通过 3 个，有问题 2 个，无法读取 1 个。"
    assert main(["validate", str(folder / "a-valid.xlsx"), str(folder / "f.json")]) == 0
    assert main(["validate", str(folder / "a-valid.xlsx"), str(folder / "c-findings.xlsx")]) == 1


def test_cli_batch_json(folder: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--json", "-j", "0", str(folder)]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["summary"] | {"seconds": 0} == {
        "files": 6,
        "valid": 3,
        "findings": 2,
        "unreadable": 1,
        "seconds": 0,
    }
    broken = next(f for f in data["files"] if f["exit_code"] == 2)
    assert broken["error"] and "\n" not in broken["error"]


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--previous", "x.json"], "--previous"),
        ([], "没有找到"),
    ],
)
def test_cli_batch_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], words: str
) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "other").mkdir()
    assert main(["validate", *argv, str(tmp_path / "empty"), str(tmp_path / "other")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("错误：") and words in err


def test_missing_file_in_a_batch(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(tmp_path / "a.xlsx"), str(tmp_path / "b.xlsx")]) == 2
    assert "找不到" in capsys.readouterr().err


def test_unexpected_error_in_one_file_does_not_stop_the_batch(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import xl_disclosure.validate as validate_module

    shutil.copy(folder / "a-valid.xlsx", tmp_path / "a.xlsx")
    shutil.copy(folder / "f.json", tmp_path / "b.json")

    calls = iter([RuntimeError("bug"), None])

    def flaky(report: object, previous: object = None, **options: object) -> object:
        exc = next(calls)
        if exc is not None:
            raise exc
        return real(report, previous, **options)

    real = validate_module.validate
    monkeypatch.setattr(validate_module, "validate", flaky)
    results = list(validate_many([tmp_path], jobs=1))
    assert [r.exit_code for r in results] == [2, 0]
    assert "内部错误（RuntimeError）" in results[0].error


@pytest.mark.skipif(
    __import__("multiprocessing").get_start_method() != "fork",
    reason="patches reach workers by fork",
)
def test_a_worker_that_dies_does_not_stop_the_batch(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A native engine may abort the process on a hostile file: that file is refused, the
    pool is rebuilt and every other file is still checked, in order."""
    import os

    import xl_disclosure.receiving.batch as batch

    for i in range(12):
        shutil.copy(folder / "f.json", tmp_path / f"{i:02d}.json")
    real = batch.check_file

    def dying(path: object, *args: object) -> object:
        if str(path).endswith("05.json"):
            os._exit(134)  # as python-calamine aborts on an allocation failure
        return real(path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(batch, "check_file", dying)
    results = list(validate_many([tmp_path], jobs=2))
    assert [Path(r.path).name for r in results] == [f"{i:02d}.json" for i in range(12)]
    assert [r.exit_code for r in results] == [0] * 5 + [2] + [0] * 6
    assert "意外退出" in results[5].error
