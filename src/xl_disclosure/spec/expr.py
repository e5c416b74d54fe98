"""The 审核公式 language of local profiles: a small expression language, parsed here, never ``eval``.

A rule states what must hold; it fires when the expression is false::

    ZJ.T1.R11 <= ZJ.T1.R10
    T3.new.{c} + T3.carry_in.{c} == T3.total.{c} + T3.carry_out.{c}
    len(section.1) <= 1500 and contains(section.1, "政策解读")
    T3.carry_in.C7 == prev(T3.carry_out.C7)
    sum(T3.open.C1 : T3.other.C1) == T3.total.C1

* names: spec cell keys (``T3.new.C7``, ``ZJ.T1.R3``), ``figure.NAME``, ``section.N``,
  ``preamble``, ``meta.FIELD`` and a profile's own fields; a name segment may be ``*``
  (``sum(T3.deny.*.C1)``) or a placeholder ``{c}`` bound by the rule's ``each``;
* numbers, texts in quotes (``"…"``, ``“…”``, ``'…'``), ``true``/``false``;
* ``+ - * /``, comparisons ``== != < <= > >=`` (also ``= ≠ ≤ ≥`` and full-width forms),
  ``and`` / ``or`` / ``not``, parentheses, and ``#`` comments to the end of a line;
* functions ``sum``, ``blank``, ``na``, ``prev``, ``len``, ``contains``, ``abs``, ``min``, ``max``,
  ``round``, ``date``, ``default`` (:data:`FUNCTIONS`); ``A : B`` is a rectangular range of one
  table block, allowed as an argument of ``sum``.

Errors are :class:`ParseError` with the 1-based line and column of the offending character.

Example:
    >>> parse("sum(T2.A.*.C1) >= 2 * figure.rules_made")
    Compare(op='>=', left=Call(name='sum', args=(Ref(name='T2.A.*.C1', line=1, col=5),), line=1, col=1), right=Binary(op='*', left=Num(value=2, line=1, col=19), right=Ref(name='figure.rules_made', line=1, col=23), line=1, col=21), line=1, col=16)
    >>> parse("T3.new.C7 +")
    Traceback (most recent call last):
    ...
    xl_disclosure.spec.expr_lexer.ParseError: 第1行第12列：公式不完整，此处缺少数值或名称
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from xl_disclosure.spec.expr_lexer import Lexer, ParseError, Token

__all__ = [
    "COMPARISONS",
    "FUNCTIONS",
    "KEYWORDS",
    "PLACEHOLDER",
    "Binary",
    "Bool",
    "Call",
    "Compare",
    "Lexer",
    "Logic",
    "Node",
    "Num",
    "ParseError",
    "Range",
    "Ref",
    "Str",
    "Token",
    "Unary",
    "parse",
    "placeholders",
    "walk",
]


#: Function name -> (fewest, most arguments; ``None``: any number).
FUNCTIONS: Final[dict[str, tuple[int, int | None]]] = {
    "sum": (1, None),
    "blank": (1, 1),
    "na": (1, 1),
    "prev": (1, 1),
    "len": (1, 1),
    "contains": (2, None),
    "abs": (1, 1),
    "min": (2, None),
    "max": (2, None),
    "round": (1, 2),
    "date": (3, 3),
    "default": (2, 2),
}
KEYWORDS: Final = frozenset({"and", "or", "not", "true", "false"})
COMPARISONS: Final = ("==", "!=", "<=", ">=", "<", ">")


# -- AST ----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Num:
    value: int | float
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Str:
    value: str
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Bool:
    value: bool
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Ref:
    """A name: a cell key, a figure, a text, a cover field (resolved against a spec later)."""

    name: str
    line: int = 1
    col: int = 1

    @property
    def is_pattern(self) -> bool:
        return "*" in self.name.split(".")


@dataclass(frozen=True)
class Range:
    """``first : last`` — the cells of one block between two corner cells, row by row."""

    first: Ref
    last: Ref
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Unary:
    op: str  #: ``-`` or ``not``
    operand: Node
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Binary:
    op: str  #: ``+ - * /``
    left: Node
    right: Node
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Compare:
    op: str  #: one of :data:`COMPARISONS`
    left: Node
    right: Node
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Logic:
    op: str  #: ``and`` or ``or``
    left: Node
    right: Node
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple[Node, ...]
    line: int = 1
    col: int = 1


Node = Num | Str | Bool | Ref | Range | Unary | Binary | Compare | Logic | Call


# -- parser -------------------------------------------------------------------------------------
class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.toks = tokens
        self.k = 0

    @property
    def tok(self) -> Token:
        return self.toks[self.k]

    def _next(self) -> Token:
        tok = self.tok
        self.k += 1
        return tok

    def _is(self, kind: str, text: str | None = None) -> bool:
        return self.tok.kind == kind and (text is None or self.tok.text == text)

    def _expect_op(self, text: str, what: str) -> Token:
        if not self._is("op", text):
            raise self._error(f"此处应为{what}")
        return self._next()

    def _error(self, message: str) -> ParseError:
        tok = self.tok
        if tok.kind == "end":
            return ParseError("公式不完整，" + message, tok.line, tok.col)
        return ParseError(f"{message}，实为“{tok.text}”", tok.line, tok.col)

    def parse(self) -> Node:
        if self._is("end"):
            raise ParseError("公式为空", self.tok.line, self.tok.col)
        node = self._or()
        if not self._is("end"):
            raise ParseError(f"公式到此已完整，多出“{self.tok.text}”", *self._pos())
        return node

    def _pos(self) -> tuple[int, int]:
        return self.tok.line, self.tok.col

    def _or(self) -> Node:
        node = self._and()
        while self._is("name", "or"):
            tok = self._next()
            node = Logic("or", node, self._and(), tok.line, tok.col)
        return node

    def _and(self) -> Node:
        node = self._not()
        while self._is("name", "and"):
            tok = self._next()
            node = Logic("and", node, self._not(), tok.line, tok.col)
        return node

    def _not(self) -> Node:
        if self._is("name", "not"):
            tok = self._next()
            return Unary("not", self._not(), tok.line, tok.col)
        return self._compare()

    def _compare(self) -> Node:
        node = self._sum()
        if self.tok.kind == "op" and self.tok.text in COMPARISONS:
            tok = self._next()
            node = Compare(tok.text, node, self._sum(), tok.line, tok.col)
            if self.tok.kind == "op" and self.tok.text in COMPARISONS:
                raise ParseError("比较运算不能连用，请用 and 连接两个比较", *self._pos())
        return node

    def _sum(self) -> Node:
        node = self._product()
        while self.tok.kind == "op" and self.tok.text in "+-":
            tok = self._next()
            node = Binary(tok.text, node, self._product(), tok.line, tok.col)
        return node

    def _product(self) -> Node:
        node = self._unary()
        while self.tok.kind == "op" and self.tok.text in "*/":
            tok = self._next()
            node = Binary(tok.text, node, self._unary(), tok.line, tok.col)
        return node

    def _unary(self) -> Node:
        if self._is("op", "-"):
            tok = self._next()
            return Unary("-", self._unary(), tok.line, tok.col)
        if self._is("op", "+"):
            self._next()
            return self._unary()
        return self._primary()

    def _primary(self) -> Node:
        tok = self.tok
        if tok.kind == "num":
            self._next()
            assert isinstance(tok.value, int | float)
            return Num(tok.value, tok.line, tok.col)
        if tok.kind == "str":
            self._next()
            return Str(tok.text, tok.line, tok.col)
        if self._is("op", "("):
            self._next()
            node = self._or()
            self._expect_op(")", "右括号“)”")
            return node
        if tok.kind == "name":
            return self._name()
        raise self._error("此处缺少数值或名称")

    def _name(self) -> Node:
        tok = self._next()
        if tok.text in ("true", "false"):
            return Bool(tok.text == "true", tok.line, tok.col)
        if tok.text in KEYWORDS:
            raise ParseError(f"“{tok.text}”前缺少数值或名称", tok.line, tok.col)
        if not self._is("op", "("):
            return Ref(tok.text, tok.line, tok.col)
        if tok.text not in FUNCTIONS:
            known = "、".join(FUNCTIONS)
            raise ParseError(f"未知的函数“{tok.text}”（可用：{known}）", tok.line, tok.col)
        self._next()
        args: list[Node] = []
        if not self._is("op", ")"):
            args.append(self._argument())
            while self._is("op", ","):
                self._next()
                args.append(self._argument())
        self._expect_op(")", "右括号“)”或逗号“,”")
        fewest, most = FUNCTIONS[tok.text]
        if len(args) < fewest or (most is not None and len(args) > most):
            count = f"{fewest}" if fewest == most else f"至少{fewest}"
            if most is not None and most != fewest:
                count = f"{fewest}至{most}"
            raise ParseError(
                f"函数 {tok.text}() 应有{count}个参数，实有{len(args)}个", tok.line, tok.col
            )
        return Call(tok.text, tuple(args), tok.line, tok.col)

    def _argument(self) -> Node:
        node = self._or()
        if self._is("op", ":"):
            colon = self._next()
            last = self._or()
            if not isinstance(node, Ref) or not isinstance(last, Ref):
                raise ParseError("区域“:”两侧应为单元格名称", colon.line, colon.col)
            return Range(node, last, colon.line, colon.col)
        return node


def parse(text: str) -> Node:
    """Parse one formula.

    Raises:
        ParseError: with the line and column (1-based) of the problem.
    """
    return _Parser(Lexer(text).tokens()).parse()


def walk(node: Node) -> list[Node]:
    """Every node of a tree, parents first."""
    out: list[Node] = [node]
    children: tuple[Node, ...] = ()
    if isinstance(node, Range):
        children = (node.first, node.last)
    elif isinstance(node, Unary):
        children = (node.operand,)
    elif isinstance(node, Binary | Compare | Logic):
        children = (node.left, node.right)
    elif isinstance(node, Call):
        children = node.args
    for child in children:
        out.extend(walk(child))
    return out


PLACEHOLDER: Final = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def placeholders(node: Node) -> set[str]:
    """The ``{name}`` placeholders used anywhere in a tree."""
    return {m for n in walk(node) if isinstance(n, Ref) for m in PLACEHOLDER.findall(n.name)}
