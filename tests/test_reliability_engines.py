"""What engines say never reaches the user; what they cannot survive never reaches them.

Issue 16 items 6 and 9:

* refusals ended in engine text (``（IndexError：list index out of range）``, ``month must be in
  1..12``, ``could not read strings from /path``): one place
  (:mod:`xl_disclosure.readers.safety.explain`) now words them in Chinese with the part of the
  package concerned; ``--debug`` shows the engine's own text;
* Rust panic text and backtrace lines (and openpyxl's warnings) were printed to the user;
* a shared-string table claiming 4e9 strings late in the part aborted calamine (the gate read
  only the first 4 KB); a zip-bomb .docx took ``import`` minutes.
"""

from __future__ import annotations

import random
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from support.corpus import clean_end_problem, read_parts, run_cli, sheet_part, write_parts
from support.factories import consistent_report
from support.workbooks import fill_template
from xl_disclosure.errors import InputError
from xl_disclosure.layout import layout_for
from xl_disclosure.readers.safety import DOCX_LIMITS, check_zip_package, explain, inspect_package

SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#: Engine words that must never be part of a message.
_ENGINE_TEXT = re.compile(
    r"[A-Za-z]*Error\b|Exception|list index|month must|could not|Unable to|invalid literal|"
    r"Traceback|panicked|RUST_BACKTRACE|Warning"
)
SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("engines") / "gb2021.xlsx"
    return fill_template(consistent_report("gb2021", random.Random(8)), path)


def _with_shared_strings(filled: Path, dst: Path, sst: str) -> Path:
    """The workbook with one table cell routed through a shared-strings part ``sst``."""
    parts = read_parts(filled)
    sheet = sheet_part(parts, layout_for("gb2021").sheet_names[3])
    xml = re.sub(
        r'<c r="D(\d+)"([^>]*?)(?: t="\w+")?><v>[^<]*</v></c>',
        r'<c r="D\1"\2 t="s"><v>0</v></c>',
        parts[sheet].decode(),
        count=1,
    )
    parts[sheet] = xml.encode()
    parts["xl/sharedStrings.xml"] = sst.encode()
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    rels = "xl/_rels/workbook.xml.rels"
    parts[rels] = parts[rels].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    return write_parts(dst, parts)


def _cells(filled: Path, dst: Path, repl: str) -> Path:
    """The workbook with the first three numeric cells of column D of 表三 rewritten."""
    parts = read_parts(filled)
    sheet = sheet_part(parts, layout_for("gb2021").sheet_names[3])
    parts[sheet] = re.sub(
        rb'<c r="D(\d+)"([^>]*?)(?: t="\w+")?><v>[^<]*</v></c>',
        repl.encode(),
        parts[sheet],
        count=3,
    )
    return write_parts(dst, parts)


def _core_date(filled: Path, dst: Path) -> Path:
    parts = read_parts(filled)
    parts["docProps/core.xml"] = re.sub(
        rb"<dcterms:created([^>]*)>[^<]*<",
        rb"<dcterms:created\1>2024-13-01T00:00:00Z<",
        parts["docProps/core.xml"],
    )
    return write_parts(dst, parts)


XXE = (
    '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    f'<sst xmlns="{SHEET_NS}"><si><t>&xxe;</t></si></sst>'
)
CASES = {
    "xxe-shared-strings": (lambda f, d: _with_shared_strings(f, d, XXE), "共享字符串表", "实体"),
    "string-index": (
        lambda f, d: _cells(f, d, r'<c r="D\1"\2 t="s"><v>99999</v></c>'),
        "工作表",
        "不存在的内容",
    ),
    "impossible-date": (
        lambda f, d: _cells(f, d, r'<c r="D\1"\2 t="d"><v>2024-13-45</v></c>'),
        "工作表",
        "日期",
    ),
    "core-properties-date": (_core_date, "docProps/core.xml", "日期"),
}


@pytest.mark.parametrize("case", CASES)
def test_engine_failures_are_worded_in_chinese(filled: Path, tmp_path: Path, case: str) -> None:
    make, where, what = CASES[case]
    path = make(filled, tmp_path / f"{case}.xlsx")
    run = run_cli(["validate", str(path)])
    assert clean_end_problem(run) == "" and run.code == 2, run
    assert where in run.err and what in run.err, run.err
    assert not _ENGINE_TEXT.search(run.err), run.err
    assert "另存为" in run.err  # what to do
    debug = run_cli(["--debug", "validate", str(path)])
    assert debug.code == 2 and "调试信息：" in debug.err  # the engine's own words, on request
    assert _ENGINE_TEXT.search(debug.err), debug.err


@pytest.mark.parametrize(
    "exc",
    [
        IndexError("list index out of range"),
        ValueError("month must be in 1..12"),
        KeyError("There is no item named 'xl/styles.xml' in the archive"),
        zipfile.BadZipFile("Bad CRC-32 for file 'xl/worksheets/sheet4.xml'"),
        MemoryError(),
        TypeError("'NoneType' object is not subscriptable"),
        RuntimeError("something new"),
    ],
)
def test_explain_never_repeats_the_engine(exc: BaseException) -> None:
    why = explain(exc)
    sentence = why.sentence()
    assert not _ENGINE_TEXT.search(sentence), sentence
    assert not str(exc) or str(exc) not in sentence, sentence
    assert re.search(r"[\u4e00-\u9fff]", sentence)
    assert type(exc).__name__ in why.detail


