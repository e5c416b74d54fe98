"""The console's charts as inline SVG: by category, and top-N units with 其他.

With 300 agencies a bar per agency is unreadable, so agency charts show the ``TOP_N``
largest and one 其他 bar for the rest. Every chart has at most ``TOP_N + 1`` bars and a fixed
width, so it fits on one printed A4 page (the console's print style keeps it unbroken).
"""

from __future__ import annotations

import math
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xl_disclosure.receiving.aggregate import Aggregation

TOP_N = 10
WIDTH = 640
_ROW = 26
_LABEL = 290
_TOP = 40
_COLOURS = ("#2f6db5", "#c0504d", "#9bbb59", "#8064a2", "#f79646")


def top_n(items: list[tuple[str, float]], n: int = TOP_N) -> list[tuple[str, float]]:
    """The ``n`` largest (ties in the given order) and ``其他（k 个单位）`` for the rest."""
    ranked = sorted(items, key=lambda kv: -kv[1])
    head, rest = ranked[:n], ranked[n:]
    if rest:
        head.append((f"其他（{len(rest)} 个单位）", sum(v for _, v in rest)))
    return head


def _number(value: float) -> str:
    return f"{int(value):,}" if float(value).is_integer() else f"{value:,.2f}"


def _label(text: str, limit: int = 21) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(
    title: str, items: list[tuple[str, float]], unit: str = "件", figure: str = ""
) -> str:
    """A horizontal bar chart (one series), first item on top, values printed at the bars."""
    height = _TOP + max(1, len(items)) * _ROW + 30
    top = max((v for _, v in items), default=0.0) or 1.0
    scale = (WIDTH - _LABEL - 70) / top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" width="{WIDTH}" '
        f'height="{height}" viewBox="0 0 {WIDTH} {height}" aria-label="{escape(title)}">',
        f'<title>{escape(title)}</title><rect width="100%" height="100%" fill="#fff"/>',
        f'<text x="{WIDTH / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold">'
        f"{escape(title)}</text>",
    ]
    if not items:
        parts.append(f'<text x="{WIDTH / 2}" y="{_TOP + 16}" text-anchor="middle">暂无数据</text>')
    for i, (name, value) in enumerate(items):
        y = _TOP + i * _ROW
        w = max(0.0, value * scale) if math.isfinite(value) else 0.0
        parts.append(
            f'<text x="{_LABEL - 8}" y="{y + 17}" text-anchor="end" font-size="13">'
            f"<title>{escape(name)}</title>{escape(_label(name))}</text>"
            f'<rect x="{_LABEL}" y="{y + 4}" width="{w:.1f}" height="{_ROW - 8}" '
            f'fill="{_COLOURS[0]}"/>'
            f'<text x="{_LABEL + w + 6:.1f}" y="{y + 17}" font-size="12">{_number(value)}</text>'
        )
    parts.append(
        f'<text x="{WIDTH - 10}" y="{height - 8}" text-anchor="end" font-size="11" fill="#666">'
        f"{escape(figure)}　单位：{escape(unit)}</text></svg>"
    )
    return "".join(parts)


def rollup_charts(agg: Aggregation) -> list[str]:
    """The console's charts of a roll-up: outcomes and review/litigation results by category,
    and the top units by new requests and by review + litigation cases."""
    from xl_disclosure.receiving.aggregate import key_figures

    spec = agg.combined.spec
    label = {name: text for text, name in spec.group("key_figures")}
    totals = agg.figures.sum() if len(agg.figures) else None

    def total(name: str) -> float:
        return float(totals.get(label[name], 0.0)) if totals is not None else 0.0

    charts = [("申请办理结果（汇总）", [(label[n], total(n)) for n in spec.group("outcomes")])]
    values = agg.combined.values
    results = []
    for rec in spec.records("cases"):
        for field, _ in rec.fields:
            if field != "total":
                key = rec.cell(field)
                raw = values.get(key, 0)
                amount = float(raw) if isinstance(raw, int | float) else 0.0
                results.append((f"{rec.label}·{spec.cell(key).column.label}", amount))
    charts.append(("行政复议、行政诉讼结果（汇总）", results))
    names = dict(key_figures(agg.format_id))
    figures = agg.figures
    for title, columns in (
        ("新收申请最多的单位", ("received",)),
        ("行政复议、行政诉讼最多的单位", ("review_total", "litigation_total")),
    ):
        cols = [label[c] for c in columns if label.get(c) in names]
        per_unit = (
            [(str(a), float(figures.loc[a, cols].fillna(0).sum())) for a in figures.index]
            if cols and len(figures)
            else []
        )
        charts.append((f"{title}（前 {TOP_N} 名，其余合计为“其他”）", top_n(per_unit)))
    return [bar_chart(t, items, figure=f"图{i}") for i, (t, items) in enumerate(charts, start=1)]
