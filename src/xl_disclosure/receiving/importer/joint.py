"""Several rows with vanished blanks at once: the readings of all of them that fit together.

One row alone is often undecidable because the column balances also involve other ambiguous
rows. Here every combination of readings (one per ambiguous row) is searched, pruned by the
balances (values are never negative, so a partial sum already above or below what a balance
can still reach ends the branch). A row is placed only when *every* consistent combination
reads it the same way; the search gives up (nothing placed) past a fixed budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from xl_disclosure.cells import Blank, CellValue, is_number
from xl_disclosure.receiving.importer.balances import Equation

#: Readings kept per row, combinations visited, and solutions collected at most.
MAX_READINGS = 200
MAX_NODES = 50_000
MAX_SOLUTIONS = 64


@dataclass(frozen=True)
class Row:
    """An ambiguous row: its cell keys (in column order) and its printed numbers."""

    keys: tuple[str, ...]
    values: tuple[float, ...]


def _value(v: CellValue | None) -> float | None:
    if isinstance(v, Blank):
        return 0.0
    return float(v) if is_number(v) else None  # type: ignore[arg-type]


Reading = tuple[tuple[int, ...], tuple[float, ...]]
"""Columns the numbers sit in, and the row's values by column (blank = 0)."""
Certain = tuple[tuple[()], tuple[float | None, ...]]
"""What every consistent reading of a row agrees on: its values by column, ``None`` where
the readings differ (``3 3`` for seven columns: only the 总计 3 is certain)."""


def readings(row: Row) -> list[Reading]:
    """Every way to put the row's numbers in order into its columns (the others blank)."""
    out: list[Reading] = []
    for positions in combinations(range(len(row.keys)), len(row.values)):
        vec = [0.0] * len(row.keys)
        for p, v in zip(positions, row.values, strict=True):
            vec[p] = v
        out.append((positions, tuple(vec)))
        if len(out) > MAX_READINGS * 50:
            break
    return out


def solve(
    rows: list[Row], eqs: tuple[Equation, ...], known: dict[str, CellValue]
) -> list[Reading | Certain | None] | None:
    """Per row, the reading every consistent joint reading agrees on — its columns (``()``
    when only the values are certain: zeros could sit in several columns) and its values —
    or, where they differ, the values they agree on (:data:`Certain`), or None when they
    agree on none; None overall when undecidable within the budget."""
    owner = {k: (i, j) for i, r in enumerate(rows) for j, k in enumerate(r.keys)}
    usable: list[tuple[float, list[tuple[int, int, float]]]] = []
    for lhs, rhs in eqs:
        const, terms, ok = 0.0, [], True
        for sign, keys in ((1.0, lhs), (-1.0, rhs)):
            for key in keys:
                if key in owner:
                    terms.append((*owner[key], sign))
                else:
                    value = _value(known.get(key))
                    if value is None:
                        ok = False
                    else:
                        const += sign * value
        if ok and terms:
            usable.append((const, terms))
    cands = [_filtered(r, i, usable) for i, r in enumerate(rows)]
    if any(not c or len(c) > MAX_READINGS for c in cands):
        return None
    order = sorted(range(len(rows)), key=lambda i: len(cands[i]))  # fewest readings first
    back = {old: new for new, old in enumerate(order)}
    renumbered = [(c, [(back[r], j, sign) for r, j, sign in t]) for c, t in usable]
    found = _search([cands[i] for i in order], renumbered)
    return None if found is None else [found[back[i]] for i in range(len(rows))]


def _contribution(vec: tuple[float, ...], i: int, terms: list[tuple[int, int, float]]) -> float:
    return sum(sign * vec[j] for r, j, sign in terms if r == i)


def _filtered(
    row: Row, i: int, usable: list[tuple[float, list[tuple[int, int, float]]]]
) -> list[Reading]:
    """Readings of one row that pass the balances involving only this row."""
    own = [(c, t) for c, t in usable if all(r == i for r, _, _ in t)]
    by_vector: dict[tuple[float, ...], list[tuple[int, ...]]] = {}
    for positions, vec in readings(row):
        if all(abs(c + _contribution(vec, i, t)) < 1e-9 for c, t in own):
            by_vector.setdefault(vec, []).append(positions)
    # readings with equal values (zeros moved between columns) are one branch of the search;
    # such a row can help decide others but is itself placed only if its columns are unique
    return [(pos[0] if len(pos) == 1 else (), vec) for vec, pos in by_vector.items()]


def _search(
    cands: list[list[Reading]], usable: list[tuple[float, list[tuple[int, int, float]]]]
) -> list[Reading | Certain | None] | None:
    n = len(cands)
    contrib = [
        [[_contribution(vec, i, terms) for _, vec in cands[i]] for i in range(n)]
        for _, terms in usable
    ]
    # bounds of what rows i.. can still add to each balance
    lo = [[0.0] * (n + 1) for _ in usable]
    hi = [[0.0] * (n + 1) for _ in usable]
    for e in range(len(usable)):
        for i in range(n - 1, -1, -1):
            lo[e][i] = lo[e][i + 1] + min(contrib[e][i])
            hi[e][i] = hi[e][i + 1] + max(contrib[e][i])
    solutions: list[tuple[int, ...]] = []
    nodes = 0
    choice: list[int] = []
    partial = [c for c, _ in usable]

    def walk(i: int) -> bool:
        nonlocal nodes
        nodes += 1
        if nodes > MAX_NODES or len(solutions) > MAX_SOLUTIONS:
            return False
        if any(not lo[e][i] - 1e-9 <= -partial[e] <= hi[e][i] + 1e-9 for e in range(len(usable))):
            return True
        if i == n:
            solutions.append(tuple(choice))
            return True
        for j in range(len(cands[i])):
            for e in range(len(usable)):
                partial[e] += contrib[e][i][j]
            choice.append(j)
            going = walk(i + 1)
            choice.pop()
            for e in range(len(usable)):
                partial[e] -= contrib[e][i][j]
            if not going:
                return False
        return True

    if not walk(0) or not solutions or len(solutions) > MAX_SOLUTIONS:
        return None
    out: list[Reading | Certain | None] = []
    for i in range(n):
        picks = {s[i] for s in solutions}
        if len(picks) == 1:
            out.append(cands[i][picks.pop()])
            continue
        vectors = [cands[i][j][1] for j in picks]
        common = tuple(
            column[0] if len(set(column)) == 1 else None for column in zip(*vectors, strict=True)
        )
        out.append(((), common) if any(v is not None for v in common) else None)
    return out
