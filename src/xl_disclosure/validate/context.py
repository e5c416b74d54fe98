"""What every rule function receives: the report, its spec, parsed numbers, last year's report."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

from xl_disclosure.cells import is_number
from xl_disclosure.model import AnnualReport
from xl_disclosure.spec import FormatSpec, Record


@dataclass
class Context:
    report: AnnualReport
    previous: AnnualReport | None = None
    _numbers: dict[str, float | int] = field(default_factory=dict)

    @property
    def spec(self) -> FormatSpec:
        return self.report.spec

    @cached_property
    def numbers(self) -> dict[str, int | float]:
        """Cells holding a real number of an acceptable kind, by key. Others are absent."""
        out: dict[str, int | float] = {}
        for cell in self.spec.cells:
            v = self.report.value(cell.key)
            if is_number(v):
                assert isinstance(v, int | float)
                if not math.isfinite(v):
                    continue
                if cell.type.integral and not float(v).is_integer():
                    continue
                if not cell.type.signed and v < 0:
                    continue
                out[cell.key] = int(v) if cell.type.integral else v
        return out

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


def number_of(value: object) -> int | float | None:
    """A value read from last year's report as a number (``None`` for blank, text, bools)."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None
