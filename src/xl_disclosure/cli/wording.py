"""argparse's own words in Chinese: usage lines, help headings and usage errors.

argparse writes its own words in English (``usage:``, ``options:``, ``the following arguments
are required: file``, ``invalid choice: 'foo' (choose from ...)``). The command's parser class
names its groups with :data:`POSITIONALS` and :data:`OPTIONALS`, passes its usage and help
through :func:`help_text` and its errors through :func:`error_text`, which recognises
argparse's message templates and says the same in Chinese; a message it does not know (a later
Python may add one) is shown as argparse wrote it.

Nothing is patched in argparse itself: other parsers of the same process are not affected.

Example:
    >>> error_text("argument --engine: invalid choice: 'foo' (choose from 'calamine', 'openpyxl')")
    '参数 --engine：“foo”不是可选的值（可选：calamine、openpyxl）'
    >>> error_text("the following arguments are required: file, -o/--output")
    '缺少必须给出的参数：file、-o/--output'
"""

from __future__ import annotations

import argparse
import re
import unicodedata
from collections.abc import Callable, Container, Sequence
from typing import Any

#: What the help calls the two argument groups, and the help of ``-h``.
POSITIONALS, OPTIONALS, HELP_HELP = "位置参数", "选项", "显示本帮助并退出"
#: What the help calls a value, by the argument's name (argparse would show ``OUTPUT``,
#: ``JOBS``, ``folder``). An argument with choices shows them instead.
METAVARS = {
    "agency": "机关名称",
    "archive": "归档文件夹",
    "database": "数据库",
    "due": "日期",
    "expected": "名单文件",
    "file": "文件",
    "files": "文件",
    "folder": "文件夹",
    "host": "地址",
    "jobs": "进程数",
    "json_out": "文件",
    "label": "说明",
    "level": "层级",
    "limit": "条数",
    "min_n": "份数",
    "name": "名称",
    "new": "本年报告",
    "old": "上年报告",
    "output": "文件",
    "password": "密码",
    "port": "端口",
    "previous": "上年报告",
    "python": "路径",
    "rate": "次数",
    "region": "地区",
    "report_xlsx": "文件",
    "sources": "文件",
    "sql": "语句",
    "summary": "文件",
    "threshold": "比例",
    "token": "令牌",
    "under": "上级",
    "workers": "进程数",
    "year": "年度",
}
#: ``usage: `` starting a usage line; ``用法：`` is as wide on a terminal (one more space),
#: so argparse's wrapped lines stay aligned under the first.
_USAGE = re.compile(r"^usage: ", re.MULTILINE)
#: Names argparse gives the types of values (``invalid int value``).
_TYPE_NAMES = {"int": "整数", "float": "数字"}


def _items(listed: str) -> str:
    """``'a', 'b'`` or ``a, b`` as ``a、b``."""
    return "、".join(part.strip().strip("'\"") for part in listed.split(","))


def _value(text: str) -> str:
    """A value argparse shows as ``repr``: ``'abc'`` -> ``abc``."""
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"" else text


def _argument(m: re.Match[str]) -> str:
    return f"参数 {m['name']}：{error_text(m['message'])}"


#: argparse's error templates (as regular expressions) and their Chinese wording.
_ERRORS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str]], ...] = tuple(
    (re.compile(pattern, re.DOTALL), say)
    for pattern, say in (
        (r"argument (?P<name>[^:]+): (?P<message>.*)", _argument),
        (
            r"the following arguments are required: (?P<names>.*)",
            lambda m: f"缺少必须给出的参数：{_items(m['names'])}",
        ),
        (r"unrecognized arguments: (?P<args>.*)", lambda m: f"无法识别的参数：{m['args']}"),
        (
            r"invalid choice: (?P<value>.*) \(choose from (?P<choices>.*)\)",
            lambda m: f"“{_value(m['value'])}”不是可选的值（可选：{_items(m['choices'])}）",
        ),
        (
            r"invalid (?P<type>\S+) value: (?P<value>.*)",
            lambda m: f"“{_value(m['value'])}”不是有效的{_TYPE_NAMES.get(m['type'], m['type'])}",
        ),
        (r"expected one argument", lambda m: "需要给出一个值"),
        (r"expected at most one argument", lambda m: "最多只能给出一个值"),
        (r"expected at least one argument", lambda m: "至少需要给出一个值"),
        (r"expected (?P<n>\d+) arguments?", lambda m: f"需要给出 {m['n']} 个值"),
        (r"not allowed with argument (?P<other>.*)", lambda m: f"不能与 {m['other']} 同时使用"),
        (
            r"one of the arguments (?P<names>.*) is required",
            lambda m: f"必须给出以下参数之一：{m['names']}",
        ),
        (
            r"ambiguous option: (?P<option>\S+) could match (?P<matches>.*)",
            lambda m: f"选项 {m['option']} 不明确，可能是：{_items(m['matches'])}",
        ),
        (r"ignored explicit argument (?P<value>.*)", lambda m: f"多余的值：{_value(m['value'])}"),
        (
            r"can't open '(?P<name>.*)': (?P<error>.*)",
            lambda m: f"无法打开“{m['name']}”：{m['error']}",
        ),
    )
)


