"""Running totals of a batch, and the batch as DataFrames on request (STYLE.md practice 10).

:class:`Totals` sums every cell of the format over the accepted submissions as they stream
past (one vector addition per report) and keeps, per key figure, only the largest agencies
for the charts, so memory does not depend on the number of reports. The long frame
(:data:`LONG_COLUMNS`, one row per submission and cell) and the per-agency frames are built
only when asked for; they do grow with the batch.

Every cell of the spec is summed, so tables a format or a local profile adds are summed too.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from xl_disclosure.spec import ValueType, derived_cache, load_format

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd

    from xl_disclosure.receiving.aggregate.collect import Submission

LONG_COLUMNS: tuple[str, ...] = ("file", "agency", "year", "format", "key", "value")
_TO_YUAN = {"元": 1.0, "万元": 10000.0}
#: Agencies kept per key figure for the top-N charts.
TOP_KEPT = 15


def key_figures(format_id: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(Chinese name, cell keys summed) of the figures shown per agency and charted."""
    spec = load_format(format_id)
    return tuple((label, spec.figure(name).cells) for label, name in spec.group("key_figures"))


@derived_cache
def _money_positions(format_id: str) -> frozenset[int]:
    """Positions of the cells whose unit each report declares (元 or 万元)."""
    spec = load_format(format_id)
    if not spec.has_figure("purchase_amount"):
        return frozenset()
    money = set(spec.figure("purchase_amount").cells)
    return frozenset(i for i, c in enumerate(spec.cells) if c.key in money)


@derived_cache
def _figure_positions(format_id: str) -> tuple[tuple[str, tuple[int, ...]], ...]:
    index = {c.key: i for i, c in enumerate(load_format(format_id).cells)}
    return tuple((label, tuple(index[k] for k in keys)) for label, keys in key_figures(format_id))


@derived_cache
def _figure_index(format_id: str) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """The positions of every key figure's cells one after another, and where each figure's
    run of positions starts (for ``np.add.reduceat``; every figure has at least one cell)."""
    import numpy as np

    runs = [p for _, p in _figure_positions(format_id)]
    starts = np.cumsum([0] + [len(p) for p in runs[:-1]], dtype=np.intp)
    return np.array([i for p in runs for i in p], dtype=np.intp), starts


def figure_sums(values: np.ndarray[Any, Any], format_id: str) -> tuple[list[float], list[int]]:
    """Per key figure of ``format_id``: the sum of its cells in ``values`` (NaN, no number,
    adds nothing) and how many of them hold a number.

    A few vector operations for all figures at once. The sums are those of adding each
    figure's cells left to right, as they are listed: whole numbers (below 2**53) add up
    exactly in any order, and a figure with a fraction among its cells (money) is added in
    that order.
    """
    import numpy as np

    positions, starts = _figure_index(format_id)
    parts = values[positions]
    missing = np.isnan(parts)
    filled = np.where(missing, 0.0, parts)
    sums: list[float] = np.add.reduceat(filled, starts).tolist()
    numbers: list[int] = np.add.reduceat(~missing, starts).tolist()
    fractional = np.add.reduceat(filled != np.trunc(filled), starts)
    if fractional.any():
        ends = [*starts.tolist()[1:], len(positions)]
        for j in np.flatnonzero(fractional).tolist():
            sums[j] = sum(filled[starts[j] : ends[j]].tolist())
    return sums, numbers


def common_unit(units: Iterable[str]) -> str:
    """The unit of the combined 采购总金额: the common unit, or 元 when the reports differ."""
    found = {u or "元" for u in units}
    return found.pop() if len(found) == 1 else "元"


@derived_cache
def scale(format_id: str, unit: str, target: str) -> tuple[float, ...]:
    """Factor per cell that converts a report in ``unit`` to ``target``."""
    factors = [1.0] * len(load_format(format_id).cells)
    if target:
        ratio = _TO_YUAN[unit or "元"] / _TO_YUAN[target]
        for i in _money_positions(format_id):
            factors[i] = ratio
    return tuple(factors)


@derived_cache
def _scale_array(format_id: str, unit: str, target: str) -> np.ndarray[Any, Any] | None:
    """:func:`scale` as an array; ``None`` when every factor is one (nothing to convert)."""
    import numpy as np

    factors = scale(format_id, unit, target)
    return None if all(f == 1.0 for f in factors) else np.asarray(factors, dtype=float)


def agency_figures(sub: Submission, unit: str) -> list[float | None]:
    """The key figures of one submission with money in ``unit`` (the batch's: "" leaves it
    as reported); ``None`` for a figure none of whose cells holds a number."""
    import numpy as np

    values = np.frombuffer(sub.packed)
    factors = _scale_array(sub.format_id, sub.money_unit, unit)
    if factors is not None:
        values = values * factors
    sums, numbers = figure_sums(values, sub.format_id)
    return [total if n else None for total, n in zip(sums, numbers, strict=True)]


