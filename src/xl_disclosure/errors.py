"""Exceptions. Problems in a user's report are findings, never exceptions; these are for
input that cannot be read at all (wrong file, foreign workbook) and for broken specs."""

from __future__ import annotations


class XlDisclosureError(Exception):
    """Base class. ``str(error)`` is a complete Chinese sentence for the user."""


class SpecError(XlDisclosureError):
    """A format spec or rule catalogue shipped with the package is malformed (developer error)."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(f"{message} ({path})" if path else message)
        self.path = path


class InputError(XlDisclosureError):
    """The input cannot be read as a report: not ours, damaged, unsupported type.

    Attributes:
        where: the file (and sheet/part) concerned, for the message.
        hint: how the user can fix it.
        detail: the raw text of the engine exception behind the refusal (English, for
            maintainers): never part of the message, shown by ``xl-disclosure --debug``.
    """

    def __init__(self, message: str, *, where: str = "", hint: str = "", detail: str = "") -> None:
        self.message = message
        self.where = where
        self.hint = hint
        self.detail = detail
        super().__init__(self.render())

    def render(self) -> str:
        parts = [f"{self.where}：{self.message}" if self.where else self.message]
        if self.hint:
            parts.append(self.hint)
        return join_sentences(parts)


#: Where a Chinese sentence or clause ends: the next one follows without a space.
_SENTENCE_ENDS = ("。", "！", "？", "；", "：", "，", "）", "”", "」")


def join_sentences(parts: list[str]) -> str:
    """Message parts on one line: Chinese sentences follow each other without a space
    (“文件不存在。请检查路径。”); other text (an engine's words, which may span lines) is
    joined with one.

    Example:
        >>> join_sentences(["x：文件不存在。", "请检查路径。"])
        'x：文件不存在。请检查路径。'
        >>> join_sentences(["无法读取（Bad\\nzip file）", "请检查。"])
        '无法读取（Bad zip file）请检查。'
    """
    pieces = [line.strip() for part in parts for line in part.splitlines() if line.strip()]
    out = pieces[0] if pieces else ""
    for piece in pieces[1:]:
        out += piece if out.endswith(_SENTENCE_ENDS) else " " + piece
    return out


class ExportError(XlDisclosureError):
    """Export refused (error-level findings stand, or the output failed its schema)."""


#: errno name -> why, in Chinese (see :func:`os_reason`).
_OS_REASONS = {
    "ENOENT": "文件或文件夹不存在",
    "EACCES": "没有访问权限",
    "EPERM": "操作不被允许",
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "超出磁盘配额",
    "EROFS": "所在位置只读，不能写入",
    "EISDIR": "这是文件夹，不是文件",
    "ENOTDIR": "路径中有一段不是文件夹",
    "ELOOP": "符号链接循环",
    "ENAMETOOLONG": "路径过长",
    "EEXIST": "文件已存在",
    "EBUSY": "文件正被其他程序使用",
    "ETXTBSY": "文件正被其他程序使用",
    "EMFILE": "打开的文件过多",
    "EIO": "读写设备出错",
    "EXDEV": "不能跨磁盘移动文件",
}


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, as a short Chinese phrase (never the English
    ``strerror``; an unknown errno is named by its number)."""
    import errno as _errno

    name = _errno.errorcode.get(exc.errno or 0, "")
    if name in _OS_REASONS:
        return _OS_REASONS[name]
    if isinstance(exc, PermissionError):
        return _OS_REASONS["EACCES"]
    if isinstance(exc, FileNotFoundError):
        return _OS_REASONS["ENOENT"]
    return f"系统错误（错误号 {exc.errno}）" if exc.errno else "系统错误"
