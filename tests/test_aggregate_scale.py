"""Aggregation at scale: flat memory, the same result on every core, streamed sheets read back."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from support.realistic import write_realistic
from xl_disclosure.io.canonical import load_report_json
from xl_disclosure.receiving.aggregate import aggregate, write_summary
from xl_disclosure.receiving.aggregate.charts import OTHERS, TOP_N, chart_data
from xl_disclosure.receiving.aggregate.examine import finding_row
from xl_disclosure.receiving.aggregate.frame import key_figures
from xl_disclosure.validate import Severity, validate

SRC = Path(__file__).resolve().parents[1] / "src"
TESTS = Path(__file__).resolve().parent

# The child's own high-water mark: VmHWM is reset when the child execs, whereas Linux carries
# ``getrusage`` ru_maxrss over from the parent that forked it (pytest, hundreds of MB late in a
# run), which would make both sizes report the parent's peak and the test unable to fail.
_CHILD = """
import json, sys
sys.path[:0] = [{src!r}, {tests!r}]
from pathlib import Path
from support.realistic import write_realistic
folder = Path(sys.argv[1])
write_realistic(folder, int(sys.argv[2]))
from xl_disclosure.cli import main
def hwm_kb():
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmHWM:"))
base = hwm_kb()
code = main(["aggregate", str(folder), "-o", str(folder.parent / (folder.name + ".xlsx")), "-j", "1"])
peak = hwm_kb()
print(json.dumps({{"code": code, "base_kb": base, "peak_kb": peak}}))
"""


def _peak_mb(tmp: Path, n: int) -> float:
    script = _CHILD.format(src=str(SRC), tests=str(TESTS))
    proc = subprocess.run(
        [sys.executable, "-c", script, str(tmp / f"in{n}"), str(n)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    data = json.loads(proc.stdout.strip().splitlines()[-1])
    assert data["code"] == 0 or data["code"] == 1
    return float(data["peak_kb"]) / 1024


def test_memory_does_not_grow_with_the_number_of_files(tmp_path: Path) -> None:
    # Past a few hundred files the process is at its working size (40 files: 66 MB, 640 and
    # 3,000: 71.5 MB). Holding every report (as before) would cost ~80 MB per 1,000 files, and
    # anything kept per file beyond ~2.5 KB would show over these 1,600 more.
    small, large = 400, 2000
    low, high = _peak_mb(tmp_path, small), _peak_mb(tmp_path, large)
    assert high - low < 4, (low, high)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("realistic")
    write_realistic(path, 60)
    return path


def test_every_core_gives_the_same_result_as_one(folder: Path, tmp_path: Path) -> None:
    one, two = aggregate(folder, name="某市", jobs=1), aggregate(folder, name="某市", jobs=2)
    assert one.combined_dict() == two.combined_dict()
    assert [(s.file, s.values, s.findings) for s in one.iter_submissions()] == [
        (s.file, s.values, s.findings) for s in two.iter_submissions()
    ]
    a = load_workbook(write_summary(one, tmp_path / "a.xlsx"))
    b = load_workbook(write_summary(two, tmp_path / "b.xlsx"))
    for name in a.sheetnames:
        rows_a = [[c.value for c in r] for r in a[name].iter_rows()]
        assert rows_a == [[c.value for c in r] for r in b[name].iter_rows()], name


def test_streamed_sheets_hold_every_row(folder: Path, tmp_path: Path) -> None:
    agg = aggregate(folder, name="某市")
    wb = load_workbook(write_summary(agg, tmp_path / "s.xlsx"))
    findings = [[c.value for c in r] for r in wb["校验问题"].iter_rows(min_row=2)]
    assert findings == agg.findings_frame().to_numpy().tolist()
    results = [validate(load_report_json(p)) for p in sorted(folder.glob("*.json"))]
    each = [len(r.findings) for r in results]
    # The findings travel as rows and become Finding objects only when asked for: the same
    # findings, counts and first problem as the validator's own result.
    subs = list(agg.iter_submissions())
    assert [tuple(map(finding_row, s.findings)) for s in subs] == [
        tuple(map(finding_row, r.findings)) for r in results
    ]
    assert all(isinstance(f.severity, Severity) for s in subs for f in s.findings)
    assert [(s.errors, s.warnings) for s in subs] == [
        (len(r.errors), len(r.warnings)) for r in results
    ]
    assert [s.first_problem() for s in subs] == [
        next((f.message for f in r.findings if f.severity is not Severity.INFO), "")
        for r in results
    ]
    assert min(each) >= 7 and max(each) >= 8  # the notes of every file, X-003 on some
    assert len(findings) == agg.findings_count == sum(each)
    agencies = wb["各单位"]
    assert agencies.max_row == 60 + 2
    assert agencies["B2"].value == agg.batch.submissions[0].agency
    assert agencies["D2"].value == "通过（有提示）"
    figures = [label for label, _ in key_figures(agg.format_id)]
    header = [c.value for c in agencies[1]]
    totals = agg.totals.figure_totals()
    last = {header[j]: c.value for j, c in enumerate(agencies[agencies.max_row])}
    assert last["机关名称"] == "合计"
    assert {name: last[name] for name in figures} == {n: int(totals[n]) for n in figures}
    by_frame = agg.figures.sum()
    assert {n: int(by_frame[n]) for n in figures} == {n: int(totals[n]) for n in figures}
    assert agencies.auto_filter.ref == f"A1:{agencies.cell(1, len(header)).column_letter}61"
    assert agencies.freeze_panes == "C2"


def test_top_agency_charts_show_ten_names_and_the_rest_as_others(folder: Path) -> None:
    agg = aggregate(folder)
    charts = {c.title: c for c in chart_data(agg)}
    top = [c for c in charts.values() if c.horizontal]
    assert len(top) == 3
    figures = agg.figures
    for chart in top:
        ((label, numbers),) = chart.series
        assert len(chart.categories) == TOP_N + 1 and chart.categories[-1].startswith(OTHERS)
        ranked = sorted(figures[label].fillna(0).tolist(), reverse=True)
        assert numbers[:-1] == ranked[:TOP_N]
        assert numbers[-1] == pytest.approx(sum(ranked[TOP_N:]))


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["gb2021", "gb2019"]),
    st.data(),
)
def test_figure_sums_add_each_figures_cells_left_to_right(format_id: str, data: Any) -> None:
    """The per-agency figures of the summary (vector sums over all figures at once) equal
    adding each figure's cells one by one in listed order, blanks (NaN) adding nothing;
    fractions (money) included, where the order of addition shows in the last digit."""
    import numpy as np

    from xl_disclosure.receiving.aggregate.frame import figure_sums
    from xl_disclosure.spec import load_format

    spec = load_format(format_id)
    cell = st.one_of(
        st.just(float("nan")),
        st.integers(0, 10**6).map(float),
        st.floats(0, 1e6, allow_nan=False).map(lambda v: round(v, 4)),
    )
    values = np.array(data.draw(st.lists(cell, min_size=len(spec.cells), max_size=len(spec.cells))))
    sums, numbers = figure_sums(values, format_id)
    index = {c.key: i for i, c in enumerate(spec.cells)}
    for j, (_, keys) in enumerate(key_figures(format_id)):
        parts = [values.tolist()[index[k]] for k in keys]
        numbered = [v for v in parts if not math.isnan(v)]
        assert numbers[j] == len(numbered)
        assert repr(sums[j]) == repr(sum(numbered, 0.0))  # bit for bit, not approximately


@pytest.mark.parametrize("format_id", ["gb2021", "gb2019"])
def test_figure_sums_of_fractions_keep_the_order_of_addition(format_id: str) -> None:
    """Every cell a fraction: numpy's own summation of a figure of eight cells adds them
    pairwise, which differs from left to right in the last digit for these values."""
    import numpy as np

    from xl_disclosure.receiving.aggregate.frame import figure_sums
    from xl_disclosure.spec import load_format

    spec = load_format(format_id)
    values = [0.1 * (i % 7 + 1) + 0.0003 * i for i in range(len(spec.cells))]
    sums, _ = figure_sums(np.array(values), format_id)
    index = {c.key: i for i, c in enumerate(spec.cells)}
    expected = [sum((values[index[k]] for k in keys), 0.0) for _, keys in key_figures(format_id)]
    assert [repr(s) for s in sums] == [repr(s) for s in expected]
    pairwise = [
        float(np.array([values[index[k]] for k in keys]).sum())
        for _, keys in key_figures(format_id)
    ]
    assert pairwise != expected  # the values tell the two orders apart
