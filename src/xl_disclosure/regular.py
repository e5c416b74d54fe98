"""Reading a path that must be a regular file, without ever blocking.

Opening a named pipe for reading waits for a writer, and a device such as ``/dev/zero`` never
ends: the file is opened non-blocking and checked on the open descriptor (so a path swapped for
a pipe between a check and the open is caught too), and reading stops after a limit. What to
tell the user is the caller's: :class:`NotRegular` carries what the path is, in Chinese.

Example:
    >>> import os, tempfile, pathlib
    >>> fifo = pathlib.Path(tempfile.mkdtemp()) / "x.json"
    >>> os.mkfifo(fifo)
    >>> try:
    ...     read_regular(fifo, 1024)
    ... except NotRegular as exc:
    ...     print(exc.kind)
    命名管道（FIFO）
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO


class NotRegular(Exception):
    """The path is not a regular file; ``kind`` says what it is (``文件夹``, ``命名管道（FIFO）``)."""

    def __init__(self, kind: str, path: Path) -> None:
        super().__init__(f"{path}: {kind}")
        self.kind = kind
        self.path = path


def file_kind(mode: int) -> str:
    """What a non-regular file is, in Chinese ("" for a regular file)."""
    if stat.S_ISREG(mode):
        return ""
    if stat.S_ISDIR(mode):
        return "文件夹"
    if stat.S_ISFIFO(mode):
        return "命名管道（FIFO）"
    if stat.S_ISSOCK(mode):
        return "套接字（socket）"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件"
    return "特殊文件"


def open_regular(path: Path) -> BinaryIO:
    """Open the regular file ``path`` for reading (blocking again once it is known to be one).

    Raises:
        NotRegular: ``path`` is a folder, pipe, socket or device.
        OSError: it cannot be opened (missing, no permission, a symlink loop ...).
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0))
    kind = file_kind(os.fstat(fd).st_mode)
    if kind:
        os.close(fd)
        raise NotRegular(kind, path)
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def read_regular(path: Path, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of the regular file ``path`` (one more than ``limit`` tells
    the caller the file is too large).

    Raises:
        NotRegular: ``path`` is a folder, pipe, socket or device.
        OSError: it cannot be opened or read (missing, no permission, a symlink loop ...).
    """
    with open_regular(path) as fh:
        return fh.read(limit + 1)
