"""Tokens of the 审核公式 language (:mod:`~xl_disclosure.spec.expr`), with their positions.

Full-width digits and letters are folded to ASCII one character each, so a column stays the
column the author sees; operators have their full-width and mathematical spellings (``≤``,
``＞＝``, ``（``) folded to ASCII.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from xl_disclosure.errors import XlDisclosureError


class ParseError(XlDisclosureError):
    """A formula that is not well formed, with the position of the problem."""

    def __init__(self, message: str, line: int, col: int) -> None:
        self.detail, self.line, self.col = message, line, col
        super().__init__(f"第{line}行第{col}列：{message}")


@dataclass(frozen=True)
class Token:
    kind: str  #: ``num``, ``str``, ``name``, ``op``, ``end``
    text: str
    line: int
    col: int
    value: object = None


#: Full-width and mathematical spellings of the operators, folded to their ASCII form.
_OPERATOR_FOLD: Final = {
    "（": "(",
    "）": ")",
    "，": ",",
    "：": ":",
    "＋": "+",
    "－": "-",
    "−": "-",
    "＊": "*",
    "×": "*",
    "／": "/",
    "÷": "/",
    "＝": "=",
    "＜": "<",
    "＞": ">",
    "≤": "<=",
    "≦": "<=",
    "≥": ">=",
    "≧": ">=",
    "≠": "!=",
    "！": "!",
}
_TWO_CHAR: Final = ("==", "!=", "<=", ">=", "<>")
_SINGLE: Final = set("+-*/(),:<>=")
_QUOTES: Final = {'"': '"', "'": "'", "“": "”", "‘": "’", "「": "」"}
_SEGMENT: Final = re.compile(r"[A-Za-z0-9_]+|\*|\{[A-Za-z_][A-Za-z0-9_]*\}")
_NUMBER: Final = re.compile(r"\d+(\.\d+)?")
_SPACE: Final = frozenset(" \t\r\n\u3000\u00a0")


def _fold(ch: str) -> str:
    """Full-width letters and digits as ASCII (one character each), operators left alone."""
    return unicodedata.normalize("NFKC", ch) if "\uff10" <= ch <= "\uff5a" else ch


class Lexer:
    def __init__(self, text: str) -> None:
        self.src = "".join(_fold(ch) for ch in text)
        self.i, self.line, self.col = 0, 1, 1

    def _advance(self, n: int) -> None:
        for ch in self.src[self.i : self.i + n]:
            if ch == "\n":
                self.line, self.col = self.line + 1, 1
            else:
                self.col += 1
        self.i += n

    def tokens(self) -> list[Token]:
        out: list[Token] = []
        while True:
            self._skip()
            if self.i >= len(self.src):
                out.append(Token("end", "", self.line, self.col))
                return out
            out.append(self._token())

    def _skip(self) -> None:
        while self.i < len(self.src):
            ch = self.src[self.i]
            if ch in _SPACE:
                self._advance(1)
            elif ch == "#":
                end = self.src.find("\n", self.i)
                self._advance((len(self.src) if end < 0 else end) - self.i)
            else:
                return

    def _token(self) -> Token:
        ch, line, col = self.src[self.i], self.line, self.col
        if ch in _QUOTES:
            end = self.src.find(_QUOTES[ch], self.i + 1)
            if end < 0:
                raise ParseError("文字缺少结束引号", line, col)
            text = self.src[self.i + 1 : end]
            self._advance(end + 1 - self.i)
            return Token("str", text, line, col, text)
        if ch.isdigit():
            m = _NUMBER.match(self.src, self.i)
            assert m is not None
            text = m.group(0)
            self._advance(len(text))
            return Token("num", text, line, col, float(text) if "." in text else int(text))
        if ch.isascii() and (ch.isalpha() or ch == "_"):
            return self._name(line, col)
        folded = _OPERATOR_FOLD.get(ch, ch)
        nxt = self.src[self.i + 1 : self.i + 2]
        pair = folded + _OPERATOR_FOLD.get(nxt, nxt)[:1]
        if len(folded) == 1 and pair in _TWO_CHAR:
            self._advance(2)
            return Token("op", "!=" if pair == "<>" else pair, line, col)
        if folded in (*_TWO_CHAR, *_SINGLE):
            self._advance(1)
            return Token("op", "==" if folded == "=" else folded, line, col)
        raise ParseError(f"无法识别的字符“{ch}”", line, col)

    def _name(self, line: int, col: int) -> Token:
        start = self.i
        m = _SEGMENT.match(self.src, self.i)
        assert m is not None
        self._advance(len(m.group(0)))
        while self.src[self.i : self.i + 1] == ".":
            seg = _SEGMENT.match(self.src, self.i + 1)
            if seg is None:
                raise ParseError("名称中的“.”后缺少内容", self.line, self.col + 1)
            self._advance(1 + len(seg.group(0)))
        text = self.src[start : self.i]
        return Token("name", text, line, col)
