"""Which entries of a folder are submissions, and why the others named ``*.json`` are not.

Nothing named like a submission is skipped in silence: a folder called ``x.json``, a symbolic
link that points nowhere or at itself, a named pipe or a device each get a line in the
rejection list. Our own outputs are recognised by device and inode (one ``stat`` per entry,
which the check of the entry makes anyway), under whatever name or link they are reached.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from xl_disclosure.errors import InputError
from xl_disclosure.io.files import file_kind


@dataclass(frozen=True)
class Listing:
    """Candidate files (sorted by name) and the entries that cannot be submissions."""

    files: list[Path]
    refused: list[tuple[Path, str]]
    """(entry, Chinese reason) for ``*.json`` entries that are not regular files."""


def not_a_file(path: Path) -> str:
    """Why ``path`` is not a regular file to read ("" when it is one)."""
    return _examine_entry(path)[0]


def _examine_entry(path: Path) -> tuple[str, tuple[int, int] | None]:
    """(why ``path`` is not a regular file or "", its (device, inode) when it is one)."""
    try:
        st = path.stat()
    except FileNotFoundError:
        why = "符号链接指向的文件不存在（链接已失效）。" if path.is_symlink() else "文件不存在。"
        return why, None
    except OSError as exc:
        if path.is_symlink():
            return "符号链接循环（链接最终指向自身），无法读取。", None
        return f"无法读取：{exc.strerror or exc}。", None
    if stat.S_ISDIR(st.st_mode):
        return "是文件夹，不是 JSON 文件（汇总只读取所给文件夹中的文件，不进入子文件夹）。", None
    kind = file_kind(st.st_mode)
    return (f"是{kind}，不是普通文件。", None) if kind else ("", (st.st_dev, st.st_ino))


def list_submissions(source: Path | Iterable[Path], exclude: Iterable[Path] = ()) -> Listing:
    """The ``*.json`` entries of a folder (not recursive), or the given files, minus
    ``exclude`` (our own outputs: the same file, by device and inode, under any name or
    link)."""
    skip = {found for p in exclude if (found := _examine_entry(Path(p))[1])}
    if isinstance(source, Path):
        try:
            names = [e.name for e in os.scandir(source)]
        except OSError as exc:
            raise InputError(f"无法读取文件夹：{exc.strerror or exc}", where=str(source)) from exc
        entries = [source / n for n in names if n.lower().endswith(".json")]
    else:
        entries = [Path(p) for p in source]
    files: list[Path] = []
    refused: list[tuple[Path, str]] = []
    for path in sorted(entries, key=lambda p: p.name):
        reason, identity = _examine_entry(path)
        if reason:
            refused.append((path, reason))
        elif identity not in skip:
            files.append(path)
    return Listing(files, refused)
