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
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from support.corpus import (
    BIG_INT,
    HOSTILE,
    KeyPath,
    clean_end_problem,
    dump_json,
    run_cli,
    with_value,
)
from support.sweep import COMMANDS, OTHERS, check_jobs, document, sample_paths

_LONG_NUMBER = re.compile(r"\d{22,}")


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
    failures = check_jobs("gb2021", tmp_path, jobs, good["gb2021"])
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
    failures = check_jobs("gb2021", tmp_path, jobs, good["gb2021"])
    assert failures == [], "\n".join(failures[:15])


def test_prefill_reads_any_value_at_every_key_path(good: dict[str, Path], tmp_path: Path) -> None:
    """prefill writes a workbook (slower): the parts it carries into the new workbook (the
    cover and the values), one value per path, rotating through them all."""
    data = document("gb2021")
    paths = [p for p in sample_paths(data, "gb2021") if p[:1] in (("meta",), ("values",))]
    jobs = [(p, HOSTILE[i % len(HOSTILE)], "prefill") for i, p in enumerate(paths)]
    failures = check_jobs("gb2021", tmp_path, jobs, good["gb2021"])
    assert failures == [], "\n".join(failures[:15])


def test_the_2019_format_too(good: dict[str, Path], tmp_path: Path) -> None:
    """The key paths are the same in both formats but the value cells and section titles."""
    data = document("gb2019")
    paths = [p for p in sample_paths(data, "gb2019") if p[:1] in (("values",), ("meta",))]
    jobs = [(p, v, "validate") for p in paths for v in HOSTILE]
    failures = check_jobs("gb2019", tmp_path, jobs, good["gb2019"])
    assert failures == [], "\n".join(failures[:15])


@pytest.mark.parametrize(
    ("edit", "words"),
    [
        (lambda d: d.update(local_tables=[{"section": "x"}]), "local_tables[0].section"),
        (lambda d: d["local_tables"][0].update(columns=True), "local_tables[0].columns"),
        (lambda d: d["local_tables"][0].update(rows=5), "local_tables[0].rows"),
        (lambda d: d["local_tables"][0]["rows"].append(True), "local_tables[0].rows[1]"),
        (lambda d: d["local_tables"][0]["rows"][0].append({"a": 1}), "local_tables[0].rows[0][2]"),
        (lambda d: d["local_tables"][0].update(printed_format="gb2018"), "printed_format"),
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


def test_the_bench_sweep_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    """``bench/mutation_sweep.py`` (every pair, every command) keeps working: a random
    0.3 % of the 2019 format's pairs on the .docx draft, the command not sampled above."""
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parents[1] / "bench"))
    import mutation_sweep

    runs, failures = mutation_sweep.sweep(["gb2019"], ["draft-docx"], share=0.003, seed=16)
    assert runs > 10 and failures == [], failures
