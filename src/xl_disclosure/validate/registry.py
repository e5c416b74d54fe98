"""The ordered list of rule functions. Each yields findings for one or more catalogue rules."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from xl_disclosure.validate.context import Context
from xl_disclosure.validate.expressions import profile_rules
from xl_disclosure.validate.findings import Finding
from xl_disclosure.validate.rules import (
    balance,
    blanks,
    cross_section,
    cross_year,
    document,
    plausibility,
    prose,
    structure,
    values,
)

RuleFunction = Callable[[Context], Iterator[Finding]]

RULE_FUNCTIONS: tuple[RuleFunction, ...] = (
    document.metadata,
    document.format_and_period,
    document.sections_present,
    structure.tables_as_printed,
    blanks.unfilled,
    blanks.published_blanks,
    blanks.not_available,
    values.cell_values,
    values.fee_amount,
    values.money_unit,
    balance.balances,
    plausibility.rules,
    cross_section.rules,
    prose.text_figures,
    prose.text_consistency,
    document.narrative,
    cross_year.rules,
    profile_rules,
)
