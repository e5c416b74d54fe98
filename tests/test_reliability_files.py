"""Every special file type wherever a file is expected, on every command.

Issue 16 item 4: a FIFO named ``x.xlsx`` made ``validate`` wait forever. The class: a folder,
a named pipe, a socket, a device (reached through a link, as ``/dev/zero`` would be), a
dangling symlink and a symlink loop, given as any input of any command or as any output.
Each must end within seconds in one Chinese line naming what the path is (exit 2), and an
output path must still be what it was: nothing is ever written over a special file.
"""

from __future__ import annotations

import json
import os
import socket
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from support.corpus import clean_end_problem, run_cli
from support.workbooks import good_inputs

#: What the message must call each kind of path.
KINDS: dict[str, str] = {
    "folder": "文件夹",
    "fifo": "命名管道",
    "socket": "套接字",
    "device": "设备文件",
    "dangling-link": "不存在",
    "link-loop": "循环",
}


def make_special(kind: str, path: Path) -> Iterator[None]:
    """Create ``kind`` at ``path`` (a generator: the socket stays bound while in use)."""
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "device":
        path.symlink_to("/dev/zero")
    elif kind == "dangling-link":
        path.symlink_to(path.parent / "gone" / "nothing.xlsx")
    elif kind == "link-loop":
        path.symlink_to(path)
    if kind != "socket":
        yield
        return
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.bind(str(path))
        yield


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return good_inputs(tmp_path_factory.mktemp("good"), 4)


#: Commands with one input slot X: (name of X, argv given X, the good inputs and an output folder).
Argv = Callable[[Path, dict[str, Path], Path], list[str]]
INPUT_SLOTS: dict[str, tuple[str, Argv]] = {
    "validate-xlsx": ("x.xlsx", lambda x, g, o: ["validate", str(x)]),
    "validate-json": ("x.json", lambda x, g, o: ["validate", str(x)]),
    "validate-calamine": ("x.xlsx", lambda x, g, o: ["validate", "--engine", "calamine", str(x)]),
    "validate-previous": ("x.json", lambda x, g, o: ["validate", str(g["json"]), "--previous", str(x)]),
    "validate-batch": ("x.xlsx", lambda x, g, o: ["validate", str(x), str(g["json"])]),
    "export": ("x.xlsx", lambda x, g, o: ["export", str(x), "-o", str(o / "o.json")]),
    "export-previous": ("x.json", lambda x, g, o: ["export", str(g["json"]), "--previous", str(x), "-o", str(o / "o.json")]),
    "draft": ("x.json", lambda x, g, o: ["draft", str(x), "-o", str(o / "o.md")]),
    "compare-old": ("x.json", lambda x, g, o: ["compare", str(x), str(g["json"])]),
    "compare-new": ("x.xlsx", lambda x, g, o: ["compare", str(g["json"]), str(x)]),
    "prefill": ("x.json", lambda x, g, o: ["prefill", str(x), "-o", str(o / "o.xlsx")]),
    "import-txt": ("x.txt", lambda x, g, o: ["import", str(x), "-o", str(o / "o.json")]),
    "import-docx": ("x.docx", lambda x, g, o: ["import", str(x), "-o", str(o / "o.json")]),
}  # fmt: skip

#: Commands with one output slot X.
OUTPUT_SLOTS: dict[str, tuple[str, Argv]] = {
    "export": ("x.json", lambda x, g, o: ["export", str(g["json"]), "-o", str(x)]),
    "draft-md": ("x.md", lambda x, g, o: ["draft", str(g["json"]), "-o", str(x)]),
    "draft-docx": ("x.docx", lambda x, g, o: ["draft", str(g["xlsx"]), "-o", str(x)]),
    "prefill": ("x.xlsx", lambda x, g, o: ["prefill", str(g["json"]), "-o", str(x)]),
    "import": ("x.json", lambda x, g, o: ["import", str(g["txt"]), "-o", str(x)]),
    "build-template": ("x.xlsx", lambda x, g, o: ["build-template", "--format", "gb2021", "-o", str(x)]),
    "build-template-dir": ("gb2021.xlsx", lambda x, g, o: ["build-template", "--format", "gb2021", "-o", str(x.parent)]),
    "build-xlsm-dir": ("gb2021.xlsm", lambda x, g, o: ["build-xlsm", "--format", "gb2021", "-o", str(x.parent)]),
}  # fmt: skip


def _fingerprint(path: Path) -> tuple[bool, int]:
    """Whether the path is (still) a link, and its own type (a special file stays one)."""
    return path.is_symlink(), stat.S_IFMT(path.lstat().st_mode)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("slot", INPUT_SLOTS)
