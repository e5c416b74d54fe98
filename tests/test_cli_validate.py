"""The CLI: exit codes 0/1/2, table and JSON output, clear messages, never a traceback."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest

from support.factories import consistent_report
from xl_disclosure.cli import main
from xl_disclosure.io.canonical import dumps, report_to_dict


def _write(tmp_path: Path, data: object, name: str = "r.json") -> Path:
    path = tmp_path / name
    path.write_bytes(dumps(data) if isinstance(data, dict) else str(data).encode())
    return path


@pytest.fixture
def good(tmp_path: Path) -> dict[str, object]:
    return report_to_dict(consistent_report("gb2021", random.Random(3)))


def test_valid_json_exits_0(
    tmp_path: Path, good: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(_write(tmp_path, good))]) == 0
    assert "校验通过" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("mutate", "rule", "words"),
    [
        (lambda d: d["values"].update({"T3.open.C1": "十二"}), "V-002", "应为不小于 0 的整数"),
        (lambda d: d["values"].update({"T4.F01": -1}), "V-002", "件数不能为负数"),
        (lambda d: d["sections"].pop(4), "D-001", "缺少第五部分"),
    ],
    ids=["text-in-number", "negative", "missing-section"],
)
def test_broken_json_exits_1_with_message(
    tmp_path: Path,
    good: dict[str, object],
    capsys: pytest.CaptureFixture[str],
    mutate,
    rule: str,
    words: str,
) -> None:
    mutate(good)
    assert main(["validate", str(_write(tmp_path, good))]) == 1
    out = capsys.readouterr().out
    assert rule in out and words in out


def test_json_output_parses(
    tmp_path: Path, good: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    good["values"]["T4.F05"] = 999  # type: ignore[index]
    assert main(["validate", "--json", str(_write(tmp_path, good))]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["valid"] is False
    assert [f["rule"] for f in out["findings"]] == ["T4-001"]
    assert out["findings"][0]["places"][0] == "T4.F05"


def test_json_with_added_cells_is_d010(
    tmp_path: Path, good: dict[str, object], capsys: pytest.CaptureFixture[str]
) -> None:
    good["values"]["T3.subtotal.C1"] = 0  # type: ignore[index]
    assert main(["validate", str(_write(tmp_path, good))]) == 1
    out = capsys.readouterr().out
    assert "D-010" in out and "表三结构与国办格式不一致" in out and "T3.subtotal.C1" in out


@pytest.mark.parametrize(
    ("content", "words"),
    [
        ('{"hello": 1}', "不是 xl-disclosure 年度报告 JSON"),
        ('{"format": "gb2030", "values": {}}', "报告格式“gb2030”无法识别"),
        ('{"format": "gb2021", "values": {', "JSON 格式错误"),
        ("[1, 2]", "JSON 顶层应为对象"),
    ],
    ids=["foreign", "unknown-format", "truncated", "not-object"],
)
def test_unreadable_input_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, words: str
) -> None:
    assert main(["validate", str(_write(tmp_path, content))]) == 2
    err = capsys.readouterr().err
    assert words in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_missing_file_and_bad_suffix_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path / "nope.json")]) == 2
    assert "文件不存在" in capsys.readouterr().err
    other = tmp_path / "report.ods"
    other.write_bytes(b"PK")
    assert main(["validate", str(other)]) == 2
    assert "不支持的文件类型" in capsys.readouterr().err
    broken = tmp_path / "report.pdf"  # a publication: imported, and refused in words
    broken.write_bytes(b"%PDF")
    assert main(["validate", str(broken)]) == 2
    err = capsys.readouterr().err
    assert "无法读取 PDF 文件" in err and "Traceback" not in err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 2
    assert "参数错误" in capsys.readouterr().err


def test_previous_enables_cross_year(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    prev = consistent_report("gb2021", random.Random(1), year=2023)
    this = consistent_report("gb2021", random.Random(2), year=2024)
    a, b = (
        _write(tmp_path, report_to_dict(prev), "a.json"),
        _write(tmp_path, report_to_dict(this), "b.json"),
    )
    code = main(["validate", str(b), "--previous", str(a)])
    out = capsys.readouterr().out
    if prev.values["T3.carry_out.C7"] != this.values["T3.carry_in.C7"]:
        assert code == 1 and "Y-001" in out


def test_validate_does_not_import_pandas_or_xlwings(
    tmp_path: Path, good: dict[str, object]
) -> None:
    path = _write(tmp_path, good)
    code = (
        "import sys\n"
        "from xl_disclosure.cli import main\n"
        f"rc = main(['validate', {str(path)!r}])\n"
        "heavy = [m for m in ('pandas', 'xlwings', 'jsonschema', 'docx') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
        "raise SystemExit(rc)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def test_help_of_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    from xl_disclosure.cli import COMMANDS

    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert name in out
        assert main([name, "--help"]) == 0
    assert "≥80%" in capsys.readouterr().out


class _Panic(BaseException):
    """Stands in for pyo3's PanicException, which is not an Exception."""


