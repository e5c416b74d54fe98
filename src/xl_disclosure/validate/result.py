"""The outcome of one validation run: every finding about a file, and the verdict.

One object carries what the reader noticed about the file (template version, macros, external
links, extra JSON keys: the ``R-``/``S-`` rules and D-010) and what the rules found in the
report, with the counts by severity, the exit code and the refusal message that export, the
buttons, the batch and the server all show.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xl_disclosure.validate.findings import Finding, Severity

#: How many errors a refusal message lists before "（另有 N 条）".
REFUSAL_LISTED = 5


@dataclass(frozen=True)
class ValidationResult:
    """All findings of one run: the file's first, then the report's in a stable order
    (severity, then rule catalogue order)."""

    format_id: str
    findings: tuple[Finding, ...]
    partial: bool = False
    """True when ``limit`` stopped the run early."""
    source: str = ""
    """Where the report was read from (a path, a book name), for messages."""

    @property
    def errors(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.WARNING)

    @property
    def infos(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity is Severity.INFO)

    @property
    def valid(self) -> bool:
        """No error-level finding: export is allowed."""
        return not self.errors

    @property
    def clean(self) -> bool:
        """No error and no unexplained warning."""
        return self.valid and all(f.kept for f in self.warnings)

    @property
    def counts(self) -> dict[Severity, int]:
        """Findings by severity, every severity present (0 where none)."""
        out = dict.fromkeys(Severity, 0)
        for f in self.findings:
            out[f.severity] += 1
        return out

    @property
    def exit_code(self) -> int:
        """The command-line verdict: 0 when nothing but information was found, else 1."""
        return 0 if all(f.severity is Severity.INFO for f in self.findings) else 1

    def stats(self) -> dict[str, int]:
        """Findings by rule id."""
        out: dict[str, int] = {}
        for f in self.findings:
            out[f.rule] = out.get(f.rule, 0) + 1
        return out

    def summary(self) -> dict[str, Any]:
        """The block written into the canonical JSON."""
        counts = self.counts
        return {
            "valid": self.valid,
            "errors": counts[Severity.ERROR],
            "warnings": counts[Severity.WARNING],
            "infos": counts[Severity.INFO],
            "kept_warnings": sorted(f.fingerprint for f in self.warnings if f.kept),
        }

    def error_lines(self, limit: int = REFUSAL_LISTED) -> tuple[list[str], int]:
        """``[rule] message`` of the first ``limit`` errors, and how many more there are."""
        errors = self.errors
        return [f"[{f.rule}] {f.message}" for f in errors[:limit]], max(0, len(errors) - limit)

    def refusal(self, action: str = "导出") -> str | None:
        """Why ``action`` is refused (errors stand), in one Chinese line; ``None`` when allowed."""
        if self.valid:
            return None
        listed, more = self.error_lines()
        tail = f"（另有 {more} 条）" if more else ""
        return f"存在 {len(self.errors)} 条强制性错误，不能{action}：{'；'.join(listed)}{tail}"

    def top(self) -> Finding | None:
        """The finding to show first (status bar / message box): most severe, first in order."""
        return min(self.findings, key=lambda f: f.severity.rank, default=None)

    def flatten(self, fields: Sequence[str] = ("rule", "severity", "places")) -> list[list[Any]]:
        """Findings as rows of the given fields (for tests and tables)."""
        rows = []
        for f in self.findings:
            d = f.to_dict()
            rows.append([d[name] for name in fields])
        return rows

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "format": self.format_id,
            **self.summary(),
            "partial": self.partial,
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.source:
            out["source"] = self.source
        return out
