"""The receiving office with profiles: aggregation sums the profile's tables too; a report in
the profile's format joins a national batch on its national tables; an imported report's local
table is recognised as the profile's table by its labels."""

from __future__ import annotations

import random
from pathlib import Path

from openpyxl import load_workbook

from support.profiles import profiled_report
from xl_disclosure.io.canonical import dumps, report_to_dict
from xl_disclosure.model import AnnualReport, LocalTable
from xl_disclosure.model.local import recognise_profile_tables
from xl_disclosure.receiving.aggregate import aggregate, write_summary
from xl_disclosure.spec import load_format

ZJ = "gb2019+zj-2019"
AGENCIES = ("甲局", "乙局", "丙局")


def _write(folder: Path, report: AnnualReport, name: str) -> None:
    (folder / f"{name}.json").write_bytes(dumps(report_to_dict(report)))


def _number(report: AnnualReport, key: str) -> int:
    value = report.value(key)
    return value if isinstance(value, int) else 0


def test_profile_tables_are_summed(tmp_path: Path) -> None:
    reports = [
        profiled_report(ZJ, random.Random(i), agency=name, year=2020)
        for i, name in enumerate(AGENCIES)
    ]
    for i, r in enumerate(reports):
        _write(tmp_path, r, f"r{i}")
    agg = aggregate(tmp_path, name="某区")
    assert agg.format_id == ZJ and not agg.batch.rejections
    for key in ("ZJ.T1.R1", "ZJ.T1.R5", "ZJ.T1.R10", "T3.new.C7"):
        assert agg.combined.value(key) == sum(_number(r, key) for r in reports), key
    out = write_summary(agg, tmp_path / "summary.xlsx")
    wb = load_workbook(out)
    assert "汇总浙江统计表" in wb.sheetnames
    shown = [c.value for row in wb["汇总浙江统计表"].iter_rows() for c in row]
    assert "3.政务微博公开政府信息数" in shown and agg.combined.value("ZJ.T1.R5") in shown


def test_a_profile_report_joins_a_national_batch(tmp_path: Path) -> None:
    national = profiled_report(ZJ, random.Random(1), agency="甲局", year=2020)
    national.format_id = "gb2019"
    _write(tmp_path, national, "national")
    local = profiled_report(ZJ, random.Random(2), agency="乙局", year=2020)
    _write(tmp_path, local, "local")
    agg = aggregate(tmp_path)
    assert agg.format_id == "gb2019" and not agg.batch.rejections
    assert len(agg.batch.submissions) == 2
    assert agg.combined.value("T3.new.C7") == _number(national, "T3.new.C7") + _number(
        local, "T3.new.C7"
    )
    assert "ZJ.T1.R1" not in report_to_dict(agg.combined)["values"]


def test_an_imported_local_table_becomes_the_profile_table() -> None:
    table = load_format(ZJ).table("ZJ.T1").blocks[0]
    printed = [
        [row.label.replace("\n", ""), row.unit, "——" if row.heading else str(i)]
        for i, row in enumerate(table.rows)
    ]
    printed[4][0] = "3、政務微博公開政府信息數"  # numbering and characters of a mirror site
    del printed[6]  # a row the copy lost
    report = AnnualReport.blank("gb2019")
    report.local_tables = [
        LocalTable(2, "（一）总体情况", ["统计指标", "单位", "统计数"], printed),
        LocalTable(6, "", ["项目", "数量"], [["其他事项", "1"]]),
    ]
    notes = recognise_profile_tables(report)
    assert report.format_id == ZJ
    assert report.value("ZJ.T1.R1") == 0 and report.value("ZJ.T1.R5") == 4
    assert repr(report.value("ZJ.T1.R7")) == "NOT_AVAILABLE"  # not printed: unknown, not blank
    assert [t.section for t in report.local_tables] == [6]  # what no profile describes stays
    assert notes == [
        "“（一）总体情况”按地方配置“浙江省主动公开及回应解读统计表”识别为浙江统计表（15行，共16行）。"
    ]


def test_an_unrelated_table_is_left_as_printed() -> None:
    report = AnnualReport.blank("gb2019")
    report.local_tables = [
        LocalTable(
            2,
            "",
            ["a", "b"],
            [["1.政府公报公开政府信息数", "1"], ["x", "2"], ["y", "3"], ["z", "4"]],
        )
    ]
    assert recognise_profile_tables(report) == []
    assert report.format_id == "gb2019" and len(report.local_tables) == 1


def test_prefill_keeps_the_profile_while_the_national_format_stays() -> None:
    from xl_disclosure.receiving.prefill import prefill_report

    last = profiled_report(ZJ, random.Random(3), agency="甲局", year=2019)
    assert prefill_report(last).report.format_id == ZJ  # 2020 is still gb2019
    assert prefill_report(last, year=2021).report.format_id == "gb2021"  # a new national format
