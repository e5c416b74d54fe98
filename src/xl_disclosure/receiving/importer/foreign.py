"""A table printed with another format's headers (a report filled in on last year's template).

Its values never go into the report's cells (a 2019 count is not a 2021 figure), and they are
not dropped either: the table is read again, by the same reader and rules, in the format it was
printed in, and each block that reading fills is kept as printed, as a local table of the
section (:class:`~xl_disclosure.model.report.LocalTable`), so the JSON, the draft and whoever
evaluates the report still have the numbers.
"""

from __future__ import annotations

from xl_disclosure.cells import CellValue, format_number, is_number
from xl_disclosure.model.report import LocalTable
from xl_disclosure.receiving.importer.labels import norm_label
from xl_disclosure.receiving.importer.resolve import resolve
from xl_disclosure.receiving.importer.tables import Placement, place_labelled
from xl_disclosure.receiving.importer.tokens import Token
from xl_disclosure.spec import Block, FormatSpec, load_format, national_format_ids, table_number

#: What a kept table shows for a cell the reading could not place.
UNREAD = "（未能读取）"


def printed_format(placed: Placement) -> str | None:
    """The national format the table was printed in (a profile's table is its base's)."""
    national = sorted(set(placed.foreign) & set(national_format_ids()))
    candidates = national or sorted(placed.foreign)
    return candidates[0] if candidates else None


def kept_as_printed(
    format_id: str,
    table_id: str,
    tokens: list[Token],
    placed: Placement,
    *,
    section: int,
    truncated: bool = False,
) -> tuple[list[LocalTable], list[str]]:
    """The blocks of ``table_id`` printed in another format's layout, as local tables of
    ``section``, and a note saying so. ``placed`` is the reading in ``format_id``: its blocks
    are not repeated."""
    fid = printed_format(placed)
    if fid is None:
        return [], []
    own = load_format(format_id).table(table_id)
    taken = {
        norm_label(b.heading or "") for b in own.blocks if any(_found(placed, k) for k in _keys(b))
    }
    other = place_labelled(fid, table_id, tokens, truncated=truncated)
    resolve(fid, table_id, other)
    spec = load_format(fid)
    kept = [
        (block.heading or "", table)
        for block in spec.table(table_id).blocks
        if norm_label(block.heading or "") not in taken
        and (table := _printed(block, other, section, spec)) is not None
    ]
    if not kept:
        return [], []
    first = kept[0][0]
    parts = f"{first}等 {len(kept)} 项" if len(kept) > 1 else first
    note = (
        f"表{table_number(table_id)}中按{spec.name}表头印制的{parts or '部分'}已按原样保留为"
        "本地表格（不计入国办表格，也不参与勾稽校验）。"
    )
    tables = [table for _, table in kept]
    return tables, [note]


def _keys(block: Block) -> list[str]:
    return [block.cell_key(r, c) for r in block.rows for c in block.columns]


def _found(placed: Placement, key: str) -> bool:
    """The reading found the cell in the text: a value, or printed empty."""
    return key in placed.values or key in placed.blank


def _printed(block: Block, placed: Placement, section: int, spec: FormatSpec) -> LocalTable | None:
    rows = []
    for row in block.rows:
        keys = [block.cell_key(row, c) for c in block.columns]
        if not any(_found(placed, k) for k in keys):
            continue
        rows.append(["—".join(row.path), *(_text(placed, k) for k in keys)])
    if not rows:
        return None
    columns = [block.corner or "", *("—".join(c.path) for c in block.columns)]
    name = spec.name
    heading = f"{block.heading}（{name}的表头）" if block.heading else f"（{name}的表头）"
    return LocalTable(section, heading, columns, rows, printed_format=spec.national_id)


def _text(placed: Placement, key: str) -> str:
    if key in placed.blank:
        return ""
    value: CellValue | None = placed.values.get(key)
    if value is None:
        return UNREAD
    if is_number(value):
        return format_number(value)  # type: ignore[arg-type]
    return str(value)
