"""What every rule function receives: the report, its spec, parsed numbers, last year's report."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from xl_disclosure.model import AnnualReport
from xl_disclosure.model.report import ReportSource
from xl_disclosure.spec import FormatSpec, Record
from xl_disclosure.textnorm import nfkc, to_simplified
from xl_disclosure.validate.arith import Arithmetic, arithmetic
from xl_disclosure.validate.prose import Claim, claims_of

T = TypeVar("T")


@dataclass
class Context:
    report: AnnualReport
    previous: AnnualReport | None = None

    @property
    def spec(self) -> FormatSpec:
        return self.report.spec

    @cached_property
    def _sorted(self) -> tuple[dict[str, int | float], tuple[str, ...]]:
        """One pass over the value cells: the acceptable numbers, and the keys of the rest."""
        numbers: dict[str, int | float] = {}
        rest: list[str] = []
        values = self.report.values
        for key, integral, signed in self.spec.number_kinds:
            v = values.get(key)
            if type(v) is int:  # the usual case (exactly int: not a bool)
                if v >= 0 or signed:
                    numbers[key] = v
                else:
                    rest.append(key)
            elif (
                type(v) is float
                and math.isfinite(v)
                and (v >= 0 or signed)
                and (not integral or v.is_integer())
            ):
                numbers[key] = int(v) if integral else v
            else:  # bools, text, blanks, errors, not available, inf/nan, wrong kind
                rest.append(key)
        return numbers, tuple(rest)

    @property
    def numbers(self) -> dict[str, int | float]:
        """Cells holding a real number of an acceptable kind, by key. Others are absent."""
        return self._sorted[0]

    @property
    def others(self) -> tuple[str, ...]:
        """The keys of the value cells not in :attr:`numbers`, in spec order: blanks, text,
        errors, cells not available and numbers of the wrong kind (what the value rules see)."""
        return self._sorted[1]

    def num(self, key: str) -> int | float | None:
        return self.numbers.get(key)

    def nums(self, keys: list[str] | tuple[str, ...]) -> list[int | float] | None:
        """All numbers, or None if any cell is not a usable number (its own finding stands)."""
        vals = [self.numbers.get(k) for k in keys]
        if any(v is None for v in vals):
            return None
        return [v for v in vals if v is not None]

    def figure(self, name: str) -> int | float | None:
        """The value of a named figure of the spec; ``None`` if a cell of it is not a number."""
        vals = self.nums(self.spec.figure(name).cells)
        return None if vals is None else sum(vals)

    def fields(self, record: Record) -> dict[str, int | float] | None:
        """A record's values by field name, or ``None`` if any of them is not a number."""
        vals = self.nums([key for _, key in record.fields])
        return None if vals is None else dict(zip((f for f, _ in record.fields), vals, strict=True))

    @property
    def year(self) -> int | None:
        return self.report.meta.year

    @property
    def published(self) -> bool:
        """The report was imported from a published text (blank cells mean none)."""
        return self.report.source is ReportSource.PUBLISHED

    @cached_property
    def arith(self) -> Arithmetic:
        """The checked tables with blank totals derived from their parts (:mod:`.arith`)."""
        return arithmetic(self.report, self.numbers, self.others)

    @cached_property
    def claims(self) -> list[Claim]:
        """What the narrative says about the tables (:func:`~.prose.claims_of`)."""
        return claims_of(self.report)

    def table_value(self, keys: tuple[str, ...] | list[str]) -> int | float | None:
        """The sum of ``keys`` as the text is compared with it: numbers and totals derived from
        their parts; in an imported publication also blank cells as 0 (the published
        convention). ``None`` when a cell is unknown (or blank in a staff workbook: V-001 stands).
        """
        arith = self.arith
        if not self.published and not all(k in self.numbers or k in arith.derived for k in keys):
            return None
        return arith.total(keys)

    def has_section(self, no: int) -> bool:
        """Section ``no`` is in the report (with its title); D-001 reports one that is not, and
        the rules about what a section must say stay silent on it (one defect, one finding)."""
        content = self.report.sections.get(no)
        return content is not None and bool(content.title.strip())

    def text(self, no: int) -> str:
        """Section ``no``'s narrative in Simplified characters with full-width forms folded, so
        rules match words whether a report was written or mirrored in Traditional characters."""
        texts = self._texts
        if no not in texts:
            texts[no] = to_simplified(nfkc(self.report.text(no)))
        return texts[no]

    @cached_property
    def _texts(self) -> dict[int, str]:
        return {}

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """What ``compute`` returns, computed once per report (rules that share work)."""
        memo = self._memo
        if key not in memo:
            memo[key] = compute()
        return memo[key]  # type: ignore[no-any-return]

    @cached_property
    def _memo(self) -> dict[str, Any]:
        return {}


def number_of(value: object) -> int | float | None:
    """A value read from last year's report as a number (``None`` for blank, text, bools)."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None
