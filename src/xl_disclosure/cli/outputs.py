"""Output paths of every command, handled one way: ``-o`` and ``--force``.

Every command that writes a file checks where it will write *before* doing any work:

* an existing file is replaced only with ``--force`` (and never when it is one of the inputs);
* a folder, pipe, device or broken link is never written over, ``--force`` or not;
* the folder of an output file must exist: a mistyped folder is refused, not created;
* an output *folder* (``build-template --all -o DIR``) is created when missing, and the
  command says so.

Commands add the option with :func:`add_force_option` and check with :func:`output_file` /
:func:`output_folder` (see :func:`xl_disclosure.io.files.check_output_file`).

Example:
    >>> import argparse
    >>> p = argparse.ArgumentParser()
    >>> _ = add_force_option(p)
    >>> p.parse_args(["--force"]).force
    True
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from xl_disclosure.errors import InputError
from xl_disclosure.io.files import check_output_file, file_kind

FORCE_HELP = "输出文件已存在时覆盖（默认不覆盖任何已有文件）"


def add_force_option(parser: argparse.ArgumentParser) -> argparse.Action:
    """``--force``, worded the same on every command."""
    return parser.add_argument("--force", action="store_true", help=FORCE_HELP)


def output_file(
    path: Path,
    *,
    force: bool,
    inputs: Sequence[Path | None] = (),
    suffixes: Sequence[str] = (),
    what: str = "输出文件",
) -> Path:
    """The checked path to write (a symlink's target), before any work is done.

    Args:
        suffixes: the accepted endings (``.xlsx`` ...), when the command needs one.

    Raises:
        InputError: wrong ending, the file exists without ``force``, is an input, is not a
            regular file, or its folder does not exist.
    """
    if suffixes and path.suffix.lower() not in suffixes:
        raise InputError(
            f"{what}应以 {' 或 '.join(suffixes)} 结尾。",
            where=str(path),
            hint=f"例如：-o 报告{suffixes[0]}",
        )
    return check_output_file(path, force=force, inputs=[p for p in inputs if p is not None])


def output_folder(path: Path, stdout: TextIO) -> Path:
    """An output folder: created (and said so) when missing.

    Raises:
        InputError: the path exists and is not a folder.
    """
    if path.is_dir():
        return path
    if path.exists() or path.is_symlink():
        try:
            kind = file_kind(path.stat().st_mode) or "文件"
        except OSError:
            kind = "无效的符号链接"
        raise InputError(
            f"应为输出文件夹，但这是{kind}。", where=str(path), hint="请换一个输出文件夹。"
        )
    path.mkdir(parents=True)
    stdout.write(f"已新建文件夹：{path}\n")
    return path


__all__ = ["FORCE_HELP", "add_force_option", "output_file", "output_folder"]
