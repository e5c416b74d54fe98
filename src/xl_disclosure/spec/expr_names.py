"""What the names of a formula stand for in one format (+ profile): cells, figures, texts, fields.

:class:`Resolver` turns every :class:`~xl_disclosure.spec.expr.Ref` and
:class:`~xl_disclosure.spec.expr.Range` of a formula into a :class:`Target`: the cells it
covers, its value type and range, its Chinese label and the finding places it points at. An
unknown name is a :class:`~xl_disclosure.spec.expr.ParseError` at the name's position.

Example:
    >>> from xl_disclosure.spec import load_format
    >>> from xl_disclosure.spec.expr import parse
    >>> r = Resolver(load_format("gb2021"))
    >>> t = r.resolve(parse("T3.deny.*.C7"))
    >>> len(t.cells), t.type, t.label
    (8, 'number', '表三“三、本年度办理结果—（三）不予公开—…”/“总计”之和')
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Final

from xl_disclosure.spec.expr import PLACEHOLDER, Node, ParseError, Range, Ref
from xl_disclosure.spec.model import Block, CellSpec, FormatSpec, ValueType
from xl_disclosure.spec.profile_model import INF, Binding, Target, Type
from xl_disclosure.spec.tables import table_number

#: ``meta.<name>`` -> (Chinese label, type). The labels are the cover's.
META_FIELDS: Final[dict[str, tuple[str, Type]]] = {
    "agency": ("机关名称", "text"),
    "year": ("报告年度", "number"),
    "period_start": ("统计期限起", "date"),
    "period_end": ("统计期限止", "date"),
    "agency_kind": ("机关类型", "text"),
    "rulemaking": ("是否有规章制定权", "bool"),
    "contact": ("联系方式", "text"),
    "publish_date": ("发布日期（计划）", "date"),
    "title": ("报告标题", "text"),
    "signed_off": ("已完成领导签发、盖章", "bool"),
}
_FIELD_TYPES: Final[dict[str, Type]] = {
    "text": "text",
    "longtext": "text",
    "yesno": "bool",
    "date": "date",
}


def value_range(cell: CellSpec) -> tuple[float, float]:
    """The values a usable number of this cell can take."""
    return (-INF, INF) if cell.type is ValueType.SIGNED else (0.0, INF)


class Resolver:
    """Resolves names against one spec."""

    def __init__(self, spec: FormatSpec) -> None:
        self.spec = spec

    def resolve(self, node: Ref | Range | Node) -> Target:
        if isinstance(node, Range):
            return self._range(node)
        if not isinstance(node, Ref):
            raise TypeError(node)
        name = node.name
        if m := PLACEHOLDER.search(name):
            raise ParseError(f"占位符“{m.group(0)}”没有在规则的 each 中定义", node.line, node.col)
        if node.is_pattern:
            return self._pattern(node)
        spec = self.spec
        if name in spec.cell_index:
            return self._cells(name, (spec.cell_index[name],), spec.cell_index[name].label)
        head, _, rest = name.partition(".")
        if head == "figure" and spec.has_figure(rest):
            fig = spec.figure(rest)
            cells = tuple(spec.cell(k) for k in fig.cells)
            return self._cells(name, cells, fig.label, kind="figure")
        if head == "section" and rest.isdigit() and 1 <= int(rest) <= len(spec.sections):
            section = spec.section(int(rest))
            title = section.title.split("、", 1)[-1]
            return Target("text", name, "text", f"第{section.numeral}部分“{title}”")
        if name == "preamble":
            return Target("text", name, "text", "开头段")
        if head == "meta" and rest in META_FIELDS:
            label, vtype = META_FIELDS[rest]
            lo = float(spec.year_from) if rest == "year" else -INF
            return Target("meta", name, vtype, label, lo=lo)
        fld = spec.input_field(name)
        if fld is not None:
            return Target("field", name, _FIELD_TYPES[fld.kind], f"“{fld.label}”")
        raise ParseError(self._unknown(name), node.line, node.col)

    def _unknown(self, name: str) -> str:
        head = name.partition(".")[0]
        if head == "figure":
            names = "、".join(f.name for f in self.spec.figures)
            return f"本格式没有名为“{name[7:]}”的数字（可用：{names}）"
        if head == "meta":
            return f"封面没有“{name}”（可用：{'、'.join('meta.' + k for k in META_FIELDS)}）"
        if head == "section":
            return f"没有“{name}”：部分为 section.1 至 section.{len(self.spec.sections)}"
        return f"未知的单元格或名称“{name}”"

    def _cells(
        self, name: str, cells: tuple[CellSpec, ...], label: str, kind: str = "cells"
    ) -> Target:
        ranges = [value_range(c) for c in cells]
        return Target(
            "figure" if kind == "figure" else "cells",
            name,
            "number",
            label,
            tuple(c.key for c in cells),
            sum(lo for lo, _ in ranges),
            sum(hi for _, hi in ranges),
        )

    def _pattern(self, node: Ref) -> Target:
        cells = tuple(c for c in self.spec.cells if fnmatchcase(c.key, node.name))
        if not cells:
            raise ParseError(f"“{node.name}”不与任何单元格匹配", node.line, node.col)
        first, last = cells[0].label, cells[-1].label
        label = f"{first}之和" if len(cells) == 1 else f"{first}至{last}共{len(cells)}项之和"
        if len(cells) > 2 and first.count("“") == last.count("“"):
            label = _common_label(cells) + "之和"
        return self._cells(node.name, cells, label)

    def _block_of(self, ref: Ref) -> tuple[Block, CellSpec]:
        cell = self.spec.cell_index.get(ref.name)
        if cell is None:
            raise ParseError(self._unknown(ref.name), ref.line, ref.col)
        return self.spec.table(cell.table).block(cell.block), cell

    def _range(self, node: Range) -> Target:
        for ref in (node.first, node.last):
            if PLACEHOLDER.search(ref.name) or ref.is_pattern:
                raise ParseError("区域两端应为具体的单元格", ref.line, ref.col)
        block, a = self._block_of(node.first)
        block_b, b = self._block_of(node.last)
        if block_b is not block:
            raise ParseError("区域两端应在同一张表的同一部分", node.line, node.col)
        rows = [r.key for r in block.data_rows]
        cols = [c.key for c in block.columns]
        r1, r2 = sorted((rows.index(a.row.key), rows.index(b.row.key)))
        c1, c2 = sorted((cols.index(a.column.key), cols.index(b.column.key)))
        index = self.spec.cell_index
        cells = tuple(
            index[block.cell_key(block.data_rows[i], block.columns[j])]
            for i in range(r1, r2 + 1)
            for j in range(c1, c2 + 1)
        )
        return self._cells(
            f"{node.first.name}:{node.last.name}", cells, f"{a.label}至{b.label}之和"
        )


def _common_label(cells: tuple[CellSpec, ...]) -> str:
    """表三“三、本年度办理结果—（三）不予公开—…”/“总计”: the shared parts of the labels."""
    rows = [c.row.path for c in cells]
    cols = [c.column.label for c in cells]
    prefix: list[str] = []
    for parts in zip(*rows, strict=False):
        if len(set(parts)) != 1:
            break
        prefix.append(parts[0])
    row = "—".join([*prefix, "…"]) if len({*map(tuple, rows)}) > 1 else "—".join(rows[0])
    col = cols[0] if len(set(cols)) == 1 else "…"
    name = cells[0].table_name or "表" + table_number(cells[0].table)
    return f"{name}“{row}”/“{col}”"


def bindings(source: object, spec: FormatSpec, where: str) -> tuple[Binding, ...]:
    """The values of one ``each`` placeholder: ``columns(T3)``, ``rows(T2.A)`` or a list.

    Raises:
        ParseError: an unknown table/block or a malformed source (position 1:1).
    """
    if isinstance(source, list) and source and all(isinstance(v, str) for v in source):
        return tuple(Binding(v, v) for v in source)
    text = str(source).strip()
    for axis, word in (("column", "columns"), ("row", "rows")):
        if text.startswith(word + "(") and text.endswith(")"):
            block = _block_ref(spec, text[len(word) + 1 : -1].strip(), where)
            if axis == "column":
                return tuple(Binding(c.key, c.label, axis) for c in block.columns)
            return tuple(Binding(r.key, r.label.replace("\n", ""), axis) for r in block.data_rows)
    raise ParseError(f"{where} 应为 columns(表) 、rows(表) 或取值列表，实为“{text}”", 1, 1)


def _block_ref(spec: FormatSpec, ref: str, where: str) -> Block:
    for table in spec.tables:
        if ref == table.id:
            return table.blocks[0]
        if ref.startswith(table.id + "."):
            block_id = ref[len(table.id) + 1 :]
            block = next((b for b in table.blocks if b.id == block_id), None)
            if block is not None:
                return block
    raise ParseError(f"{where} 中的“{ref}”不是本格式的表格", 1, 1)
