"""Load the format specs and the rule catalogue from package data, checking them on the way."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from xl_disclosure.errors import SpecError
from xl_disclosure.spec.model import (
    Block,
    Check,
    Column,
    FormatSpec,
    Row,
    Rule,
    Section,
    Table,
    ValueType,
)

FORMAT_IDS: tuple[str, ...] = ("gb2019", "gb2021")


def _read_json(name: str) -> Any:
    return json.loads(resources.files("xl_disclosure.spec").joinpath(name).read_text("utf-8"))


@cache
def load_format(format_id: str) -> FormatSpec:
    """Return the spec of one official format.

    Example:
        >>> spec = load_format("gb2019")
        >>> spec.cell("T3.other.C1").row.label
        '（六）其他处理'
        >>> len(spec.cells), len(load_format("gb2021").cells)
        (198, 200)
    """
    if format_id not in FORMAT_IDS:
        raise SpecError(f"未知的报告格式“{format_id}”，可选：{'、'.join(FORMAT_IDS)}")
    data = _read_json(f"formats/{format_id}.json")
    try:
        spec = _build(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise SpecError(
            f"format spec {format_id} is malformed: {exc!r}", f"formats/{format_id}.json"
        ) from exc
    _check(spec)
    return spec


def _build(data: dict[str, Any]) -> FormatSpec:
    tables = []
    for t in data["tables"]:
        blocks = tuple(
            Block(
                id=b["id"],
                heading=b.get("heading"),
                corner=b.get("corner"),
                columns=tuple(
                    Column(c["key"], tuple(c["path"]), ValueType(c["type"]), bool(c.get("total")))
                    for c in b["columns"]
                ),
                rows=tuple(Row(r["key"], tuple(r["path"])) for r in b["rows"]),
                table=t["id"],
            )
            for b in t["blocks"]
        )
        tables.append(Table(t["id"], int(t["section"]), t["unit"], blocks))
    return FormatSpec(
        id=data["id"],
        name=data["name"],
        title=data["title"],
        instrument=data["instrument"],
        year_from=int(data["years"]["from"]),
        year_to=data["years"]["to"],
        sections=tuple(
            Section(
                no=s["no"],
                title=s["title"],
                kind=s["kind"],
                table=s.get("table"),
                variants=tuple(s.get("variants", ())),
                placeholder=s.get("placeholder", ""),
            )
            for s in data["sections"]
        ),
        tables=tuple(tables),
        checks=tuple(
            Check(c["rule"], c["table"], c["over"], tuple(c["lhs"]), tuple(c["rhs"]))
            for c in data["checks"]
        ),
    )


def _check(spec: FormatSpec) -> None:
    """Cross-reference checks a JSON Schema cannot express."""
    keys = [c.key for c in spec.cells]
    if len(keys) != len(set(keys)):
        raise SpecError(f"duplicate cell keys in {spec.id}")
    if [s.no for s in spec.sections] != [1, 2, 3, 4, 5, 6]:
        raise SpecError(f"{spec.id} must have sections 1..6 in order")
    rules = {r.id for r in load_rules()}
    for chk in spec.checks:
        if chk.rule not in rules:
            raise SpecError(f"check refers to unknown rule {chk.rule}", spec.id)
        block = spec.table(chk.table).blocks[0]
        pool = (
            {r.key for r in block.rows} if chk.over == "columns" else {c.key for c in block.columns}
        )
        missing = set(chk.lhs + chk.rhs) - pool
        if missing:
            raise SpecError(f"check {chk.rule} names unknown keys {sorted(missing)}", spec.id)


@cache
def load_rules() -> tuple[Rule, ...]:
    """The rule catalogue, in catalogue order.

    Example:
        >>> next(r for r in load_rules() if r.id == "T3-001").severity
        'error'
    """
    data = _read_json("rules.json")
    rules = tuple(
        Rule(
            id=r["id"],
            severity=r["severity"],
            basis=r["basis"],
            formats=tuple(r["formats"]),
            kind=r["kind"],
            formula=r["formula"],
            message=r["message"],
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
    return {k: v["label"] for k, v in _read_json("rules.json")["severities"].items()}


@cache
def _rule_index() -> dict[str, tuple[int, Rule]]:
    return {r.id: (i, r) for i, r in enumerate(load_rules())}


def rule(rule_id: str) -> Rule:
    """One catalogue rule by id."""
    return _rule_index()[rule_id][1]


def rule_position(rule_id: str) -> int:
    """Position of a rule in the catalogue (findings are listed in this order)."""
    return _rule_index()[rule_id][0]


def format_for_year(year: int) -> str:
    """The format a report year must use (D-003).

    Example:
        >>> format_for_year(2020), format_for_year(2024)
        ('gb2019', 'gb2021')
    """
    for fid in FORMAT_IDS:
        if load_format(fid).applies_to(year):
            return fid
    raise SpecError(f"{year}年度不在支持范围内（支持2019年度及以后）")
