"""A profile's 审核公式 over one report: each rule instance evaluated, a finding when it is false.

Values follow the rest of the validator: a cell that does not hold a usable number (blank,
text, ``/``) makes the formula *unknown*, and an unknown formula never fires — the value rules
(V-00x) already stand for that cell. ``blank()`` and ``na()`` look at the cell as entered.
``and``/``or``/``not`` are three-valued (``false and unknown`` is false). ``prev(x)`` evaluates
``x`` over last year's report; without one, it is unknown.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Final

from xl_disclosure.cells import NA_SYMBOLS, Blank, NotAvailable, display
from xl_disclosure.model import AnnualReport
from xl_disclosure.model.report import AGENCY_KINDS
from xl_disclosure.spec import ExprRule
from xl_disclosure.spec.expr import (
    PLACEHOLDER,
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
    parse,
)
from xl_disclosure.spec.expr_names import Resolver
from xl_disclosure.spec.profile_model import Instance, Target
from xl_disclosure.validate.context import Context, number_of
from xl_disclosure.validate.findings import Finding, Severity
from xl_disclosure.validate.text import fold


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"


UNKNOWN: Final = _Unknown()
Value = int | float | str | bool | date | _Unknown
_SYMBOLS: Final = {"==": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}


class Evaluator:
    """Evaluates one instance over a report (``previous`` for ``prev()``)."""

    def __init__(
        self, ctx: Context, targets: dict[Node, Target], *, previous: bool = False
    ) -> None:
        self.ctx, self.targets, self.previous = ctx, targets, previous

    @property
    def report(self) -> AnnualReport | None:
        return self.ctx.previous if self.previous else self.ctx.report

    def number(self, key: str) -> int | float | None:
        if not self.previous:
            return self.ctx.num(key)
        prev = self.ctx.previous
        if prev is None or key not in prev.spec.cell_index:
            return None
        return number_of(prev.value(key))

    def value(self, node: Node) -> Value:
        if isinstance(node, Num | Str | Bool):
            return node.value
        if isinstance(node, Ref | Range):
            return self._target(self.targets[node])
        if isinstance(node, Unary):
            inner = self.value(node.operand)
            if isinstance(inner, _Unknown):
                return UNKNOWN
            return (not inner) if node.op == "not" else -inner  # type: ignore[operator]
        if isinstance(node, Binary):
            return _arith(node.op, self.value(node.left), self.value(node.right))
        if isinstance(node, Compare):
            return compare(node.op, self.value(node.left), self.value(node.right))
        if isinstance(node, Logic):
            return _logic(node.op, self.value(node.left), lambda: self.value(node.right))
        assert isinstance(node, Call)
        return self._call(node)

    def _target(self, target: Target) -> Value:
        report = self.report
        if report is None:
            return UNKNOWN
        if target.kind in ("cells", "figure"):
            numbers = [self.number(k) for k in target.cells]
            if any(n is None for n in numbers):
                return UNKNOWN
            return sum(n for n in numbers if n is not None)
        if target.kind == "text":
            if target.name == "preamble":
                return report.preamble
            return report.text(int(target.name.split(".")[1]))
        if target.kind == "meta":
            return _meta(report, target)
        raw = report.fields.get(target.name, "").strip()
        if target.type == "text":
            return report.fields.get(target.name, "")
        if target.type == "bool":
            return {"是": True, "否": False}.get(raw, UNKNOWN)
        return _date(raw)

    def _call(self, node: Call) -> Value:
        name, args = node.name, node.args
        if name == "prev":
            if self.ctx.previous is None:
                return UNKNOWN
            return Evaluator(self.ctx, self.targets, previous=True).value(args[0])
        if name in ("blank", "na"):
            report = self.report
            if report is None:
                return UNKNOWN
            raw = report.value(self.targets[args[0]].cells[0])
            if name == "blank":
                return isinstance(raw, Blank | NotAvailable)
            return isinstance(raw, str) and raw.strip() in NA_SYMBOLS
        if name == "sum":
            parts = [self.value(a) for a in args]
            if any(isinstance(p, _Unknown) for p in parts):
                return UNKNOWN
            return sum(p for p in parts if isinstance(p, int | float))
        if name == "default":
            first = self.value(args[0])
            return self.value(args[1]) if isinstance(first, _Unknown) else first
        values = [self.value(a) for a in args]
        if any(isinstance(v, _Unknown) for v in values):
            return UNKNOWN
        return _function(name, values)


def _meta(report: AnnualReport, target: Target) -> Value:
    field = target.name.split(".", 1)[1]
    raw: object = getattr(report.meta, field)
    if field == "agency_kind":
        return AGENCY_KINDS.get(str(raw), str(raw))
    if target.type == "date":
        return _date(str(raw))
    if raw is None:
        return UNKNOWN
    assert isinstance(raw, int | float | str | bool)
    return raw


def _date(text: str) -> Value:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return UNKNOWN


def _function(name: str, values: list[Value]) -> Value:
    if name == "len":
        return len(fold(str(values[0])))
    if name == "contains":
        text = fold(str(values[0]))
        return any(fold(str(w)) in text for w in values[1:])
    if name == "date":
        try:
            return date(*(int(v) for v in values))  # type: ignore[arg-type]
        except (ValueError, TypeError, OverflowError):
            return UNKNOWN
    numbers = [v for v in values if isinstance(v, int | float)]
    if name == "abs":
        return abs(numbers[0])
    if name == "round":
        return round(numbers[0], int(numbers[1]) if len(numbers) > 1 else None)
    return min(numbers) if name == "min" else max(numbers)


def _arith(op: str, a: Value, b: Value) -> Value:
    if not (isinstance(a, int | float) and isinstance(b, int | float)):
        return UNKNOWN
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if b == 0:
        return UNKNOWN
    quotient = a / b
    return int(quotient) if quotient.is_integer() and isinstance(a, int) else quotient


def _equal(a: Value, b: Value) -> bool:
    numbers = isinstance(a, int | float) and isinstance(b, int | float)
    if numbers and (isinstance(a, float) or isinstance(b, float)):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)  # type: ignore[arg-type]
    return a == b


def compare(op: str, a: Value, b: Value) -> Value:
    """``a op b``, or unknown when either side is."""
    if isinstance(a, _Unknown) or isinstance(b, _Unknown):
        return UNKNOWN
    if op == "==":
        return _equal(a, b)
    if op == "!=":
        return not _equal(a, b)
    try:
        if op == "<":
            return a < b  # type: ignore[operator]
        if op == "<=":
            return a <= b or _equal(a, b)  # type: ignore[operator]
        if op == ">":
            return a > b  # type: ignore[operator]
        return a >= b or _equal(a, b)  # type: ignore[operator]
    except TypeError:
        return UNKNOWN


def _logic(op: str, a: Value, b_of: Callable[[], Value]) -> Value:
    b = b_of()
    if op == "and":
        if a is False or b is False:
            return False
        return UNKNOWN if isinstance(a, _Unknown) or isinstance(b, _Unknown) else True
    if a is True or b is True:
        return True
    return UNKNOWN if isinstance(a, _Unknown) or isinstance(b, _Unknown) else False


def shown(value: Value) -> str:
    """A value inside a message."""
    if isinstance(value, _Unknown):
        return "（无法取值）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    return display(value)


def profile_rules(ctx: Context) -> Iterator[Finding]:
    """Every rule of the report's profile (none for a national format)."""
    for rule in ctx.spec.expr_rules:
        for inst in rule.instances:
            targets = dict(inst.targets)
            if Evaluator(ctx, targets).value(inst.node) is False:
                yield _finding(ctx, rule, inst, targets)


