"""The JSON mutation sweep shared by ``tests/test_reliability_json.py`` (a sample, in
``make test``) and ``bench/mutation_sweep.py`` (every pair on every command).

A *job* is (key path, value, command): the canonical document of a format with the value at
that path is written to a file and given to the command; :func:`check_jobs` returns what went
wrong (nothing, when every run ends in findings or one Chinese line).
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from support.corpus import (
    BIG_INT,
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
    "draft-docx": lambda f, good, out: ["draft", str(f), "-o", str(out / "o.docx")],
    "compare": lambda f, good, out: ["compare", str(f), str(good)],
    "prefill": lambda f, good, out: ["prefill", str(f), "-o", str(out / "o.xlsx")],
}
#: The commands ``make test`` rotates the pairs through (besides validate and prefill).
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


Job = tuple[KeyPath, Any, str]


def all_paths(data: dict[str, Any]) -> list[KeyPath]:
    """Every key path of the document (the bench sweep)."""
    return list(key_paths(data))


def check_jobs(fmt: str, work: Path, jobs: Sequence[Job], good: Path) -> list[str]:
    """Run every job on a document of ``fmt``; one line per broken property."""
    data = document(fmt)
    failures = []
    src = work / "in.json"
    out = work / "out"
    out.mkdir(exist_ok=True)
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
