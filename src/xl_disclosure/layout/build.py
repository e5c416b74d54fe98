"""The layout of one format: every sheet, checked for collisions, cached.

Example:
    >>> lay = layout_for("gb2021")
    >>> lay.locate("T3.new.C7").name
    'XD_T3_new_C7'
"""

from __future__ import annotations

from xl_disclosure.errors import SpecError
from xl_disclosure.layout.marks import MARKS_SHEET
from xl_disclosure.layout.model import META_SHEET, Layout, SheetLayout
from xl_disclosure.layout.sections import profile_table_sheet, table_sheet, text_sheet
from xl_disclosure.layout.service_sheets import cover_sheet, findings_sheet, rules_sheet
from xl_disclosure.spec import FormatSpec, load_format


def build_sheets(spec: FormatSpec) -> tuple[SheetLayout, ...]:
    """Cover, the six section sheets, a profile's own sheets, findings and rules, in order."""
    sheets = [cover_sheet(spec)]
    for section in spec.sections:
        if section.kind == "table" and section.table:
            sheets.append(table_sheet(spec, section))
        else:
            sheets.append(text_sheet(spec, section))
    sheets.extend(profile_table_sheet(spec, t) for t in spec.tables if t.profile and t.sheet)
    sheets.append(findings_sheet())
    sheets.append(rules_sheet(spec))
    names = [s.name for s in sheets] + [META_SHEET, MARKS_SHEET]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise SpecError(f"工作表名称重复：{'、'.join(twice)}", spec.id)
    return tuple(sheets)


_layouts: dict[str, tuple[FormatSpec, Layout]] = {}


def layout_for(format_id: str) -> Layout:
    """The (cached) template layout of a format (rebuilt when the format's spec changed, e.g.
    a profile registered anew).

    Raises:
        SpecError: unknown format, or two inputs would share a cell or a defined name.
    """
    spec = load_format(format_id)
    cached = _layouts.get(format_id)
    if cached is not None and cached[0] is spec:
        return cached[1]
    layout = _build(format_id, spec)
    _layouts[format_id] = (spec, layout)
    return layout


def _build(format_id: str, spec: FormatSpec) -> Layout:
    sheets = build_sheets(spec)
    layout = Layout(format_id, sheets)
    seen_cells: dict[tuple[str, str], str] = {}
    for p in layout.input_placements():
        if p.place in layout._index:
            raise SpecError(f"layout: place {p.place} placed twice", format_id)
        other = seen_cells.setdefault((p.sheet, p.cell), p.place)
        if other != p.place:
            raise SpecError(f"layout: {p.place} and {other} share {p.address}", format_id)
        layout._index[p.place] = p
    names = [p.name for p in layout.input_placements()]
    if len(names) != len(set(names)):
        raise SpecError("layout: defined names collide", format_id)
    missing = [c.key for c in spec.cells if c.key not in layout._index]
    missing += [f.key for f in spec.input_fields if f.key not in layout._index]
    if missing:
        raise SpecError(f"layout: value cells without an input {missing}", format_id)
    return layout
