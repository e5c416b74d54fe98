"""Write a report into a freshly built template (tests, demo, migration of old data).

The inverse of :func:`xl_disclosure.readers.read_workbook`: every :data:`CellValue` is
written so that reading it back gives the same value (``0``, blank, ``"/"``, text, an Excel
error, a formula without a cached result).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl.cell.cell import Cell
from openpyxl.workbook.workbook import Workbook

from xl_disclosure.builder.styles import DATE_FORMAT
from xl_disclosure.cells import Blank, CellValue, ExcelError, NotAvailable, NotCalculated
from xl_disclosure.layout import (
    FINDINGS_FIRST_ROW,
    FINDINGS_SHEET,
    Layout,
    findings_column,
    layout_for,
)
from xl_disclosure.model.report import AGENCY_KINDS, AnnualReport


def set_value(cell: Cell, value: CellValue | None) -> None:
    """Store a :data:`CellValue` so that the readers return it unchanged."""
    if value is None or isinstance(value, Blank | NotAvailable):
        cell.value = None
    elif isinstance(value, ExcelError):
        cell.value = value.code
        cell.data_type = "e"
    elif isinstance(value, NotCalculated):
        cell.value = value.formula if value.formula.startswith("=") else "=" + value.formula
        cell.data_type = "f"
    elif isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # text stays text, even "=x" or "#REF!"
    else:
        cell.value = value
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT


def _date_or_text(text: str) -> CellValue | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return text


def _meta_values(report: AnnualReport) -> dict[str, CellValue | None]:
    m = report.meta
    return {
        "meta.agency": m.agency or None,
        "meta.year": m.year,
        "meta.period_start": _date_or_text(m.period_start),
        "meta.period_end": _date_or_text(m.period_end),
        "meta.agency_kind": AGENCY_KINDS.get(m.agency_kind, m.agency_kind),
        "meta.rulemaking": "是" if m.rulemaking else "否",
        "meta.contact": m.contact or None,
        "meta.publish_date": _date_or_text(m.publish_date),
        "meta.title": m.title or None,
        "meta.money_unit": m.money_unit or None,
        "meta.signed_off": "是" if m.signed_off else "否",
        "preamble": report.preamble or None,
    }


def _field_values(report: AnnualReport) -> dict[str, CellValue | None]:
    """A profile's fields as the template holds them (dates as dates)."""
    out: dict[str, CellValue | None] = {}
    for fld in report.spec.input_fields:
        text = report.fields.get(fld.key, "")
        out[fld.key] = _date_or_text(text) if fld.kind == "date" else (text or None)
    return out


def write_report(wb: Workbook, report: AnnualReport, layout: Layout | None = None) -> Workbook:
    """Write every value, text and cover field of ``report`` into a template workbook."""
    layout = layout or layout_for(report.format_id)
    values: dict[str, CellValue | None] = dict(report.values)
    for no, section in report.sections.items():
        values[f"section.{no}"] = section.text or None
        values[f"section.{no}.table_heading"] = section.table_heading or None
        official = report.spec.section(no).title if 1 <= no <= 6 else ""
        values[f"section.{no}.title"] = section.title if section.title != official else None
    values.update(_meta_values(report))
    values.update(_field_values(report))
    if report.local_tables:
        raise ValueError(
            "the template has no place for tables kept as printed (local_tables); "
            "a local table needs a profile that describes it"
        )
    for place, value in values.items():
        p = layout.locate(place)
        if p is None:
            if value in (None, "否") or isinstance(value, Blank):
                continue
            raise ValueError(f"the {report.format_id} template has no input for {place}")
        set_value(wb[p.sheet][p.cell], value)
    ws = wb[FINDINGS_SHEET]
    fp_col, ex_col = findings_column("fingerprint"), findings_column("explanation")
    for i, (fingerprint, text) in enumerate(sorted(report.explanations.items())):
        ws[f"{fp_col}{FINDINGS_FIRST_ROW + i}"] = fingerprint
        set_value(ws[f"{ex_col}{FINDINGS_FIRST_ROW + i}"], text)
    return wb


def fill_template(report: AnnualReport, path: Path | str, *, password: str | None = None) -> Path:
    """Build the template of ``report.format_id``, write the report into it, save to ``path``.

    Example:
        >>> import tempfile, pathlib
        >>> from xl_disclosure.readers import read_workbook
        >>> r = AnnualReport.blank("gb2021", agency="某局", year=2024)
        >>> r.values["T3.new.C7"] = 5
        >>> out = fill_template(r, pathlib.Path(tempfile.mkdtemp()) / "filled.xlsx")
        >>> read_workbook(out).report.value("T3.new.C7")
        5
    """
    from xl_disclosure.builder import build_workbook

    path = Path(path)
    wb = build_workbook(report.format_id, password=password)
    write_report(wb, report)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
