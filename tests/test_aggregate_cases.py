"""Aggregation edge cases: money units, reports with errors, empty folders, our own output."""

from __future__ import annotations

import random
from pathlib import Path

from support.factories import consistent_report
from xl_disclosure.io.canonical import dumps, report_to_dict
from xl_disclosure.receiving.aggregate import aggregate, write_summary


def _write(folder: Path, name: str, data: dict[str, object]) -> None:
    (folder / name).write_bytes(dumps(data))


def test_money_units_are_converted_to_yuan_when_they_differ(tmp_path: Path) -> None:
    a = consistent_report("gb2019", random.Random(1), agency="甲局", year=2020)
    b = consistent_report("gb2019", random.Random(2), agency="乙局", year=2020)
    a.meta.money_unit, a.values["T2.E.R1.C2"] = "元", 1000
    b.meta.money_unit, b.values["T2.E.R1.C2"] = "万元", 2.5
    _write(tmp_path, "a.json", report_to_dict(a))
    _write(tmp_path, "b.json", report_to_dict(b))
    agg = aggregate(tmp_path, name="某区")
    assert agg.combined.value("T2.E.R1.C2") == 26000
    assert agg.combined.meta.money_unit == "元"
    assert any("换算为元" in n for n in agg.notes)
    assert agg.combined_result.valid


def test_same_unit_is_kept(tmp_path: Path) -> None:
    for i, name in enumerate(("甲局", "乙局")):
        r = consistent_report("gb2019", random.Random(i), agency=name, year=2020)
        r.meta.money_unit, r.values["T2.E.R1.C2"] = "万元", 1.25
        _write(tmp_path, f"{i}.json", report_to_dict(r))
    agg = aggregate(tmp_path)
    assert agg.combined.value("T2.E.R1.C2") == 2.5 and agg.combined.meta.money_unit == "万元"


def test_report_with_errors_is_counted_and_flagged(tmp_path: Path) -> None:
    good = consistent_report("gb2021", random.Random(3), agency="甲局", year=2024)
    bad = consistent_report("gb2021", random.Random(4), agency="乙局", year=2024)
    bad.values["T3.new.C1"] = int(str(bad.values["T3.new.C1"])) + 5  # breaks T3-001 and T3-003
    _write(tmp_path, "good.json", report_to_dict(good))
    _write(tmp_path, "bad.json", report_to_dict(bad))
    agg = aggregate(tmp_path)
    status = {s.agency: s.status for s in agg.batch.submissions}
    assert status == {"甲局": "通过", "乙局": "有强制性错误"}
    assert not agg.combined_result.valid  # sums of an unbalanced report do not balance
    assert "validation" not in agg.combined_dict()
    assert not agg.findings_frame().empty
    write_summary(agg, tmp_path / "s.xlsx")


def test_empty_folder_gives_an_empty_but_valid_summary(tmp_path: Path) -> None:
    agg = aggregate(tmp_path, year=2024, name="某区")
    assert agg.batch.submissions == [] and agg.combined_result.valid
    assert write_summary(agg, tmp_path / "s.xlsx").exists()


def test_a_combined_report_in_the_folder_is_rejected(tmp_path: Path) -> None:
    r = consistent_report("gb2021", random.Random(5), agency="甲局", year=2024)
    _write(tmp_path, "a.json", report_to_dict(r))
    first = aggregate(tmp_path, name="某区")
    _write(tmp_path, "combined.json", first.combined_dict())
    again = aggregate(tmp_path, name="某区")
    assert [x.file for x in again.rejections] == ["combined.json"]
    assert "汇总报告" in again.rejections[0].reason


def test_cli_usage_errors_exit_2(tmp_path: Path) -> None:
    from xl_disclosure.cli import main

    out = str(tmp_path / "s.xlsx")
    assert main(["aggregate", str(tmp_path / "nope"), "-o", out]) == 2
    assert main(["aggregate", str(tmp_path), "-o", str(tmp_path / "s.csv")]) == 2
    assert main(["aggregate", str(tmp_path), "-o", out, "--expected", str(tmp_path / "x.txt")]) == 2


def test_combined_report_in_the_fill_in_template(tmp_path: Path) -> None:
    from xl_disclosure.cli import main
    from xl_disclosure.readers import read_workbook

    for i in range(2):
        r = consistent_report("gb2021", random.Random(i), agency=f"局{i}", year=2024)
        _write(tmp_path, f"{i}.json", report_to_dict(r))
    out = tmp_path / "out"
    out.mkdir()
    args = [
        "aggregate",
        str(tmp_path),
        "-o",
        str(out / "s.xlsx"),
        "--report-xlsx",
        str(out / "r.xlsx"),
    ]
    assert main([*args, "--name", "某区"]) == 0
    back = read_workbook(out / "r.xlsx").report
    agg = aggregate(tmp_path, name="某区")
    assert back.meta.agency == "某区（汇总）"
    assert {k: back.value(k) for k in agg.combined.values} == agg.combined.values


def test_imported_publications_with_blank_cells_are_aggregated(tmp_path: Path) -> None:
    """A published report imported with cells printed empty or cut off carries nulls (and
    ``not_available``): the schema accepts it, aggregate sums it, the validator names the gaps."""
    from xl_disclosure.io.canonical import dumps, report_to_dict
    from xl_disclosure.receiving.aggregate import aggregate
    from xl_disclosure.receiving.importer import import_report

    text = (Path(__file__).parent / "data" / "zhenhai-news-center-2019.txt").read_text("utf-8")
    cut = tmp_path / "cut.txt"
    cut.write_text(text[: text.index("（四）无法提供") + 200], "utf-8")
    report = import_report(cut).report
    data = report_to_dict(report)
    assert None in data["values"].values() and data["not_available"]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "zh.json").write_bytes(dumps(data))
    agg = aggregate(folder)
    assert agg.batch.rejections == [] and agg.batch.accepted == 1
