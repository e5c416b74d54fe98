"""Engine-independent: per-sheet grids of :data:`CellValue` -> :class:`AnnualReport`."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from xl_disclosure.cells import BLANK, CellValue, text_of
from xl_disclosure.layout import (
    FINDINGS_FIRST_ROW,
    FINDINGS_SHEET,
    Layout,
    Placement,
    findings_column,
    layout_for,
)
from xl_disclosure.layout.grid import parse_a1
from xl_disclosure.model.report import AGENCY_KINDS, AnnualReport, Meta, SectionContent
from xl_disclosure.readers.base import (
    Grid,
    Loaded,
    TemplateInfo,
    cell_of,
    profile_version_findings,
)
from xl_disclosure.spec import FormatSpec, load_format
from xl_disclosure.validate.findings import Finding, emits, make
from xl_disclosure.version import TEMPLATE_VERSION, is_newer, same_version

#: Reader findings (kind "file" in the rule catalogue: about the file, not the report).
RULE_TEMPLATE_VERSION = "R-001"
#: A workbook of a newer template than this toolkit builds (the receiving side is behind).
RULE_NEWER_TEMPLATE = "R-005"
RULE_LAYOUT_CHANGED = "R-002"
_EXCEL_EPOCH = date(1899, 12, 30)
_TRUE = frozenset({"是", "true", "True", "TRUE", "1", "Y", "y", "yes"})


def _date_text(value: CellValue) -> str:
    if isinstance(value, datetime):
        return (
            value.date().isoformat()
            if not (value.hour or value.minute or value.second)
            else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return (_EXCEL_EPOCH + timedelta(days=int(value))).isoformat()
    return text_of(value).strip()


def _year(value: CellValue) -> int | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    text = text_of(value).strip()
    return int(text) if text.isdigit() else None


def _flag(value: CellValue) -> bool:
    if isinstance(value, bool):
        return value
    return text_of(value).strip() in _TRUE


def _agency_kind(value: CellValue) -> str:
    text = text_of(value).strip()
    if not text:
        return "department"
    by_label = {v: k for k, v in AGENCY_KINDS.items()}
    return by_label.get(text, text)


class _Cells:
    """Looks up input values by placement, following defined names when the workbook has them."""

    def __init__(
        self, layout: Layout, grids: Mapping[str, Grid], names: Mapping[str, tuple[str, str]]
    ) -> None:
        self.layout = layout
        self.grids = grids
        self.names = names

    def get(self, place: str) -> CellValue:
        p = self.layout.locate(place)
        return BLANK if p is None else self.at(p)

    def at(self, p: Placement) -> CellValue:
        sheet, cell = self.names.get(p.name, (p.sheet, p.cell))
        grid = self.grids.get(sheet)
        if grid is None:
            return BLANK
        try:
            return cell_of(grid, cell)
        except ValueError:
            return BLANK

    def text(self, place: str) -> str:
        return text_of(self.get(place))


def _meta(cells: _Cells) -> Meta:
    return Meta(
        agency=cells.text("meta.agency").strip(),
        year=_year(cells.get("meta.year")),
        period_start=_date_text(cells.get("meta.period_start")),
        period_end=_date_text(cells.get("meta.period_end")),
        agency_kind=_agency_kind(cells.get("meta.agency_kind")),
        rulemaking=_flag(cells.get("meta.rulemaking")),
        contact=cells.text("meta.contact"),
        publish_date=_date_text(cells.get("meta.publish_date")),
        title=cells.text("meta.title").strip(),
        money_unit=cells.text("meta.money_unit").strip(),
        signed_off=_flag(cells.get("meta.signed_off")),
    )


def _fields(cells: _Cells, spec: FormatSpec) -> dict[str, str]:
    """A profile's fields as text: dates ISO, yes/no as 是/否."""
    out: dict[str, str] = {}
    for fld in spec.input_fields:
        value = cells.get(fld.key)
        if fld.kind == "date":
            out[fld.key] = _date_text(value)
        elif fld.kind == "yesno":
            text = text_of(value).strip()
            out[fld.key] = ("是" if _flag(value) else "否") if text else ""
        else:
            out[fld.key] = text_of(value)
    return out


