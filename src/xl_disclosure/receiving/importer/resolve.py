"""Rows whose blank cells vanished: placed only when the table's balances allow one reading.

A row printed ``2.重复申请 13 5 18`` for seven columns lost four blank cells; the values keep
their order, but which columns they sit in is unknown. Every reading (every choice of columns
in order, the others blank) is tried against the format's balance checks (``spec.checks``)
over the values already placed; a reading is kept only if every check it takes part in can be
evaluated and holds. When exactly one reading survives, it is placed and the note says so;
otherwise the row stays unplaced and is reported as ambiguous. Resolving one row can make
another decidable, so the search repeats until nothing changes.
"""

from __future__ import annotations

from itertools import combinations

from xl_disclosure.cells import Blank, CellValue, is_number
from xl_disclosure.receiving.importer.balances import Equation, equations
from xl_disclosure.receiving.importer.joint import Row as JointRow
from xl_disclosure.receiving.importer.joint import solve
from xl_disclosure.receiving.importer.tables import Ambiguous, Placement, place_row
from xl_disclosure.receiving.importer.tokens import Token
from xl_disclosure.spec import table_number

#: Readings tried per row at most (C(15, 7) = 6435 for 表四).
_MAX_READINGS = 20_000


def _number(value: CellValue | None) -> float | None:
    if isinstance(value, Blank):
        return 0.0
    if is_number(value):
        return float(value)  # type: ignore[arg-type]
    return None


def _holds(eqs: list[Equation], known: dict[str, CellValue]) -> bool:
    for lhs, rhs in eqs:
        nums = [_number(known.get(k)) for k in (*lhs, *rhs)]
        if any(n is None for n in nums):
            return False
        left = sum(n for n in nums[: len(lhs)] if n is not None)
        right = sum(n for n in nums[len(lhs) :] if n is not None)
        if abs(left - right) > 1e-9:
            return False
    return True


def _readings(
    amb: Ambiguous, format_id: str, table_id: str, placed: Placement
) -> list[tuple[int, ...]]:
    block, row = amb.block, amb.row
    keys = [block.cell_key(row, c) for c in block.columns]
    touching = [eq for eq in equations(format_id, table_id) if set(keys) & {*eq[0], *eq[1]}]
    if not touching:
        return []
    known: dict[str, CellValue] = dict(placed.values)
    known.update({k: Blank() for k in placed.blank})
    values = [t.value if t.kind == "number" else None for t in amb.values]
    if any(v is None for v in values):
        return []
    ok: list[tuple[int, ...]] = []
    for n, positions in enumerate(combinations(range(len(keys)), len(values))):
        if n >= _MAX_READINGS:
            return []
        trial = dict(known)
        trial.update({k: Blank() for k in keys})
        trial.update({keys[p]: v for p, v in zip(positions, values, strict=True)})  # type: ignore[misc]
        if _holds(touching, trial):
            ok.append(positions)
            if len(ok) > 1:
                return ok
    return ok


def resolve(format_id: str, table_id: str, placed: Placement) -> None:
    """Place the ambiguous rows of ``placed`` that have one consistent reading; note the rest."""
    progress = True
    while progress and placed.ambiguous:
        progress = False
        for amb in list(placed.ambiguous):
            found = _readings(amb, format_id, table_id, placed)
            if len(found) != 1:
                continue
            _place(amb, found[0], placed, "按表内勾稽关系")
            progress = True
    if placed.ambiguous:
        _jointly(format_id, table_id, placed)
    for amb in placed.ambiguous:
        placed.notes.append(
            f"{_name(amb)}行有{len(amb.values)}个数值，应为{len(amb.block.columns)}个，"
            "空白单元格未印出，无法确定对应的列（按勾稽关系也不能唯一确定），该行未导入。"
        )


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


def _jointly(format_id: str, table_id: str, placed: Placement) -> None:
    """The ambiguous rows that every consistent reading of all of them together agrees on."""
    rows = [a for a in placed.ambiguous if all(t.kind == "number" for t in a.values)]
    if not rows:
        return
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
    if found is None:
        return
    for amb, reading in zip(rows, found, strict=True):
        if reading is None:
            continue
        positions, vector = reading
        if positions:
            _place(amb, positions, placed, "与其他空白未印出的行一起按表内勾稽关系")
        elif any(vector):
            _place_values(amb, vector, placed)


def _place_values(amb: Ambiguous, vector: tuple[float, ...], placed: Placement) -> None:
    """Only the values are certain: the non-zero ones are placed, the columns that hold 0 or a
    blank (which of the two cannot be told) stay unplaced."""
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
    placed.resolved.append(name)
    placed.notes.append(
        f"{name}行空白单元格未印出；按表内勾稽关系各列数值只有一种可能，已导入非零数值；"
        "为0或空白的单元格无法区分，未导入。"
    )
    placed.ambiguous.remove(amb)


def _name(amb: Ambiguous) -> str:
    return f"“{amb.row.label}”" if amb.row.label else f"表{table_number(amb.block.table)}"
