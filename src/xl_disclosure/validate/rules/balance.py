"""Arithmetic (T3-001 ... T4-003), driven entirely by the ``checks`` of the format spec.

Blank cells do not silence a check: a blank part counts as 0 and the message says so; a total
left blank is replaced by what its parts give (V-001 names it with that value) and the other
checks run with it, so the 总计 column is checked too (:mod:`xl_disclosure.validate.arith`).
"""

from __future__ import annotations

from collections.abc import Iterator

from xl_disclosure.spec import Block
from xl_disclosure.validate.arith import Arithmetic, Line
from xl_disclosure.validate.cellnames import column_label, row_label
from xl_disclosure.validate.context import Context
from xl_disclosure.validate.findings import Finding, emits, make, number_text

#: Cells named one by one in a note; more are counted.
_NAMED = 3


@emits(kind="balance")
def balances(ctx: Context) -> Iterator[Finding]:
    arith = ctx.arith
    for line in arith.lines:
        finding = _line_finding(arith, line)
        if finding is not None:
            yield finding


def _line_finding(arith: Arithmetic, line: Line) -> Finding | None:
    get = arith.numbers.__getitem__
    try:
        if sum(map(get, line.lhs)) == sum(map(get, line.rhs)):
            return None  # the usual case, decided without the blank-aware bookkeeping
    except KeyError:
        pass  # a cell is not a number: the bookkeeping below decides
    left, right = arith.values(line.lhs), arith.values(line.rhs)
    if left is None or right is None:
        return None  # a cell is unknown: its value finding (V-00x) or the V-011 note stands
    total = line.total
    if total is not None and total in arith.derived and arith.derived[total].line == line:
        return None  # this line is the definition of a total left blank
    if any(
        all(k in arith.blank and k not in arith.derived for k in side)
        for side in (line.lhs, line.rhs)
    ):
        return None  # one side left entirely blank: nothing to compare (V-001 / V-010 say so)
    x, y = sum(left), sum(right)
    if x == y:
        return None
    # Point at the total first: that is the cell staff usually mistype.
    places = line.cells if _has_total(line.check.lhs, line.block) else (*line.rhs, *line.lhs)
    return make(
        line.check.rule,
        places,
        col=line.label,
        row=line.label,
        x=x,
        y=y,
        delta=abs(x - y),
        note=note(arith, line),
        expected=y,
        actual=x,
        a=left[0],
        b=left[1] if len(left) > 1 else "",
        c=right[0],
        d=right[1] if len(right) > 1 else "",
    )


def note(arith: Arithmetic, line: Line) -> str:
    """What the check assumed about the blank cells of ``line``, ``""`` when none was blank:
    ``（“商业企业”“其他”未填写，按 0 计算）``."""
    zeros = [k for k in line.cells if k in arith.blank and k not in arith.derived]
    derived = [k for k in line.cells if k in arith.derived]
    parts = []
    if zeros:
        parts.append(f"{_names(line, zeros)}未填写，按 0 计算")
    for key in derived[:_NAMED]:
        d = arith.derived[key]
        parts.append(f"{_names(line, [key])}未填写，按{d.line.how}推算为{number_text(d.value)}")
    if len(derived) > _NAMED:
        parts.append(f"另有{len(derived) - _NAMED}个合计数未填写，按其各项推算")
    return f"（{'；'.join(parts)}）" if parts else ""


def _names(line: Line, keys: list[str]) -> str:
    """The cells as named within the line (the varying row or column), each in quotes."""
    named = [f"“{cell_name(line, k)}”" for k in keys[:_NAMED]]
    more = f"等{len(keys)}个单元格" if len(keys) > _NAMED else ""
    return "".join(named) + more


def cell_name(line: Line, key: str) -> str:
    """A cell's name inside its line: the row label over columns, else the column label."""
    for cell in line.block.cells:
        if cell.key == key:
            return row_label(cell) if line.check.over == "columns" else column_label(cell)
    return key


def _has_total(keys: tuple[str, ...], block: Block) -> bool:
    columns = {c.key: c for c in block.columns}
    return any(k == "total" or (k in columns and columns[k].total) for k in keys)
