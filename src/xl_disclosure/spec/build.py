"""Build a :class:`~xl_disclosure.spec.model.FormatSpec` from its JSON data, and check it.

Every reference inside a format (figure cells, record fields, check keys, sentence
placeholders, groups) is checked here, so code that asks the spec by name never meets a
dangling name: a broken format is a :class:`~xl_disclosure.errors.SpecError` naming the file.
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from typing import Any

from xl_disclosure.errors import SpecError
from xl_disclosure.spec.model import (
    Block,
    CarryOver,
    Check,
    Column,
    Deadline,
    Figure,
    FormatSpec,
    Item,
    Record,
    RecordSet,
    Row,
    Section,
    Table,
    TableLayout,
    ValueType,
)

#: ``{T3.new.C7}``, ``{meta.money_unit}``, ``{record:documents:in_force}`` in spec sentences.
PLACEHOLDER = re.compile(r"\{([^{}]+)\}")


def _frozen(value: Any) -> Any:
    """JSON lists -> tuples, recursively (groups are read-only data)."""
    if isinstance(value, list):
        return tuple(_frozen(v) for v in value)
    if isinstance(value, dict):
        return tuple((k, _frozen(v)) for k, v in value.items())
    return value


def _build_block(b: dict[str, Any], table_id: str, table_name: str) -> Block:
    return Block(
        id=b["id"],
        heading=b.get("heading"),
        corner=b.get("corner"),
        columns=tuple(
            Column(
                c["key"],
                tuple(c["path"]),
                ValueType(c["type"]),
                bool(c.get("total")),
                bool(c.get("na")),
            )
            for c in b["columns"]
        ),
        rows=tuple(
            Row(r["key"], tuple(r["path"]), r.get("unit", ""), bool(r.get("heading")))
            for r in b["rows"]
        ),
        table=table_id,
        unit_header=b.get("unit_header"),
        filler=b.get("filler", ""),
        table_name=table_name,
    )


def build_table(t: dict[str, Any], *, namespace: str = "") -> Table:
    """One table of a format, or (``namespace`` given) of a profile: its id becomes
    ``NS.id`` and its cell keys ``NS.id.…``."""
    table_id = f"{namespace}.{t['id']}" if namespace else t["id"]
    name = t.get("name", "") if namespace else ""
    lay = t.get("layout", {})
    layout = TableLayout(
        widths=tuple(float(w) for w in lay.get("widths", ())),
        label_cols=lay.get("label_cols"),
        value_slots=lay.get("value_slots"),
        landscape=bool(lay.get("landscape", False)),
    )
    return Table(
        table_id,
        int(t["section"]),
        t.get("unit", ""),
        tuple(_build_block(b, table_id, name) for b in t["blocks"]),
        layout,
        name=name,
        title=t.get("title", ""),
        place=t.get("place", "after"),
        sheet=t.get("sheet", ""),
        profile=namespace,
    )


def _tables(data: dict[str, Any]) -> tuple[Table, ...]:
    return tuple(build_table(t) for t in data["tables"])


def deadlines(d: dict[str, Any], *, local: bool) -> tuple[Deadline, ...]:
    """``{"department": {"date": "01-31", "basis": …}, …}`` -> deadlines."""
    out = []
    for kind, item in d.items():
        month, _, day = str(item["date"]).partition("-")
        out.append(Deadline(kind, int(month), int(day), item.get("basis", ""), local))
    for limit in out:  # a date that does not exist is an error of the file, not of a report
        limit.date_for(2000)
    return tuple(out)


def _sections(data: dict[str, Any]) -> tuple[Section, ...]:
    return tuple(
        Section(
            no=s["no"],
            title=s["title"],
            kind=s["kind"],
            table=s.get("table"),
            variants=tuple(s.get("variants", ())),
            placeholder=s.get("placeholder", ""),
            items=tuple(
                (rid, tuple(Item(name, tuple(words)) for name, words in items))
                for rid, items in s.get("items", {}).items()
            ),
        )
        for s in data["sections"]
    )


def _block(tables: tuple[Table, ...], ref: str) -> Block:
    """``T2.A`` -> block A of table T2; ``T3`` -> the only block of T3."""
    table_id, _, block_id = ref.partition(".")
    table = next(t for t in tables if t.id == table_id)
    return table.block(block_id) if block_id else table.blocks[0]


def _figure(name: str, d: dict[str, Any], tables: tuple[Table, ...]) -> Figure:
    if "cells" in d:
        return Figure(name, d["label"], tuple(d["cells"]))
    block = _block(tables, d.get("table", "T3"))
    rows = [r for r in block.rows if any(fnmatchcase(r.key, p) for p in d["rows"])]
    if not rows:
        raise SpecError(f"figure {name}: no row matches {d['rows']}")
    totals = [c for c in block.columns if c.total] or list(block.columns)
    return Figure(
        name,
        d["label"],
        tuple(block.cell_key(r, c) for r in rows for c in totals),
        tuple((c.key, tuple(block.cell_key(r, c) for r in rows)) for c in block.columns),
    )


def _record_set(name: str, d: dict[str, Any], tables: tuple[Table, ...]) -> RecordSet:
    records: list[Record] = []
    for item in d.get("items", ()):
        records.append(Record(item["id"], item["label"], tuple(item["fields"].items())))
    for ref in d.get("blocks", ()):
        block = _block(tables, ref)
        for row in block.rows:
            fields = tuple(
                (field, block.cell_key(row, block.column(col)))
                for field, col in d["fields"].items()
            )
            records.append(Record(f"{block.id}.{row.key}", row.label, fields))
    return RecordSet(name, d["label"], tuple(records))


def _carry_over(d: dict[str, Any]) -> CarryOver:
    return CarryOver(
        same=d.get("same", ""), by_format=tuple(d.get("from", {}).items()), other=d.get("other", "")
    )


def build_format(
    data: dict[str, Any], *, shipped: bool, where: str, rule_ids: set[str]
) -> FormatSpec:
    """The spec of one format file; :class:`SpecError` when anything in it is malformed."""
    try:
        tables = _tables(data)
        spec = FormatSpec(
            id=data["id"],
            name=data["name"],
            title=data["title"],
            instrument=data["instrument"],
            year_from=int(data["years"]["from"]),
            year_to=data["years"]["to"],
            sections=_sections(data),
            tables=tables,
            checks=tuple(
                Check(c["rule"], c["table"], c["over"], tuple(c["lhs"]), tuple(c["rhs"]))
                for c in data["checks"]
            ),
            traits=frozenset(data.get("traits", ())),
            figures=tuple(_figure(n, d, tables) for n, d in data.get("figures", {}).items()),
            record_sets=tuple(
                _record_set(n, d, tables) for n, d in data.get("records", {}).items()
            ),
            groups=tuple((k, _frozen(v)) for k, v in data.get("groups", {}).items()),
            sentences=tuple(data.get("sentences", {}).items()),
            carry_over=_carry_over(data.get("carry_over", {})),
            official=bool(data.get("official", shipped)),
            deadlines=deadlines(data.get("deadlines", {}), local=False),
        )
    except SpecError as exc:
        raise SpecError(str(exc), where) from exc
    except (KeyError, TypeError, ValueError, StopIteration) as exc:
        raise SpecError(f"format spec {data.get('id')} is malformed: {exc!r}", where) from exc
    check_format(spec, rule_ids, where)
    return spec


def check_format(spec: FormatSpec, rule_ids: set[str], where: str = "") -> None:
    """Cross-reference checks a JSON Schema cannot express."""
    where = where or spec.id
    keys = [c.key for c in spec.cells]
    if len(keys) != len(set(keys)):
        raise SpecError(f"duplicate cell keys in {spec.id}", where)
    if [s.no for s in spec.sections] != [1, 2, 3, 4, 5, 6]:
        raise SpecError(f"{spec.id} must have sections 1..6 in order", where)
    for chk in spec.checks:
        if chk.rule not in rule_ids:
            raise SpecError(f"check refers to unknown rule {chk.rule}", where)
        block = spec.table(chk.table).blocks[0]
        pool = (
            {r.key for r in block.rows} if chk.over == "columns" else {c.key for c in block.columns}
        )
        missing = set(chk.lhs + chk.rhs) - pool
        if missing:
            raise SpecError(f"check {chk.rule} names unknown keys {sorted(missing)}", where)
    known = set(keys)
    for fig in spec.figures:
        _known_cells(f"figure {fig.name}", fig.cells, known, where)
    for rs in spec.record_sets:
        for rec in rs.records:
            _known_cells(f"record {rs.name}/{rec.id}", [k for _, k in rec.fields], known, where)
    figure_names = {f.name for f in spec.figures}
    for name in spec.group("outcomes"):
        if name not in figure_names:
            raise SpecError(f"group outcomes names unknown figure {name}", where)
    for _, name in spec.group("key_figures"):
        if name not in figure_names:
            raise SpecError(f"group key_figures names unknown figure {name}", where)
    for name, text in spec.sentences:
        for ph in PLACEHOLDER.findall(text):
            if not (ph in known or ph.startswith(("meta.", "record:", "figure:"))):
                raise SpecError(f"sentence {name} names unknown cell {ph}", where)
    for table in spec.tables:
        if not table.layout.widths:
            raise SpecError(f"table {table.id} has no layout widths", where)


def _known_cells(what: str, cells: Any, known: set[str], where: str) -> None:
    missing = [k for k in cells if k not in known]
    if missing:
        raise SpecError(f"{what} names unknown cells {missing}", where)
