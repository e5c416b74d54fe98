"""Aggregation of 300 valid submissions plus 10 broken files."""

from __future__ import annotations

import json
import random
import time
import zipfile
from pathlib import Path

import pytest

from support.factories import consistent_report
from xl_disclosure.cli import main
from xl_disclosure.io.canonical import dumps, load_report_json, report_to_dict
from xl_disclosure.io.schema_check import schema_problems
from xl_disclosure.receiving.aggregate import LONG_COLUMNS, aggregate, write_summary
from xl_disclosure.validate import validate

N = 300
YEAR = 2023
BROKEN = {
    "bad-truncated.json",
    "bad-binary.json",
    "bad-array.json",
    "bad-no-values.json",
    "bad-text-in-count.json",
    "bad-format.json",
    "z-dup-same-agency.json",
    "z-dup-spaced-name.json",
    "wrong-year-2022.json",
    "wrong-year-2020-gb2019.json",
}


def _report(
    i: int, *, year: int = YEAR, fid: str = "gb2021", agency: str | None = None
) -> dict[str, object]:
    rep = consistent_report(fid, random.Random(i), agency=agency or f"测试区第{i}局", year=year)
    return report_to_dict(rep)


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("submissions")
    for i in range(N):
        (folder / f"r{i:03d}.json").write_bytes(dumps(_report(i)))
    good = _report(1000, agency="测试区某局")
    (folder / "bad-truncated.json").write_bytes(dumps(good)[:500])
    (folder / "bad-binary.json").write_bytes(b"\xff\xfe\x00garbage")
    (folder / "bad-array.json").write_text("[]", "utf-8")
    no_values = dict(good)
    del no_values["values"]
    (folder / "bad-no-values.json").write_bytes(dumps(no_values))
    text = json.loads(dumps(good))
    text["values"]["T3.open.C1"] = "十二"
    (folder / "bad-text-in-count.json").write_bytes(dumps(text))
    foreign = json.loads(dumps(good))
    foreign["format"] = "gb2099"
    (folder / "bad-format.json").write_bytes(dumps(foreign))
    (folder / "z-dup-same-agency.json").write_bytes(dumps(_report(4005, agency="测试区第5局")))
    (folder / "z-dup-spaced-name.json").write_bytes(dumps(_report(4007, agency="测试区第 7局")))
    (folder / "wrong-year-2022.json").write_bytes(
        dumps(_report(2022, year=2022, agency="测试区往年局"))
    )
    (folder / "wrong-year-2020-gb2019.json").write_bytes(
        dumps(_report(2020, year=2020, fid="gb2019", agency="测试区旧格式局"))
    )
    (folder / "readme.txt").write_text("not a submission", "utf-8")
    return folder