def error_text(message: str) -> str:
    """argparse's error ``message`` in Chinese (unchanged if its template is not known)."""
    for pattern, say in _ERRORS:
        m = pattern.fullmatch(message)
        if m is not None:
            return say(m)
    return message


def dash_hint(message: str, given: Sequence[str], options: Container[str], prog: str) -> str:
    """Why a value was missing when one was given starting with "-" (argparse took it for an
    option, e.g. an old token ``-Ab3…``), and how to give it ("" when that is not the case)."""
    if not message.startswith("the following arguments are required"):
        return ""
    stray = [a for a in given if a.startswith("-") and a != "--" and a.split("=")[0] not in options]
    if not stray:
        return ""
    return (
        f"。“{stray[0]}”以“-”开头，被当作了选项；如果它是要给出的值，"
        f"请写在“--”之后，例如：{prog} -- {stray[0]}"
    )


def help_text(text: str) -> str:
    """A usage line or help page argparse formatted, starting ``用法：`` instead of ``usage:``."""
    return _USAGE.sub("用法： ", text)


def _wide(text: str) -> int:
    """How many more terminal columns ``text`` takes than characters (CJK takes two)."""
    return sum(unicodedata.east_asian_width(c) in "WF" for c in text)


#: What a help line is cut into: a run of spaces, a wide character, or a run of anything else
#: (an option, a number, a word: never cut).
_PIECES = re.compile(
    r"\s+|[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]+"
)


#: Punctuation a Chinese line never starts with: it stays at the end of the line before.
_NO_LINE_START = frozenset("，。、；：？！）》」』”’,.;:?!)")


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns (a longer word stays whole;
    a comma or a closing bracket may stand one past the width rather than start a line).

    Example:
        >>> wrap("汇总年度（默认取多数文件的年度）", 12)
        ['汇总年度（默', '认取多数文件', '的年度）']
        >>> wrap("几个单位，部分已报送、一个被退回", 20)
        ['几个单位，部分已报送、', '一个被退回']
    """
    lines: list[str] = []
    line, used = "", 0
    for piece in _PIECES.findall(" ".join(text.split())):
        size = len(piece) + _wide(piece)
        if used + size > width and line.strip() and piece not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, used = "", 0
            if piece.isspace():
                continue
        line, used = line + piece, used + size
    if line.strip():
        lines.append(line.rstrip())
    return lines


class Formatter(argparse.HelpFormatter):
    """argparse's help layout, counting a Chinese character as the two columns it takes: help
    text and the usage lines wrap at the terminal's width, and the help of an option with a
    Chinese value name (``-o 文件``) lines up with the others."""

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any) -> str:
        # argparse wraps the usage by characters: narrow its width until no line, counted in
        # columns, is wider than the terminal (a few tries: one per wide character at most).
        width = self._width
        try:
            while True:
                text: str = super()._format_usage(usage, actions, groups, prefix)
                over = max(len(line) + _wide(line) for line in text.splitlines()) - width
                if over <= 0 or self._width <= width // 2:
                    return text
                self._width -= over
        finally:
            self._width = width

    def _split_lines(self, text: str, width: int) -> list[str]:
        return wrap(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n".join(indent + line for line in wrap(text, width - len(indent)))

    def _format_action(self, action: argparse.Action) -> str:
        text = super()._format_action(action)
        header = self._format_action_invocation(action)
        extra = _wide(header)
        first, newline, rest = text.partition("\n")
        at = first.find(header) + len(header)
        if not extra or at < len(header) or at == len(first):
            return text  # no wide characters, or the help starts on the next line already
        spaces = len(first) - len(first[at:].lstrip(" ")) - at
        if spaces - extra >= 2:
            return first[:at] + first[at + extra :] + newline + rest
        help_at = at + spaces
        return f"{first[:at]}\n{' ' * help_at}{first[help_at:]}{newline}{rest}"
