"""The outcome of one validation run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from xl_disclosure.validate.findings import Finding, Severity


@dataclass(frozen=True)
class ValidationResult:
    """All findings of one run, in a stable order (severity, then rule catalogue order)."""

    format_id: str
    findings: tuple[Finding, ...]
    partial: bool = False
    """True when ``limit`` stopped the run early."""

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

    def stats(self) -> dict[str, int]:
        return dict(Counter(f.rule for f in self.findings))

    def summary(self) -> dict[str, Any]:
        """The block written into the canonical JSON."""
        return {
            "valid": self.valid,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "infos": len(self.infos),
            "kept_warnings": sorted(f.fingerprint for f in self.warnings if f.kept),
        }

    def top(self) -> Finding | None:
        """The finding to show first (status bar / message box): most severe, first in order."""
        return self.findings[0] if self.findings else None

    def flatten(self, fields: Sequence[str] = ("rule", "severity", "places")) -> list[list[Any]]:
        """Findings as rows of the given fields (for tests and tables)."""
        rows = []
        for f in self.findings:
            d = f.to_dict()
            rows.append([d[name] for name in fields])
        return rows

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format_id,
            **self.summary(),
            "partial": self.partial,
            "findings": [f.to_dict() for f in self.findings],
        }
