"""The national catalogue's in-table, cross-table and cross-year rules, written in the 审核公式
language (tests/data/profiles/national-*.json), find exactly what the built-in rule functions
find: on random consistent reports, and after changing any one cell they read to any value."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from support.factories import consistent_report, following_report
from xl_disclosure.model import AnnualReport
from xl_disclosure.spec import load_format, register_profile_file, rules_for
from xl_disclosure.validate import Finding, validate

PROFILES = Path(__file__).parent / "data" / "profiles"
FORMATS = ("gb2019", "gb2021")
#: How findings of a rule are compared: the set of their places, their first place (a
#: cross-year rule names last year's cell too), or only how many there are.
BY_FIRST_PLACE = {"Y-001", "Y-002", "Y-003"}
BY_COUNT = {"P-004"}
VALUES = st.one_of(
    st.integers(0, 10_000),
    st.integers(-50, -1),
    st.floats(0, 1000, allow_nan=False).map(lambda x: round(x, 2)),
    st.sampled_from(["/", "12元", "—"]),
)


@pytest.fixture(scope="module")
def forms() -> dict[str, str]:
    """National format -> the effective format id of its formulas."""
    return {fid: register_profile_file(PROFILES / f"national-{fid}.json") for fid in FORMATS}


def catalogue_id(rule_id: str) -> str:
    """``NT-T3001`` -> ``T3-001``, ``NT-P004`` -> ``P-004``."""
    core = rule_id.removeprefix("NT-")
    return f"{core[:-3]}-{core[-3:]}"


def _key(rule: str, f: Finding) -> object:
    if rule in BY_COUNT:
        return rule
    if rule in BY_FIRST_PLACE:
        return f.places[0]
    return frozenset(f.places)


def compare(report: AnnualReport, previous: AnnualReport | None) -> tuple[Counter[object], ...]:
    """(built-in findings, formula findings), keyed alike, over the rules the forms restate."""
    ids = {catalogue_id(r.id) for r in report.spec.expr_rules}
    builtin: Counter[object] = Counter()
    formulas: Counter[object] = Counter()
    for f in validate(report, previous).findings:
        if f.rule in ids:
            builtin[(f.rule, _key(f.rule, f))] += 1
        elif f.rule.startswith("NT-"):
            rule = catalogue_id(f.rule)
            formulas[(rule, _key(rule, f))] += 1
    return builtin, formulas


def _cells(fid: str) -> list[str]:
    return [c.key for c in load_format(fid).cells]


def test_every_form_restates_a_catalogue_rule_of_its_format(forms: dict[str, str]) -> None:
    for fid, effective in forms.items():
        catalogue = {r.id for r in rules_for(load_format(fid))}
        restated = [catalogue_id(r.id) for r in load_format(effective).expr_rules]
        assert len(restated) >= 11 and set(restated) <= catalogue, fid
        checks = {c.rule for c in load_format(fid).checks}
        assert checks <= set(restated)  # every balance of the format


@settings(max_examples=200, deadline=None)
@given(fmt=st.sampled_from(FORMATS), seed=st.integers(0, 2**32 - 1), data=st.data())
def test_in_table_and_cross_table_forms_agree(
    forms: dict[str, str], fmt: str, seed: int, data: st.DataObject
) -> None:
    rnd = random.Random(seed)
    report = consistent_report(fmt, rnd)
    report.format_id = forms[fmt]
    builtin, formulas = compare(report, None)
    assert builtin == formulas == Counter()  # a consistent report: both silent
    for _ in range(data.draw(st.integers(1, 2), label="changes")):
        key = data.draw(st.sampled_from(_cells(fmt)), label="cell")
        report.values[key] = data.draw(VALUES, label="value")
    report.meta.rulemaking = data.draw(st.booleans(), label="rulemaking")
    builtin, formulas = compare(report, None)
    assert builtin == formulas


@settings(max_examples=80, deadline=None)
@given(fmt=st.sampled_from(FORMATS), seed=st.integers(0, 2**32 - 1), data=st.data())
def test_cross_year_forms_agree(
    forms: dict[str, str], fmt: str, seed: int, data: st.DataObject
) -> None:
    rnd = random.Random(seed)
    prev = consistent_report(fmt, rnd, year=2019 if fmt == "gb2019" else rnd.randint(2021, 2024))
    report = following_report(prev, rnd)
    if report.format_id != fmt:
        return  # 2019 -> 2020 stays in gb2019; the forms restate one format's rules
    report.format_id = forms[fmt]
    assert compare(report, prev) == (Counter(), Counter())
    which = data.draw(st.sampled_from([report, prev]), label="report")
    key = data.draw(st.sampled_from(_cells(fmt)), label="cell")
    which.values[key] = data.draw(VALUES, label="value")
    builtin, formulas = compare(report, prev)
    assert builtin == formulas
