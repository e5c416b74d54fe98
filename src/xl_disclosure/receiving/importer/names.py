"""Chinese names of official cells, for lists of what could not be found."""

from __future__ import annotations

from xl_disclosure.spec import CellSpec, load_format


def cell_name(cell: CellSpec, format_id: str, *, with_key: bool = True) -> str:
    """A cell's name with its group and key, e.g. for the list of unplaced cells.

    Example:
        >>> from xl_disclosure.spec import load_format
        >>> cell_name(load_format("gb2021").cell("T4.F10"), "gb2021")
        '表四“行政诉讼—未经复议直接起诉—总计”（T4.F10）'
        >>> cell_name(load_format("gb2019").cell("T3.reject.massive.C1"), "gb2019")
        '表三“（五）不予处理—4.无正当理由大量反复申请”/“自然人”（T3.reject.massive.C1）'
        >>> cell_name(load_format("gb2019").cell("T2.A.R1.C1"), "gb2019")
        '表二第二十条第（一）项“规章”/“本年新制作数量”（T2.A.R1.C1）'
    """
    path = cell.row.path
    row = "—".join(path[1:]) if len(path) > 1 else (path[0] if path else "")
    col = cell.column.label if row else cell.column.full_label
    heading = load_format(format_id).table(cell.table).block(cell.block).heading or ""
    parts = [p for p in (row, col) if p]
    table = load_format(format_id).table(cell.table)
    name = f"{table.label}{heading}“" + "”/“".join(parts) + "”"
    return f"{name}（{cell.key}）" if with_key else name
