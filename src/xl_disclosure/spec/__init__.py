"""The official report formats and the rule catalogue, loaded from package data."""

from xl_disclosure.spec.load import FORMAT_IDS, format_for_year, load_format, load_rules
from xl_disclosure.spec.model import (
    Block,
    CellSpec,
    Check,
    Column,
    FormatSpec,
    Row,
    Rule,
    Section,
    Table,
    ValueType,
    table_number,
)

__all__ = [
    "FORMAT_IDS",
    "Block",
    "CellSpec",
    "Check",
    "Column",
    "FormatSpec",
    "Row",
    "Rule",
    "Section",
    "Table",
    "ValueType",
    "format_for_year",
    "load_format",
    "load_rules",
    "table_number",
]
