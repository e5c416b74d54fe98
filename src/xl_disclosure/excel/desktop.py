"""Desktop mode (``RunPython`` on the staff PC): finding Python, and the VBA's own messages.

The template cannot carry an ``xlwings.conf`` sheet (its structure is locked), so the
interpreter is found the way xlwings' VBA ``GetConfig`` looks after the sheet: an
``xlwings.conf`` file next to the workbook, then the user's file
``%USERPROFILE%\\.xlwings\\xlwings.conf`` (macOS: ``~/Library/Containers/com.microsoft.Excel/Data/xlwings.conf``),
then ``python`` on ``PATH``. :func:`write_user_config` writes the user's file in the format
that ``GetConfigFromFile`` reads (one ``"KEY","VALUE"`` line per setting), which is what
``xl-disclosure excel-setup`` does.

When no Python is found the buttons cannot ask Python for a message, so the one message the
VBA shows itself is kept here and written into ``macros/XlDisclosure.bas`` as UTF-16 code
units (:func:`vba_text`): the VBA source stays ASCII whatever the editor's code page.

Example:
    >>> vba_text("校验")
    '6821 9A8C'
    >>> config_line("INTERPRETER_WIN", r"C:\\Python312\\python.exe")
    '"INTERPRETER_WIN","C:\\\\Python312\\\\python.exe"'
"""

from __future__ import annotations

import locale
import os
import sys
from pathlib import Path

#: Shown by ``XlDisclosure.bas`` when desktop mode finds no Python (ASCII-coded there).
PYTHON_NOT_FOUND = (
    "未找到 Python，按钮无法运行。请安装 Python 3.11 或以上版本，"
    "在命令行运行 pip install xl-disclosure[excel] 和 xl-disclosure excel-setup；"
    "不能安装时，请改用服务器模式、标记副本或校验网页（见 docs/excel.md）。"
)
#: Title of the VBA's message box (the same title Python's alerts use).
MESSAGE_TITLE = "政府信息公开年度报告"
#: Names of the VBA constants holding the coded texts.
VBA_CONSTANTS = {"MSG_NO_PYTHON": PYTHON_NOT_FOUND, "MSG_TITLE": MESSAGE_TITLE}


def vba_text(text: str) -> str:
    """Text as the space-separated hex UTF-16 code units ``Zh()`` in the VBA decodes."""
    data = text.encode("utf-16-be")
    return " ".join(f"{int.from_bytes(data[i : i + 2], 'big'):04X}" for i in range(0, len(data), 2))


def from_vba_text(codes: str) -> str:
    """Inverse of :func:`vba_text` (what ``Zh()`` returns)."""
    return b"".join(int(c, 16).to_bytes(2, "big") for c in codes.split()).decode("utf-16-be")


def user_config_path(home: Path | None = None, platform: str = sys.platform) -> Path:
    """Where xlwings' VBA reads the user's settings (``GetConfigFilePath``)."""
    if platform == "darwin":
        base = home or Path.home()
        return base / "Library/Containers/com.microsoft.Excel/Data/xlwings.conf"
    base = home or Path(os.environ.get("USERPROFILE") or Path.home())
    return base / ".xlwings" / "xlwings.conf"


def config_line(key: str, value: str) -> str:
    """One line as VBA's ``Write #`` writes it (quotes doubled are not needed: paths only)."""
    return f'"{key}","{value}"'


def _encoding(platform: str) -> str:
    # VBA's ``Input #`` reads the file in the ANSI code page (GBK on a Chinese Windows).
    return locale.getpreferredencoding(False) if platform == "win32" else "utf-8"


def read_config(path: Path, platform: str = sys.platform) -> dict[str, str]:
    """The ``"KEY","VALUE"`` lines of an xlwings config file (keys upper-cased)."""
    out: dict[str, str] = {}
    if not path.exists():
        return out
    for line in path.read_bytes().decode(_encoding(platform), errors="replace").splitlines():
        key, sep, value = line.partition(",")
        if sep:
            out[key.strip().strip('"').upper()] = value.strip().strip('"')
    return out


def write_user_config(
    interpreter: Path | str, *, home: Path | None = None, platform: str = sys.platform
) -> Path:
    """Record ``interpreter`` for the buttons in the user's xlwings config (other keys kept).

    Raises:
        InputError: ``interpreter`` does not exist, or the path holds a double quote (which
            the VBA file format cannot carry).
    """
    from xl_disclosure.errors import InputError
    from xl_disclosure.io.atomic import write_atomic

    interpreter = Path(interpreter)
    if not interpreter.exists():
        raise InputError("Python 解释器不存在。", where=str(interpreter))
    if '"' in str(interpreter):
        raise InputError(
            "Python 的路径中含有双引号，xlwings 配置文件无法记录。", where=str(interpreter)
        )
    key = "INTERPRETER_MAC" if platform == "darwin" else "INTERPRETER_WIN"
    path = user_config_path(home, platform)
    settings = read_config(path, platform)
    settings[key] = str(interpreter)
    text = "\r\n".join(config_line(k, v) for k, v in settings.items()) + "\r\n"
    try:
        data = text.encode(_encoding(platform))
    except UnicodeEncodeError as exc:
        raise InputError(
            "Python 的路径含有本机代码页无法表示的字符。", where=str(interpreter)
        ) from exc
    return write_atomic(path, data)
