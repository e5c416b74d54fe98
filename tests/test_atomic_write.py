"""Atomic writes: a failure or a crash mid-export leaves the old file byte-identical.

Three kinds of interruption are tried: an exception injected in the rename or in the writer
(the temp file must be removed), a process killed by SIGKILL between writing and renaming, and
a process killed from outside while it is still writing (a stray ``.tmp`` may remain then, but
the target is intact).
"""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support.factories import consistent_report
from xl_disclosure.errors import ExportError
from xl_disclosure.export import export_json
from xl_disclosure.io.atomic import write_atomic

OLD = b'{"old": true}\n' * 1000

posix_only = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _temps(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.name.endswith(".tmp"))


@pytest.fixture
def target(tmp_path: Path) -> Path:
    path = tmp_path / "report.json"
    path.write_bytes(OLD)
    return path


def test_replace_failure_keeps_old_file_and_removes_temp(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _sha(target)

    def broken_replace(self: Path, other: object) -> Path:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "replace", broken_replace)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new" * 100_000)
    assert _sha(target) == before
    assert _temps(target.parent) == []


@pytest.mark.parametrize("exc", [RuntimeError("writer bug"), KeyboardInterrupt()])
def test_writer_failure_mid_write_keeps_old_file(target: Path, exc: BaseException) -> None:
    before = _sha(target)

    def writer(tmp: Path) -> None:
        with tmp.open("wb") as fh:
            fh.write(b"half of the new content")
        raise exc

    with pytest.raises(type(exc)):
        write_atomic(target, writer)
    assert _sha(target) == before
    assert _temps(target.parent) == []


def test_export_json_failure_keeps_old_export(
    target: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The real export path, with the rename failing after the payload was written."""
    report = consistent_report("gb2021", random.Random(7))
    before = _sha(target)

    def broken_replace(self: Path, other: object) -> Path:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(Path, "replace", broken_replace)
    with pytest.raises(OSError):
        export_json(report, target, overwrite=True)
    assert _sha(target) == before
    assert _temps(target.parent) == []
    monkeypatch.undo()
    with pytest.raises(ExportError):  # and without --force the old file is never touched
        export_json(report, target)
    assert _sha(target) == before


_CHILD = textwrap.dedent(
    """
    import os, signal, sys, time
    from pathlib import Path
    from xl_disclosure.io.atomic import write_atomic

    target, mode = Path(sys.argv[1]), sys.argv[2]
    payload = b"N" * (8 * 1024 * 1024)

    if mode == "before-rename":
        def die(self, other):
            os.kill(os.getpid(), signal.SIGKILL)
        Path.replace = die
        write_atomic(target, payload)
    elif mode == "while-writing":
        def slow(tmp):
            with tmp.open("wb") as fh:
                for _ in range(10_000):
                    fh.write(payload[:65536])
                    fh.flush()
                    sys.stdout.write("w\\n"); sys.stdout.flush()
                    time.sleep(0.01)
        write_atomic(target, slow)
    """
)


def _child(target: Path, mode: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, str(target), mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@posix_only
def test_sigkill_between_write_and_rename_keeps_old_file(target: Path) -> None:
    before = _sha(target)
    proc = _child(target, "before-rename")
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    assert _sha(target) == before
    stray = _temps(target.parent)
    assert len(stray) <= 1  # the killed process could not clean up; the target is what matters
    assert all(p.stat().st_size == 8 * 1024 * 1024 for p in stray)


@posix_only
def test_sigkill_from_outside_while_writing_keeps_old_file(target: Path) -> None:
    before = _sha(target)
    proc = _child(target, "while-writing")
    assert proc.stdout is not None
    for _ in range(5):  # let it write a few chunks into the temp file
        assert proc.stdout.readline() == b"w\n"
    deadline = time.monotonic() + 10
    while not _temps(target.parent) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert _temps(target.parent), "the child should be writing to a temp file"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert _sha(target) == before
    assert [p.name for p in target.parent.iterdir() if not p.name.endswith(".tmp")] == [target.name]


@settings(max_examples=40, deadline=None)
@given(payload=st.binary(max_size=4096))
def test_write_atomic_roundtrip_leaves_no_temp(
    tmp_path_factory: pytest.TempPathFactory, payload: bytes
) -> None:
    directory = tmp_path_factory.mktemp("atomic")
    path = directory / "out.bin"
    path.write_bytes(OLD)
    write_atomic(path, payload)
    assert path.read_bytes() == payload
    assert _temps(directory) == []
