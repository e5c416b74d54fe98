"""The button functions through xlwings' remote interpreter, on real workbook files.

Each test: fill a template (.xlsx with the mark list installed, as the .xlsm build does), build
the exact payload the VBA client would POST (tests/support/remote_payload.py), run the button
function on ``xw.Book(json=payload)``, apply the returned actions back onto the file
(tests/support/action_applier.py) and look at the file.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from support.action_applier import apply_to_file, coloured_cells
from support.factories import consistent_report
from support.remote_payload import build_payload
from xl_disclosure import excel
from xl_disclosure.builder import build_workbook
from xl_disclosure.builder.fill import write_report
from xl_disclosure.builder.marks import install_marks
from xl_disclosure.cells import BLANK
from xl_disclosure.layout import FINDINGS_FIRST_ROW, FINDINGS_SHEET, META_SHEET, layout_for
from xl_disclosure.layout.marks import LEVELS, MARKS_SHEET
from xl_disclosure.marking.findings_sheet import level_of, placement_of
from xl_disclosure.model import AnnualReport
from xl_disclosure.readers import read_workbook
from xl_disclosure.validate import validate

xw = pytest.importorskip("xlwings")
pytestmark = pytest.mark.skipif(
    not os.environ.get("XLWINGS_LICENSE_KEY"),
    reason="remote engine needs XLWINGS_LICENSE_KEY=noncommercial",
)


def _save(report: AnnualReport, path: Path) -> Path:
    wb = build_workbook(report.format_id)
    install_marks(wb, layout_for(report.format_id))
    write_report(wb, report)
    wb.save(path)
    return path


def _press(
    button: Any, path: Path, **kwargs: Any
) -> tuple[list[dict[str, Any]], list[tuple[str, str]], Any]:
    payload = json.loads(json.dumps(build_payload(path)))  # exactly what goes over the wire
    book = xw.Book(json=payload)
    try:
        log = excel.CallLog()
        out = button(book, log=log, **kwargs)
        actions = book.json()["actions"]
    finally:
        book.close()
    alerts = apply_to_file(path, actions)
    return actions, alerts, (out, log)


def _inputs(path: Path) -> dict[tuple[str, str], tuple[str, Any]]:
    """Every value on every sheet staff type into (type and value), for byte-identity checks."""
    wb = load_workbook(path)
    skip = {FINDINGS_SHEET, MARKS_SHEET, META_SHEET}
    return {
        (ws.title, c.coordinate): (type(c.value).__name__, c.value)
        for ws in wb.worksheets
        if ws.title not in skip
        for row in ws.iter_rows()
        for c in row
        if c.value is not None
    }


def _findings_rows(path: Path) -> list[tuple[Any, ...]]:
    ws = load_workbook(path)[FINDINGS_SHEET]
    rows = [
        r
        for r in ws.iter_rows(min_row=FINDINGS_FIRST_ROW, values_only=True)
        if any(v is not None for v in r)
    ]
    return [(r[0], r[1], r[7]) for r in rows]


@pytest.mark.parametrize("format_id", ["gb2021", "gb2019"])
def test_validate_marks_exactly_the_wrong_cells_and_fixing_clears_them(
    tmp_path: Path, format_id: str
) -> None:
    good = consistent_report(format_id, random.Random(7))
    bad = consistent_report(format_id, random.Random(7))
    bad.values["T3.total.C7"] = int(str(bad.values["T3.total.C7"])) + 5  # a mistyped total
    bad.values["T3.new.C1"] = "十二"  # text in a number cell
    path = _save(bad, tmp_path / "填报.xlsx")
    before = _inputs(path)

    _actions, alerts, (result, _) = _press(excel.validate, path)

    layout = layout_for(format_id)
    expected = validate(read_workbook(path).report).findings
    assert result is not None and list(result.findings) == list(expected)
    marked = coloured_cells(load_workbook(path))
    want: dict[tuple[str, str], str] = {}
    for f in expected:
        p, level = placement_of(f, layout), level_of(f)
        if p is not None and level is not None:
            want.setdefault((p.sheet, p.cell), level)
    assert {k: v[0] for k, v in marked.items()} == want
    total = layout.locate("T3.total.C7")
    typed = layout.locate("T3.new.C1")
    assert total is not None and typed is not None
    assert marked[(total.sheet, total.cell)] == ("E", LEVELS["E"][0])
    assert marked[(typed.sheet, typed.cell)][0] == "E"
    # the findings sheet lists every finding, in order, with its fingerprint
    assert _findings_rows(path) == [(f.severity.label, f.rule, f.fingerprint) for f in expected]
    ws = load_workbook(path)[FINDINGS_SHEET]
    assert str(ws.cell(FINDINGS_FIRST_ROW, 3).value).startswith('=HYPERLINK("#')
    # first error selected on its sheet; one alert says why
    wb = load_workbook(path)
    first = placement_of(next(f for f in expected if f.severity.value == "error"), layout)
    assert first is not None and wb.active.title == first.sheet
    assert wb.active.sheet_view.selection[0].sqref == first.cell
    assert len(alerts) == 1 and alerts[0][1] == "critical"
    assert _inputs(path) == before  # typed values untouched

    # fix the workbook the way staff would (type the right numbers) and validate again
    wb = load_workbook(path)
    for key in ("T3.total.C7", "T3.new.C1"):
        p = layout.locate(key)
        assert p is not None
        wb[p.sheet][p.cell].value = good.values[key]
    wb.save(path)
    fixed_inputs = _inputs(path)
    _press(excel.validate, path)
    assert coloured_cells(load_workbook(path)) == {}
    assert _findings_rows(path) == []
    assert _inputs(path) == fixed_inputs


def test_explanations_survive_revalidation_and_clear_marks(tmp_path: Path) -> None:
    report = consistent_report("gb2021", random.Random(4))
    report.values["T2.B.R1"] = "/"  # V-006, a warning staff may keep with an explanation
    path = _save(report, tmp_path / "提示.xlsx")
    _press(excel.validate, path)
    rows = _findings_rows(path)
    warning_row = next(i for i, r in enumerate(rows) if r[0] == "提示")
    fingerprint = rows[warning_row][2]
    wb = load_workbook(path)
    wb[FINDINGS_SHEET].cell(FINDINGS_FIRST_ROW + warning_row, 7).value = "本年度确无此类情况。"
    wb.save(path)

    _press(excel.validate, path)
    assert _explained(path)[fingerprint] == "本年度确无此类情况。"
    p = layout_for("gb2021").locate("T2.B.R1")
    assert (
        p is not None and coloured_cells(load_workbook(path))[(p.sheet, p.cell)][0] == "K"
    )  # explained: green

    _press(excel.clear_marks, path)
    assert coloured_cells(load_workbook(path)) == {}
    assert _findings_rows(path) == []
    _press(excel.validate, path)
    assert _explained(path)[fingerprint] == "本年度确无此类情况。"


def _explained(path: Path) -> dict[Any, Any]:
    ws = load_workbook(path)[FINDINGS_SHEET]
    return {r[7]: r[6] for r in ws.iter_rows(min_row=FINDINGS_FIRST_ROW, values_only=True) if r[7]}


def _report_with(n_findings: int) -> AnnualReport:
    report = consistent_report("gb2021", random.Random(3))
    if n_findings == 0:
        return report
    keys = [c.key for c in report.spec.cells if c.key.startswith("T2")]
    if n_findings >= 200:  # every cell "/" (a V-006 each; blank cells are one V-001 per row)
        report.values.update({c.key: "/" for c in report.spec.cells})
        report.values[keys[0]] = BLANK  # and one error
        return report
    for key in keys[: n_findings - 1]:
        report.values[key] = "/"  # V-006 (warning) on each, no balance rule involved
    report.values[keys[n_findings - 1]] = BLANK  # and one error, so the first error is selected
    return report


def test_number_of_calls_does_not_grow_with_findings(tmp_path: Path) -> None:
    counts: dict[int, tuple[int, int, int]] = {}
    for n in (0, 10, 200):
        path = _save(_report_with(n), tmp_path / f"n{n}.xlsx")
        actions, _, (result, log) = _press(excel.validate, path)
        assert result is not None
        found = len(result.findings)
        if n == 0:
            assert found == 0
        elif n == 10:
            assert 10 <= found < 20
        else:
            assert found >= 200
        counts[n] = (log.total, len(actions), found)
    assert counts[10][:2] == counts[200][:2], counts
    assert counts[0][0] <= counts[10][0] and counts[0][1] <= counts[10][1], counts
    assert counts[200][1] <= 5  # findings sheet, mark list, activate, select, alert


def test_export_refuses_while_errors_stand_and_says_why(tmp_path: Path) -> None:
    report = consistent_report("gb2021", random.Random(5))
    report.values["T3.total.C7"] = BLANK
    path = _save(report, tmp_path / "有错.xlsx")
    stored: list[bytes] = []
    _, alerts, (out, _) = _press(
        excel.export_json, path, sink=lambda data, name, kind: stored.append(data) or "x"
    )
    assert out is None and stored == []
    assert alerts[-1][1] == "critical" and "不能导出" in alerts[-1][0] and "V-001" in alerts[-1][0]


def test_remote_export_goes_to_the_sink(tmp_path: Path) -> None:
    path = _save(consistent_report("gb2021", random.Random(6)), tmp_path / "正确.xlsx")
    stored: list[tuple[bytes, str, str]] = []

    def sink(data: bytes, name: str, kind: str) -> str:
        stored.append((data, name, kind))
        return "提交编号 1"

    _, alerts, (out, _) = _press(excel.export_json, path, sink=sink)
    assert out == "提交编号 1"
    assert stored and stored[0][1:] == ("正确.json", "json")
    assert json.loads(stored[0][0])["format"] == "gb2021"
    assert "提交编号 1" in alerts[-1][0]


def test_not_a_template_gives_an_alert(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "foreign.xlsx"
    Workbook().save(path)
    actions, alerts, (out, _) = _press(excel.validate, path)
    assert out is None and len(alerts) == 1 and "无法校验" in alerts[0][0]
    assert [a["func"] for a in actions] == ["alert"]
