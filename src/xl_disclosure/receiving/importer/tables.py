"""The table reader: cells of a flattened official table -> values of spec cells.

Every source ends up as a stream of cell tokens (text, values, blanks), with row boundaries
when the source has them. The stream is cut into *runs*: the text cells before a series of
value cells are the row's label, the value cells its values. Column positions are the official
order; a run's values are placed only when their positions are certain:

* as many cells (blank ones included, where blanks keep their position) as columns, or
  exactly as many values as columns: placed in order, the blank cells stay blank;
* one value in a row with a total column (a row printed with its 总计 only): the total;
* fewer values at the very end of the text (a cut-off copy): placed from the left;
* fewer values anywhere else (blank cells that vanished): the row is *ambiguous*; it is placed
  only if the table's balances leave exactly one reading (:mod:`.resolve`);
* more values than columns, or values of another format's header: not placed.

Nothing is ever guessed: what is not placed is named by the caller.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from xl_disclosure.cells import CellValue
from xl_disclosure.receiving.importer.anchors import (
    RowAnchor,
    TableAnchors,
    column_evidence,
    column_labels,
    other_format_row,
    table_anchors,
)
from xl_disclosure.receiving.importer.balances import row_equations
from xl_disclosure.receiving.importer.labels import norm_label
from xl_disclosure.receiving.importer.tokens import Run, Token, runs_of
from xl_disclosure.receiving.importer.values import convert
from xl_disclosure.spec import Block, Row, load_format, table_number

_MAX_WRAP = 4
_MIN_PREFIX = 5


@dataclass
class Ambiguous:
    """A row whose values are fewer than its columns: positions unknown."""

    block: Block
    row: Row
    values: list[Token]


@dataclass
class Placement:
    values: dict[str, CellValue] = field(default_factory=dict)
    blank: set[str] = field(default_factory=set)
    """Cells whose source cell was found but printed empty."""
    notes: list[str] = field(default_factory=list)
    money_unit: str = ""
    ambiguous: list[Ambiguous] = field(default_factory=list)
    resolved: list[str] = field(default_factory=list)
    """Rows placed because the balances allow only one reading."""
    partly: list[str] = field(default_factory=list)
    """Rows of which the balances decide only some cells (placed; the rest unknown)."""
    foreign: set[str] = field(default_factory=set)
    """Formats whose headers or rows the table was printed with where the report's format was
    expected (their values are not placed; :mod:`.foreign` keeps them as printed)."""
    extra: list[tuple[list[str], list[str]]] = field(default_factory=list)
    """Rows of no format, as printed: (the header cells above them, label + values), kept as a
    local table (a provincial template's 其他主动公开文件 row in 表二)."""

    def merge(self, other: Placement) -> None:
        self.values.update(other.values)
        self.blank |= other.blank
        self.notes.extend(other.notes)
        self.money_unit = self.money_unit or other.money_unit
        self.ambiguous.extend(other.ambiguous)
        self.resolved.extend(other.resolved)
        self.partly.extend(other.partly)
        self.foreign |= other.foreign
        self.extra.extend(other.extra)


def row_name(block: Block, row: Row) -> str:
    return f"“{row.label}”" if row.label else f"表{table_number(block.table)}"


def place_row(block: Block, row: Row, chosen: list[Token], out: Placement) -> None:
    for token, col in zip(chosen, block.columns, strict=False):
        cell = block.cell_key(row, col)
        if token.kind == "skip":  # a column whose value is not known: left unplaced
            continue
        if token.kind == "empty":
            out.blank.add(cell)
            continue
        name = "“" + "”/“".join(p for p in (row.label, col.label) if p) + "”"
        value, note, unit = convert(token.kind, token.value, token.text, col.type, name)
        if note:
            out.notes.append(note)
        if unit:
            out.money_unit = unit
        if value is not None:
            out.values[cell] = value


_BLANK = Token("", "", "empty", None, -1)


def _positional(
    vals: list[Token], k: int, kmax: int, *, partial: bool = False
) -> list[Token] | None:
    """Values of a full grid row by their column: the value columns are the last ``kmax`` of
    the row (label cells, merged or not, fill the rest), a block uses the first ``k``. A row
    the text cuts short is read so only from a grid printed in full (``expanded``)."""
    if not vals or not all(t.row == vals[0].row for t in vals):
        return None
    if not all(t.expanded if partial else t.full_row for t in vals):
        return None
    start = vals[0].width - kmax
    if start < 1:
        return None
    by_col = {t.col: t for t in vals}
    if any(t.kind != "empty" and not start <= t.col < start + k for t in vals):
        return None
    return [by_col.get(c, _BLANK) for c in range(start, start + k)]


def _take(
    vals: list[Token], k: int, kmax: int, at_end: bool, has_total: bool
) -> tuple[str, list[Token]]:
    """How a run fills ``k`` columns: (``place``|``cut``|``total``|``ambiguous``|``many``|
    ``skip``, tokens by column)."""
    filled = [t for t in vals if t.kind != "empty"]
    marked = bool(vals) and vals[0].row != -1
    blanks_kept = bool(vals) and vals[0].blanks
    if marked:
        by_col = _positional(vals, k, kmax)
        if by_col is not None:  # a full grid row: by column, even where the text ends
            return "place", by_col
        if at_end and len(filled) < k:
            return _cut(vals, _positional(vals, k, kmax, partial=True), blanks_kept, marked)
    trimmed = vals
    while trimmed and trimmed[-1].kind == "empty" and len(trimmed) > k:
        trimmed = trimmed[:-1]
    while marked and trimmed and trimmed[0].kind == "empty" and len(trimmed) > k:
        trimmed = trimmed[1:]  # a merged label's empty cell; in a stream it is a blank C1
    inferred = bool(vals) and vals[0].inferred
    if not filled:
        return ("place", [_BLANK] * k) if blanks_kept and not inferred else ("skip", [])
    if blanks_kept and len(trimmed) == k:
        return "inferred" if inferred else "place", trimmed
    if len(filled) == k:
        return ("inferred" if inferred and len(trimmed) != k else "place"), filled
    if len(filled) > k:
        return "many", filled
    if at_end:
        return _cut(vals, None, blanks_kept, marked)
    if len(filled) == 1 and has_total and k > 1 and filled[0].value not in (0, None):
        return "total", filled  # one non-zero value: only the total can be it (else 0 ≠ it)
    return "ambiguous", filled


def _cut(
    vals: list[Token], by_col: list[Token] | None, blanks_kept: bool, marked: bool
) -> tuple[str, list[Token]]:
    """A row the text ends in: its cells up to the last printed one, by position; without
    blank positions (vanished blanks) nothing is known."""
    cells = by_col if by_col is not None else (vals if blanks_kept else None)
    if by_col is None and marked and vals and vals[0].kind == "empty":
        cells = None  # a merged label's empty cell or a blank first value: unknown
    if cells is None:
        return "ambiguous", [t for t in vals if t.kind != "empty"]
    last = max((i for i, t in enumerate(cells) if t.kind != "empty"), default=-1)
    return "cut", cells[: last + 1]


def match_label(label: list[Token], anchors: TableAnchors) -> RowAnchor | None:
    """The row a run's label cells name: exact (joined over wrapped cells, nearest the values
    first), else the unique row whose label starts with the cells (PDF lines cut a label)."""
    norms = [t.norm for t in label]
    spans = [
        (start, end)
        for end in range(len(norms) - 1, -1, -1)
        for start in range(max(0, end - _MAX_WRAP + 1), end + 1)
    ]
    for start, end in spans:
        joined = "".join(norms[start : end + 1])
        if joined in anchors.rows:
            return anchors.rows[joined]
        base = anchors.without_gloss(joined)
        if base is not None:
            return base
    for start, end in spans:
        joined = "".join(norms[start : end + 1])
        if len(joined) < _MIN_PREFIX or joined in anchors.structural:
            continue
        hits = {id(a.row): a for n, a in anchors.rows.items() if n.startswith(joined)}
        if len(hits) == 1:
            return next(iter(hits.values()))
    return None


class _Evidence:
    """Which formats the column headers seen so far belong to (per block, then per table)."""

    def __init__(self, table_id: str, tokens: list[Token]) -> None:
        self.by_label = column_evidence(table_id)
        self.labels = column_labels(table_id)
        self.longest = max(map(len, self.labels), default=0)
        self.table: set[str] = set()
        self.block: set[str] = set()
        self.headings = {norm_label(h) for h in _headings(table_id)}
        for run in runs_of(tokens):
            self.table |= self._seen(run.label)
        for tok in tokens:
            self.table |= self.by_label.get(tok.norm, set())

    def _seen(self, label: list[Token]) -> set[str]:
        """The formats of the header labels the tokens spell, read left to right taking the
        longest label at each point: a header broken into pieces (``本年 处理 决定 数量``) is
        2021's ``本年处理决定数量``, not 2019's ``处理决定数量`` inside it."""
        out: set[str] = set()
        norms = [t.norm for t in label]
        i = 0
        while i < len(norms):
            joined, end = "", 0
            for j in range(i, len(norms)):
                joined += norms[j]
                if len(joined) > self.longest:
                    break
                if joined in self.labels:
                    end = j + 1
            if end:
                out |= self.by_label.get("".join(norms[i:end]), set())
                i = end
            else:
                i += 1
        return out

    def update(self, label: list[Token]) -> None:
        if any(t.norm in self.headings for t in label):
            self.block = set()
        self.block |= self._seen(label)

    def foreign(self, format_id: str) -> set[str]:
        """Formats the current headers belong to when ``format_id`` is not one of them."""
        evidence = self.block or self.table
        return set() if not evidence or format_id in evidence else evidence


def _with_headers(tokens: list[Token]) -> Iterator[tuple[Run, list[Token]]]:
    """Each run with the text cells before it that belong to no run: the header rows of a
    table whose rows are known (a row without values ends no run), which say, better than the
    row labels, which format's layout a block was printed in."""
    position = {id(t): i for i, t in enumerate(tokens)}
    done = 0
    for run in runs_of(tokens):
        first = position[id(run.label[0] if run.label else run.values[0])]
        yield run, [t for t in tokens[done:first] if t.kind == "text"]
        done = position[id(run.values[-1])] + 1


def _headings(table_id: str) -> set[str]:
    from xl_disclosure.spec import format_ids

    out: set[str] = set()
    for fid in format_ids():
        for block in load_format(fid).table(table_id).blocks:
            if block.heading:
                out.add(block.heading)
    return out


def place_labelled(
    format_id: str, table_id: str, tokens: list[Token], *, truncated: bool = False
) -> Placement:
    """Place a table whose data rows are found by their labels (表二, 表三)."""
    anchors = table_anchors(format_id, table_id)
    spec = load_format(format_id)
    kmax = max(len(b.columns) for b in spec.table(table_id).blocks)
    out = Placement()
    done: set[tuple[str, str]] = set()
    evidence = _Evidence(table_id, tokens)
    refused: set[str] = set()
    above: list[Token] = []
    for run, headers in _with_headers(tokens):
        evidence.update([*headers, *run.label])
        anchor = match_label(run.label, anchors)
        has_value = any(v.is_value for v in run.values)
        above = _header_row([*headers, *run.label], run, has_value) or above
        if anchor is None:
            if has_value and run.label:
                _note_unknown(run, format_id, table_id, anchors, out, above=above)
            continue
        block, row = anchor.block, anchor.row
        foreign = evidence.foreign(format_id)
        if foreign:  # not taken: the row may still come, under this format's headers
            out.foreign |= foreign
            if block.id not in refused:
                refused.add(block.id)
                names = "、".join(sorted(load_format(f).name for f in foreign))
                where = f"表{table_id[1:]}{block.heading or ''}"
                out.notes.append(
                    f"{where}的表头属于{names}，与报告格式{spec.name}不一致（混用模板），"
                    "该部分数值未导入。"
                )
            continue
        if (block.id, row.key) in done:
            out.notes.append(f"“{row.label}”行重复出现，只采用第一次出现的数值。")
            continue
        done.add((block.id, row.key))
        if anchor.renamed:
            out.notes.append(
                f"行标签“{run.label[-1].text}”按国办格式的“{row.label}”导入（标签与国办格式不一致，D-010）。"
            )
        _decide(block, row, run, truncated, out, kmax=kmax)
    return out


def row_balances(block: Block, row: Row, chosen: list[Token]) -> bool:
    """Whether a row read with inferred blank positions satisfies the checks within the row
    (表三 总计 = the six applicant columns; 表四's three totals). No such check: True."""
    values: dict[str, float] = {}
    for token, col in zip(chosen, block.columns, strict=False):
        if token.kind == "empty":
            values[block.cell_key(row, col)] = 0.0
        elif token.kind == "number" and isinstance(token.value, int | float):
            values[block.cell_key(row, col)] = float(token.value)
    for lhs, rhs in row_equations(block, row):
        if any(k not in values for k in (*lhs, *rhs)):
            continue
        if abs(sum(values[k] for k in lhs) - sum(values[k] for k in rhs)) > 1e-9:
            return False
    return True


def _decide(
    block: Block, row: Row, run: Run, truncated: bool, out: Placement, *, kmax: int = 0
) -> None:
    k = len(block.columns)
    has_total = sum(c.total for c in block.columns) == 1
    how, chosen = _take(run.values, k, max(kmax, k), truncated and run.last, has_total)
    name = row_name(block, row)
    if how == "inferred":  # blank positions read from line spacing: the row's balance must hold
        if row_balances(block, row, chosen):
            place_row(block, row, chosen, out)
        else:
            out.ambiguous.append(Ambiguous(block, row, [t for t in chosen if t.kind != "empty"]))
    elif how == "place":
        place_row(block, row, chosen, out)
    elif how == "cut":
        out.notes.append(f"原文在{name}行中断，只导入了前{len(chosen)}个数值。")
        place_row(block, row, chosen, out)
    elif how == "total":
        total = next(c for c in block.columns if c.total)
        cells = [
            chosen[0] if c is total else Token("", "", "empty", None, -1) for c in block.columns
        ]
        out.notes.append(f"{name}行只印有一个数值，按“{total.label}”导入，其余单元格视为空白。")
        place_row(block, row, cells, out)
    elif how == "skip":
        return
    elif how == "many":
        out.notes.append(
            f"{name}行有{len(chosen)}个数值，应为{k}个，无法确定对应的列，该行未导入。"
        )
    else:
        out.ambiguous.append(Ambiguous(block, row, chosen))


def _header_row(cells: list[Token], run: Run, has_value: bool) -> list[Token]:
    """The column headers printed above the rows that follow, where row boundaries are known:
    a run without values of several text cells is one; so is the last row of text cells
    before ``run``'s own row."""
    if not has_value:
        return cells if len(cells) > 1 and len({t.row for t in cells}) == 1 else []
    mine = run.label[-1].row if run.label else run.values[0].row
    rows = [t.row for t in cells if t.row not in (-1, mine)]
    return [t for t in cells if rows and t.row == rows[-1]]


def _note_unknown(
    run: Run,
    format_id: str,
    table_id: str,
    anchors: TableAnchors,
    out: Placement,
    *,
    above: list[Token],
) -> None:
    text = run.label[-1].text
    joined = "".join(t.norm for t in run.label[-2:])
    other = other_format_row(format_id, table_id, [t.norm for t in run.label])
    if other:
        out.foreign.add(other)
        out.notes.append(
            f"行“{text}”属于{load_format(other).name}，报告格式{load_format(format_id).name}"
            "没有这一行，其数值未导入。"
        )
    elif run.label[-1].norm not in anchors.structural and joined not in anchors.structural:
        if len(run.label[-1].norm) < 2 or not any(v.kind == "number" for v in run.values):
            # a piece of a broken header (增 /), not a row
            out.notes.append(f"未识别的行“{text}”（不属于国办格式），其数值未导入。")
            return
        out.notes.append(
            f"未识别的行“{text}”（不属于国办格式），其数值未计入国办表格，已按原样保留为本地表格。"
        )
        values = [v.text for v in run.values]
        while values and not values[-1].strip():  # the empty cells a flattened row ends with
            values.pop()
        out.extra.append(([h.text for h in above], [text, *values]))


def place_single_row(
    format_id: str, table_id: str, tokens: list[Token], *, truncated: bool = False
) -> Placement:
    """Place a one-row table (表四): the values after its headers, no row label."""
    block = load_format(format_id).table(table_id).blocks[0]
    row = block.rows[0]
    k = len(block.columns)
    out = Placement()
    runs = [r for r in runs_of(tokens) if any(v.is_value for v in r.values)]
    if not runs:
        blanks = [t for t in tokens if t.kind == "empty" and t.blanks and t.row != -1]
        if len(blanks) >= k:
            out.blank |= {block.cell_key(row, c) for c in block.columns}
        return out
    for run in runs:
        how, chosen = _take(run.values, k, k, False, False)
        if how == "place" or (how == "inferred" and row_balances(block, row, chosen)):
            place_row(block, row, chosen, out)
            return out
    merged = Run([], [v for r in runs for v in r.values if v.kind != "empty"], runs[-1].last)
    _decide(block, row, merged, truncated, out)
    return out