@pytest.mark.parametrize("exc", [RuntimeError("boom\nsecond line"), _Panic("rust panicked")])
def test_unexpected_errors_are_one_line_not_a_traceback(
    tmp_path: Path,
    good: dict[str, object],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    exc: BaseException,
) -> None:
    import xl_disclosure.validate as validate_module

    def explode(*_: object, **__: object) -> None:
        raise exc

    monkeypatch.setattr(validate_module, "validate", explode)
    assert main(["validate", str(_write(tmp_path, good))]) == 2
    err = capsys.readouterr().err
    assert "内部错误" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_published_report_is_validated_as_its_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``validate 年报.txt``: the findings of the JSON ``import`` writes, and nothing written."""
    text = Path(__file__).parent / "data" / "zhenhai-news-center-2019.txt"
    page = tmp_path / "镇海.txt"
    page.write_bytes(text.read_bytes())
    assert main(["import", str(page), "-o", str(tmp_path / "镇海.json")]) == 0
    capsys.readouterr()
    via_json = main(["validate", str(tmp_path / "镇海.json"), "--json"])
    expected = json.loads(capsys.readouterr().out)
    assert main(["validate", str(page), "--json"]) == via_json == 1
    captured = capsys.readouterr()
    got = json.loads(captured.out)
    assert [(f["rule"], f["places"]) for f in got["findings"]] == [
        (f["rule"], f["places"]) for f in expected["findings"]
    ]
    assert "已发布报告的原文，已导入后使用" in captured.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["镇海.json", "镇海.txt"]


def test_last_years_published_report_enables_the_cross_year_rules(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from support.shapes import html_page

    last = consistent_report("gb2021", random.Random(11), agency="某市某某局", year=2022)
    seed = 12
    while True:  # a year whose carried-in applications are not last year's carried-out ones
        this = consistent_report("gb2021", random.Random(seed), agency="某市某某局", year=2023)
        if last.value("T3.carry_out.C7") != this.value("T3.carry_in.C7"):
            break
        seed += 1
    (tmp_path / "2022.html").write_text(html_page(last, random.Random(1)), "utf-8")
    (tmp_path / "2023.html").write_text(html_page(this, random.Random(2)), "utf-8")
    code = main(
        ["validate", str(tmp_path / "2023.html"), "--previous", str(tmp_path / "2022.html")]
    )
    out = capsys.readouterr().out
    assert code == 1 and "Y-001" in out


def test_a_page_that_is_not_a_report_is_refused_by_validate(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "总结.html"
    page.write_text("<html><body><p>某市2023年工作总结。</p></body></html>", "utf-8")
    assert main(["validate", str(page)]) == 2
    err = capsys.readouterr().err
    assert "不像政府信息公开工作年度报告" in err and "Traceback" not in err


def test_a_folder_of_publications_is_validated_with_published(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``validate DIR --published``: each publication gets the verdict its import gets, with
    workbooks and JSON of the same folder; without the flag the folder says what it holds."""
    from support.shapes import html_page

    text = Path(__file__).parent / "data" / "zhenhai-news-center-2019.txt"
    folder = tmp_path / "下载"
    (folder / "子目录").mkdir(parents=True)
    (folder / "镇海.txt").write_bytes(text.read_bytes())
    report = consistent_report("gb2021", random.Random(5), agency="某市某某局", year=2023)
    (folder / "子目录" / "某局.html").write_text(html_page(report, random.Random(3)), "utf-8")
    (folder / "~$锁定.docx").write_bytes(b"lock")
    (folder / "总结.html").write_text("<html><body><p>工作总结。</p></body></html>", "utf-8")
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err
    assert "有 3 个已发布报告的原文，加 --published" in err

    singles = {}
    for page in (folder / "镇海.txt", folder / "子目录" / "某局.html"):
        main(["validate", str(page), "--json"])
        singles[str(page)] = json.loads(capsys.readouterr().out)
    (folder / "某局.json").write_bytes(dumps(report_to_dict(report)))
    code = main(["validate", str(folder), "--published", "--json", "--jobs", "2"])
    got = {f["source"]: f for f in json.loads(capsys.readouterr().out)["files"]}
    assert code == 2  # 总结.html is not a report
    assert sorted(Path(s).name for s in got) == sorted(
        ["某局.html", "某局.json", "总结.html", "镇海.txt"]
    )
    for source, single in singles.items():
        assert got[source]["engine"] == "import"
        assert [(f["rule"], f["places"]) for f in got[source]["findings"]] == [
            (f["rule"], f["places"]) for f in single["findings"]
        ]
    assert got[str(folder / "总结.html")]["exit_code"] == 2
    assert "不像政府信息公开工作年度报告" in got[str(folder / "总结.html")]["error"]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        ["~$锁定.docx", "子目录", "总结.html", "某局.json", "镇海.txt"]
    )
