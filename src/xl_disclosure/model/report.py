"""The annual report as data: metadata, every table value, narrative text, a profile's fields.

An :class:`AnnualReport` is what every reader produces and every writer consumes: the
workbook reader, the JSON reader, the importer of published text, the validator, the
canonical JSON writer and the draft generator all speak it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from xl_disclosure.cells import BLANK, CellValue
from xl_disclosure.spec import FormatSpec, load_format

#: Kinds of reporting body; the deadline (D-006) and D-011 depend on it.
AGENCY_KINDS: dict[str, str] = {"department": "政府部门", "government": "人民政府"}
#: Units allowed for gb2019 采购总金额 (V-007).
MONEY_UNITS: tuple[str, ...] = ("元", "万元")


@dataclass
class Meta:
    """Cover-sheet data."""

    agency: str = ""
    """机关名称 (full name, as in the title)."""
    year: int | None = None
    """报告年度."""
    period_start: str = ""
    """统计期限起 (ISO date); derived from the year when empty."""
    period_end: str = ""
    """统计期限止 (ISO date)."""
    agency_kind: str = "department"
    """``department`` (政府部门) or ``government`` (人民政府)."""
    rulemaking: bool = False
    """Whether the body has power to make 规章 (P-004)."""
    contact: str = ""
    """联系方式: address, phone, e-mail, as one text."""
    publish_date: str = ""
    """(Planned) publication date, ISO."""
    title: str = ""
    """Report title as published; empty means the standard title."""
    money_unit: str = ""
    """gb2019 only: unit of 采购总金额, ``元`` or ``万元``."""
    signed_off: bool = False
    """Leader sign-off and seal done (D-014)."""

    def effective_period(self) -> tuple[str, str]:
        if self.period_start or self.period_end or self.year is None:
            return self.period_start, self.period_end
        return f"{self.year}-01-01", f"{self.year}-12-31"

    def standard_title(self) -> str:
        return f"{self.agency}{self.year or ''}年政府信息公开工作年度报告"


@dataclass
class SectionContent:
    """One of the six sections as the agency wrote it."""

    title: str
    """Heading as written (validated against the official title, D-002)."""
    text: str = ""
    """Narrative; one paragraph per line. For table sections, text printed before the table."""
    table_heading: str = ""
    """Optional sub-heading printed right before the official table (e.g. Zhenhai's （二）)."""


@dataclass
class LocalTable:
    """A non-official table found in an imported report and kept as printed, because no spec
    table (national or of a profile) matched it. Values are the printed texts ("/", "——").
    """

    section: int
    heading: str
    columns: list[str]
    rows: list[list[str]]
    printed_format: str = ""
    """For the section's official table printed with another format's headers (a report on
    last year's template): the id of that format (D-010); "" for a table of the agency's own."""


class ReportSource(StrEnum):
    """Where a report came from: it decides how blank cells are read (issue of verdicts)."""

    WORKBOOK = "workbook"  #: a staff workbook (a blank cell is a cell not filled in)
    JSON = "json"  #: canonical JSON (exported by this tool, or built elsewhere)
    PUBLISHED = "published"  #: imported from a published report (blank = printed empty)


@dataclass
class AnnualReport:
    """A whole report in one of the official formats."""

    format_id: str
    meta: Meta = field(default_factory=Meta)
    values: dict[str, CellValue] = field(default_factory=dict)
    sections: dict[int, SectionContent] = field(default_factory=dict)
    preamble: str = ""
    """Opening paragraph(s) before section 一."""
    local_tables: list[LocalTable] = field(default_factory=list)
    """Tables an imported report printed that neither its format nor its profile describes,
    kept as printed (a profile's tables are spec tables: their values are in ``values``)."""
    fields: dict[str, str] = field(default_factory=dict)
    """A profile's extra inputs by key (``EX.zone``): text, ``是``/``否``, or an ISO date."""
    explanations: dict[str, str] = field(default_factory=dict)
    """Written explanations of kept warnings, by finding fingerprint (``rule@place``)."""
    source: ReportSource = ReportSource.WORKBOOK
    """Where the report came from (a staff workbook, canonical JSON, a published report)."""

    @property
    def spec(self) -> FormatSpec:
        return load_format(self.format_id)

    @classmethod
    def blank(cls, format_id: str, **meta: object) -> AnnualReport:
        """An empty report: every cell blank, every section with its official title.

        Example:
            >>> r = AnnualReport.blank("gb2021", agency="某局", year=2024)
            >>> r.value("T3.new.C7"), r.sections[1].title
            (BLANK, '一、总体情况')
        """
        spec = load_format(format_id)
        return cls(
            format_id=format_id,
            meta=Meta(**meta),  # type: ignore[arg-type]
            values={c.key: BLANK for c in spec.cells},
            sections={s.no: SectionContent(s.title) for s in spec.sections},
        )

    def value(self, key: str) -> CellValue:
        return self.values.get(key, BLANK)

    def text(self, no: int) -> str:
        section = self.sections.get(no)
        return section.text if section else ""
