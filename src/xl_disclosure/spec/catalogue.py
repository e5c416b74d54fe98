"""The rule catalogue (``spec/rules.json``): every rule's id, severity, basis, kind, formula and
Chinese message template, and the severities' labels. A format says which rules apply to it
(:meth:`~xl_disclosure.spec.model.FormatSpec.applies`); a profile adds its own after them.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from xl_disclosure.errors import SpecError
from xl_disclosure.spec.model import FormatSpec, Rule


@cache
def _catalogue() -> Any:
    return json.loads(
        resources.files("xl_disclosure.spec").joinpath("rules.json").read_text("utf-8")
    )


@cache
def load_rules() -> tuple[Rule, ...]:
    """The rule catalogue, in catalogue order.

    Example:
        >>> next(r for r in load_rules() if r.id == "T3-001").severity
        'error'
    """
    data = _catalogue()
    rules = tuple(
        Rule(
            id=r["id"],
            severity=r["severity"],
            basis=r["basis"],
            kind=r["kind"],
            formula=r["formula"],
            message=r["message"],
            requires=tuple(r.get("requires", ())),
        )
        for r in data["rules"]
    )
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise SpecError("duplicate rule ids in rules.json")
    bad = [r.id for r in rules if r.severity not in data["severities"]]
    if bad:
        raise SpecError(f"unknown severity in rules {bad}")
    return rules


@cache
def severity_labels() -> dict[str, str]:
    """``{"error": "强制", "warning": "提示", "info": "参考"}``."""
    return {k: v["label"] for k, v in _catalogue()["severities"].items()}


@cache
def _rule_index() -> dict[str, tuple[int, Rule]]:
    return {r.id: (i, r) for i, r in enumerate(load_rules())}


def rule(rule_id: str, spec: FormatSpec | None = None) -> Rule:
    """One catalogue rule by id, or one of ``spec``'s profile rules."""
    if spec is not None:
        local = next((r for r in spec.expr_rules if r.id == rule_id), None)
        if local is not None:
            return local
    return _rule_index()[rule_id][1]


def rule_position(rule_id: str, spec: FormatSpec | None = None) -> int:
    """Position of a rule in the catalogue (findings are listed in this order); a profile's
    rules come after the catalogue, in the profile's order."""
    if rule_id in _rule_index() or spec is None:
        return _rule_index()[rule_id][0]
    ids = [r.id for r in spec.expr_rules]
    return len(_rule_index()) + ids.index(rule_id)


def rules_for(spec: FormatSpec) -> tuple[Rule, ...]:
    """The rules that apply to reports in ``spec``'s format: the catalogue's, in catalogue
    order, then a profile's own.

    Example:
        >>> from xl_disclosure.spec import load_format
        >>> "V-003" in {r.id for r in rules_for(load_format("gb2019"))}
        True
        >>> "V-003" in {r.id for r in rules_for(load_format("gb2021"))}
        False
    """
    return (*(r for r in load_rules() if spec.applies(r)), *spec.expr_rules)
