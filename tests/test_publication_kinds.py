"""The kinds of published report the importer reads are named the same everywhere a user
reads them: the top-level help, each command's help and the refusal of another kind."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from xl_disclosure.cli import build_parser, main
from xl_disclosure.errors import InputError
from xl_disclosure.io import publication_kinds as kinds
from xl_disclosure.receiving.importer.sources import is_publication, read_blocks


def flat(text: str) -> str:
    """Help text with argparse's line wrapping undone."""
    return re.sub(r"\s+", "", text)


def subparser(name: str) -> object:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices[name]  # type: ignore[index]


def test_named_lists_every_kind_the_importer_reads() -> None:
    for suffix in kinds.SUFFIXES:
        assert is_publication(Path(f"报告{suffix.upper()}"))
    for kind in (
        kinds.TEXT_SUFFIXES,
        kinds.HTML_SUFFIXES,
        kinds.MARKDOWN_SUFFIXES,
        kinds.WORD_SUFFIXES,
        kinds.LEGACY_WORD_SUFFIXES,
        kinds.PDF_SUFFIXES,
    ):
        assert kind[0] in kinds.NAMED.split("、") or "/".join(kind) in kinds.NAMED.split("、")
    assert not is_publication(Path("报告.xlsx"))
    assert not is_publication(Path("报告.json"))


def test_top_level_help_names_every_kind_for_import(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = flat(capsys.readouterr().out)
    line = out[out.index("导入已发布的年度报告") :]
    assert line.startswith(f"导入已发布的年度报告（{kinds.NAMED}）")


@pytest.mark.parametrize(
    ("command", "words"), [("import", "已发布的年度报告"), ("validate", "原文")]
)
def test_command_help_names_every_kind(command: str, words: str) -> None:
    help_text = flat(subparser(command).format_help())  # type: ignore[attr-defined]
    assert f"{words}（{kinds.NAMED}" in help_text


def test_archive_add_help_names_every_kind() -> None:
    archive = subparser("archive")
    action = next(a for a in archive._actions if a.dest == "action")  # type: ignore[attr-defined]
    assert f"已发布的年度报告（{kinds.NAMED}，先导入再归档）" in flat(
        action.choices["add"].format_help()
    )


def test_another_kind_is_refused_naming_the_kinds(tmp_path: Path) -> None:
    odd = tmp_path / "报告.rtf"
    odd.write_text("{\\rtf1 年度报告}", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_blocks(odd)
    assert "不支持的文件类型“.rtf”" in caught.value.message
    assert kinds.NAMED in str(caught.value.hint)


def test_import_of_a_folder_without_publications_names_the_kinds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "说明.rtf").write_text("x", encoding="utf-8")
    assert main(["import", str(tmp_path / "in"), "-o", str(tmp_path / "out")]) == 2
    assert f"没有找到可导入的文件（{kinds.NAMED}）" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
