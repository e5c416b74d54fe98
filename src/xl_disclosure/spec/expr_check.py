"""Check a formula against a spec before any report is seen: names, types, rules that cannot fire.

:func:`compile_rule` resolves every name of every ``each`` instance (:mod:`~.expr_names`),
checks the types (a rule is a comparison or a logical expression; ``len`` takes a text; ``+``
takes numbers) and works out, from the ranges cells can take (a count is never negative), a
text's length is never negative, whether the rule can ever be false: a rule that can never
fire (``ZJ.T1.R1 >= 0``) or must always fire (``1 > 2``) is reported by ``profile check``.

Example:
    >>> from xl_disclosure.spec import load_format
    >>> from xl_disclosure.spec.expr import parse
    >>> spec = load_format("gb2021")
    >>> info = analyse(parse("T3.new.C7 >= 0"), Resolver(spec))
    >>> info.can_false, info.type
    (False, 'bool')
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from itertools import product

from xl_disclosure.spec.expr import (
    PLACEHOLDER,
    Binary,
    Bool,
    Call,
    Compare,
    Logic,
    Node,
    Num,
    ParseError,
    Range,
    Ref,
    Str,
    Unary,
    placeholders,
    walk,
)
from xl_disclosure.spec.expr_names import Resolver
from xl_disclosure.spec.profile_model import INF, Binding, Target, Type

_TYPE_WORDS = {"number": "数字", "text": "文字", "bool": "真/假", "date": "日期"}


@dataclass(frozen=True)
class Info:
    """What is known about a sub-formula without a report: type, range, possible truth."""

    type: Type
    lo: float = -INF
    hi: float = INF
    can_true: bool = True
    can_false: bool = True
    const: object = None
    """Its value when it refers to nothing (a literal or an expression of literals)."""


@dataclass
class Analysis:
    """The result of checking one formula instance."""

    info: Info
    targets: dict[Node, Target] = field(default_factory=dict)
    uses_prev: bool = False


def _num(lo: float, hi: float) -> Info:
    return Info("number", lo, hi)


def _mul(a: float, b: float) -> float:
    return 0.0 if 0 in (a, b) else a * b


class _Analyser:
    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver
        self.out = Analysis(Info("bool"))

    def run(self, node: Node) -> Info:
        method = getattr(self, "_" + type(node).__name__.lower())
        info: Info = method(node)
        return info

    def _want(self, node: Node, info: Info, *types: Type, what: str) -> None:
        if info.type not in types:
            wanted = "或".join(_TYPE_WORDS[t] for t in types)
            raise ParseError(
                f"{what}应为{wanted}，实为{_TYPE_WORDS[info.type]}", node.line, node.col
            )

    def _num(self, node: Num) -> Info:
        return Info("number", node.value, node.value, const=node.value)

    def _str(self, node: Str) -> Info:
        return Info("text", const=node.value)

    def _bool(self, node: Bool) -> Info:
        return Info("bool", can_true=node.value, can_false=not node.value, const=node.value)

    def _target(self, node: Ref | Range) -> Target:
        target = self.resolver.resolve(node)
        self.out.targets[node] = target
        return target

    def _ref(self, node: Ref) -> Info:
        target = self._target(node)
        if node.is_pattern:
            raise ParseError(f"通配符“*”只能用在 sum() 中（{node.name}）", node.line, node.col)
        return Info(target.type, target.lo, target.hi)

    def _range(self, node: Range) -> Info:
        raise ParseError("区域“:”只能用在 sum() 中", node.line, node.col)

    def _unary(self, node: Unary) -> Info:
        inner = self.run(node.operand)
        if node.op == "-":
            self._want(node.operand, inner, "number", what="负号后")
            const = -inner.const if isinstance(inner.const, int | float) else None
            return Info("number", -inner.hi, -inner.lo, const=const)
        self._want(node.operand, inner, "bool", what="not 后")
        const = (not inner.const) if isinstance(inner.const, bool) else None
        return Info("bool", can_true=inner.can_false, can_false=inner.can_true, const=const)

    def _binary(self, node: Binary) -> Info:
        a, b = self.run(node.left), self.run(node.right)
        for side, info in ((node.left, a), (node.right, b)):
            self._want(side, info, "number", what=f"“{node.op}”两边")
        const = None
        if isinstance(a.const, int | float) and isinstance(b.const, int | float):
            const = _arith(node.op, a.const, b.const)
        if node.op == "+":
            return Info("number", a.lo + b.lo, a.hi + b.hi, const=const)
        if node.op == "-":
            return Info("number", a.lo - b.hi, a.hi - b.lo, const=const)
        if node.op == "/" and b.lo <= 0 <= b.hi:
            return Info("number", const=const)
        ends = [(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
        vals = [_mul(x, y) if node.op == "*" else (x / y if y else 0.0) for x, y in ends]
        vals = [v for v in vals if not math.isnan(v)] or [-INF, INF]
        return Info("number", min(vals), max(vals), const=const)

    def _compare(self, node: Compare) -> Info:
        a, b = self.run(node.left), self.run(node.right)
        if a.type != b.type or (a.type == "bool" and node.op not in ("==", "!=")):
            raise ParseError(
                f"“{node.op}”两边不能比较：左边是{_TYPE_WORDS[a.type]}，右边是{_TYPE_WORDS[b.type]}",
                node.line,
                node.col,
            )
        if a.const is not None and b.const is not None:
            value = _compare(node.op, a.const, b.const)
            return Info("bool", can_true=value, can_false=not value, const=value)
        if a.type != "number":
            return Info("bool")
        can_true, can_false = _possible(node.op, a, b)
        return Info("bool", can_true=can_true, can_false=can_false)

    def _logic(self, node: Logic) -> Info:
        a, b = self.run(node.left), self.run(node.right)
        for side, info in ((node.left, a), (node.right, b)):
            self._want(side, info, "bool", what=f"“{node.op}”两边")
        if node.op == "and":
            return Info(
                "bool", can_true=a.can_true and b.can_true, can_false=a.can_false or b.can_false
            )
        return Info(
            "bool", can_true=a.can_true or b.can_true, can_false=a.can_false and b.can_false
        )

    def _call(self, node: Call) -> Info:
        name, args = node.name, node.args
        if name == "sum":
            infos = [self._sum_arg(a) for a in args]
            return _num(sum(i.lo for i in infos), sum(i.hi for i in infos))
        if name in ("blank", "na"):
            if not isinstance(args[0], Ref) or self._target(args[0]).kind != "cells":
                raise ParseError(f"{name}() 的参数应为一个单元格", node.line, node.col)
            return Info("bool")
        if name == "prev":
            self.out.uses_prev = True
            inner = self.run(args[0])
            return replace(inner, const=None)
        infos = [self.run(a) for a in args]
        return self._function(node, infos)

    def _sum_arg(self, node: Node) -> Info:
        if isinstance(node, Range) or (isinstance(node, Ref) and node.is_pattern):
            target = self._target(node)
            return _num(target.lo, target.hi)
        info = self.run(node)
        self._want(node, info, "number", what="sum() 的参数")
        return info

    def _function(self, node: Call, infos: list[Info]) -> Info:
        name, args = node.name, node.args
        if name == "len":
            self._want(args[0], infos[0], "text", what="len() 的参数")
            return _num(0, INF)
        if name == "contains":
            self._want(args[0], infos[0], "text", what="contains() 的第一个参数")
            for arg, info in zip(args[1:], infos[1:], strict=True):
                if not isinstance(arg, Str):
                    raise ParseError("contains() 的词语应写在引号中", arg.line, arg.col)
                self._want(arg, info, "text", what="contains() 的词语")
            return Info("bool")
        if name == "date":
            for arg, info in zip(args, infos, strict=True):
                self._want(arg, info, "number", what="date() 的参数")
            return Info("date")
        if name == "default":
            if infos[0].type != infos[1].type:
                raise ParseError("default() 的两个参数类型应相同", node.line, node.col)
            a, b = infos
            return Info(a.type, min(a.lo, b.lo), max(a.hi, b.hi))
        for arg, info in zip(args, infos, strict=True):
            self._want(arg, info, "number", what=f"{name}() 的参数")
        if name == "abs":
            lo, hi = infos[0].lo, infos[0].hi
            return _num(0 if lo <= 0 <= hi else min(abs(lo), abs(hi)), max(abs(lo), abs(hi)))
        if name == "round":
            return _num(infos[0].lo - 1, infos[0].hi + 1)
        pick = min if name == "min" else max
        return _num(pick(i.lo for i in infos), pick(i.hi for i in infos))


def _arith(op: str, a: float, b: float) -> float | None:
    if op == "/":
        return a / b if b else None
    return {"+": a + b, "-": a - b, "*": a * b}[op]


def _compare(op: str, a: object, b: object) -> bool:
    if op == "==":
        return a == b
    if op == "!=":
        return a != b
    x, y = float(a), float(b)  # type: ignore[arg-type]
    return {"<": x < y, "<=": x <= y, ">": x > y, ">=": x >= y}[op]


def _possible(op: str, a: Info, b: Info) -> tuple[bool, bool]:
    """Can ``a op b`` be true / be false, given the ranges of both sides?"""
    overlap = a.lo <= b.hi and b.lo <= a.hi
    point = a.lo == a.hi == b.lo == b.hi
    if op == "==":
        return overlap, not point
    if op == "!=":
        return not point, overlap
    if op == "<=":
        return a.lo <= b.hi, a.hi > b.lo
    if op == "<":
        return a.lo < b.hi, a.hi >= b.lo
    if op == ">=":
        return a.hi >= b.lo, a.lo < b.hi
    return a.hi > b.lo, a.lo <= b.hi  # ">"


def analyse(node: Node, resolver: Resolver) -> Info:
    """Type and possible truth of one formula (no placeholders)."""
    return analysis(node, resolver).info


def analysis(node: Node, resolver: Resolver) -> Analysis:
    """Check one formula instance; :class:`ParseError` at the first problem."""
    a = _Analyser(resolver)
    a.out.info = a.run(node)
    return a.out


def substitute(node: Node, binding: dict[str, str]) -> Node:
    """The formula with ``{name}`` placeholders in its names replaced."""
    if isinstance(node, Ref):
        name = PLACEHOLDER.sub(lambda m: binding.get(m.group(1), m.group(0)), node.name)
        return replace(node, name=name)
    if isinstance(node, Range):
        first, last = substitute(node.first, binding), substitute(node.last, binding)
        assert isinstance(first, Ref) and isinstance(last, Ref)
        return replace(node, first=first, last=last)
    if isinstance(node, Unary):
        return replace(node, operand=substitute(node.operand, binding))
    if isinstance(node, Binary | Compare | Logic):
        return replace(
            node, left=substitute(node.left, binding), right=substitute(node.right, binding)
        )
    if isinstance(node, Call):
        return replace(node, args=tuple(substitute(a, binding) for a in node.args))
    return node


def instances(
    node: Node, each: tuple[tuple[str, tuple[Binding, ...]], ...]
) -> list[tuple[dict[str, Binding], Node]]:
    """Every combination of the ``each`` values with the formula it gives."""
    names = [name for name, _ in each]
    unused = sorted(placeholders(node) - set(names))
    if unused:
        raise ParseError(f"占位符“{{{unused[0]}}}”没有在规则的 each 中定义", 1, 1)
    out = []
    for combo in product(*(values for _, values in each)):
        chosen = dict(zip(names, combo, strict=True))
        out.append((chosen, substitute(node, {k: b.value for k, b in chosen.items()})))
    return out


def rule_kind(analyses: list[Analysis], resolver: Resolver) -> str:
    """表内/表间/历年/文本审核, as Chinese statistical software names its 审核公式."""
    targets = [t for a in analyses for t in a.targets.values()]
    if any(a.uses_prev for a in analyses):
        return "历年审核"
    if any(t.kind in ("text", "meta", "field") for t in targets):
        return "文本审核"
    index = resolver.spec.cell_index
    tables = {index[key].table for t in targets for key in t.cells}
    return "表间审核" if len(tables) > 1 else "表内审核"


def positions(node: Node) -> list[Node]:
    """Every name and range in reading order (for finding places); a range's two corners
    are part of the range."""
    corners = {id(c) for n in walk(node) if isinstance(n, Range) for c in (n.first, n.last)}
    return [n for n in walk(node) if isinstance(n, Ref | Range) and id(n) not in corners]
