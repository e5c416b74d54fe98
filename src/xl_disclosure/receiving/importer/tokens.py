"""Cells of flattened tables as tokens, and the label + values runs the table reader reads.

A token is one printed cell: its text, matching form, kind (``text``, ``number``, ``na``,
``number_unit``, ``value_text``, ``empty``) and where it sits (row id and column when the source
has rows; whether its segment keeps blank cells in place, prints its grid in full, or had its
blank cells inferred from line spacing).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from xl_disclosure.receiving.importer.document import TableSeg, cell_label
from xl_disclosure.receiving.importer.labels import classify, norm_label

_VALUE_KINDS = frozenset({"number", "na", "number_unit", "value_text"})


@dataclass(frozen=True)
class Token:
    text: str
    norm: str
    kind: str
    value: object
    row: int
    """Row id, unique over the stream; ``-1`` when row boundaries are unknown."""
    blanks: bool = True
    """Blank cells of this token's segment keep their position."""
    col: int = -1
    """Position in its row (row-marked segments)."""
    full_row: bool = False
    """Its row has as many cells as most rows of its segment (a full grid row)."""
    width: int = 0
    """Cells of a full row of its segment."""
    expanded: bool = False
    """Its segment prints every grid cell (merged ones as empty cells), rows of one length."""
    inferred: bool = False
    """Blank cells of its segment were read from line spacing."""

    @property
    def is_value(self) -> bool:
        return self.kind in _VALUE_KINDS


def tokens_of(segments: list[TableSeg]) -> list[Token]:
    out: list[Token] = []
    row_id = 0
    for seg in segments:
        width, expanded = _modal_width(seg)
        for row in seg.rows:
            row_id += 1
            full = seg.row_marks and len(row) == width
            for col, cell in enumerate(row):
                text = cell_label(cell)
                kind, value = classify(text)
                rid = row_id if seg.row_marks else -1
                out.append(
                    Token(
                        text,
                        norm_label(text),
                        kind,
                        value,
                        rid,
                        seg.blank_marks,
                        col,
                        full,
                        width,
                        expanded,
                        seg.blanks_inferred,
                    )
                )
    return _numbering(out)


def _numbering(tokens: list[Token]) -> list[Token]:
    """A row number broken off its label (``3`` then ``.其他``) is part of the label."""
    out = list(tokens)
    for i, tok in enumerate(out):
        if tok.kind != "number" or not tok.text.isdigit() or len(tok.text) > 2:
            continue
        nxt = next((t for t in out[i + 1 :] if t.kind != "empty"), None)
        if nxt is not None and nxt.kind == "text" and nxt.text[:1] in ".、．":
            out[i] = Token(tok.text, tok.norm, "text", tok.text, tok.row, tok.blanks, tok.col)
    return out


def _modal_width(seg: TableSeg) -> tuple[int, bool]:
    """The commonest length of the rows holding values, and whether (nearly) all have it."""
    rows = [r for r in seg.rows if any(classify(cell_label(c))[0] == "number" for c in r)]
    lengths = Counter(len(row) for row in rows[:-1] if len(rows) > 2) or Counter(map(len, rows))
    if not lengths:
        return 0, False
    width, count = lengths.most_common(1)[0]
    return width, count * 10 >= sum(lengths.values()) * 9


@dataclass
class Run:
    label: list[Token]
    values: list[Token]
    last: bool = False
    """Nothing follows this run in the table's stream."""


def runs_of(tokens: list[Token]) -> list[Run]:
    """Label + values runs, in order (row boundaries end a run where they are known)."""
    runs: list[Run] = []
    label: list[Token] = []
    values: list[Token] = []
    row = None
    for tok in tokens:
        if tok.row not in (-1, row):
            if values:
                runs.append(Run(label, values))
            label, values, row = [], [], tok.row
        if tok.kind == "text":
            if values and all(v.kind == "empty" and v.inferred for v in values):
                values = []  # an empty line inside a label broken over lines
            if values:
                runs.append(Run(label, values))
                label, values = [], []
            label.append(tok)
        elif tok.kind != "empty" or tok.blanks:
            values.append(tok)
    if values:
        runs.append(Run(label, values))
    if runs:
        runs[-1].last = True
    return runs
