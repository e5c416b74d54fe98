"""Check a profile file the way its author needs it: every problem at once, rules in words.

:func:`check_profile_file` reads the file, checks it against the profile schema, finds the
national format it extends, builds the effective format collecting every broken rule (its id,
line and column) instead of stopping at the first, and lists rules that can never fire or fire
on every report. ``xl-disclosure profile check`` prints the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from xl_disclosure.errors import SpecError
from xl_disclosure.spec.catalogue import load_rules, severity_labels
from xl_disclosure.spec.load import is_format, load_format
from xl_disclosure.spec.model import FormatSpec
from xl_disclosure.spec.profile import build_profile, read_profile_file, schema_problems


@dataclass
class ProfileCheck:
    """What checking one profile file found."""

    where: str
    data: dict[str, Any] | None = None
    spec: FormatSpec | None = None
    """The effective format (``None`` when the profile could not be built at all)."""
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        """2 broken, 1 usable but with warnings, 0 clean (the CLI's verdict)."""
        return 2 if self.errors else (1 if self.warnings else 0)


def check_profile_file(path: Path) -> ProfileCheck:
    """Every problem of a profile file (never raises for a bad profile)."""
    out = ProfileCheck(str(path))
    try:
        out.data = read_profile_file(path)
    except SpecError as exc:
        out.errors.append(str(exc))
        return out
    check_profile_data(out)
    return out


def check_profile_data(out: ProfileCheck) -> None:
    """Fill ``out`` from ``out.data``."""
    data = out.data or {}
    out.errors.extend(f"格式：{p}" for p in schema_problems(data))
    base_id = data.get("extends")
    if not isinstance(base_id, str) or not is_format(base_id) or "+" in base_id:
        out.errors.append(f"extends：“{base_id}”不是已知的国办格式")
        return
    try:
        out.spec = build_profile(
            load_format(base_id),
            data,
            where=out.where,
            rule_ids={r.id for r in load_rules()},
            problems=out.errors,
            warnings=out.warnings,
        )
    except SpecError as exc:
        if not out.errors:  # else a consequence of the schema problems already listed
            out.errors.append(str(exc))


def rule_lines(spec: FormatSpec) -> list[str]:
    """A profile's rules in words, for people: id, level, kind, words, formula, message."""
    labels = severity_labels()
    lines = []
    for rule in spec.expr_rules:
        lines.append(f"{rule.id}【{labels[rule.severity]}｜{rule.kind}】{rule.formula}")
        formula = [line.rstrip() for line in rule.check.strip().splitlines()]
        lines.append(f"    公式：{formula[0]}")
        lines.extend(f"          {line}" for line in formula[1:])
        if rule.message:
            lines.append(f"    提示：{rule.message}")
    return lines
