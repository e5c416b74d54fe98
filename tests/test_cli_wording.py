"""The command's own words are Chinese: usage lines, help headings, value names, usage errors."""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import unicodedata

import pytest

from xl_disclosure.cli import build_parser
from xl_disclosure.cli.wording import error_text, wrap

ENGLISH = (
    "usage:",
    "positional arguments",
    "optional arguments",
    "options:",
    "show this help",
    "show program's version",
    "invalid choice",
    "invalid int value",
    "the following arguments are required",
    "unrecognized arguments",
    "expected one argument",
)
CLOSING = "，。、；：？！）》」』”’"
#: An English value name argparse makes from an option (``OUTPUT``, ``JOBS``, ``REPORT_XLSX``).
CAPS_METAVAR = re.compile(r"(?<![\w.])[A-Z][A-Z_]{2,}(?![\w.])")


def columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def every_parser() -> list[tuple[str, argparse.ArgumentParser]]:
    out = []

    def walk(name: str, parser: argparse.ArgumentParser) -> None:
        out.append((name, parser))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub, child in action.choices.items():
                    walk(f"{name} {sub}", child)

    walk("xl-disclosure", build_parser())
    return out


def usage_part(text: str) -> str:
    return text.split("\n\n", 1)[0]


def test_every_help_page_is_chinese_and_fits_80_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    pages = every_parser()
    assert len(pages) > 20  # the commands and their subcommands (archive, profile, admin)
    for name, parser in pages:
        text = parser.format_help()
        assert text.startswith("用法： "), name
        for phrase in ENGLISH:
            assert phrase not in text, (name, phrase)
        assert "显示本帮助并退出" in text, name
        assert not CAPS_METAVAR.findall(usage_part(text)), (name, usage_part(text))
        for line in text.splitlines():  # usage lines too (argparse wraps them by characters)
            # a line is longer only where one unbreakable word (a URL, a variable) is
            # (or a comma or closing bracket, which never starts a line, stands past it)
            fits = columns(line) <= 80 or (columns(line) <= 82 and line[-1] in CLOSING)
            assert fits or " " not in line.strip(), (name, line)
            assert not line.strip() or line.strip()[0] not in CLOSING, (name, line)


def test_help_column_lines_up_with_chinese_value_names(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    parser = dict(every_parser())["xl-disclosure aggregate"]
    lines = parser.format_help().splitlines()
    starts = set()
    for option, help_start in (
        ("-h, --help", "显示本帮助"),
        ("--expected 名单文件", "应报单位名单"),
    ):
        line = next(x for x in lines if x.strip().startswith(option))
        starts.add(columns(line[: line.index(help_start)]))
    assert len(starts) == 1, lines


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "80", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "xl_disclosure.cli", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("validate",), "缺少必须给出的参数：文件"),
        (("validate", "a.json", "--jobs", "abc"), "参数 -j/--jobs：“abc”不是有效的整数"),
        (
            ("validate", "a.json", "--engine", "foo"),
            "“foo”不是可选的值（可选：calamine、openpyxl）",
        ),
        (("validate", "a.json", "--bogus"), "无法识别的参数：--bogus"),
        (("validate", "a.json", "--limit"), "参数 --limit：需要给出一个值"),
        (("import-report",), "参数 命令：“import-report”不是可选的值（可选：build-template、"),
        (
            ("admin", "revoke", "-Ab3x"),
            "缺少必须给出的参数：令牌。“-Ab3x”以“-”开头，被当作了选项；"
            "如果它是要给出的值，请写在“--”之后，例如：xl-disclosure admin revoke -- -Ab3x",
        ),
    ],
)
def test_usage_errors_are_chinese(args: tuple[str, ...], said: str) -> None:
    done = run_cli(*args)
    assert done.returncode == 2
    assert said in done.stderr
    assert "参数错误：" in done.stderr and done.stderr.startswith("用法： xl-disclosure")
    for phrase in ENGLISH:
        assert phrase not in done.stderr, phrase
    assert done.stdout == ""


def test_top_level_help_over_the_real_command() -> None:
    done = run_cli("--help")
    assert done.returncode == 0
    assert "位置参数" in done.stdout and "显示版本号并退出" in done.stdout
    for phrase in ENGLISH:
        assert phrase not in done.stdout, phrase


def test_unknown_messages_pass_through_and_nest() -> None:
    assert error_text("something new in a later Python") == "something new in a later Python"
    assert error_text("argument --x: something new") == "参数 --x：something new"
    assert error_text("argument -y: expected 2 arguments") == "参数 -y：需要给出 2 个值"
    assert error_text("ambiguous option: --fo could match --foo, --format") == (
        "选项 --fo 不明确，可能是：--foo、--format"
    )


def test_wrap_counts_columns_and_keeps_words_whole() -> None:
    text = "缓存位置可用环境变量 XL_DISCLOSURE_CACHE_DIR 指定（默认：内容未变的文件沿用）"
    lines = wrap(text, 20)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert "XL_DISCLOSURE_CACHE_DIR" in lines  # too long for the width: alone, whole
    assert all(columns(x) <= 20 for x in lines if x != "XL_DISCLOSURE_CACHE_DIR")


def test_no_dash_hint_where_a_command_is_missing() -> None:
    """Only a missing value gets the "--" hint; a missing command does not (``-x`` there is
    a mistyped option, and ``xl-disclosure -- -x`` would mean nothing)."""
    for args in (("-x",), ("admin", "-x")):
        done = run_cli(*args)
        assert done.returncode == 2 and "缺少必须给出的参数" in done.stderr
        assert "“--”之后" not in done.stderr, done.stderr
