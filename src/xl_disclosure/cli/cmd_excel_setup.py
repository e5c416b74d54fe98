"""``xl-disclosure excel-setup``: tell the workbook buttons (desktop mode) which Python to run.

Writes the user's xlwings config file (see :mod:`xl_disclosure.excel.desktop`); needed when
``python`` is not on ``PATH`` (the usual case for installs from python.org without "Add to
PATH", or for a virtual environment).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--python",
        type=Path,
        default=Path(sys.executable),
        help="按钮使用的 Python 解释器（默认：运行本命令的 Python）",
    )


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.excel.desktop import write_user_config

    path = write_user_config(args.python)
    stdout.write(f"已写入 xlwings 用户配置：{path}\n")
    stdout.write(f"工作簿按钮（桌面模式）将使用：{args.python}\n")
    stdout.write("请关闭并重新打开工作簿后再点按钮。\n")
    return 0