def _explanations(grid: Grid | None) -> dict[str, str]:
    out: dict[str, str] = {}
    if grid is None:
        return out
    fp_col = parse_a1(findings_column("fingerprint") + "1")[1]
    ex_col = parse_a1(findings_column("explanation") + "1")[1]
    for row in grid[FINDINGS_FIRST_ROW - 1 :]:
        fp = row[fp_col - 1] if len(row) >= fp_col else BLANK
        ex = row[ex_col - 1] if len(row) >= ex_col else BLANK
        if isinstance(fp, str) and fp.strip() and text_of(ex).strip():
            out[fp.strip()] = text_of(ex).strip()
    return out


@emits("R-001", "R-002", "R-005")
def _file_findings(info: TemplateInfo | None, layout: Layout) -> list[Finding]:
    if info is None:
        return []
    changed = profile_version_findings(layout.spec, info.profile_version)
    if changed:
        return changed  # the layout of another profile version differs anyway
    if not same_version(info.template_version, TEMPLATE_VERSION):
        newer = is_newer(info.template_version, TEMPLATE_VERSION)
        return [
            make(
                RULE_NEWER_TEMPLATE if newer else RULE_TEMPLATE_VERSION,
                (),
                expected=TEMPLATE_VERSION,
                actual=info.template_version or "未知",
            )
        ]
    if info.layout_checksum != layout.checksum:
        return [
            make(
                RULE_LAYOUT_CHANGED,
                (),
                expected=layout.checksum,
                actual=info.layout_checksum or "（无）",
            )
        ]
    return []


def assemble(
    format_id: str,
    grids: Mapping[str, Grid],
    *,
    info: TemplateInfo | None = None,
    names: Mapping[str, tuple[str, str]] | None = None,
) -> Loaded:
    """Build the report from per-sheet grids of normalised values.

    Args:
        format_id: ``gb2019``, ``gb2021``, or a format + profile (``gb2019+zj-2019``).
        grids: sheet name -> rows of :data:`CellValue` from A1 (row 0 = Excel row 1); sheets
            may be missing (their inputs read as blank) and rows may be ragged.
        info: what the metadata sheet said; a different template version or layout checksum
            gives a warning finding.
        names: the workbook's defined names -> (sheet, cell); when given, an input is read
            where its name points, so a workbook whose cells moved still reads correctly.

    Example:
        >>> from xl_disclosure.layout import layout_for
        >>> p = layout_for("gb2021").locate("T3.new.C7")
        >>> grid = [[None] * p.col for _ in range(p.row)]
        >>> grid[p.row - 1][p.col - 1] = 12
        >>> assemble("gb2021", {p.sheet: grid}).report.value("T3.new.C7")
        12
    """
    layout = layout_for(format_id)
    spec = load_format(format_id)
    cells = _Cells(layout, {k: _clean(v) for k, v in grids.items()}, names or {})
    values: dict[str, CellValue] = {c.key: cells.get(c.key) for c in spec.cells}
    sections = {
        s.no: SectionContent(
            cells.text(f"section.{s.no}.title").strip() or s.title,
            cells.text(f"section.{s.no}"),
            cells.text(f"section.{s.no}.table_heading"),
        )
        for s in spec.sections
    }
    report = AnnualReport(
        format_id=format_id,
        meta=_meta(cells),
        values=values,
        sections=sections,
        preamble=cells.text("preamble"),
        fields=_fields(cells, spec),
        explanations=_explanations(cells.grids.get(FINDINGS_SHEET)),
    )
    return Loaded(report, _file_findings(info, layout))


def _clean(grid: Grid) -> Grid:
    """Tolerate engines that hand over ``None`` for empty cells."""
    if all(v is not None for row in grid for v in row):
        return grid
    return [[BLANK if v is None else v for v in row] for row in grid]


__all__ = ["assemble"]
