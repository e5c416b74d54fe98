"""Place the values of flattened official tables into spec cells, by their row labels.

Column positions are the official order; a row's values are taken only when their count
leaves no doubt. Anything else is left unplaced and named, never guessed:

* exactly as many values as columns after a row label: placed in order;
* with real row boundaries, as many cells (some blank) as columns: placed by position, the
  blank ones stay blank;
* fewer values at the very end of the table (a cut-off copy): the values present are placed
  from the left, the rest are unplaced;
* any other count: the whole row is unplaced.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from xl_disclosure.cells import CellValue
from xl_disclosure.receiving.importer.anchors import RowAnchor, table_anchors
from xl_disclosure.receiving.importer.document import TableSeg, cell_label
from xl_disclosure.receiving.importer.labels import classify, norm_label
from xl_disclosure.spec import Block, ValueType, load_format

_VALUE_KINDS = frozenset({"number", "na", "number_unit"})
_MAX_WRAP = 3
_TRAILING_GLOSS = re.compile(r"\([^()]*\)$")


@dataclass(frozen=True)
class Token:
    text: str
    norm: str
    kind: str
    value: object
    row: int
    """Row id, unique over the stream; ``-1`` when row boundaries are unknown."""

    @property
    def is_value(self) -> bool:
        return self.kind in _VALUE_KINDS


def tokens_of(segments: list[TableSeg]) -> list[Token]:
    out: list[Token] = []
    row_id = 0
    for seg in segments:
        for row in seg.rows:
            row_id += 1
            for cell in row:
                text = cell_label(cell)
                kind, value = classify(text)
                out.append(
                    Token(text, norm_label(text), kind, value, row_id if seg.row_marks else -1)
                )
    return out


@dataclass
class Placement:
    values: dict[str, CellValue] = field(default_factory=dict)
    blank: set[str] = field(default_factory=set)
    """Cells whose source cell was found but printed empty."""
    notes: list[str] = field(default_factory=list)
    money_unit: str = ""


def _convert(token: Token, vtype: ValueType, label: str, out: Placement) -> CellValue:
    if token.kind == "na":
        return "/"
    if token.kind == "number_unit":
        assert isinstance(token.value, tuple)
        number, unit = token.value
        if vtype is ValueType.MONEY and unit in ("元", "万元"):
            out.money_unit = unit
        out.notes.append(f"{label}“{token.text}”已去掉单位“{unit}”。")
        return number  # type: ignore[no-any-return]
    assert isinstance(token.value, int | float)
    return token.value


def _place_row(block: Block, row_index: int, vals: list[Token], out: Placement) -> None:
    row = block.rows[row_index]
    for token, col in zip(vals, block.columns, strict=False):
        cell = block.cell_key(row, col)
        if token.kind == "empty":
            out.blank.add(cell)
            continue
        name = "“" + "”/“".join(p for p in (row.label, col.label) if p) + "”"
        out.values[cell] = _convert(token, col.type, name, out)


def _take(vals: list[Token], k: int, marked: bool, at_end: bool) -> tuple[list[Token], str]:
    """Choose the values of one row; returns (tokens by column, problem or "")."""
    filled = [t for t in vals if t.kind != "empty"]
    if len(filled) == k:
        return filled, ""
    trimmed = vals
    if marked:  # real cells: blanks keep their column; spare blank cells at the ends are layout
        while trimmed and trimmed[-1].kind == "empty" and len(trimmed) > k:
            trimmed = trimmed[:-1]
        while trimmed and trimmed[0].kind == "empty" and len(trimmed) > k:
            trimmed = trimmed[1:]
        if len(trimmed) == k:
            return trimmed, ""
    if len(filled) < k and at_end:
        return filled, "cut"
    return [], f"有{len(filled)}个数值，应为{k}个，无法确定对应的列"


def _match(tokens: list[Token], i: int, rows: dict[str, RowAnchor]) -> tuple[RowAnchor | None, int]:
    """The row anchored at token ``i``; a label wrapped over several tokens is tried first
    (longest join first, so ``（二）部分公开`` + ``（区分处理的…）`` beats the short alias)."""
    tok = tokens[i]
    span = 1
    while (
        span <= _MAX_WRAP
        and i + span < len(tokens)
        and tokens[i + span].kind == "text"
        and (tok.row == -1 or tokens[i + span].row == tok.row)
    ):
        span += 1
    for n in range(span, 0, -1):
        joined = "".join(t.norm for t in tokens[i : i + n])
        if joined in rows:
            return rows[joined], n
    base = _TRAILING_GLOSS.sub("", tok.norm)
    if base != tok.norm and base in rows:  # 湖北-style glosses: 规章（设区的市…应提供相关数据）
        return RowAnchor(rows[base].block, rows[base].row, renamed=True), 1
    return None, 1


def place_labelled(format_id: str, table_id: str, tokens: list[Token]) -> Placement:
    """Place T2 or T3 values: each data row is found by its row label."""
    anchors = table_anchors(format_id, table_id)
    out = Placement()
    done: set[tuple[str, str]] = set()
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if tok.kind != "text":
            i += 1
            continue
        anchor, used = _match(tokens, i, anchors.rows)
        j = i + used
        vals: list[Token] = []
        while (
            j < len(tokens)
            and tokens[j].kind != "text"
            and (tok.row == -1 or tokens[j].row == tok.row)
        ):
            vals.append(tokens[j])
            j += 1
        if anchor is None:
            if any(v.is_value for v in vals) and tok.norm not in anchors.structural:
                out.notes.append(f"未识别的行“{tok.text}”（不属于国办格式），其数值未导入。")
            i = j if vals else i + 1
            continue
        block, row = anchor.block, anchor.row
        if (block.id, row.key) in done:
            out.notes.append(f"“{row.label}”行重复出现，只采用第一次出现的数值。")
            i = j
            continue
        if not vals:  # a header or group label that happens to equal a row label
            i += used
            continue
        done.add((block.id, row.key))
        if anchor.renamed:
            out.notes.append(
                f"行标签“{tok.text}”按国办格式的“{row.label}”导入（标签与国办格式不一致，D-010）。"
            )
        chosen, problem = _take(vals, len(block.columns), tok.row != -1, j >= len(tokens))
        if problem and problem != "cut":
            out.notes.append(f"“{row.label}”行{problem}，该行未导入。")
        if problem == "cut":
            out.notes.append(f"表格在“{row.label}”行中断，只导入了前{len(chosen)}个数值。")
        _place_row(block, block.rows.index(row), chosen, out)
        i = j
    return out


def place_single_row(format_id: str, table_id: str, tokens: list[Token]) -> Placement:
    """Place T4: one unlabelled row of values after the header."""
    block = load_format(format_id).table(table_id).blocks[0]
    k = len(block.columns)
    out = Placement()
    rows: dict[int, list[Token]] = {}
    for t in tokens:
        if t.row != -1:
            rows.setdefault(t.row, []).append(t)
    for row_tokens in rows.values():
        if all(t.kind == "empty" or t.is_value for t in row_tokens) and any(
            t.is_value for t in row_tokens
        ):
            chosen, problem = _take(row_tokens, k, True, row_tokens[-1] is tokens[-1])
            if not problem or problem == "cut":
                if problem:
                    out.notes.append(f"表四在第{len(chosen)}个数值后中断。")
                _place_row(block, 0, chosen, out)
                return out
    values = [t for t in tokens if t.is_value]
    if not values:
        return out
    last_value = max((i for i, t in enumerate(tokens) if t.is_value), default=-1)
    at_end = last_value == len(tokens) - 1 or all(
        t.kind == "empty" for t in tokens[last_value + 1 :]
    )
    chosen, problem = _take(values, k, False, at_end)
    if problem == "cut":
        out.notes.append(f"表四在第{len(chosen)}个数值后中断。")
    elif problem:
        out.notes.append(f"表四{problem}，未导入。")
    _place_row(block, 0, chosen, out)
    return out
