"""Files the tool writes follow the user's umask (not the temp file's private 0600)."""

from __future__ import annotations

import os
import random
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from support.factories import consistent_report
from xl_disclosure.cli import main
from xl_disclosure.io.atomic import current_umask, write_atomic

pytestmark = pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o002, 0o664), (0o077, 0o600)])
def test_new_files_get_the_umask_mode(tmp_path: Path, mask: int, expected: int) -> None:
    os.umask(mask)
    assert current_umask() == mask
    assert _mode(write_atomic(tmp_path / "a.json", b"{}")) == expected
    assert _mode(write_atomic(tmp_path / "b.bin", lambda p: p.write_bytes(b"x"))) == expected


@pytest.mark.usefixtures("umask")
def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    target.write_bytes(b"old")
    target.chmod(0o640)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and _mode(target) == 0o640


@pytest.mark.usefixtures("umask")
def test_exported_json_draft_and_marked_copy_are_readable_by_the_group(tmp_path: Path) -> None:
    from xl_disclosure.builder.fill import fill_template

    os.umask(0o022)
    report = consistent_report("gb2021", random.Random(1))
    book = fill_template(report, tmp_path / "填报.xlsx")
    outputs = [tmp_path / "r.json", tmp_path / "r.md", tmp_path / "r.docx"]
    assert main(["export", str(book), "-o", str(outputs[0])]) in (0, 1)
    assert main(["draft", str(book), "-o", str(outputs[1])]) in (0, 1)
    assert main(["draft", str(book), "-o", str(outputs[2])]) in (0, 1)
    assert main(["validate", str(book), "--mark"]) in (0, 1)
    outputs.append(tmp_path / "填报_已标记.xlsx")
    for path in outputs:
        assert path.exists() and _mode(path) == 0o644, (path.name, oct(_mode(path)))
