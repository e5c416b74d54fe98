"""Every output command against an existing file, a missing folder, a link and its own input.

Issue 16 items 5 and 10: outputs were replaced without consent on some commands and refused on
others, and ``-o no/such/dir/x.json`` created the folders silently. One rule now
(:mod:`xl_disclosure.cli.outputs`): an existing file only with ``--force`` (exit 2 before any
work otherwise), never an input, never a missing folder; a link to a file keeps the link.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from support.corpus import clean_end_problem, run_cli
from support.workbooks import good_inputs

Argv = Callable[[Path, dict[str, Path]], list[str]]
#: Output command -> (output file name, argv writing to it).
OUTPUTS: dict[str, tuple[str, Argv]] = {
    "export": ("o.json", lambda o, g: ["export", str(g["json"]), "-o", str(o)]),
    "draft-md": ("o.md", lambda o, g: ["draft", str(g["json"]), "-o", str(o)]),
    "draft-docx": ("o.docx", lambda o, g: ["draft", str(g["xlsx"]), "-o", str(o)]),
    "prefill": ("o.xlsx", lambda o, g: ["prefill", str(g["json"]), "-o", str(o)]),
    "import": ("o.json", lambda o, g: ["import", str(g["txt"]), "-o", str(o)]),
    "build-template": ("o.xlsx", lambda o, g: ["build-template", "--format", "gb2021", "-o", str(o)]),
    "build-template-dir": ("gb2021.xlsx", lambda o, g: ["build-template", "--format", "gb2021", "-o", str(o.parent)]),
    "build-xlsm-dir": ("gb2021.xlsm", lambda o, g: ["build-xlsm", "--format", "gb2021", "-o", str(o.parent)]),
}  # fmt: skip
OLD = b"old content, never replaced without consent"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return good_inputs(tmp_path_factory.mktemp("in"), 6)


@pytest.mark.parametrize("command", OUTPUTS)
def test_an_existing_file_needs_force(
    inputs: dict[str, Path], tmp_path: Path, command: str
) -> None:
    name, argv = OUTPUTS[command]
    out = tmp_path / "out" / name
    out.parent.mkdir()
    out.write_bytes(OLD)
    refused = run_cli(argv(out, inputs))
    assert clean_end_problem(refused) == "" and refused.code == 2, refused
    assert "已存在" in refused.err and "--force" in refused.err, refused.err
    assert out.read_bytes() == OLD
    assert refused.out == "", "refused before doing any work"
    done = run_cli([*argv(out, inputs), "--force"])
    assert done.code in (0, 1), done
    assert out.read_bytes() != OLD and out.stat().st_size > 0


@pytest.mark.parametrize("command", OUTPUTS)
def test_a_missing_folder_is_refused_not_created(
    inputs: dict[str, Path], tmp_path: Path, command: str
) -> None:
    name, argv = OUTPUTS[command]
    out = tmp_path / "no" / "such" / name
    run = run_cli(argv(out, inputs))
    if command.endswith("-dir"):  # an output *folder* is created, and the command says so
        assert run.code == 0 and "已新建文件夹" in run.out, run
        assert out.exists()
        return
    assert clean_end_problem(run) == "" and run.code == 2, run
    assert "不存在" in run.err and "no" in run.err
    assert not (tmp_path / "no").exists()


@pytest.mark.parametrize("command", [c for c in OUTPUTS if not c.endswith("-dir")])
def test_a_link_to_a_file_keeps_the_link(
    inputs: dict[str, Path], tmp_path: Path, command: str
) -> None:
    name, argv = OUTPUTS[command]
    real = tmp_path / "real" / name
    real.parent.mkdir()
    real.write_bytes(OLD)
    link = tmp_path / f"link{Path(name).suffix}"
    link.symlink_to(real)
    assert run_cli(argv(link, inputs)).code == 2
    assert real.read_bytes() == OLD
    assert run_cli([*argv(link, inputs), "--force"]).code in (0, 1)
    assert link.is_symlink() and link.resolve() == real.resolve()
    assert real.read_bytes() != OLD


@pytest.mark.parametrize(
    "argv",
    [
        lambda g: ["export", str(g["json"]), "-o", str(g["json"]), "--force"],
        lambda g: ["import", str(g["txt"]), "-o", str(g["txt"]), "--force"],
    ],
    ids=["export", "import"],
)
def test_an_input_is_never_an_output(
    inputs: dict[str, Path], tmp_path: Path, argv: Callable[[dict[str, Path]], list[str]]
) -> None:
    copies = {k: tmp_path / v.name for k, v in inputs.items()}
    for key, path in copies.items():
        path.write_bytes(inputs[key].read_bytes())
    before = {k: p.read_bytes() for k, p in copies.items()}
    run = run_cli(argv(copies))
    assert clean_end_problem(run) == "" and run.code == 2 and "输入文件" in run.err, run
    assert {k: p.read_bytes() for k, p in copies.items()} == before


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["draft", "{json}", "-o", "{tmp}/o.pdf"], ".docx 或 .md"),
        (["prefill", "{json}", "-o", "{tmp}/o.json"], ".xlsx"),
    ],
)
def test_a_wrong_ending_is_refused_before_any_work(
    inputs: dict[str, Path], tmp_path: Path, argv: list[str], words: str
) -> None:
    run = run_cli([a.format(json=inputs["json"], tmp=tmp_path) for a in argv])
    assert clean_end_problem(run) == "" and run.code == 2 and words in run.err, run
    assert list(tmp_path.iterdir()) == []


def test_every_writing_command_offers_force() -> None:
    """The same --force on every command that writes a file (aggregate: issue 15)."""
    from xl_disclosure.cli import build_parser
    from xl_disclosure.cli.outputs import FORCE_HELP

    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    writers = {"build-template", "build-xlsm", "export", "draft", "prefill", "import"}
    for name in writers:
        helps = {a.dest: a.help for a in sub.choices[name]._actions}  # type: ignore[attr-defined]
        assert helps.get("force") == FORCE_HELP, name
