"""Mutated workbooks for the reliability tests, generated from the built template.

Nothing is stored: every broken file is made in the test from a freshly filled template, so
the corpus follows the template as it changes. :func:`check_ends_cleanly` is the property
every input must have: it ends in findings or in one clear :class:`InputError` (CLI exit 2
with a one-line Chinese message), never in a traceback, and the file is left unchanged.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from xl_disclosure.cli import main
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


__all__ = ["Outcome", "check_ends_cleanly", "read_parts", "sheet_part", "write_parts"]
