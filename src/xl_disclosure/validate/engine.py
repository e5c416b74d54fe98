"""Runs the registered rule functions and orders their findings."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from xl_disclosure.model import AnnualReport
from xl_disclosure.spec.catalogue import rule, rule_position
from xl_disclosure.validate.context import Context
from xl_disclosure.validate.findings import Finding
from xl_disclosure.validate.registry import RULE_FUNCTIONS
from xl_disclosure.validate.result import ValidationResult


def validate(
    report: AnnualReport,
    previous: AnnualReport | None = None,
    *,
    limit: int | None = None,
    file_findings: Sequence[Finding] = (),
    source: str = "",
) -> ValidationResult:
    """Check ``report`` against every rule of its format; cross-year rules need ``previous``.

    Findings are collected lazily (all of them) unless ``limit`` is given, in which case the
    result is marked ``partial`` once that many were found. Explanations recorded in
    ``report.explanations`` are attached to the matching warnings. ``file_findings`` (what the
    reader noticed about the file) come first in the result, as they were given.
    """
    ctx = Context(report, previous)
    found: list[Finding] = []
    partial = False
    for fn in RULE_FUNCTIONS:
        for finding in fn(ctx):
            if not ctx.spec.applies(rule(finding.rule, ctx.spec)):
                continue
            found.append(_explain(finding, report))
            if limit is not None and len(found) >= limit:
                partial = True
                break
        if partial:
            break
    found.sort(key=lambda f: (f.severity.rank, rule_position(f.rule, ctx.spec)))
    return ValidationResult(report.format_id, (*file_findings, *found), partial, source)


def _explain(finding: Finding, report: AnnualReport) -> Finding:
    text = report.explanations.get(finding.fingerprint, "")
    if not text:
        return finding
    return replace(finding, explanation=text)
