"""Mutated workbooks for the reliability tests, generated from the built template.

Nothing is stored: every broken file is made in the test from a freshly filled template, so
the corpus follows the template as it changes. :func:`check_ends_cleanly` is the property
every input must have: it ends in findings or in one clear :class:`InputError` (CLI exit 2
with a one-line Chinese message), never in a traceback, and the file is left unchanged.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import functools
import hashlib
import io
import json
import re
import signal
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from xl_disclosure.cli import build_parser, main, run
from xl_disclosure.errors import InputError
from xl_disclosure.readers.load import load_report
from xl_disclosure.validate import validate
from xl_disclosure.validate.findings import Finding

_CJK = re.compile(r"[\u4e00-\u9fff]")


def read_parts(path: Path) -> dict[str, bytes]:
    """The package's parts in zip order."""
    with zipfile.ZipFile(path) as zf:
        return {info.filename: zf.read(info) for info in zf.infolist()}


def write_parts(path: Path, parts: dict[str, bytes]) -> Path:
    """Write parts as a fresh zip (deflated, like Excel)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def sheet_part(parts: dict[str, bytes], sheet: str) -> str:
    """The worksheet part of a sheet name (through workbook.xml and its rels)."""
    book = parts["xl/workbook.xml"].decode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    m = re.search(r'<sheet [^>]*name="' + re.escape(sheet) + r'"[^>]*r:id="(rId\d+)"', book)
    if m is None:
        raise KeyError(sheet)
    t = re.search(r'Id="' + m.group(1) + r'"[^>]*Target="([^"]+)"', rels) or re.search(
        r'Target="([^"]+)"[^>]*Id="' + m.group(1) + '"', rels
    )
    if t is None:
        raise KeyError(sheet)
    target = t.group(1)
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


@dataclass(frozen=True)
class Outcome:
    """How an input ended: ``valid`` / ``findings`` (exit 0/1) or ``refused`` (exit 2)."""

    kind: str
    exit_code: int
    message: str
    findings: tuple[Finding, ...] = ()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_line_chinese(message: str) -> None:
    assert message.strip(), "an empty error message"
    assert "\n" not in message.strip(), f"not one line: {message!r}"
    assert _CJK.search(message), f"not Chinese: {message!r}"
    assert "Traceback" not in message


def check_ends_cleanly(path: Path) -> Outcome:
    """Run ``path`` through the API and the CLI; assert it ends in findings or one clear error.

    Both ways must agree (refused by both, or read by both), and the file must be unchanged.
    """
    before = _sha(path)
    api: Outcome
    try:
        loaded = load_report(path)
        result = validate(loaded.report)
    except InputError as exc:
        _one_line_chinese(str(exc))
        api = Outcome("refused", 2, str(exc))
    else:
        findings = (*loaded.findings, *result.findings)
        bad = any(f.severity.value != "info" for f in findings)
        api = Outcome("findings" if bad else "valid", 1 if bad else 0, "", findings)
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["validate", str(path)])
    assert code == api.exit_code, (code, api, err.getvalue())
    if code == 2:
        message = err.getvalue()
        _one_line_chinese(message)
        assert message.startswith("错误："), message
        assert "内部错误" not in message, message
    else:
        assert err.getvalue() == "", err.getvalue()
        assert out.getvalue().strip()
    assert _sha(path) == before, "the input file was modified"
    return api


# --- JSON values at every key path, and running any command -------------------------------

#: Hostile JSON values: every JSON type, sizes that break naive code (a 5,000-digit integer is
#: written raw, see :func:`dump_json`), text no file can hold, and structures where scalars go.
BIG_INT = "9" * 5000
HOSTILE: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    1e308,
    2**70,
    float("nan"),
    float("-inf"),
    BIG_INT,
    "",
    "x" * 100_000,
    "新收申请" + "9" * 5000 + "件，发出收费通知" + "9" * 5000 + "件",
    "\ud800",
    "a\x00b",
    "\x0b",
    [],
    [[1, {"a": None}]],
    {},
    {"a": [1]},
)

KeyPath = tuple[str | int, ...]


def key_paths(node: Any, prefix: KeyPath = ()) -> Iterator[KeyPath]:
    """Every key path of a JSON document, the root included, parents before children."""
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from key_paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from key_paths(v, (*prefix, i))


def with_value(data: Any, path: KeyPath, value: Any) -> Any:
    """A deep copy of ``data`` with the value at ``path`` replaced."""
    if not path:
        return copy.deepcopy(value)
    out = copy.deepcopy(data)
    node = out
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = copy.deepcopy(value)
    return out


def dump_json(data: Any) -> str:
    """JSON text, NaN/Infinity and lone surrogates escaped as Python writes them, and
    :data:`BIG_INT` strings written as a raw 5,000-digit number."""
    text = json.dumps(data, ensure_ascii=True, allow_nan=True)
    return text.replace(f'"{BIG_INT}"', BIG_INT)


@functools.cache
def _parser() -> argparse.ArgumentParser:
    """The CLI parser, built once (building it is half the cost of a short command)."""
    return build_parser()


class Hang(Exception):
    """A command did not finish within its time limit."""


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Raise :class:`Hang` in the body after ``seconds`` (SIGALRM: interrupts a blocking
    ``open`` of a FIFO too)."""

    def _alarm(signum: int, frame: object) -> None:
        raise Hang(f"did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@dataclass(frozen=True)
class Run:
    """A CLI run: exit code and what it printed (decoded from strict UTF-8 streams)."""

    code: int
    out: str
    err: str


def run_cli(argv: Sequence[str], *, seconds: int = 60) -> Run:
    """Run ``xl-disclosure argv`` in this process. stdout and stderr are strict UTF-8 byte
    streams, as a terminal's are (a lone surrogate that StringIO accepts fails here)."""
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    with time_limit(seconds), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            args = _parser().parse_args(list(argv))
        except SystemExit as exc:  # usage errors: as main() returns them
            code = int(exc.code or 0)
        else:
            code = run(args, out, err)
    out.flush()
    err.flush()
    return Run(code, out.buffer.getvalue().decode(), err.buffer.getvalue().decode())  # type: ignore[attr-defined]


def clean_end_problem(run: Run) -> str:
    """Why a run did not end cleanly ("" when it did): exit 0/1/2, and on 2 exactly one
    Chinese line starting with 错误：, never the catch-all, never a traceback."""
    if run.code not in (0, 1, 2):
        return f"exit code {run.code}"
    if "Traceback" in run.err or "内部错误" in run.err:
        return f"crash: {run.err[:300]}"
    if run.code == 2:
        line = run.err.strip()
        if not line.startswith("错误：") or "\n" in line or not _CJK.search(line):
            return f"not one Chinese line: {run.err[:300]!r}"
    return ""


__all__ = [
    "BIG_INT",
    "HOSTILE",
    "Hang",
    "KeyPath",
    "Outcome",
    "Run",
    "check_ends_cleanly",
    "clean_end_problem",
    "dump_json",
    "key_paths",
    "read_parts",
    "run_cli",
    "sheet_part",
    "time_limit",
    "with_value",
    "write_parts",
]
