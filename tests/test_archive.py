"""The national archive: reports in, the same cell values out; named queries equal pandas."""

from __future__ import annotations

import json
import random
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.realistic import realistic_dict
from xl_disclosure.cli import main
from xl_disclosure.io.canonical import dumps, report_from_dict
from xl_disclosure.receiving.archive import Archive, run_named, run_sql
from xl_disclosure.receiving.archive.queries import indicators, key_figures
from xl_disclosure.spec import load_format

pytest.importorskip("duckdb")

CELL_VALUE = st.one_of(
    st.integers(min_value=0, max_value=10**9),
    st.floats(min_value=0, max_value=1e6, allow_nan=False).map(lambda v: round(v, 4)),
    st.none(),
    st.sampled_from(["/", "—", "无", "十二", "  见附表 ", "N/A"]),
)


def _values_back(archive: Archive, report_id: str) -> dict[str, Any]:
    frame = run_sql(
        archive, f"SELECT key, kind, value, text FROM cells WHERE report_id = '{report_id}'"
    )
    out: dict[str, Any] = {}
    for key, kind, value, text in frame.itertuples(index=False):
        out[key] = {
            "number": value,
            "blank": None,
            "not-applicable": text,
            "text": text,
        }[kind]
    return out


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    fid=st.sampled_from(["gb2019", "gb2021"]),
    seed=st.integers(min_value=0, max_value=10**6),
    changes=st.dictionaries(st.integers(min_value=0, max_value=199), CELL_VALUE, max_size=25),
)
def test_cell_values_round_trip(
    tmp_path: Path, fid: str, seed: int, changes: dict[int, Any]
) -> None:
    import tempfile

    year = 2020 if fid == "gb2019" else 2023
    data = realistic_dict(seed, year=year, fid=fid)
    keys = [c.key for c in load_format(fid).cells]
    for index, value in changes.items():
        data["values"][keys[index % len(keys)]] = value
    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    path = folder / "r.json"
    path.write_bytes(dumps(data))
    archive = Archive(folder / "archive")
    result = archive.add([path], region="某省/某市", jobs=1)
    assert result.added == 1, result.refused
    rid = run_sql(archive, "SELECT report_id FROM reports").iloc[0, 0]
    back = _values_back(archive, rid)
    expected = report_from_dict(json.loads(path.read_text("utf-8"))).values
    assert set(back) == set(expected)
    for key, value in expected.items():
        got = back[key]
        if isinstance(value, int | float) and not isinstance(value, bool):
            assert got == pytest.approx(float(value)), key
        elif isinstance(value, str):
            assert got == value, key
        else:
            assert got is None or (isinstance(got, float) and got != got), key


REGIONS = ("甲省/一市/东区", "甲省/一市/西区", "甲省/二市/南区", "乙省/三市/北区")
YEARS = (2021, 2022, 2023)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Archive, list[dict[str, Any]]]:
    """Four regions, three years, 3-7 agencies each; one agency repeats its numbers."""
    root = tmp_path_factory.mktemp("arch")
    archive = Archive(root / "archive")
    made: list[dict[str, Any]] = []
    unit0: dict[str, dict[str, Any]] = {}
    rnd = random.Random(5)
    for r, region in enumerate(REGIONS):
        for year in YEARS:
            folder = root / f"in-{r}-{year}"
            folder.mkdir()
            paths = []
            for i in range(3 + (r * 2 + year) % 5):
                data = realistic_dict(rnd.randrange(10**6), year=year)
                data["meta"]["agency"] = f"{region.split('/')[-1]}单位{i}"
                if i == 0 and region in unit0:  # the same numbers as last year
                    data["values"] = dict(unit0[region])
                if i == 0:
                    unit0[region] = data["values"]
                path = folder / f"{i}.json"
                path.write_bytes(dumps(data))
                paths.append(path)
                made.append({"region": region, "year": year, "data": data})
            assert archive.add(paths, region=region, jobs=1).added == len(paths)
    return archive, made


def _frame(made: list[dict[str, Any]], level: int) -> pd.DataFrame:
    rows = []
    for item in made:
        data = item["data"]
        spec = load_format(data["format"])
        row = {"地区": "/".join(item["region"].split("/")[:level]), "年度": item["year"]}
        wanted = {name for _, name in key_figures()} | {
            n
            for ind in indicators()
            for part in ("numerator", "denominator", "minus")
            for n in ind[part]
        }
        for name in sorted(wanted):
            vals = [data["values"][k] for k in spec.figure(name).cells]
            row[name] = float(sum(v for v in vals if isinstance(v, int | float)))
        rows.append(row)
    return pd.DataFrame(rows)