def test_special_file_as_input(
    inputs: dict[str, Path], tmp_path: Path, slot: str, kind: str
) -> None:
    name, argv = INPUT_SLOTS[slot]
    target = tmp_path / name
    out = tmp_path / "out"
    out.mkdir()
    for _ in make_special(kind, target):
        run = run_cli(argv(target, inputs, out), seconds=20)
        if slot == "validate-batch":  # one line per file, the refusal among them
            assert "Traceback" not in run.err and "内部错误" not in run.out + run.err, run
            if kind == "folder":  # a folder is searched, and said to be empty
                assert run.code == 0 and "没有可校验的文件" in run.err, run
            else:
                assert run.code == 2 and KINDS[kind] in run.out, run
            continue
        assert clean_end_problem(run) == "", run
        assert run.code == 2, run
        assert KINDS[kind] in run.err, run.err
        assert list(out.iterdir()) == [], "an output was written"


@pytest.mark.parametrize("force", [False, True], ids=["", "force"])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("slot", OUTPUT_SLOTS)
def test_special_file_as_output(
    inputs: dict[str, Path], tmp_path: Path, slot: str, kind: str, force: bool
) -> None:
    """Never written over, ``--force`` or not; refused before any work."""
    name, argv = OUTPUT_SLOTS[slot]
    target = tmp_path / "outdir" / name
    target.parent.mkdir()
    for _ in make_special(kind, target):
        before = _fingerprint(target)
        run = run_cli(argv(target, inputs, tmp_path) + (["--force"] if force else []), seconds=20)
        assert clean_end_problem(run) == "", run
        assert run.code == 2, run
        assert KINDS[kind] in run.err, run.err
        assert _fingerprint(target) == before
        assert sorted(p.name for p in target.parent.iterdir()) == [name]


@pytest.mark.parametrize("kind", ["fifo", "socket", "device", "dangling-link", "link-loop"])
def test_special_output_folder(inputs: dict[str, Path], tmp_path: Path, kind: str) -> None:
    """``build-template --all -o DIR`` where DIR is no folder: refused, left as it was."""
    target = tmp_path / "templates"
    for _ in make_special(kind, target):
        before = _fingerprint(target)
        run = run_cli(["build-template", "--all", "-o", str(target)], seconds=20)
        assert clean_end_problem(run) == "" and run.code == 2, run
        assert _fingerprint(target) == before


def test_batch_folder_with_special_files_inside(inputs: dict[str, Path], tmp_path: Path) -> None:
    """A folder given to ``validate`` holds a pipe named like a workbook: never waited on."""
    folder = tmp_path / "submissions"
    folder.mkdir()
    (folder / "a.json").write_bytes(inputs["json"].read_bytes())
    os.mkfifo(folder / "b.xlsx")
    (folder / "c.xlsx").symlink_to(folder / "missing.xlsx")
    run = run_cli(["validate", str(folder)], seconds=30)
    assert "Traceback" not in run.err and "内部错误" not in run.out, run
    lines = run.out.splitlines()
    assert run.code == 2 and len(lines) == 4, run.out
    assert "[通过]" in lines[0] and "a.json" in lines[0]
    assert "b.xlsx" in lines[1] and "命名管道" in lines[1]
    assert "c.xlsx" in lines[2] and "符号链接" in lines[2]


def test_missing_input_says_so(inputs: dict[str, Path], tmp_path: Path) -> None:
    for argv in (
        ["validate", str(tmp_path / "none.xlsx")],
        ["import", str(tmp_path / "none.docx"), "-o", str(tmp_path / "o.json")],
        ["compare", str(inputs["json"]), str(tmp_path / "none.json")],
    ):
        run = run_cli(argv)
        assert clean_end_problem(run) == "" and run.code == 2 and "不存在" in run.err, run


@pytest.mark.parametrize(
    ("variable", "name"),
    [
        ("XL_DISCLOSURE_FORMATS", "gb2099.json"),
        ("XL_DISCLOSURE_PROFILES", "local.json"),
        ("XL_DISCLOSURE_PROFILES", "local.toml"),
    ],
)
@pytest.mark.parametrize("kind", ["fifo", "folder"])
def test_a_special_file_in_a_spec_folder_is_refused(
    inputs: dict[str, Path], tmp_path: Path, variable: str, name: str, kind: str
) -> None:
    """A pipe named like a format or profile file once made every command wait forever."""
    import subprocess
    import sys

    folder = tmp_path / "specs"
    folder.mkdir()
    data = json.loads(inputs["json"].read_text("utf-8"))
    data["format"] = "gb2030" if variable.endswith("FORMATS") else "gb2021+local"
    src = tmp_path / "other.json"  # the loader looks through the folder for this format
    src.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    if kind == "fifo":
        os.mkfifo(folder / name)
    else:
        (folder / name).mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "xl_disclosure.cli", "validate", str(src)],
        env={**os.environ, variable: str(folder)},
        check=False,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done
    assert done.stderr.startswith("错误：") and name in done.stderr, done.stderr
    assert ("命名管道" if kind == "fifo" else "文件夹") in done.stderr, done.stderr
    assert "Traceback" not in done.stderr and "内部错误" not in done.stderr
