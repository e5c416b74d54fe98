"""Submissions as one long DataFrame, and the figures derived from it (STYLE.md practice 10).

The long frame has the fixed columns :data:`LONG_COLUMNS`, one row per (submission, cell). It
is built once; per-agency figures are a pivot of it and the combined tables a ``groupby`` sum,
so 300 reports cost a few vectorised operations, not 60,000 Python additions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from xl_disclosure.cells import is_number
from xl_disclosure.spec import ValueType, load_format

if TYPE_CHECKING:
    import pandas as pd

    from xl_disclosure.receiving.aggregate.collect import Submission

LONG_COLUMNS: tuple[str, ...] = ("file", "agency", "year", "format", "key", "value")
_TO_YUAN = {"元": 1.0, "万元": 10000.0}


def money_unit(submissions: list[Submission]) -> str:
    """The unit of the combined 采购总金额: the common unit, or 元 when the reports differ."""
    units = {s.report.meta.money_unit or "元" for s in submissions}
    return units.pop() if len(units) == 1 else "元"


def long_frame(submissions: list[Submission], format_id: str) -> pd.DataFrame:
    """One row per (submission, cell); ``value`` is float, NaN for "/" or anything not a number."""
    import pandas as pd

    spec = load_format(format_id)
    keys = [c.key for c in spec.cells]
    # The purchase amount is the only figure whose unit each report declares (元 or 万元).
    money = (
        set(spec.figure("purchase_amount").cells) if spec.has_figure("purchase_amount") else set()
    )
    unit = money_unit(submissions) if money else ""
    records = []
    for sub in submissions:
        meta = sub.report.meta
        scale = _TO_YUAN[meta.money_unit or "元"] / _TO_YUAN[unit] if unit else 1.0
        for key in keys:
            raw = sub.report.value(key)
            value = float(raw) if is_number(raw) else float("nan")  # type: ignore[arg-type]
            if key in money:
                value *= scale
            records.append((sub.file, meta.agency, meta.year, format_id, key, value))
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


def key_figures(format_id: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(Chinese name, cell keys summed) of the figures shown per agency and charted."""
    spec = load_format(format_id)
    return tuple((label, spec.figure(name).cells) for label, name in spec.group("key_figures"))


def figures_frame(wide: pd.DataFrame, format_id: str) -> pd.DataFrame:
    """Agencies x key figures (行政诉讼 = F10 + F15, per report-format.md §5)."""
    import pandas as pd

    return pd.DataFrame(
        {name: wide[list(keys)].sum(axis=1, min_count=1) for name, keys in key_figures(format_id)},
        index=wide.index,
    )


def combined_values(frame: pd.DataFrame, format_id: str) -> dict[str, int | float]:
    """Sum of every cell over the submissions; counts stay integers, money rounded to 0.0001."""
    spec = load_format(format_id)
    sums = frame.groupby("key", observed=False)["value"].sum() if not frame.empty else None
    out: dict[str, int | float] = {}
    for cell in spec.cells:
        total = float(sums.get(cell.key, 0.0)) if sums is not None else 0.0
        if cell.type in (ValueType.COUNT, ValueType.SIGNED):
            out[cell.key] = round(total)
        else:
            rounded = round(total, 4)
            out[cell.key] = int(rounded) if rounded.is_integer() else rounded
    return out
