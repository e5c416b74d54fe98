"""Findings: what the validator says about a report. Data, never exceptions."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, TypeVar

from xl_disclosure.cells import format_number
from xl_disclosure.errors import SpecError
from xl_disclosure.spec.catalogue import load_rules, severity_labels
from xl_disclosure.spec.catalogue import rule as catalogue_rule


class Severity(StrEnum):
    ERROR = "error"  #: 强制: blocks export
    WARNING = "warning"  #: 提示: may be kept with a written explanation
    INFO = "info"  #: 参考: information only

    @property
    def label(self) -> str:
        return severity_labels()[self.value]

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Finding:
    """One problem found in a report.

    ``places`` name where the problem is, most relevant first, in spec terms only, so the same
    finding can be shown on a workbook, in a JSON report or in a terminal:

    * a cell key such as ``T3.new.C7``;
    * ``section.N`` for the narrative of section N (``section.N.title`` for its heading);
    * ``meta.<field>`` for a cover field such as ``meta.agency``.
    """

    rule: str
    severity: Severity
    message: str
    places: tuple[str, ...] = ()
    expected: str | None = None
    actual: str | None = None
    explanation: str = ""
    """Staff's written explanation for a kept warning (from the findings sheet / JSON)."""
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)
    """Machine details that are not part of the finding's identity (e.g. the phrasing family
    of a figure quoted in the text, for the accuracy benchmark)."""
    every_place: bool = False
    """Every place is a cell at fault, not context (V-001 names a whole row at once): the
    marks colour each of them, not only the first."""

    @property
    def fingerprint(self) -> str:
        """Stable identity across runs, used to carry explanations over: ``rule@place``."""
        return f"{self.rule}@{self.places[0] if self.places else 'report'}"

    @property
    def kept(self) -> bool:
        """A warning the staff explained in writing."""
        return self.severity is not Severity.ERROR and bool(self.explanation.strip())

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "places": list(self.places),
            "expected": self.expected,
            "actual": self.actual,
            "explanation": self.explanation,
        }


#: Emitting function (``module.qualname``) -> the catalogue ids it may emit (:func:`emits`).
EMITTERS: dict[str, tuple[str, ...]] = {}
_F = TypeVar("_F", bound=Callable[..., Any])


def emits(*rule_ids: str, kind: str | None = None) -> Callable[[_F], _F]:
    """Declare which catalogue rules a function emits (``kind=``: every rule of that kind, for
    rules generated from the spec such as the balance checks). A test checks that every
    catalogue id has exactly one emitter and that functions make only what they declare.

    Example:
        >>> @emits("M-001")
        ... def covers(ctx): ...
        >>> EMITTERS[f"{__name__}.covers"]
        ('M-001',)
        >>> del EMITTERS[f"{__name__}.covers"]  # (an example is not one of the rules)
    """
    ids = tuple(rule_ids)
    if kind is not None:
        ids += tuple(r.id for r in load_rules() if r.kind == kind)
    unknown = [i for i in ids if i not in {r.id for r in load_rules()}]
    if unknown:
        raise SpecError(f"emits() names rules not in the catalogue: {unknown}")

    def register(fn: _F) -> _F:
        EMITTERS[f"{fn.__module__}.{fn.__qualname__}"] = ids
        return fn

    return register


def make(
    rule_id: str,
    places: tuple[str, ...] | list[str] = (),
    *,
    expected: object = None,
    actual: object = None,
    every_place: bool = False,
    extra: dict[str, Any] | None = None,
    **fields: object,
) -> Finding:
    """Create a finding of a catalogue rule, rendering its Chinese message from ``fields``."""
    r = catalogue_rule(rule_id)
    names = {"expected": expected, "actual": actual, **fields}
    quoted = set(_QUOTED_FIELD.findall(r.message))
    texts = {
        k: inner_quotes(number_text(v)) if k in quoted else number_text(v)
        for k, v in names.items()
        if v is not None
    }
    return Finding(
        rule=rule_id,
        severity=Severity(r.severity),
        message=r.message.format(**texts),
        places=tuple(places),
        expected=None if expected is None else number_text(expected),
        actual=None if actual is None else number_text(actual),
        extra=dict(extra or {}),
        every_place=every_place,
    )


_QUOTED_FIELD = re.compile(r"“\{(\w+)\}”")


def inner_quotes(text: str) -> str:
    """Quotes inside a quoted text become single quotes, so a message has one level of double
    quotes: ``危及“三安全一稳定”`` inside “…” reads “危及‘三安全一稳定’”."""
    return text.replace("“", "‘").replace("”", "’")


def number_text(value: object) -> str:
    """A value for a message: numbers as people write them (:func:`~xl_disclosure.cells.format_number`),
    anything else as its text.

    Example:
        >>> number_text(12.0), number_text(0.1 + 0.2), number_text(1e308), number_text("/")
        ('12', '0.3', '1×10³⁰⁸', '/')
    """
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    return format_number(value)
