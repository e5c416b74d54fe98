"""A formula in words: names replaced by their Chinese labels, operators by words.

Used for the 审核公式 sheet of the template, ``profile check`` and default finding messages.

Example:
    >>> from xl_disclosure.spec import load_format
    >>> from xl_disclosure.spec.expr import parse
    >>> from xl_disclosure.spec.expr_names import Resolver
    >>> r = Resolver(load_format("gb2021"))
    >>> in_words(parse("T4.F05 == sum(T4.F01 : T4.F04)"), r)
    '表四“行政复议—总计”等于表四“行政复议—结果维持”至表四“行政复议—尚未审结”之和'
"""

from __future__ import annotations

from xl_disclosure.spec.expr import (
    Binary,
    Bool,
    Call,
    Compare,
    Logic,
    Node,
    Num,
    Range,
    Ref,
    Str,
    Unary,
)
from xl_disclosure.spec.expr_names import Resolver

COMPARE_WORDS = {
    "==": "等于",
    "!=": "不等于",
    "<": "小于",
    "<=": "不大于",
    ">": "大于",
    ">=": "不小于",
}
DATE_WORDS = {
    "==": "为",
    "!=": "不为",
    "<": "早于",
    "<=": "不晚于",
    ">": "晚于",
    ">=": "不早于",
}
_ARITH = {"+": "＋", "-": "－", "*": "×", "/": "÷"}
_PRECEDENCE = {"or": 1, "and": 2, "not": 3, "cmp": 4, "+": 5, "-": 5, "*": 6, "/": 6}


def in_words(node: Node, resolver: Resolver) -> str:
    """The formula as a Chinese sentence (names must resolve)."""
    words = _Words(resolver)
    text = words.say(node)
    inner = node.args[0] if isinstance(node, Call) and node.name == "default" else node
    if isinstance(inner, Ref) and resolver.resolve(inner).type == "bool":
        return f"{text}为“是”"  # a yes/no field standing alone: it must be answered 是
    return text


class _Words:
    def __init__(self, resolver: Resolver) -> None:
        self.resolver = resolver

    def say(self, node: Node, outer: int = 0) -> str:
        text, level = self._say(node)
        return f"（{text}）" if level < outer else text

    def _say(self, node: Node) -> tuple[str, int]:
        if isinstance(node, Num):
            return _number(node.value), 9
        if isinstance(node, Str):
            return f"“{node.value}”", 9
        if isinstance(node, Bool):
            return ("是" if node.value else "否"), 9
        if isinstance(node, Ref | Range):
            return self.resolver.resolve(node).label, 9
        if isinstance(node, Unary):
            if node.op == "-":
                return "－" + self.say(node.operand, 9), 8
            return "并非" + self.say(node.operand, 9), _PRECEDENCE["not"]
        if isinstance(node, Binary):
            level = _PRECEDENCE[node.op]
            right = self.say(node.right, level + (1 if node.op in "-/" else 0))
            return f"{self.say(node.left, level)}{_ARITH[node.op]}{right}", level
        if isinstance(node, Compare):
            level = _PRECEDENCE["cmp"]
            left, right = self.say(node.left, level + 1), self.say(node.right, level + 1)
            words = DATE_WORDS if self._is_date(node.left) else COMPARE_WORDS
            return f"{left}{words[node.op]}{right}", level
        if isinstance(node, Logic):
            level = _PRECEDENCE[node.op]
            word = "，并且" if node.op == "and" else "，或者"
            return f"{self.say(node.left, level)}{word}{self.say(node.right, level)}", level
        assert isinstance(node, Call)
        return self._call(node), 9

    def _is_date(self, node: Node) -> bool:
        if isinstance(node, Call):
            return node.name == "date" or (
                node.name in ("prev", "default") and self._is_date(node.args[0])
            )
        return isinstance(node, Ref) and self.resolver.resolve(node).type == "date"

    def _call(self, node: Call) -> str:
        args = node.args
        name = node.name
        if name == "sum":
            if len(args) == 1 and isinstance(args[0], Ref | Range):
                label = self.say(args[0])
                return label if label.endswith("之和") else label + "之和"
            return "、".join(self.say(a, 5) for a in args) + "之和"
        if name == "blank":
            return self.say(args[0]) + "未填写"
        if name == "na":
            return self.say(args[0]) + "填写为“/”（不适用）"
        if name == "prev":
            return "上年度" + self.say(args[0], 9)
        if name == "len":
            return self.say(args[0]) + "的字数"
        if name == "contains":
            words = "或".join(self.say(a) for a in args[1:])
            return f"{self.say(args[0])}提及{words}"
        if name == "date":
            y, m, d = (self.say(a, 9) for a in args)
            return f"{y}年{m}月{d}日"
        if name == "default":
            return f"{self.say(args[0])}（无法取值时按{self.say(args[1])}）"
        if name == "abs":
            return f"{self.say(args[0], 9)}的绝对值"
        if name == "round":
            places = f"保留{self.say(args[1])}位小数" if len(args) > 1 else "取整"
            return f"{self.say(args[0], 9)}{places}"
        word = "最小值" if name == "min" else "最大值"
        return "、".join(self.say(a, 5) for a in args) + "中的" + word


def _number(value: float) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
