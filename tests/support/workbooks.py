"""Workbook helpers for tests: the committed templates and filled copies of them."""

from __future__ import annotations

from pathlib import Path

from xl_disclosure.builder.fill import fill_template, set_value, write_report

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "workbook_templates"


def template_path(format_id: str) -> Path:
    """The committed template of a format (``workbook_templates/<format>.xlsx``)."""
    return TEMPLATES / f"{format_id}.xlsx"


__all__ = ["TEMPLATES", "fill_template", "set_value", "template_path", "write_report"]
