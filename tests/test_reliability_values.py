"""Random values of every type in every input cell of the template, written with openpyxl.

Whatever staff type or paste (full-width digits, numbers stored as text, Excel errors,
formulas, dates in count cells, NaN, huge numbers, long text), the workbook ends in findings,
never a traceback; every table cell that does not hold an acceptable number is named by a
finding; and the openpyxl and calamine engines read the same report.
"""

from __future__ import annotations

import math
import random
import re
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from support.corpus import check_ends_cleanly
from support.factories import consistent_report
from support.workbooks import fill_template
from xl_disclosure.cells import EXCEL_ERRORS, NA_SYMBOLS
from xl_disclosure.errors import InputError
from xl_disclosure.layout import layout_for
from xl_disclosure.readers import read_workbook
from xl_disclosure.spec import ValueType, load_format

FULL_WIDTH = str.maketrans("0123456789.,-", "０１２３４５６７８９．，－")
FORMULAS = (
    "=1/0",
    "=SUM(D1:D3)",
    "='[外部汇总.xlsx]Sheet1'!A1",
    "=[1]Sheet1!$B$2",
    '=WEBSERVICE("http://127.0.0.1/")',
    '=HYPERLINK("http://127.0.0.1/","点击")',
    "=NOW()",
)


#: Error codes python-calamine cannot read (it refuses the whole sheet).
CALAMINE_UNSUPPORTED = EXCEL_ERRORS - {
    "#DIV/0!",
    "#N/A",
    "#NAME?",
    "#NULL!",
    "#NUM!",
    "#REF!",
    "#VALUE!",
}


class Formula(str):
    """Marks a value to be written as a formula (no cached result, as openpyxl writes)."""


class Error(str):
    """Marks a value to be written as an Excel error cell (``t="e"``)."""


_text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40).map(
    lambda s: ILLEGAL_CHARACTERS_RE.sub("", s)
)

