"""Untrusted JSON values, checked where they are read: every key path either gives a value
of the expected kind or ends in one Chinese :class:`~xl_disclosure.errors.InputError` naming
the path (``local_tables[0].rows[2]``), what was expected and what was found.

Three hazards are handled before any field is looked at:

* numbers: Python refuses to convert integers of more than 4,300 digits (``ValueError``);
  :func:`loads` reads integers of more than :data:`MAX_INT_DIGITS` digits as floats instead
  (so ``1e400``-sized numbers become ``inf``, which the validator reports like any value
  that is not a count);
* text that no file can hold: a lone UTF-16 surrogate (``"\\ud800"``) cannot be written as
  UTF-8, and NUL or other control characters cannot go into .xlsx or .docx (XML 1.0);
  :func:`check_text` refuses them wherever they are, keys included;
* wrong types: the ``expect_*`` helpers turn a list where a text belongs, a text where a list
  belongs and so on into a refusal at that path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from xl_disclosure.cells import format_number
from xl_disclosure.errors import InputError
from xl_disclosure.textnorm import UNWRITABLE

#: Integers longer than this are read as floats (no count or year has 20 digits).
MAX_INT_DIGITS = 20
_PLAIN_KEY = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$]*$")
HINT_JSON = "请使用本工具导出的 JSON，或改正该项后重试。"

Path = tuple[str | int, ...]


def _int(text: str) -> int | float:
    return int(text) if len(text.lstrip("-")) <= MAX_INT_DIGITS else float(text)


def loads(text: str) -> Any:
    """``json.loads`` that never fails on the size of an integer (see :data:`MAX_INT_DIGITS`)."""
    return json.loads(text, parse_int=_int)


def render_path(path: Path) -> str:
    """``("local_tables", 0, "rows", 2)`` -> ``local_tables[0].rows[2]``;
    ``("values", "T3.new.C1")`` -> ``values["T3.new.C1"]``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _PLAIN_KEY.match(part):
            out += f".{part}" if out else part
        else:
            out += f'["{_clip(part, 40)}"]'
    return out or "（顶层）"


def _clip(text: str, n: int) -> str:
    text = UNWRITABLE.sub("\ufffd", text)
    return text if len(text) <= n else text[:n] + "…"


def _char_name(ch: str) -> str:
    code = ord(ch)
    if 0xD800 <= code <= 0xDFFF:
        return f"U+{code:04X}（不成对的 UTF-16 代理项，不是有效的字符）"
    if code == 0:
        return "U+0000（空字符 NUL）"
    if code in (0xFFFE, 0xFFFF):
        return f"U+{code:04X}（非字符）"
    return f"U+{code:04X}（控制字符）"


def check_text(data: Any, where: str) -> None:
    """Refuse a string (value or key) anywhere in ``data`` that holds a character no output
    file can hold (see the module docstring). Iterative: nesting depth costs no stack."""
    stack: list[tuple[Path, Any]] = [((), data)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, str):
            _check_string(node, path, where)
        elif isinstance(node, dict):
            for key, value in node.items():
                _check_string(key, (*path, key), where, key=True)
                stack.append(((*path, key), value))
        elif isinstance(node, list):
            stack.extend(((*path, i), v) for i, v in enumerate(node))


#: What a JSON text needs to hold for a string in it to hold a character :data:`~xl_disclosure.textnorm.UNWRITABLE`
#: matches, once a strict parser (orjson: no raw control characters, no lone surrogates, valid
#: UTF-8) has accepted it: an escape (``\\uXXXX``, ``\\b``, ``\\f``) or U+FFFE/U+FFFF as such.
_BAD_CHAR_SOURCES = (b"\\u", b"\\b", b"\\f", "\ufffe".encode(), "\uffff".encode())


def text_is_clean(raw: bytes) -> bool:
    """Whether ``raw``, a JSON text a strict parser (orjson) accepted, cannot hold a string that
    :func:`check_text` refuses: then the walk over every string can be skipped. ``False``
    means "look", not "bad"."""
    return not any(source in raw for source in _BAD_CHAR_SOURCES)


def _check_string(text: str, path: Path, where: str, *, key: bool = False) -> None:
    bad = UNWRITABLE.search(text)
    if bad is None:
        return
    what = "的键名" if key else ""
    raise InputError(
        f"“{render_path(path)}”{what}第 {bad.start() + 1} 个字符是 {_char_name(bad.group())}，"
        "无法保存为文本。",
        where=where,
        hint="请删除该字符（多为复制粘贴或转码时带入的不可见字符）后重新保存。",
    )


def describe(value: Any) -> str:
    """A JSON value as it is named in a message: ``文字“某局”``, ``数字 1×10³⁰⁸`` ..."""
    if value is None:
        return "空值 null"
    if isinstance(value, bool):
        return f"布尔值 {'true' if value else 'false'}"
    if isinstance(value, int | float):
        return f"数字 {format_number(value)}"
    if isinstance(value, str):
        return f"文字“{_clip(value, 20)}”"
    if isinstance(value, list):
        return f"列表（{len(value)} 项）"
    if isinstance(value, dict):
        return f"对象（{len(value)} 个键）"
    return type(value).__name__


def quoted(value: Any) -> str:
    """``“gb2030”`` for a text (clipped), :func:`describe` for anything else."""
    return f"“{_clip(value, 40)}”" if isinstance(value, str) else describe(value)


def wrong_type(path: Path, expected: str, value: Any, where: str) -> InputError:
    return InputError(
        f"“{render_path(path)}”应为{expected}，当前为{describe(value)}。",
        where=where,
        hint=HINT_JSON,
    )


def expect_object(value: Any, path: Path, where: str) -> dict[str, Any]:
    """An object; ``null`` or absent is an empty object."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise wrong_type(path, "对象（{…}）", value, where)
    return value


def expect_list(value: Any, path: Path, where: str) -> list[Any]:
    """A list; ``null`` or absent is an empty list."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise wrong_type(path, "列表（[…]）", value, where)
    return value


def expect_text(value: Any, path: Path, where: str) -> str:
    """A text; ``null`` is empty and a number is taken as the text people would write."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    raise wrong_type(path, "文字", value, where)


def expect_flag(value: Any, path: Path, where: str) -> bool:
    """``true``/``false``; ``null`` is false."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise wrong_type(path, "true 或 false", value, where)
    return value


def expect_choice(value: Any, choices: Sequence[int], path: Path, where: str) -> int:
    """One of ``choices`` (integers, e.g. the section numbers of a format)."""
    if isinstance(value, float) and value.is_integer() and int(value) in choices:
        return int(value)
    if isinstance(value, int) and not isinstance(value, bool) and value in choices:
        return value
    names = "、".join(str(c) for c in choices)
    raise wrong_type(path, f"整数 {names} 之一", value, where)


def expect_text_list(value: Any, path: Path, where: str) -> list[str]:
    """A list of texts (numbers taken as text, ``null`` as empty)."""
    return [
        expect_text(v, (*path, i), where) for i, v in enumerate(expect_list(value, path, where))
    ]


__all__ = [
    "HINT_JSON",
    "MAX_INT_DIGITS",
    "check_text",
    "describe",
    "expect_choice",
    "expect_flag",
    "expect_list",
    "expect_object",
    "expect_text",
    "expect_text_list",
    "loads",
    "quoted",
    "render_path",
    "text_is_clean",
    "wrong_type",
]