def _finding(ctx: Context, rule: ExprRule, inst: Instance, targets: dict[Node, Target]) -> Finding:
    names: dict[str, str] = {"formula": inst.words}
    names["cells"] = "、".join(t.label for t in dict.fromkeys(targets.values()))
    names.update({k: b.label for k, b in inst.binding})
    expected = actual = None
    top = inst.node
    if isinstance(top, Compare):
        ev = Evaluator(ctx, targets)
        left, right = ev.value(top.left), ev.value(top.right)
        names["left"], names["right"] = shown(left), shown(right)
        if isinstance(left, int | float) and isinstance(right, int | float):
            names["diff"] = shown(left - right)
        actual, expected = names["left"], f"{_SYMBOLS[top.op]} {names['right']}"
    template = rule.message or (
        "不符合审核公式：{formula}"
        + ("（左边为{left}，右边为{right}）" if "left" in names else "")
        + "。"
    )
    return Finding(
        rule=rule.id,
        severity=Severity(rule.severity),
        message=_render(template, names, ctx, targets),
        places=inst.places,
        expected=expected,
        actual=actual,
    )


def _render(template: str, names: dict[str, str], ctx: Context, targets: dict[Node, Target]) -> str:
    def fill(text: str) -> str:
        if text in names:
            return names[text]
        node = parse(text)
        known = {n.name: t for n, t in targets.items() if isinstance(n, Ref)}
        target = known.get(text) or Resolver(ctx.spec).resolve(node)
        return shown(Evaluator(ctx, {node: target}).value(node))

    out = PLACEHOLDER.sub(lambda m: fill(m.group(1)), template)
    return re.sub(r"\{([^{}]+)\}", lambda m: fill(m.group(1)), out)