VALUES: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.integers(0, 50),
    st.integers(-(2**53) + 1, 2**53 - 1),  # beyond, calamine (float64) cannot match openpyxl (int)
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
    # Whole seconds, as people type them: below a millisecond openpyxl and calamine round the
    # stored day count differently (…11.4115 reads .412 in one and .411 in the other).
    st.datetimes(min_value=datetime(1900, 3, 1), max_value=datetime(9999, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
    st.times().map(lambda t: t.replace(microsecond=0)),
    _text,
    st.integers(-(10**9), 10**9).map(lambda n: f"{n:,}".translate(FULL_WIDTH)),  # ５０, １，２００
    st.integers(-(10**9), 10**9).map(lambda n: f"{n:,}"),  # numbers stored as text
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(sorted(NA_SYMBOLS)),
    st.sampled_from(sorted(EXCEL_ERRORS)).map(Error),
    st.sampled_from(sorted(EXCEL_ERRORS)),  # an error code typed as text
    st.sampled_from(FORMULAS).map(Formula),
    st.sampled_from(["", " ", "\t", "\n", "0 ", " 12", "1e3", "0x10", "十二", "12件", "'12"]),
    st.just("长" * 32_767),
)


def _write(cell: Any, value: Any) -> None:
    if isinstance(value, Formula):
        cell.value = str(value)
        cell.data_type = "f"
    elif isinstance(value, Error):
        cell.value = str(value)
        cell.data_type = "e"
    elif isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # text stays text, even "=x"
    else:
        cell.value = value


def _acceptable(value: Any, kind: ValueType) -> bool:
    """Independent statement of what a table cell may hold (the oracle for the property)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    if not math.isfinite(value):
        return False
    if kind.integral and not float(value).is_integer():
        return False
    return kind.signed or value >= 0


@pytest.fixture(scope="module", params=["gb2021", "gb2019"])
def base(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    fmt = request.param
    path = tmp_path_factory.mktemp("values") / f"{fmt}.xlsx"
    return fill_template(consistent_report(fmt, random.Random(5)), path)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_values_in_every_input_cell(base: Path, tmp_path: Path, data: st.DataObject) -> None:
    wb = openpyxl.load_workbook(base)
    fmt = str(wb["_xd_meta"]["B2"].value)
    layout = layout_for(fmt)
    inputs = layout.input_placements()
    share = data.draw(st.sampled_from([0.05, 0.3, 1.0]), label="share of cells changed")
    written: dict[str, Any] = {}
    for p in inputs:
        if data.draw(st.floats(0, 1), label="pick") < share:
            value = data.draw(VALUES, label=p.place)
            _write(wb[p.sheet][p.cell], value)
            written[p.place] = value
    path = tmp_path / f"random-{fmt}.xlsx"
    wb.save(path)

    outcome = check_ends_cleanly(path)
    assert outcome.kind in ("valid", "findings"), outcome.message

    # The oracle judges what the file holds: openpyxl saves a number with 16 significant digits
    # ("%.16g"), so 2082523845029140.2, not a whole number, is saved as 2082523845029140.
    saved = openpyxl.load_workbook(path)
    stored = {p.place: saved[p.sheet][p.cell].value for p in inputs if p.place in written}
    named = {place for f in outcome.findings for place in f.places}
    for cell in load_format(fmt).cells:
        if cell.key in written and not _acceptable(stored[cell.key], cell.type):
            assert cell.key in named, (cell.key, written[cell.key], stored[cell.key])

    by_openpyxl = read_workbook(path).report
    try:
        by_calamine = read_workbook(path, engine="calamine").report
    except InputError as exc:
        # Known limitation: calamine refuses the newer error codes (#SPILL!, #CALC!, ...).
        assert "Unsupported cell error value" in exc.detail  # the engine's words: --debug only
        assert "不支持的错误值" in str(exc)
        assert any(isinstance(v, Error) and v in CALAMINE_UNSUPPORTED for v in written.values())
        return
    assert _meta(by_calamine.meta) == _meta(by_openpyxl.meta)
    assert by_calamine.sections == by_openpyxl.sections
    diff = {
        k: (v, by_calamine.values.get(k))
        for k, v in by_openpyxl.values.items()
        if not _same(v, by_calamine.values.get(k))
    }
    assert diff == {}


FEE_CELL = "T2.D.R1"


@pytest.mark.parametrize("value", [date(2024, 1, 2), True])
def test_fee_cell_holding_a_date_is_flagged(tmp_path: Path, value: object) -> None:
    path = fill_template(consistent_report("gb2021", random.Random(9)), tmp_path / "fee.xlsx")
    place = layout_for("gb2021").locate(FEE_CELL)
    assert place is not None
    wb = openpyxl.load_workbook(path)
    _write(wb[place.sheet][place.cell], value)
    wb.save(path)
    assert FEE_CELL in {p for f in check_ends_cleanly(path).findings for p in f.places}


@pytest.mark.parametrize("year", [9999, 2**40, "99999"])
def test_year_out_of_range_is_a_finding(tmp_path: Path, year: object) -> None:
    path = fill_template(consistent_report("gb2021", random.Random(9)), tmp_path / "year.xlsx")
    place = layout_for("gb2021").locate("meta.year")
    assert place is not None
    wb = openpyxl.load_workbook(path)
    _write(wb[place.sheet][place.cell], year)
    wb.save(path)
    assert "meta.year" in {p for f in check_ends_cleanly(path).findings for p in f.places}


def _meta(meta: object) -> dict[str, object]:
    """Meta fields, with fractions of a second dropped from ISO date-times (see _same)."""
    return {
        k: re.sub(r"(T\d\d:\d\d:\d\d)\.\d+", r"\1", v) if isinstance(v, str) else v
        for k, v in vars(meta).items()
    }


def _same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, datetime) and isinstance(b, datetime):
        # The two engines round a serial's fraction of a day differently (by <= 1 ms).
        return abs(a - b) <= timedelta(milliseconds=1)
    return type(a) is type(b) and a == b


@pytest.mark.parametrize(
    ("value", "rule", "words"),
    [
        ("５０", "V-002", "文本形式保存的数字“50”"),
        ("1,200", "V-002", "文本形式保存的数字“1200”"),
        ("12件", "V-002", "只填写数字"),
        (Error("#REF!"), "V-008", "#REF!"),
        ("#DIV/0!", "V-008", "#DIV/0!"),
        (Formula("=SUM(D1:D3)"), "V-009", "没有保存计算结果"),
        (Formula("='[外部汇总.xlsx]Sheet1'!A1"), "V-009", "外部汇总"),
        (-3, "V-002", "负数"),
        (2.5, "V-002", "小数"),
        (None, "V-001", "未填写"),
        ("／", "V-006", "／"),
        (date(2024, 1, 2), "V-002", "2024"),
        (True, "V-002", ""),
    ],
)
def test_typical_typing_mistakes_get_their_finding(
    tmp_path: Path, value: object, rule: str, words: str
) -> None:
    report = consistent_report("gb2021", random.Random(9))
    path = fill_template(report, tmp_path / "typed.xlsx")
    place = layout_for("gb2021").locate("T3.new.C1")
    assert place is not None
    wb = openpyxl.load_workbook(path)
    _write(wb[place.sheet][place.cell], value)
    wb.save(path)
    outcome = check_ends_cleanly(path)
    hits = [f for f in outcome.findings if f.rule == rule and "T3.new.C1" in f.places]
    assert hits, [(f.rule, f.places, f.message) for f in outcome.findings]
    assert words in hits[0].message


def test_time_values_are_not_numbers(tmp_path: Path) -> None:
    path = fill_template(consistent_report("gb2021", random.Random(9)), tmp_path / "t.xlsx")
    place = layout_for("gb2021").locate("T3.new.C1")
    assert place is not None
    wb = openpyxl.load_workbook(path)
    wb[place.sheet][place.cell] = time(12, 30)
    wb.save(path)
    assert "T3.new.C1" in {p for f in check_ends_cleanly(path).findings for p in f.places}
