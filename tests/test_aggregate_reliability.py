"""Aggregate against hostile folders and outputs (issue 16, items 3, 5 and 10, as classes).

Every special file where a submission is expected — folder, FIFO, socket, device, dangling or
looping symlink — is a line in the rejection list, never a crash, a hang or a silent skip; the
same kinds given as the folder, the expected list or an output are refused with exit code 2.
Every output (-o, --json, --report-xlsx) that exists is left untouched without --force, and an
output in a folder that does not exist is refused (no folder is created).
"""

from __future__ import annotations

import os
import random
import signal
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from support.factories import consistent_report
from xl_disclosure.cli import main
from xl_disclosure.io.canonical import dumps, report_to_dict
from xl_disclosure.receiving.aggregate import aggregate


@pytest.fixture(autouse=True)
def _no_hang() -> Iterator[None]:
    """A FIFO opened for reading blocks forever: fail the test instead of hanging the suite."""

    def boom(*_: object) -> None:
        raise TimeoutError("aggregate hung on a special file")

    old = signal.signal(signal.SIGALRM, boom)
    signal.alarm(60)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, old)


def _good(folder: Path, n: int = 2) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        rep = consistent_report("gb2021", random.Random(i), agency=f"甲{i}局", year=2024)
        (folder / f"good{i}.json").write_bytes(dumps(report_to_dict(rep)))


def _fifo(p: Path) -> None:
    os.mkfifo(p)


def _socket(p: Path) -> None:
    s = socket.socket(socket.AF_UNIX)
    s.bind(str(p))
    s.close()


def _device(p: Path) -> None:
    p.symlink_to("/dev/zero")


def _dangling(p: Path) -> None:
    p.symlink_to(p.parent / "nowhere.json")


def _loop(p: Path) -> None:
    p.symlink_to(p.name)  # points at itself


def _folder(p: Path) -> None:
    p.mkdir()


SPECIAL: dict[str, tuple[Callable[[Path], None], str]] = {
    "fifo": (_fifo, "命名管道"),
    "socket": (_socket, "套接字"),
    "device": (_device, "设备文件"),
    "dangling": (_dangling, "链接已失效"),
    "loop": (_loop, "符号链接循环"),
    "folder": (_folder, "是文件夹"),
}


@pytest.mark.parametrize("kind", sorted(SPECIAL))
def test_special_entry_in_the_folder_is_a_listed_rejection(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    _good(folder)
    make, words = SPECIAL[kind]
    make(folder / "x.json")
    agg = aggregate(folder)
    assert agg.batch.accepted == 2
    assert [(r.file, words in r.reason) for r in agg.rejections] == [("x.json", True)]
    assert agg.batch.files == 3
    code = main(["aggregate", str(folder), "-o", str(tmp_path / "s.xlsx")])
    out = capsys.readouterr()
    assert code == 1, out.err
    assert "退回：x.json" in out.out and words in out.out
    assert "内部错误" not in out.err


@pytest.mark.parametrize("kind", sorted(SPECIAL))
def test_special_file_as_the_folder_or_expected_list_exits_2(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, _ = SPECIAL[kind]
    odd = tmp_path / "odd.txt"
    make(odd)
    if kind != "folder":
        assert main(["aggregate", str(odd), "-o", str(tmp_path / "s.xlsx")]) == 2
        err = capsys.readouterr().err
        assert err.startswith("错误：") and "内部错误" not in err and "Traceback" not in err
    folder = tmp_path / "in"
    _good(folder)
    code = main(["aggregate", str(folder), "-o", str(tmp_path / "s.xlsx"), "--expected", str(odd)])
    err = capsys.readouterr().err
    assert code == 2 and "应报单位名单" in err and "内部错误" not in err
    assert not (tmp_path / "s.xlsx").exists()


OUTPUTS = {"-o": "s.xlsx", "--json": "c.json", "--report-xlsx": "r.xlsx"}


def _args(folder: Path, out: Path) -> list[str]:
    return ["aggregate", str(folder), *(x for k, v in OUTPUTS.items() for x in (k, str(out / v)))]


@pytest.mark.parametrize("option", sorted(OUTPUTS))
def test_existing_output_is_kept_without_force(
    option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    _good(folder)
    out.mkdir()
    existing = out / OUTPUTS[option]
    existing.write_bytes(b"staff's own file")
    assert main(_args(folder, out)) == 2
    err = capsys.readouterr().err
    assert "已存在" in err and "--force" in err and OUTPUTS[option] in err
    assert existing.read_bytes() == b"staff's own file"
    others = [out / v for k, v in OUTPUTS.items() if k != option]
    assert not any(p.exists() for p in others)  # refused before any work
    assert main([*_args(folder, out), "--force"]) == 0
    assert existing.read_bytes() != b"staff's own file"
    assert all(p.stat().st_size > 0 for p in others)


@pytest.mark.parametrize("kind", ["fifo", "folder", "dangling", "loop"])
@pytest.mark.parametrize("option", sorted(OUTPUTS))
def test_special_output_is_refused_even_with_force(
    kind: str, option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, out = tmp_path / "in", tmp_path / "out"
    _good(folder)
    out.mkdir()
    target = out / OUTPUTS[option]
    make, _ = SPECIAL[kind]
    make(target)
    code = main([*_args(folder, out), "--force"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert "不能写入" in err and "内部错误" not in err


@pytest.mark.parametrize("option", sorted(OUTPUTS))
def test_output_in_a_missing_folder_is_refused_and_no_folder_is_made(
    option: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    _good(folder)
    args = ["aggregate", str(folder), "-o", str(tmp_path / "s.xlsx")]
    missing = tmp_path / "no" / "such" / "dir" / OUTPUTS[option]
    if option == "-o":
        args[3] = str(missing)
    else:
        args += [option, str(missing)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "文件夹不存在" in err and "no/such/dir" in err
    assert not (tmp_path / "no").exists()
    assert not (tmp_path / "s.xlsx").exists()


def test_the_same_output_twice_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    _good(folder)
    same = str(tmp_path / "s.xlsx")
    assert main(["aggregate", str(folder), "-o", same, "--report-xlsx", same]) == 2
    assert "同一个文件" in capsys.readouterr().err


@pytest.mark.parametrize("ascii_only", [False, True], ids=["utf8", "escaped"])
@pytest.mark.parametrize(
    "bad", ["\x00", "\x0b", "\x08", "\x0c", "\x1f", "\ufffe", "\uffff", "\ud800"]
)
def test_aggregation_refuses_text_no_file_can_hold(
    tmp_path: Path, bad: str, ascii_only: bool
) -> None:
    """The hot path skips the walk over every string only where the bytes cannot hold such a
    character: written raw or escaped, each one is still named (issue 16 item 7)."""
    import json

    from xl_disclosure.receiving.aggregate.examine import examine

    data = report_to_dict(consistent_report("gb2021", random.Random(3), agency="某局"))
    data["sections"][0]["text"] = f"正文{bad}结束"
    src = tmp_path / "bad.json"
    src.write_bytes(json.dumps(data, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass"))
    result = examine(str(src))
    assert not result.values and result.reason, result
    assert "sections[0].text" in result.reason or "UTF-8" in result.reason, result.reason
    clean = tmp_path / "clean.json"
    data["sections"][0]["text"] = "正文\t“引号”\\反斜杠\n结束"
    clean.write_bytes(json.dumps(data, ensure_ascii=ascii_only).encode("utf-8"))
    assert examine(str(clean)).reason == ""
