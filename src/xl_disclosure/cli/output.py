"""Plain-text tables of findings for the terminal (no third-party dependency on this path)."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import TextIO

from xl_disclosure.validate.findings import Finding, Severity
from xl_disclosure.validate.result import ValidationResult


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def print_findings(result: ValidationResult, out: TextIO, *, source: str = "") -> None:
    """Print a table: 级别 | 规则 | 位置 | 说明, then a one-line summary."""
    findings: Sequence[Finding] = result.findings
    if source:
        out.write(f"文件：{source}\n")
    if not findings:
        out.write("校验通过：未发现问题。\n")
        return
    header = ("级别", "规则", "位置", "说明")
    rows = [
        (
            f.severity.label + ("（已说明）" if f.kept else ""),
            f.rule,
            f.places[0] if f.places else "—",
            f.message,
        )
        for f in findings
    ]
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(3)]
    for row in [header, *rows]:
        out.write("  ".join(_pad(row[i], widths[i]) for i in range(3)) + "  " + row[3] + "\n")
    counts = result.counts
    out.write(
        f"共 {len(findings)} 条：强制 {counts[Severity.ERROR]} 条，提示 {counts[Severity.WARNING]} 条，"
        f"参考 {counts[Severity.INFO]} 条。"
        + ("存在强制性错误，不能导出。\n" if counts[Severity.ERROR] else "\n")
    )