@pytest.mark.parametrize("level", [1, 2, 3])
def test_rollup_equals_pandas(archive: tuple[Archive, list[dict[str, Any]]], level: int) -> None:
    arch, made = archive
    got = run_named(arch, "rollup", level=level)
    frame = _frame(made, level)
    want = frame.groupby(["地区", "年度"]).sum().reset_index()
    counts = frame.groupby(["地区", "年度"]).size().to_numpy()
    assert got["报告数"].tolist() == counts.tolist()
    assert got[["地区", "年度"]].values.tolist() == want[["地区", "年度"]].values.tolist()
    for label, name in key_figures():
        assert got[label].tolist() == pytest.approx(want[name].tolist()), label


def test_indicators_equal_pandas(archive: tuple[Archive, list[dict[str, Any]]]) -> None:
    arch, made = archive
    got = run_named(arch, "indicators", level=2, min_n=4)
    frame = _frame(made, 2)
    for ind in indicators():
        num = sum(frame[n] for n in ind["numerator"])
        den = sum(frame[n] for n in ind["denominator"]) - sum(
            (frame[n] for n in ind["minus"]), start=pd.Series(0.0, index=frame.index)
        )
        sub = frame.assign(num=num, den=den)
        sub = sub[sub["den"] > 0].assign(ratio=lambda f: f["num"] / f["den"])
        mine = got[got["指标"] == ind["label"]]
        for (region, year), group in sub.groupby(["地区", "年度"]):
            row = mine[(mine["地区"] == region) & (mine["年度"] == year)].iloc[0]
            assert row["样本数"] == len(group)
            assert row["汇总值"] == pytest.approx(group["num"].sum() / group["den"].sum())
            if len(group) >= 4:
                for q, col in ((0.25, "P25"), (0.5, "P50"), (0.75, "P75")):
                    assert row[col] == pytest.approx(group["ratio"].quantile(q)), (ind["id"], col)
                assert row["说明"] == ""
            else:
                assert pd.isna(row["P50"]) and "样本不足" in row["说明"]


def test_yoy_identical_and_rule_failures(archive: tuple[Archive, list[dict[str, Any]]]) -> None:
    arch, made = archive
    yoy = run_named(arch, "yoy", level=1)
    frame = _frame(made, 1).groupby(["地区", "年度"]).sum()
    label, name = key_figures()[0]
    for region in ("甲省", "乙省"):
        series = yoy[(yoy["地区"] == region) & (yoy["指标"] == label)]
        assert series["年度"].tolist() == list(YEARS)
        assert series["本年"].tolist() == pytest.approx(
            [frame.loc[(region, y), name] for y in YEARS]
        )
        this, last = series.iloc[1]["本年"], series.iloc[0]["本年"]
        assert series.iloc[1]["变化百分比"] == pytest.approx(round((this - last) / last * 100, 1))
    same = run_named(arch, "identical")
    pairs = {(r, a, y) for r, a, y in same[["地区", "机关名称", "本年"]].itertuples(index=False)}
    expected = {(r, f"{r.split('/')[-1]}单位0", y) for r in REGIONS for y in YEARS[1:]}
    assert pairs == expected
    rates = run_named(arch, "rule-failures", level=1)
    per_report = pd.DataFrame(
        [
            (item["region"].split("/")[0], item["year"], rule)
            for item in made
            for rule in {f["rule"] for f in _findings(item["data"])}
        ],
        columns=["地区", "年度", "规则"],
    )
    counts = per_report.groupby(["地区", "年度", "规则"]).size()
    got = rates.set_index(["地区", "年度", "规则"])["出现的报告数"]
    assert got.sort_index().to_dict() == counts.sort_index().to_dict()


def _findings(data: dict[str, Any]) -> list[dict[str, Any]]:
    from xl_disclosure.validate import validate

    return [f.to_dict() for f in validate(report_from_dict(data)).findings]


def test_cli_add_query_and_outputs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.json").write_bytes(dumps(realistic_dict(i, year=2023)))
    (folder / "broken.json").write_text("{", "utf-8")
    root = str(tmp_path / "archive")
    assert main(["archive", "add", str(folder), "--region", "某省/某市", "-a", root]) == 1
    out = capsys.readouterr().out
    assert "已归档 3 份" in out and "未归档：broken.json" in out
    assert (
        main(["archive", "add", str(folder / "0.json"), "--region", "某省/某市", "-a", root]) == 0
    )
    assert "跳过：0.json" in capsys.readouterr().out
    other = tmp_path / "other.json"
    changed = realistic_dict(0, year=2023)
    changed["values"]["T4.F01"] = 99
    other.write_bytes(dumps(changed))
    assert main(["archive", "add", str(other), "--region", "某省/某市", "-a", root]) == 1
    assert "已归档（内容不同）" in capsys.readouterr().out
    csv = tmp_path / "r.csv"
    assert main(["archive", "query", "rollup", "-a", root, "-o", str(csv)]) == 0
    assert pd.read_csv(csv, encoding="utf-8-sig")["报告数"].tolist() == [3]
    assert main(["archive", "query", "rollup", "-a", root, "-o", str(csv)]) == 2  # exists
    assert "已存在" in capsys.readouterr().err
    xlsx = tmp_path / "all.xlsx"
    assert main(["archive", "query", "--all", "-a", root, "-o", str(xlsx)]) == 0
    from openpyxl import load_workbook

    names = load_workbook(xlsx).sheetnames
    assert names[0] == "说明" and len(names) == 6
    assert main(["archive", "query", "nope", "-a", root]) == 2
    assert main(["archive", "query", "--sql", "SELECT count(*) AS n FROM cells", "-a", root]) == 0
    assert " 600" in capsys.readouterr().out.replace("\n", " ")
    assert main(["archive", "query", "rollup", "-a", str(tmp_path / "empty")]) == 2