class Totals:
    """Sums over the accepted submissions, kept as they stream past."""

    def __init__(self, format_id: str, *, top: int = TOP_KEPT) -> None:
        self.format_id = format_id
        self.count = 0
        self.units: Counter[str] = Counter()
        self._sums: dict[str, np.ndarray[Any, Any]] = {}
        self._width = len(load_format(format_id).cells)
        self._top = top
        self._heaps: list[list[tuple[float, int, str]]] = [[] for _ in _figure_positions(format_id)]

    def add(self, sub: Submission) -> None:
        import numpy as np

        unit = sub.money_unit or "元" if _money_positions(self.format_id) else ""
        self.units[unit] += 1
        # A report of a local profile in a national batch: the profile's cells follow the
        # national ones (spec.profile), and only the batch format's cells are summed.
        raw = np.frombuffer(sub.packed)[: self._width]
        values = np.where(np.isnan(raw), 0.0, raw)  # NaN (no number) adds nothing
        if len(values) < self._width:
            values = np.concatenate([values, np.zeros(self._width - len(values))])
        sums = self._sums.get(unit)
        if sums is None:
            sums = self._sums[unit] = np.zeros(self._width)
        sums += values  # one addition per cell, in submission order, as a loop would
        figures, _ = figure_sums(values, self.format_id)
        for heap, value in zip(self._heaps, figures, strict=True):
            item = (value, -self.count, sub.agency)
            if len(heap) < self._top:
                heapq.heappush(heap, item)
            elif item > heap[0]:
                heapq.heapreplace(heap, item)
        self.count += 1

    @property
    def unit(self) -> str:
        """The money unit of the combined report ("" when the format declares none)."""
        if not _money_positions(self.format_id):
            return ""
        return common_unit(self.units) if self.units else "元"

    def combined_values(self) -> dict[str, int | float]:
        """Sum of every cell; counts stay integers, money rounded to 0.0001."""
        spec = load_format(self.format_id)
        total = [0.0] * len(spec.cells)
        for unit, sums in self._sums.items():
            factors = scale(self.format_id, unit, self.unit)
            for i, v in enumerate(sums.tolist()):
                total[i] += v * factors[i]
        out: dict[str, int | float] = {}
        for cell, value in zip(spec.cells, total, strict=True):
            if cell.type in (ValueType.COUNT, ValueType.SIGNED):
                out[cell.key] = round(value)
            else:
                rounded = round(value, 4)
                out[cell.key] = int(rounded) if rounded.is_integer() else rounded
        return out

    def figure_totals(self) -> dict[str, float]:
        """Key figure label -> its combined value."""
        values = self.combined_values()
        return {
            label: float(sum(values[k] for k in keys))
            for label, keys in key_figures(self.format_id)
        }

    def top_agencies(self, label: str, n: int) -> list[tuple[str, float]]:
        """The ``n`` agencies with the largest value of a key figure (ties: first received)."""
        index = [lab for lab, _ in _figure_positions(self.format_id)].index(label)
        best = heapq.nlargest(n, self._heaps[index])
        return [(agency, value) for value, _, agency in best]


def long_frame(submissions: Iterable[Submission], format_id: str, unit: str) -> pd.DataFrame:
    """One row per (submission, cell); ``value`` is float, NaN for "/" or anything not a number."""
    import pandas as pd

    keys = [c.key for c in load_format(format_id).cells]
    records: list[tuple[str, str, int | None, str, str, float]] = []
    for sub in submissions:
        factors = scale(format_id, sub.money_unit, unit)  # ones when unit is ""
        # a local profile's report in a national batch: its own cells follow the national
        # ones and are left out, as in Totals.add
        values = sub.values[: len(keys)]
        records.extend(
            (sub.file, sub.agency, sub.year, format_id, key, value * factor)
            for key, value, factor in zip(keys, values, factors, strict=True)
        )
    frame = pd.DataFrame.from_records(records, columns=list(LONG_COLUMNS))
    return frame.astype({"key": "category"}) if len(frame) else frame


def wide_frame(frame: pd.DataFrame, format_id: str) -> pd.DataFrame:
    """Agencies x cell keys, agencies in submission order, keys in spec order."""
    keys = [c.key for c in load_format(format_id).cells]
    if frame.empty:
        import pandas as pd

        return pd.DataFrame(columns=keys, dtype=float)
    order = list(dict.fromkeys(frame["agency"]))
    wide = frame.pivot_table(
        index="agency", columns="key", values="value", aggfunc="sum", dropna=False, observed=False
    )
    return wide.reindex(index=order, columns=keys)


def figures_frame(wide: pd.DataFrame, format_id: str) -> pd.DataFrame:
    """Agencies x key figures (行政诉讼 = F10 + F15, per report-format.md §5)."""
    import pandas as pd

    return pd.DataFrame(
        {name: wide[list(keys)].sum(axis=1, min_count=1) for name, keys in key_figures(format_id)},
        index=wide.index,
    )
