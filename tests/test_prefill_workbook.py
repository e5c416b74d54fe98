"""Prefill this year's workbook from last year's JSON; the cross-year rule catches a mismatch."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from support.factories import consistent_report
from xl_disclosure.cells import BLANK
from xl_disclosure.cli import main
from xl_disclosure.io.canonical import dumps, report_to_dict
from xl_disclosure.model import AnnualReport
from xl_disclosure.readers import read_workbook
from xl_disclosure.receiving.prefill import NOTE_TITLE, prefill_report, write_prefilled
from xl_disclosure.validate import validate

COLS = [f"C{i}" for i in range(1, 8)]


@pytest.fixture
def last_2020() -> AnnualReport:
    """A gb2019 report of 2020 with something carried out in every column."""
    report = consistent_report("gb2019", random.Random(20), agency="测试市交通运输局", year=2020)
    for col in COLS[:-1]:  # make carry_out non-zero and keep T3-001 (new absorbs the change)
        report.values[f"T3.carry_out.{col}"] = int(str(report.values[f"T3.carry_out.{col}"])) + 2
        report.values[f"T3.new.{col}"] = int(str(report.values[f"T3.new.{col}"])) + 2
    for row in ("carry_out", "new"):
        report.values[f"T3.{row}.C7"] = sum(
            int(str(report.values[f"T3.{row}.{c}"])) for c in COLS[:-1]
        )
    assert validate(report).valid
    return report


def test_gb2019_to_gb2021_workbook_carries_carry_out(
    last_2020: AnnualReport, tmp_path: Path
) -> None:
    result = prefill_report(last_2020)
    assert result.report.format_id == "gb2021" and result.report.meta.year == 2021
    out = write_prefilled(result, tmp_path / "2021.xlsx")
    back = read_workbook(out).report
    assert back.format_id == "gb2021" and back.meta.year == 2021
    assert back.meta.agency == "测试市交通运输局"
    for col in COLS:
        assert back.value(f"T3.carry_in.{col}") == last_2020.value(f"T3.carry_out.{col}")
    carried = {f"T3.carry_in.{c}" for c in COLS}
    for cell in back.spec.cells:  # everything else blank, not 0
        if cell.key not in carried:
            assert back.value(cell.key) is BLANK, cell.key
    assert all(back.text(no) == "" for no in range(1, 7))
    assert any("表二：2019年版与2021年版格式的表二不能对应" in line for line in result.not_carried)
    # the explanation is on the cover sheet
    from openpyxl import load_workbook

    cover = load_workbook(out)["封面"]
    texts = [c.value for row in cover.iter_rows() for c in row if isinstance(c.value, str)]
    assert NOTE_TITLE in texts
    assert any("上年“四、结转下年度继续办理”/“总计”" in t for t in texts)


def test_cross_year_rule_catches_a_mismatch(last_2020: AnnualReport) -> None:
    this = consistent_report("gb2021", random.Random(21), agency="测试市交通运输局", year=2021)
    for col in COLS:  # carry the right numbers in, rebalancing with 新收 so the year is consistent
        delta = int(str(last_2020.value(f"T3.carry_out.{col}"))) - int(
            str(this.values[f"T3.carry_in.{col}"])
        )
        this.values[f"T3.carry_in.{col}"] = last_2020.value(f"T3.carry_out.{col}")
        this.values[f"T3.new.{col}"] = int(str(this.values[f"T3.new.{col}"])) - delta
    if any(int(str(this.values[f"T3.new.{c}"])) < 0 for c in COLS):
        pytest.skip("random data cannot absorb the carry-over")
    assert not [f for f in validate(this, last_2020).findings if f.rule == "Y-001"]
    this.values["T3.carry_in.C1"] = int(str(this.values["T3.carry_in.C1"])) + 1
    this.values["T3.new.C1"] = int(str(this.values["T3.new.C1"])) - 1
    found = [f for f in validate(this, last_2020).findings if f.rule == "Y-001"]
    assert [f.places for f in found] == [("T3.carry_in.C1",)]


def test_gb2019_to_gb2019_carries_item_counts(last_2020: AnnualReport) -> None:
    last_2019 = consistent_report("gb2019", random.Random(19), agency="测试市交通运输局", year=2019)
    result = prefill_report(last_2019)
    assert result.report.format_id == "gb2019" and result.report.meta.year == 2020
    for block, rows in (("B", ("R1", "R2")), ("C", ("R1", "R2")), ("D", ("R1",))):
        for r in rows:
            expected = int(str(last_2019.value(f"T2.{block}.{r}.C1"))) + int(
                str(last_2019.value(f"T2.{block}.{r}.C2"))
            )
            assert result.report.value(f"T2.{block}.{r}.C1") == expected
            assert result.report.value(f"T2.{block}.{r}.C2") is BLANK
    assert result.report.value("T2.A.R1.C1") is BLANK
    assert result.report.meta.money_unit == last_2019.meta.money_unit


def test_gb2021_to_gb2021_only_notes_in_force_counts() -> None:
    last = consistent_report("gb2021", random.Random(22), agency="测试局", year=2022)
    result = prefill_report(last)
    assert all(result.report.value(c.key) is BLANK for c in result.report.spec.table("T2").cells)
    note = next(line for line in result.not_carried if line.startswith("表二"))
    assert "现行有效件数" in note and f"{last.value('T2.A.R2.C3')}件" in note


def test_cli_prefill(
    last_2020: AnnualReport, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "2020.json"
    src.write_bytes(dumps(report_to_dict(last_2020)))
    out = tmp_path / "2021.xlsx"
    assert main(["prefill", str(src), "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "已结转" in printed and "未结转" in printed and "表二" in printed
    assert read_workbook(out).report.value("T3.carry_in.C7") == last_2020.value("T3.carry_out.C7")
    assert main(["prefill", str(src), "-o", str(out)]) == 2  # never overwrites silently
