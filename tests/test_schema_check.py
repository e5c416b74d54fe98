"""The compiled schema check and python-jsonschema agree, so the fast one may decide alone."""

from __future__ import annotations

import copy
import json
import random
from functools import cache
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from support.factories import consistent_report
from xl_disclosure.export import export_payload
from xl_disclosure.io.schema_check import (
    compiled_validator,
    explaining_validator,
    schema_problems,
    schema_valid,
)
from xl_disclosure.spec import format_ids

#: Values a hand-edited or foreign JSON puts where a number, text or date belongs.
ODD_VALUES: list[Any] = [
    -1,
    0,
    3,
    3.0,
    2.5,
    -0.0,
    1e300,
    2**70,
    True,
    False,
    None,
    "",
    "/",
    "／",
    "5",
    "abc",
    "2024-02-30",
    "2024-01-31",
    "2024-1-31",
    [],
    [1],
    {},
    {"a": 1},
]


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``node`` (dict keys and list indexes)."""
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out.extend(_paths(value, (*prefix, index)))
    return out


def _mutate(data: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    out = copy.deepcopy(data)
    for _ in range(rng.randint(1, 3)):
        path = rng.choice(_paths(out))
        parent = out
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        action = rng.random()
        if action < 0.15 and isinstance(parent, dict):
            del parent[last]
        elif action < 0.25 and isinstance(parent, dict):
            parent[f"extra_{rng.randint(0, 9)}"] = rng.choice(ODD_VALUES)
        else:
            parent[last] = copy.deepcopy(rng.choice(ODD_VALUES))
        if not _paths(out):
            break
    return out


@cache
def _payload(fmt: str, seed: int) -> bytes:
    return export_payload(consistent_report(fmt, random.Random(seed)))[0]


def _canonical(fmt: str, seed: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(_payload(fmt, seed))
    return data


@settings(max_examples=300, deadline=None)
@given(fmt=st.sampled_from(format_ids()), seed=st.integers(0, 2**31))
def test_compiled_and_explaining_validators_agree(fmt: str, seed: int) -> None:
    data = _mutate(_canonical(fmt, seed % 50), random.Random(seed))
    slow = list(explaining_validator(fmt).iter_errors(data))
    assert compiled_validator(fmt).is_valid(data) == (not slow), [e.message for e in slow]
    if isinstance(data.get("format"), str) and data["format"] == fmt:
        assert schema_valid(data) == (not slow)
        assert bool(schema_problems(data)) == bool(slow)


def test_a_valid_dict_has_no_problems_and_an_invalid_one_is_worded() -> None:
    fmt = format_ids()[0]
    data = _canonical(fmt, 1)
    assert schema_valid(data) and schema_problems(data) == []
    key = next(iter(data["values"]))
    data["values"][key] = -3
    problems = schema_problems(data)
    assert problems and key in problems[0] and not schema_valid(data)
    assert schema_problems({"format": "gb1999"})[0].startswith("format：未知的报告格式")
