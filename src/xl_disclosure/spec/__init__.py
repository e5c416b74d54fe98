"""The report formats and the rule catalogue, as data.

Code asks the spec for what it needs by name — a figure (``spec.figure("received")``), a set of
records (``spec.records("documents")``), a trait (``spec.has("fee_reporting")``) — and never
compares a format id: a new format (or a test format) is one more JSON file
(:mod:`xl_disclosure.spec.load`).
"""

from xl_disclosure.spec.catalogue import load_rules, rules_for
from xl_disclosure.spec.derived import derived_cache
from xl_disclosure.spec.load import (
    first_carried_profiles,
    first_year,
    forget_carried_profiles,
    format_for_year,
    format_ids,
    is_carried_only,
    is_format,
    latest_format,
    load_format,
    national_format_ids,
    profile_formats,
    profile_ids,
    register_format_dir,
    register_profile,
    register_profile_dir,
    register_profile_file,
    rule_formats,
    sources_digest,
)
from xl_disclosure.spec.model import (
    Block,
    CellSpec,
    Check,
    Column,
    ExprRule,
    Figure,
    FormatSpec,
    Item,
    Record,
    Row,
    Rule,
    Section,
    Table,
    TableLayout,
    ValueType,
    table_number,
)

__all__ = [
    "Block",
    "CellSpec",
    "Check",
    "Column",
    "ExprRule",
    "Figure",
    "FormatSpec",
    "Item",
    "Record",
    "Row",
    "Rule",
    "Section",
    "Table",
    "TableLayout",
    "ValueType",
    "derived_cache",
    "first_carried_profiles",
    "first_year",
    "forget_carried_profiles",
    "format_for_year",
    "format_ids",
    "is_carried_only",
    "is_format",
    "latest_format",
    "load_format",
    "load_rules",
    "national_format_ids",
    "profile_formats",
    "profile_ids",
    "register_format_dir",
    "register_profile",
    "register_profile_dir",
    "register_profile_file",
    "rule_formats",
    "rules_for",
    "sources_digest",
    "table_number",
]
