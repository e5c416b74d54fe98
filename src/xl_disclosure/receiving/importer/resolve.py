"""Rows whose blank cells vanished: placed only when the table's balances allow one reading.

A row printed ``2.重复申请 13 5 18`` for seven columns lost four blank cells; the values keep
their order, but which columns they sit in is unknown. Every reading (every choice of columns
in order, the others blank) is tried against the format's balance checks (``spec.checks``)
that can be evaluated over the values already placed (:mod:`.joint`). When exactly one
reading survives, it is placed and the note says so; when only its values are certain (zeros
could sit in several columns) the non-zero values are placed. Otherwise the row stays
unplaced and is reported as ambiguous. Rows are tried one by one (deciding one can decide
another), then all remaining ones together.
"""

from __future__ import annotations

from xl_disclosure.cells import Blank, CellValue
from xl_disclosure.receiving.importer.balances import equations
from xl_disclosure.receiving.importer.joint import Row as JointRow
from xl_disclosure.receiving.importer.joint import solve
from xl_disclosure.receiving.importer.tables import Ambiguous, Placement, place_row
from xl_disclosure.receiving.importer.tokens import Token
from xl_disclosure.spec import table_number


def resolve(format_id: str, table_id: str, placed: Placement) -> None:
    """Place the ambiguous rows of ``placed`` that have one consistent reading (each alone,
    then all together); note the rest."""
    progress = True
    while progress and placed.ambiguous:
        progress = False
        for amb in list(placed.ambiguous):
            progress = _decide(format_id, table_id, placed, [amb], "按表内勾稽关系") or progress
    if len(placed.ambiguous) > 1:  # then together, with what is certain of the others
        _decide(
            format_id,
            table_id,
            placed,
            list(placed.ambiguous),
            "与其他空白未印出的行一起按表内勾稽关系",
            partial=True,
        )
    for amb in list(placed.ambiguous):  # last, what is certain of each row alone
        _decide(format_id, table_id, placed, [amb], "按表内勾稽关系", partial=True)
    for amb in placed.ambiguous:
        placed.notes.append(
            f"{_name(amb)}行有{len(amb.values)}个数值，应为{len(amb.block.columns)}个，"
            "空白单元格未印出，无法确定对应的列（按勾稽关系也不能唯一确定），该行未导入。"
        )


def _decide(
    format_id: str,
    table_id: str,
    placed: Placement,
    group: list[Ambiguous],
    how: str,
    *,
    partial: bool = False,
) -> bool:
    """Solve ``group`` against the balances; place the rows read one way (and, if
    ``partial``, the certain values of the others: placing them takes a row out of the later
    joint reading, which may decide it whole). Whether anything was placed."""
    rows = [a for a in group if all(t.kind == "number" for t in a.values)]
    if not rows:
        return False
    known: dict[str, CellValue] = dict(placed.values)
    known.update({k: Blank() for k in placed.blank})
    spec_rows = [
        JointRow(
            tuple(a.block.cell_key(a.row, c) for c in a.block.columns),
            tuple(float(t.value) for t in a.values),  # type: ignore[arg-type]
        )
        for a in rows
    ]
    found = solve(spec_rows, equations(format_id, table_id), known)
    done = False
    for amb, reading in zip(rows, found or [], strict=False):
        if reading is None:
            continue
        positions, vector = reading
        if positions:
            _place(amb, positions, placed, how)
            done = True
        elif any(vector) and (partial or None not in vector):
            _place_values(amb, vector, placed)
            done = True
    return done


def _place(amb: Ambiguous, positions: tuple[int, ...], placed: Placement, how: str) -> None:
    blank = Token("", "", "empty", None, -1)
    chosen = [blank] * len(amb.block.columns)
    for p, tok in zip(positions, amb.values, strict=True):
        chosen[p] = tok
    place_row(amb.block, amb.row, chosen, placed)
    name = _name(amb)
    placed.resolved.append(name)
    placed.notes.append(
        f"{name}行有{len(amb.values)}个数值、{len(chosen)}列，空白单元格未印出；"
        f"{how}只有一种读法成立，已按该读法导入。"
    )
    placed.ambiguous.remove(amb)


def _place_values(amb: Ambiguous, vector: tuple[float | None, ...], placed: Placement) -> None:
    """Only values are certain (``None``: a column whose value is not): the non-zero ones are
    placed, the columns that hold 0 or a blank (which of the two cannot be told) or an
    uncertain value stay unplaced."""
    chosen = [
        Token(
            str(int(v)) if float(v).is_integer() else str(v),
            "",
            "number",
            int(v) if float(v).is_integer() else v,
            -1,
        )
        if v
        else Token("", "", "skip", None, -1)
        for v in vector
    ]
    place_row(amb.block, amb.row, chosen, placed)
    name = _name(amb)
    (placed.partly if None in vector else placed.resolved).append(name)
    if None in vector:
        columns = "、".join(
            f"“{c.label}”" for c, v in zip(amb.block.columns, vector, strict=True) if v
        )
        placed.notes.append(
            f"{name}行有{len(amb.values)}个数值、{len(vector)}列，空白单元格未印出；"
            f"按表内勾稽关系只能确定{columns}的数值，已导入；其余单元格无法确定，未导入。"
        )
    else:
        placed.notes.append(
            f"{name}行空白单元格未印出；按表内勾稽关系各列数值只有一种可能，已导入非零数值；"
            "为0或空白的单元格无法区分，未导入。"
        )
    placed.ambiguous.remove(amb)


def _name(amb: Ambiguous) -> str:
    return f"“{amb.row.label}”" if amb.row.label else f"表{table_number(amb.block.table)}"