@pytest.fixture(scope="module")
def outputs(batch_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    out = tmp_path_factory.mktemp("out")
    expected = [f"测试区第{i}局" for i in range(N)] + ["测试区未报局", "测试区旧格式局"]
    started = time.perf_counter()
    agg = aggregate(batch_dir, expected=expected, name="测试区")
    summary = write_summary(agg, out / "summary.xlsx")
    elapsed = time.perf_counter() - started
    combined = out / "combined.json"
    combined.write_bytes(dumps(agg.combined_dict()))
    return {"agg": agg, "summary": summary, "combined": combined, "elapsed": elapsed, "out": out}


def test_exactly_the_ten_broken_files_are_rejected(outputs: dict[str, object]) -> None:
    agg = outputs["agg"]
    rejected = {r.file: r.reason for r in agg.rejections}  # type: ignore[attr-defined]
    assert set(rejected) == BROKEN
    assert all(reason.strip() for reason in rejected.values())
    assert (
        "重复" in rejected["z-dup-same-agency.json"]
        and "r005.json" in rejected["z-dup-same-agency.json"]
    )
    assert "重复" in rejected["z-dup-spaced-name.json"]
    assert "2022年" in rejected["wrong-year-2022.json"]
    assert "JSON 格式错误" in rejected["bad-truncated.json"]
    assert "不符合规范 JSON 结构" in rejected["bad-text-in-count.json"]
    assert len(agg.batch.submissions) == N  # type: ignore[attr-defined]
    assert agg.year == YEAR and agg.format_id == "gb2021"  # type: ignore[attr-defined]


def test_combined_tables_equal_independent_column_sums(
    batch_dir: Path, outputs: dict[str, object]
) -> None:
    sums: dict[str, float] = {}
    for i in range(N):
        with (batch_dir / f"r{i:03d}.json").open(encoding="utf-8") as fh:
            values = json.load(fh)["values"]
        for key, value in values.items():
            sums[key] = sums.get(key, 0) + value
    combined = json.loads(Path(str(outputs["combined"])).read_text("utf-8"))
    assert set(combined["values"]) == set(sums)
    for key, total in sums.items():
        assert combined["values"][key] == pytest.approx(total, abs=1e-6), key
    assert combined["meta"]["agency"] == "测试区（汇总）"
    assert combined["meta"]["year"] == YEAR


def test_summary_tables_hold_the_same_sums(outputs: dict[str, object]) -> None:
    from openpyxl import load_workbook

    from xl_disclosure.receiving.aggregate.workbook import table_cells

    combined = json.loads(Path(str(outputs["combined"])).read_text("utf-8"))["values"]
    wb = load_workbook(Path(str(outputs["summary"])))
    cells = table_cells("gb2021")
    assert set(cells) == set(combined)
    for key, (sheet, cell) in cells.items():
        assert wb[sheet][cell].value == pytest.approx(combined[key]), key


def test_combined_json_validates_like_a_single_report(outputs: dict[str, object]) -> None:
    path = Path(str(outputs["combined"]))
    data = json.loads(path.read_text("utf-8"))
    assert schema_problems(data) == []
    result = validate(load_report_json(path))
    assert result.errors == ()
    assert data["validation"]["valid"] is True


def test_long_frame_and_missing_agencies(outputs: dict[str, object]) -> None:
    agg = outputs["agg"]
    frame = agg.frame  # type: ignore[attr-defined]
    assert tuple(frame.columns) == LONG_COLUMNS
    assert len(frame) == N * 200 and frame["agency"].nunique() == N
    assert agg.missing == [  # type: ignore[attr-defined]
        ("测试区未报局", "未报送"),
        ("测试区旧格式局", "报送的文件被退回（见“退回文件”）"),
    ]
    assert agg.unexpected == []  # type: ignore[attr-defined]


def test_aggregation_is_fast(outputs: dict[str, object]) -> None:
    assert float(outputs["elapsed"]) < 30  # ~2 s on a laptop; generous for CI


def test_workbook_has_sheets_rows_and_native_charts(outputs: dict[str, object]) -> None:
    from openpyxl import load_workbook

    path = Path(str(outputs["summary"]))
    with zipfile.ZipFile(path) as zf:
        charts = [
            n for n in zf.namelist() if n.startswith("xl/charts/chart") and n.endswith(".xml")
        ]
    assert len(charts) == 6  # 3 by category, 3 top-N agencies with 其他
    wb = load_workbook(path)
    assert {
        "说明",
        "各单位",
        "汇总表二",
        "汇总表三",
        "汇总表四",
        "退回文件",
        "未报送",
        "图表",
        "图表数据",
    } <= set(wb.sheetnames)
    assert len(wb["图表"]._charts) == 6
    agencies = wb["各单位"]
    assert agencies.max_row == N + 2  # header, 300 agencies, 合计
    assert agencies["B2"].value == "测试区第0局" and agencies[f"B{N + 2}"].value == "合计"
    assert wb["退回文件"].max_row == 11
    t3 = wb["汇总表三"]
    labels = {c.value for row in t3.iter_rows() for c in row if isinstance(c.value, str)}
    assert "（七）总计" in labels and "二、上年结转政府信息公开申请数量" in labels


@pytest.mark.libreoffice
def test_workbook_opens_in_libreoffice(outputs: dict[str, object], tmp_path: Path) -> None:
    from xl_disclosure.builder.render import convert, soffice

    if soffice() is None:
        pytest.skip("LibreOffice not installed")
    pdf = convert(Path(str(outputs["summary"])), "pdf", tmp_path)
    assert pdf.stat().st_size > 10_000


def test_cli_aggregate(batch_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = tmp_path / "agencies.txt"
    expected.write_text("# 应报单位\n测试区第0局\n测试区未报局\n", "utf-8")
    xlsx, combined = tmp_path / "s.xlsx", tmp_path / "c.json"
    code = main(
        [
            "aggregate",
            str(batch_dir),
            "-o",
            str(xlsx),
            "--json",
            str(combined),
            "--name",
            "测试区",
            "--expected",
            str(expected),
            "--year",
            str(YEAR),
        ]
    )
    out = capsys.readouterr()
    assert code == 1  # rejections and a missing agency
    assert "退回 10 份" in out.out and "未报送：测试区未报局" in out.out
    assert "校验通过" in out.out
    assert out.err == ""  # no progress bar when stderr is not a terminal
    assert (
        xlsx.exists()
        and json.loads(combined.read_text("utf-8"))["meta"]["agency"] == "测试区（汇总）"
    )


def test_cli_clean_batch_exits_0_and_progress_on_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.json").write_bytes(dumps(_report(i, fid="gb2019", year=2020)))
    code = main(
        [
            "aggregate",
            str(folder),
            "-o",
            str(folder / "s.xlsx"),
            "--json",
            str(folder / "c.json"),
            "--progress",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0, captured.out
    assert "读取报告 3/3" in captured.err
    # outputs written into the folder are not read back as submissions on a second run
    assert (
        main(
            [
                "aggregate",
                str(folder),
                "-o",
                str(folder / "s.xlsx"),
                "--json",
                str(folder / "c.json"),
                "--force",
            ]
        )
        == 0
    )


def test_city_rolls_up_district_summaries_only_when_asked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two districts aggregate their agencies; the city aggregates the two combined reports
    (plus one city department) with --include-summaries; the totals are the sum of all."""
    city = tmp_path / "city"
    city.mkdir()
    every = []
    for d, district in enumerate(("甲区", "乙区")):
        folder = tmp_path / district
        folder.mkdir()
        for i in range(3):
            data = _report(10 * d + i, agency=f"{district}第{i}局")
            every.append(data)
            (folder / f"{i}.json").write_bytes(dumps(data))
        code = main(
            ["aggregate", str(folder), "-o", str(tmp_path / f"{district}.xlsx"),
             "--name", district, "--json", str(city / f"{district}.json")]
        )  # fmt: skip
        assert code == 0, capsys.readouterr().out
    own = _report(99, agency="某市第一局")
    every.append(own)
    (city / "own.json").write_bytes(dumps(own))
    expected = tmp_path / "expected.txt"
    expected.write_text("甲区\n乙区\n某市第一局\n", "utf-8")
    args = ["aggregate", str(city), "-o", str(tmp_path / "city.xlsx"), "--name", "某市",
            "--json", str(tmp_path / "city.json"), "--expected", str(expected), "--force"]  # fmt: skip
    capsys.readouterr()

    assert main(args) == 1  # by default a combined report is refused, with the way out
    out = capsys.readouterr().out
    assert "退回 2 份" in out and "--include-summaries" in out and "未报送：甲区" in out

    assert main([*args, "--include-summaries"]) == 0, capsys.readouterr().out
    combined = json.loads((tmp_path / "city.json").read_text("utf-8"))
    assert combined["meta"]["agency"] == "某市（汇总）"
    for key in ("T3.new.C7", "T3.total.C7", "T4.F05"):
        assert combined["values"][key] == sum(r["values"][key] for r in every)  # type: ignore[index]

    # The city's own earlier output in the same folder is never counted.
    (city / "again.json").write_text((tmp_path / "city.json").read_text("utf-8"), "utf-8")
    assert main([*args, "--include-summaries"]) == 1
    assert "本次汇总以前生成的汇总报告" in capsys.readouterr().out