_NOT_A_REPORT = "<html><body><p>某市人民政府2023年工作总结。共办理民生实事12件。</p></body></html>"


def test_published_reports_are_imported_then_archived(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A folder of downloaded publications goes into the archive in one step, with the same
    rows as importing each one and archiving its JSON; a page that is no report is refused."""
    from support.factories import consistent_report
    from support.shapes import html_page

    data = Path(__file__).parent / "data"
    pubs = tmp_path / "下载"
    pubs.mkdir()
    (pubs / "镇海.txt").write_bytes((data / "zhenhai-news-center-2019.txt").read_bytes())
    report = consistent_report("gb2021", random.Random(5), agency="某市某某局")
    (pubs / "某局.html").write_text(html_page(report, random.Random(5)), "utf-8")
    (pubs / "总结.html").write_text(_NOT_A_REPORT, "utf-8")
    (pubs / "报送.json").write_bytes(dumps(realistic_dict(1, year=2023)))
    one = str(tmp_path / "one")
    assert main(["archive", "add", str(pubs), "--region", "某省/某市", "-a", one]) == 1
    out = capsys.readouterr().out
    assert "已归档 3 份" in out and "未归档 1 份" in out
    assert "未归档：总结.html：文件中没有找到年度报告" in out and "文字识别" in out

    imported = tmp_path / "导入"
    assert main(
        ["import", str(pubs / "镇海.txt"), str(pubs / "某局.html"), "-o", str(imported)]
    ) in (0, 1)
    capsys.readouterr()
    two = str(tmp_path / "two")
    args = ["--region", "某省/某市", "--source", "published", "-a", two]
    assert main(["archive", "add", str(imported), *args]) == 0

    sql = (
        "SELECT agency, year, format, source, key, kind, value, text, errors, warnings "
        "FROM cells WHERE source = 'published' ORDER BY agency, key"
    )
    direct, via_json = run_sql(Archive(Path(one)), sql), run_sql(Archive(Path(two)), sql)
    assert len(direct) == len(load_format("gb2021").cells) + len(
        load_format("gb2019+zj-2019").cells
    )
    pd.testing.assert_frame_equal(direct, via_json)
    reports = run_sql(Archive(Path(one)), "SELECT file, source FROM reports ORDER BY file")
    assert reports.values.tolist() == [
        ["报送.json", "json"],
        ["某局.html", "published"],
        ["镇海.txt", "published"],
    ]
    summary = (
        "SELECT agency, year, values_hash, narrative, errors, warnings, infos, schema_ok "
        "FROM reports WHERE source = 'published' ORDER BY agency"
    )
    pd.testing.assert_frame_equal(
        run_sql(Archive(Path(one)), summary), run_sql(Archive(Path(two)), summary)
    )


def test_a_publication_changed_while_it_is_imported_is_not_archived(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The digest is of the bytes the numbers came from: a file rewritten during its import
    (a download still running) is refused with a reason, and archived once it is complete."""
    import xl_disclosure.receiving.importer as importer
    from xl_disclosure.receiving.archive.records import archive_record

    page = tmp_path / "镇海.txt"
    page.write_bytes((Path(__file__).parent / "data" / "zhenhai-news-center-2019.txt").read_bytes())
    real = importer.import_report

    def import_while_downloading(path: Path, **kwargs: Any) -> Any:
        result = real(path, **kwargs)
        with path.open("ab") as fh:
            fh.write("\n（续）".encode())
        return result

    monkeypatch.setattr(importer, "import_report", import_while_downloading)
    record = archive_record((str(page), "某省/某市", "json"))
    assert record.reason.startswith("文件在导入过程中被改动") and "下载或保存完毕" in record.reason
    monkeypatch.setattr(importer, "import_report", real)
    done = archive_record((str(page), "某省/某市", "json"))
    assert done.reason == "" and done.source == "published" and done.agency == "镇海区新闻中心"
