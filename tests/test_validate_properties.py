"""Property tests: random consistent reports validate clean; any single changed number in a
checked identity is caught by a balance rule that names the changed cell."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from support.factories import consistent_report, following_report
from xl_disclosure.spec import load_format
from xl_disclosure.validate import validate

FORMATS = st.sampled_from(["gb2019", "gb2021"])
SEEDS = st.integers(min_value=0, max_value=2**32 - 1)


def _balanced_cells(fmt: str) -> list[str]:
    """Every cell taking part in a declarative balance check of the format."""
    spec = load_format(fmt)
    return sorted({c.key for c in spec.cells if c.table in {chk.table for chk in spec.checks}})


@settings(max_examples=150, deadline=None)
@given(fmt=FORMATS, seed=SEEDS)
def test_consistent_reports_validate_clean(fmt: str, seed: int) -> None:
    report = consistent_report(fmt, random.Random(seed))
    assert validate(report).findings == ()


@settings(max_examples=60, deadline=None)
@given(fmt=FORMATS, seed=SEEDS)
def test_consistent_year_pairs_validate_clean(fmt: str, seed: int) -> None:
    rnd = random.Random(seed)
    prev = consistent_report(fmt, rnd, year=2019 if fmt == "gb2019" else rnd.randint(2020, 2025))
    report = following_report(prev, rnd)
    assert validate(report, prev).findings == ()


@settings(max_examples=300, deadline=None)
@given(fmt=FORMATS, seed=SEEDS, data=st.data())
def test_any_single_change_in_an_identity_is_caught(
    fmt: str, seed: int, data: st.DataObject
) -> None:
    report = consistent_report(fmt, random.Random(seed))
    key = data.draw(st.sampled_from(_balanced_cells(fmt)), label="cell")
    old = int(str(report.values[key]))
    new = data.draw(
        st.integers(min_value=0, max_value=10_000).filter(lambda n: n != old), label="new"
    )
    report.values[key] = new
    result = validate(report)
    caught = [f for f in result.errors if f.rule.startswith(("T3-", "T4-")) and key in f.places]
    assert caught, f"{key}: {old} -> {new} not caught; findings: {result.flatten()}"
    assert not result.valid
