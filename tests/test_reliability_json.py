"""Any JSON value at every key path of the canonical format, on every command that reads one.

The class behind issue 16 items 3 and 7: ``int()`` on a local table's section, iteration over
a ``true`` where rows belong, a 5,000-digit integer, a lone surrogate or a NUL in the agency
name all reached the catch-all. Here every key path of a full canonical document (both formats:
meta, sections, values, local tables, explanations, the root itself) is given each value of
:data:`support.corpus.HOSTILE`, and each command must end in findings or one Chinese line,
print only what a UTF-8 terminal can show, never print a number as 22+ digits, and write only
outputs our own reader reads back. Every (path, value) pair runs through ``validate`` and
through one of the other commands; ``bench/mutation_sweep.py`` runs every pair on every
command and every value cell.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from support.corpus import (
    BIG_INT,
    HOSTILE,
    KeyPath,
    Run,
    clean_end_problem,
    dump_json,
    key_paths,
    run_cli,
    with_value,
)
from support.factories import consistent_report
from xl_disclosure.io.canonical import read_json_file, report_from_dict, report_to_dict
from xl_disclosure.spec import load_format

_LONG_NUMBER = re.compile(r"\d{22,}")

#: command -> argv for (mutated file, a valid file, output folder).
Argv = Callable[[Path, Path, Path], list[str]]
COMMANDS: dict[str, Argv] = {
    "validate": lambda f, good, out: ["validate", str(f)],
    "previous": lambda f, good, out: ["validate", str(good), "--previous", str(f)],
    "export": lambda f, good, out: ["export", str(f), "-o", str(out / "o.json")],
    "draft": lambda f, good, out: ["draft", str(f), "-o", str(out / "o.md")],
    "compare": lambda f, good, out: ["compare", str(f), str(good)],
    "prefill": lambda f, good, out: ["prefill", str(f), "-o", str(out / "o.xlsx")],
}
OTHERS = ("previous", "export", "draft", "compare")


def document(fmt: str) -> dict[str, Any]:
    """A full canonical document: a valid report plus a local table and an explanation, so
    that every optional part has key paths too."""
    data = report_to_dict(consistent_report(fmt, random.Random(3)))
    data["local_tables"] = [
        {"section": 2, "heading": "本地指标", "columns": ["指标", "数量"], "rows": [["a", "1"]]}
    ]
    data["explanations"] = {"T3.new.C1": "已核实"}
    return data


def sample_paths(data: dict[str, Any], fmt: str) -> list[KeyPath]:
    """Every key path, with what is read by the same code thinned: the value cells to the
    first cell of each table, sections 二—四 (read like 一, 五, 六) to the section and its
    text, repeated list items to the first. ``bench/mutation_sweep.py`` takes every path."""
    firsts = {t.cells[0].key for t in load_format(fmt).tables}

    def kept(p: KeyPath) -> bool:
        if len(p) == 2 and p[0] == "values":
            return p[1] in firsts
        if len(p) == 3 and p[0] == "sections" and p[1] in (1, 2, 3):
            return p[2] == "text"
        if p[:1] == ("generator",) and len(p) > 1:
            return p[1] == "tool"
        return not any(isinstance(x, int) and x > 0 for x in p[2:])

    return [p for p in key_paths(data) if kept(p)]


def problems(run: Run, command: str, out: Path, *, number: bool = False) -> str:
    """Why a run broke the property ("" when it held); ``number``: the value put in was a
    number, which must never come out as 22+ digits."""
    why = clean_end_problem(run)
    if why:
        return why
    long_number = _LONG_NUMBER.search(run.out + run.err)
    if number and long_number:
        return f"a number printed as 22+ digits: {long_number.group()[:30]}…"
    written = out / "o.json"
    if command == "export" and run.code in (0, 1) and written.exists():
        try:
            report_from_dict(read_json_file(written), where=str(written))
        except Exception as exc:
            return f"our own export does not read back: {exc}"
    return ""


def _check(fmt: str, tmp_path: Path, jobs: list[tuple[KeyPath, Any, str]], good: Path) -> list[str]:
    data = document(fmt)
    failures = []
    src = tmp_path / "in.json"
    out = tmp_path / "out"
    out.mkdir()
    for path, value, command in jobs:
        text = dump_json(with_value(data, path, value))
        src.write_text(text, encoding="utf-8")
        for old in out.iterdir():
            old.unlink()
        run = run_cli(COMMANDS[command](src, good, out))
        is_number = isinstance(value, int | float) or value == BIG_INT
        why = problems(run, command, out, number=is_number and not isinstance(value, bool))
        if src.read_text(encoding="utf-8") != text:
            why = why or "the input file was modified"
        if why:
            failures.append(f"{command} {'.'.join(map(str, path))}={value!r:.30}: {why}")
    return failures


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("good")
    out = {}
    for fmt in ("gb2021", "gb2019"):
        out[fmt] = root / f"{fmt}.json"
        out[fmt].write_text(json.dumps(document(fmt), ensure_ascii=False), encoding="utf-8")
    return out


def test_every_value_at_every_key_path_on_validate(good: dict[str, Path], tmp_path: Path) -> None:
    data = document("gb2021")
    jobs = [(p, v, "validate") for p in sample_paths(data, "gb2021") for v in HOSTILE]
    failures = _check("gb2021", tmp_path, jobs, good["gb2021"])
    assert failures == [], "\n".join(failures[:15])


def test_every_value_at_every_key_path_on_the_other_commands(
    good: dict[str, Path], tmp_path: Path
) -> None:
    """Each (path, value) pair on one of the other commands, rotating, so that together
    they see every pair."""
    data = document("gb2021")
    paths = sample_paths(data, "gb2021")
    jobs = [
        (p, v, OTHERS[(i + j) % len(OTHERS)])
        for i, p in enumerate(paths)
        for j, v in enumerate(HOSTILE)
    ]
    failures = _check("gb2021", tmp_path, jobs, good["gb2021"])
    assert failures == [], "\n".join(failures[:15])


def test_prefill_reads_any_value_at_every_key_path(good: dict[str, Path], tmp_path: Path) -> None:
    """prefill writes a workbook (slower): the parts it carries into the new workbook (the
    cover and the values), one value per path, rotating through them all."""
    data = document("gb2021")
    paths = [p for p in sample_paths(data, "gb2021") if p[:1] in (("meta",), ("values",))]
    jobs = [(p, HOSTILE[i % len(HOSTILE)], "prefill") for i, p in enumerate(paths)]
    failures = _check("gb2021", tmp_path, jobs, good["gb2021"])
    assert failures == [], "\n".join(failures[:15])


def test_the_2019_format_too(good: dict[str, Path], tmp_path: Path) -> None:
    """The key paths are the same in both formats but the value cells and section titles."""
    data = document("gb2019")
    paths = [p for p in sample_paths(data, "gb2019") if p[:1] in (("values",), ("meta",))]
    jobs = [(p, v, "validate") for p in paths for v in HOSTILE]
    failures = _check("gb2019", tmp_path, jobs, good["gb2019"])
    assert failures == [], "\n".join(failures[:15])


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda d: d.update(local_tables=[{"section": "x"}]), "local_tables[0].section"),
        (lambda d: d["local_tables"][0].update(columns=True), "local_tables[0].columns"),
        (lambda d: d["local_tables"][0].update(rows=5), "local_tables[0].rows"),
        (lambda d: d["local_tables"][0]["rows"].append(True), "local_tables[0].rows[1]"),
        (lambda d: d["local_tables"][0]["rows"][0].append({"a": 1}), "local_tables[0].rows[0][2]"),
        (lambda d: d.update(local_tables=True), "local_tables"),
        (lambda d: d["meta"].update(agency="\ud800"), "meta.agency"),
        (lambda d: d["meta"].update(agency="某\x00局"), "meta.agency"),
        (lambda d: d["sections"][0].update(text="a\x0bb"), "sections[0].text"),
        (lambda d: d["explanations"].update({"\udfff": "x"}), "键名"),
        (lambda d: d["meta"].update(rulemaking="否"), "meta.rulemaking"),
        (lambda d: d["sections"][2].update(no=9), "sections[2].no"),
    ],
)
@pytest.mark.parametrize("command", ["validate", "export", "draft"])
def test_the_refusal_names_the_key_path(
    good: dict[str, Path],
    tmp_path: Path,
    edit: Callable[[dict[str, Any]], None],
    words: str,
    command: str,
) -> None:
    """The cases the harness found (issue 16 items 3 and 7): one Chinese line naming where."""
    data = document("gb2021")
    edit(data)
    src = tmp_path / "in.json"
    src.write_text(dump_json(data), encoding="utf-8")
    run = run_cli(COMMANDS[command](src, good["gb2021"], tmp_path))
    assert clean_end_problem(run) == "" and run.code == 2, run
    assert words in run.err, run.err
    assert not (tmp_path / "o.json").exists() and not (tmp_path / "o.md").exists()


@pytest.mark.parametrize(
    "path",
    [("meta", "year"), ("values", "T3.new.C1"), ("sections", 0, "no"), ("format",)],
    ids=["year", "value", "section-no", "format"],
)
def test_an_integer_of_5000_digits_anywhere(
    good: dict[str, Path], tmp_path: Path, path: KeyPath
) -> None:
    """Python refuses int() on more than 4,300 digits: the reader never calls it that way."""
    src = tmp_path / "big.json"
    src.write_text(dump_json(with_value(document("gb2021"), path, BIG_INT)), encoding="utf-8")
    assert "9" * 5000 in src.read_text(encoding="utf-8")
    for command in ("validate", "export", "draft"):
        run = run_cli(COMMANDS[command](src, good["gb2021"], tmp_path))
        assert clean_end_problem(run) == "", run
        assert not _LONG_NUMBER.search(run.out + run.err), run


def test_1e308_is_written_as_people_write_it(good: dict[str, Path], tmp_path: Path) -> None:
    """Issue 16 item 10: 1e308 was printed as a 309-digit integer."""
    data = document("gb2021")
    data["values"]["T3.new.C1"] = 1e308
    src = tmp_path / "e308.json"
    src.write_text(json.dumps(data), encoding="utf-8")
    run = run_cli(["validate", str(src)])
    assert run.code == 1 and "1×10³⁰⁸" in run.out, run.out
    assert not _LONG_NUMBER.search(run.out), run.out
    compared = run_cli(["compare", str(good["gb2021"]), str(src)])
    assert "1×10³⁰⁸" in compared.out and not _LONG_NUMBER.search(compared.out)