def _python(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "xl_disclosure.cli", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "PYTHONPATH": str(SRC), **env},
        check=False,
    )


@pytest.fixture(scope="module")
def panicking(filled: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """-1e300 in a date-formatted cell: python-calamine panics (Rust) reading that sheet."""
    path = tmp_path_factory.mktemp("panic") / "panic.xlsx"
    place = layout_for("gb2021").locate("meta.publish_date")
    assert place is not None
    wb = openpyxl.load_workbook(filled)
    wb[place.sheet][place.cell] = -1e300
    wb[place.sheet][place.cell].number_format = "yyyy-mm-dd"
    wb.save(path)
    return path


@pytest.mark.parametrize("batch", [False, True], ids=["single", "batch"])
def test_no_engine_output_reaches_the_user(panicking: Path, filled: Path, batch: bool) -> None:
    """In a real process (the panic text goes to file descriptor 2, not sys.stderr)."""
    args = [str(panicking), str(filled), "--jobs", "2"] if batch else [str(panicking)]
    done = _python("validate", "--engine", "calamine", *args, RUST_BACKTRACE="1")
    assert done.returncode in (0, 1), (done.stdout, done.stderr)
    assert "panic.xlsx" in done.stdout
    for noise in ("panicked", "backtrace", "RUST_BACKTRACE", "Warning", "Traceback"):
        assert noise not in done.stderr and noise not in done.stdout, done.stderr


SST_CLAIMS = {
    "late": f'<sst xmlns="{SHEET_NS}"' + " " * 6000 + ' uniqueCount="4000000000">',
    "single-quotes": f"<sst xmlns='{SHEET_NS}' uniqueCount='4000000000'>",
    "spaces": f'<sst xmlns="{SHEET_NS}" uniqueCount = " 4000000000">',
    "sign-and-zeros": f'<sst xmlns="{SHEET_NS}" uniqueCount="+0004000000000">',
    "prefixed": f'<x:sst xmlns:x="{SHEET_NS}" uniqueCount="4000000000">',
    "after-a-decoy": f'<!-- <sst uniqueCount="1"> --><sst xmlns="{SHEET_NS}" count="1"'
    + " " * 5000
    + 'uniqueCount="4000000000">',
}


@pytest.mark.parametrize("claim", SST_CLAIMS)
def test_shared_string_claims_are_found_anywhere(filled: Path, tmp_path: Path, claim: str) -> None:
    head = SST_CLAIMS[claim]
    end = "</x:sst>" if claim == "prefixed" else "</sst>"
    si = "<x:si><x:t>1</x:t></x:si>" if claim == "prefixed" else "<si><t>1</t></si>"
    path = _with_shared_strings(filled, tmp_path / "sst.xlsx", head + si * 300 + end)
    with pytest.raises(InputError, match="共享字符串表声明了"):
        inspect_package(path)
    if claim == "late":  # the harness's file: calamine would abort the process (SIGABRT)
        done = _python("validate", "--engine", "calamine", str(path))
        assert done.returncode == 2 and "共享字符串表" in done.stderr, done.stderr


def test_an_honest_shared_string_table_passes(filled: Path, tmp_path: Path) -> None:
    sst = f'<sst xmlns="{SHEET_NS}" count="1" uniqueCount="1"><si><t>5</t></si></sst>'
    path = _with_shared_strings(filled, tmp_path / "ok.xlsx", sst)
    assert inspect_package(path).findings == []
    assert run_cli(["validate", "--engine", "calamine", str(path)]).code in (0, 1)


def _docx(path: Path, document: bytes) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", document)
    return path


def test_a_zip_bomb_docx_is_refused_before_python_docx(tmp_path: Path) -> None:
    body = b" " * (DOCX_LIMITS.max_part_bytes + 1024)
    bomb = _docx(tmp_path / "bomb.docx", b"<w:document><w:body>" + body + b"</w:body></w:document>")
    assert bomb.stat().st_size < 1024 * 1024
    started = time.perf_counter()
    run = run_cli(["import", str(bomb), "-o", str(tmp_path / "o.json")])
    assert time.perf_counter() - started < 10
    assert clean_end_problem(run) == "" and run.code == 2 and "压缩炸弹" in run.err, run
    assert not (tmp_path / "o.json").exists()


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "旧版"),
        (b"<html><body>report</body></html>", "不是Word 文档"),
        (b"", "空的"),
    ],
    ids=["doc", "html", "empty"],
)
def test_check_zip_package_names_foreign_files(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        check_zip_package(path)
    assert words in str(info.value) and info.value.hint


@pytest.mark.parametrize(
    "parts",
    [
        {"[Content_Types].xml": "<Types/>"},
        {
            "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.'
            'openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.'
            'xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.'
            'document.main+xml"/></Types>',
            "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http:'
            '//schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            'Target="word/document.xml"/></Relationships>',
            "word/document.xml": "<w:document",
        },
    ],
    ids=["no-document", "broken-xml"],
)
def test_a_damaged_docx_is_worded_in_chinese(tmp_path: Path, parts: dict[str, str]) -> None:
    path = tmp_path / "report.docx"
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    run = run_cli(["import", str(path), "-o", str(tmp_path / "o.json")])
    assert clean_end_problem(run) == "" and run.code == 2, run
    assert "Word 文档" in run.err and not _ENGINE_TEXT.search(run.err), run.err
