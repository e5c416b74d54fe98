"""The ordered list of rule functions. Each yields findings for one or more catalogue rules."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from xl_disclosure.validate.context import Context
from xl_disclosure.validate.expressions import profile_rules
from xl_disclosure.validate.findings import Finding
from xl_disclosure.validate.rules import (
    balance,
    cross_section,
    cross_year,
    document,
    plausibility,
    values,
)

RuleFunction = Callable[[Context], Iterator[Finding]]

RULE_FUNCTIONS: tuple[RuleFunction, ...] = (
    document.metadata,
    document.format_and_period,
    document.sections_present,
    values.cell_values,
    values.fee_amount,
    values.money_unit,
    balance.balances,
    plausibility.rules,
    cross_section.rules,
    document.narrative,
    cross_year.rules,
    profile_rules,
)
