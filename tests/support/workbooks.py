"""Workbook helpers for tests: the committed templates and filled copies of them."""

from __future__ import annotations

import json
import random
from pathlib import Path

from support.factories import consistent_report
from xl_disclosure.builder.fill import fill_template, set_value, write_report
from xl_disclosure.io.canonical import report_to_dict

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "workbook_templates"


def template_path(format_id: str) -> Path:
    """The committed template of a format (``workbook_templates/<format>.xlsx``)."""
    return TEMPLATES / f"{format_id}.xlsx"


def good_inputs(root: Path, seed: int) -> dict[str, Path]:
    """A good report as JSON, as a filled workbook and as a published text, in ``root``."""
    report = consistent_report("gb2021", random.Random(seed))
    good = root / "good.json"
    good.write_text(json.dumps(report_to_dict(report), ensure_ascii=False), encoding="utf-8")
    text = root / "good.txt"
    text.write_text(
        "某局2021年政府信息公开工作年度报告\n一、总体情况\n本年度。\n", encoding="utf-8"
    )
    return {"json": good, "xlsx": fill_template(report, root / "good.xlsx"), "txt": text}


__all__ = [
    "TEMPLATES",
    "fill_template",
    "good_inputs",
    "set_value",
    "template_path",
    "write_report",
]
