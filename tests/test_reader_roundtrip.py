"""Fill the template with a report, read it back (both engines): the same report.

Values include 0, blank, "/", text, signed numbers, decimals, booleans, dates, Excel errors and
formulas without a cached result; narrative, cover fields, a profile's tables and fields, and
kept-warning explanations all come back unchanged.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.factories import consistent_report
from support.profiles import profiled_report
from support.workbooks import fill_template
from xl_disclosure.cells import BLANK, EXCEL_ERRORS, CellValue, ExcelError, NotCalculated
from xl_disclosure.model.report import AnnualReport
from xl_disclosure.readers import read_workbook
from xl_disclosure.spec import format_ids, load_format
from xl_disclosure.spec.load import shipped_profile_formats

ENGINES = ("openpyxl", "calamine")
_CHARS = st.characters(
    codec="utf-8",
    categories=("L", "N", "P", "S", "Zs"),
    exclude_characters="\r\x85\u2028\u2029\ufffe\uffff",
)


def _text(min_size: int = 1, max_size: int = 30, *, lines: bool = False) -> st.SearchStrategy[str]:
    alphabet = st.one_of(_CHARS, st.just("\n")) if lines else _CHARS
    return st.text(alphabet, min_size=min_size, max_size=max_size).filter(
        lambda s: bool(s.strip()) and s.strip() not in EXCEL_ERRORS
    )


def _stripped(max_size: int = 20) -> st.SearchStrategy[str]:
    return _text(1, max_size).map(str.strip)


CELL_VALUES: st.SearchStrategy[CellValue] = st.one_of(
    st.integers(-(10**9), 10**9),
    # Excel keeps 15 significant digits (openpyxl writes 16): realistic amounts, 4 decimals
    st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False).map(lambda x: round(x, 4)),
    st.sampled_from(["/", "-", "—", "无", "N/A", "12元", "５０", " 7 ", "=A1", "#REF!x"]),
    _text(),
    st.just(BLANK),
    st.sampled_from(
        sorted({"#REF!", "#DIV/0!", "#N/A", "#VALUE!", "#NAME?", "#NUM!", "#NULL!"})
    ).map(ExcelError),
    st.sampled_from(["=1+1", "=SUM(A1:A3)", '=IF(A1>0,"x","y")']).map(NotCalculated),
    st.booleans(),
    st.dates(date(1990, 1, 1), date(2099, 12, 31)),
)


@st.composite
def reports(draw: st.DrawFn, format_id: str) -> AnnualReport:
    rnd = random.Random(draw(st.integers(0, 2**32)))
    spec = load_format(format_id)
    report = (profiled_report if spec.profile else consistent_report)(format_id, rnd)
    keys = [c.key for c in spec.cells]
    for key in draw(st.lists(st.sampled_from(keys), max_size=12, unique=True)):
        report.values[key] = draw(CELL_VALUES)
    for no in draw(st.lists(st.integers(1, 6), max_size=3, unique=True)):
        report.sections[no].text = draw(st.one_of(st.just(""), _text(1, 200, lines=True)))
    for no in draw(st.lists(st.integers(2, 4), max_size=2, unique=True)):
        report.sections[no].table_heading = draw(_text())
    m = report.meta
    m.agency = draw(_stripped())
    m.title = draw(st.one_of(st.just(""), _stripped(40)))
    m.contact = draw(st.one_of(st.just(""), _text(1, 60, lines=True)))
    m.agency_kind = draw(st.sampled_from(["department", "government"]))
    m.rulemaking = draw(st.booleans())
    m.signed_off = draw(st.booleans())
    m.year = draw(st.one_of(st.none(), st.integers(2019, 2100)))
    m.period_start, m.period_end, m.publish_date = (
        draw(
            st.one_of(st.just(""), st.dates(date(2019, 1, 1), date(2100, 1, 1)).map(date.isoformat))
        )
        for _ in range(3)
    )
    if spec.has("purchase_amount"):
        m.money_unit = draw(st.sampled_from(["", "元", "万元"]))
    report.preamble = draw(st.one_of(st.just(""), _text(1, 120, lines=True)))
    for fld in spec.input_fields:  # a profile's fields: text, 是/否 (or unanswered), dates
        text = {
            "yesno": st.sampled_from(["", "是", "否"]),
            "date": st.one_of(
                st.just(""), st.dates(date(2019, 1, 1), date(2100, 1, 1)).map(date.isoformat)
            ),
            "text": st.one_of(st.just(""), _text()),
        }.get(fld.kind, st.one_of(st.just(""), _text(1, 120, lines=True)))
        report.fields[fld.key] = draw(text)
    fingerprints = draw(
        st.lists(
            st.sampled_from(["V-006@T3.new.C1", "P-005@report", "D-008@section.5"]),
            unique=True,
            max_size=3,
        )
    )
    report.explanations = {fp: draw(_stripped(60)) for fp in fingerprints}
    return report


@pytest.mark.parametrize("fid", format_ids())
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_round_trip(tmp_path: Path, fid: str, data: st.DataObject) -> None:
    _round_trip(tmp_path, fid, data)


@pytest.mark.parametrize("fid", shipped_profile_formats())
@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_round_trip_with_a_profile(tmp_path: Path, fid: str, data: st.DataObject) -> None:
    _round_trip(tmp_path, fid, data)


def _round_trip(tmp_path: Path, fid: str, data: st.DataObject) -> None:
    report = data.draw(reports(fid))
    path = fill_template(report, tmp_path / f"{fid}.xlsx")
    for engine in ENGINES:
        result = read_workbook(path, engine=engine)  # type: ignore[arg-type]
        assert result.findings == []
        back = result.report
        assert back.values == report.values, engine
        assert back.meta == report.meta, engine
        assert back.sections == report.sections, engine
        assert back.preamble == report.preamble, engine
        assert back.fields == report.fields, engine
        assert back.explanations == report.explanations, engine
        assert back == report


@pytest.mark.parametrize("fid", format_ids())
@pytest.mark.parametrize("engine", ENGINES)
def test_consistent_reports_round_trip(tmp_path: Path, fid: str, engine: str) -> None:
    for seed in range(3):
        report = consistent_report(fid, random.Random(seed))
        back = read_workbook(fill_template(report, tmp_path / f"{seed}.xlsx"), engine=engine)  # type: ignore[arg-type]
        assert back.report == report


def test_empty_template_reads_as_blank_report(tmp_path: Path) -> None:
    from support.workbooks import template_path

    for fid in format_ids():
        back = read_workbook(template_path(fid)).report
        blank = AnnualReport.blank(fid)
        assert back.values == blank.values
        assert back.sections == blank.sections
        assert back.local_tables == [] and back.explanations == {} and back.preamble == ""
