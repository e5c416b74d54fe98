"""Paths people give us, checked before anything opens them.

A path on the command line may name anything: a folder, a named pipe (opening it for reading
waits forever for a writer), a socket, a device (``/dev/zero`` never ends), a symlink to
nothing or to itself. Every reader opens its input through :func:`open_input` (or checks it
with :func:`check_input_file` when a third-party engine opens the path itself), and every
command checks its output with :func:`check_output_file` before doing any work, so each of
those ends in one Chinese :class:`~xl_disclosure.errors.InputError` saying what the path is
and what to do, never in a hang, a traceback or a file replaced without consent.

Example:
    >>> import os, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> try:
    ...     check_input_file(folder)
    ... except InputError as exc:
    ...     print(exc.message)
    是文件夹，不是文件。
"""

from __future__ import annotations

import errno
import os
from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

from xl_disclosure.errors import InputError, os_reason
from xl_disclosure.regular import NotRegular, file_kind, open_regular

_HINT_PATH = "请检查路径。"
_HINT_REGULAR = "请给出一个普通文件（如 .xlsx、.json）的路径。"


def size_text(n: int) -> str:
    """``312 KB``, ``4.8 MB``: a size as people write it."""
    if n < 1024 * 1024:
        return f"{max(1, round(n / 1024))} KB" if n else "0 字节"
    return f"{n / 1048576:.1f} MB".replace(".0 MB", " MB")


def _stat(path: Path) -> os.stat_result:
    """``os.stat`` with every failure as a Chinese :class:`InputError`."""
    where = str(path)
    try:
        return path.stat()
    except FileNotFoundError as exc:
        if path.is_symlink():
            raise InputError(
                "是指向不存在文件的符号链接（快捷方式），无法打开。",
                where=where,
                hint="请检查链接指向的文件是否已被移动或删除。",
            ) from exc
        raise InputError("文件不存在。", where=where, hint=_HINT_PATH) from exc
    except NotADirectoryError as exc:
        raise InputError(
            "路径中有一段不是文件夹，文件不存在。", where=where, hint=_HINT_PATH
        ) from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputError(
                "是循环的符号链接（链接最终指向自己），无法打开。",
                where=where,
                hint="请给出实际文件的路径。",
            ) from exc
        raise InputError(
            f"无法读取文件（{os_reason(exc)}）。", where=where, hint="请检查路径和文件权限。"
        ) from exc
    except ValueError as exc:  # an embedded NUL in the path
        raise InputError("路径中含有无效字符。", where=where, hint=_HINT_PATH) from exc


def _refuse_kind(kind: str, where: str) -> InputError:
    if kind == "文件夹":
        return InputError("是文件夹，不是文件。", where=where, hint=_HINT_REGULAR)
    return InputError(
        f"是{kind}，不是普通文件，拒绝读取（读取它可能一直等待或永不结束）。",
        where=where,
        hint=_HINT_REGULAR,
    )


def _check_size(size: int, max_bytes: int | None, where: str, noun: str) -> None:
    if max_bytes is not None and size > max_bytes:
        raise InputError(
            f"文件过大（{size_text(size)}），{noun}不应超过 {size_text(max_bytes)}，拒绝读取。",
            where=where,
            hint="请确认选择了正确的文件。",
        )


def check_input_file(
    path: Path | str, *, max_bytes: int | None = None, noun: str = "该类文件"
) -> os.stat_result:
    """Check that ``path`` is an existing regular file (symlinks followed) of at most
    ``max_bytes``, for engines that open the path themselves.

    Raises:
        InputError: missing, a folder, FIFO, socket, device, dangling or looping symlink,
            unreadable, or too large.
    """
    path = Path(path)
    st = _stat(path)
    kind = file_kind(st.st_mode)
    if kind:
        raise _refuse_kind(kind, str(path))
    _check_size(st.st_size, max_bytes, str(path), noun)
    return st


def open_input(path: Path | str) -> BinaryIO:
    """Open a checked regular file for reading, without ever blocking on a FIFO.

    The file is opened non-blocking and checked again on the open descriptor, so a path
    swapped for a pipe between the check and the open is refused too.

    Raises:
        InputError: as :func:`check_input_file`.
    """
    path = Path(path)
    check_input_file(path)
    try:
        return open_regular(path)
    except NotRegular as exc:
        raise _refuse_kind(exc.kind, str(path)) from exc
    except OSError as exc:
        raise InputError(
            f"无法读取文件（{os_reason(exc)}）。", where=str(path), hint="请检查路径和文件权限。"
        ) from exc


def read_input(path: Path | str, *, max_bytes: int, noun: str = "该类文件") -> bytes:
    """The bytes of a regular file, never more than ``max_bytes`` read (``/proc`` files and
    files that grow while read report a wrong size, so the read itself is bounded).

    Raises:
        InputError: as :func:`check_input_file`, or over ``max_bytes``.
    """
    path = Path(path)
    _check_size(check_input_file(path).st_size, max_bytes, str(path), noun)
    with open_input(path) as fh:
        try:
            data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(
                f"读取文件时出错（{os_reason(exc)}）。", where=str(path), hint=_HINT_PATH
            ) from exc
    _check_size(len(data), max_bytes, str(path), noun)
    return data


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except (OSError, ValueError):
        return False


def check_output_file(
    path: Path | str, *, force: bool = False, inputs: Sequence[Path | str] = ()
) -> Path:
    """Where to write an output file, checked before any work is done.

    * the folder must exist (a mistyped folder is not created behind the user's back);
    * an existing file is replaced only with ``force`` (``--force``), and never when it is
      one of ``inputs``;
    * a folder, FIFO, socket, device or broken symlink is never written over, ``force`` or not;
    * a symlink to a regular file is followed: the file it points to is replaced, the link kept.

    Returns:
        The path to write (the link's target for a symlink).

    Raises:
        InputError: any of the cases above.
    """
    path = Path(path)
    where = str(path)
    if os.path.lexists(path):
        st = _stat(path)  # dangling and looping symlinks are refused here
        target = path.resolve() if path.is_symlink() else path
        kind = file_kind(st.st_mode)
        if kind:
            raise InputError(
                f"是{kind}，不能作为输出文件。", where=where, hint="请换一个输出文件名。"
            )
        if any(_same_file(path, Path(i)) for i in inputs):
            raise InputError(
                "输出文件就是输入文件，不能覆盖输入文件。",
                where=where,
                hint="请换一个输出文件名。",
            )
        if not force:
            raise InputError(
                "输出文件已存在。", where=where, hint="如需覆盖请加 --force，或换一个文件名。"
            )
        return target
    parent = path.parent
    if not parent.is_dir():
        what = "不是文件夹" if os.path.lexists(parent) else "不存在"
        raise InputError(
            f"输出位置的文件夹“{parent}”{what}。",
            where=where,
            hint="请先建立该文件夹，或换一个输出位置（不会自动新建文件夹）。",
        )
    return path


__all__ = [
    "check_input_file",
    "check_output_file",
    "file_kind",
    "open_input",
    "read_input",
    "size_text",
]
