"""A third format is data only: a JSON file in a folder named by ``XL_DISCLOSURE_FORMATS``.

The synthetic ``test2099`` is gb2021 with one extra row (表二第二十条第（一）项 “其他主动公开文件”)
and one renamed label (“行政强制” → “行政强制措施”), in force from 2026 as a new official
revision would be. Every command runs on it in a fresh process with no code change:
build-template → fill → read → validate → export → draft → aggregate → import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SPEC_DIR = Path(__file__).resolve().parents[1] / "src" / "xl_disclosure" / "spec" / "formats"
FID = "test2099"
EXTRA_ROW = "其他主动公开文件"
RENAMED = "行政强制措施"


def make_format(folder: Path) -> Path:
    data = json.loads((SPEC_DIR / "gb2021.json").read_text("utf-8"))
    data.update(id=FID, name="测试格式（2026年版）", instrument="测试〔2026〕1号", official=True)
    data["years"] = {"from": 2026, "to": None}
    block_a = data["tables"][0]["blocks"][0]
    block_a["rows"].append({"key": "R3", "path": [EXTRA_ROW]})
    block_c = data["tables"][0]["blocks"][2]
    block_c["rows"][1]["path"] = [RENAMED]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{FID}.json"
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), "utf-8")
    return path


FILL = r"""
import json, random, sys
from pathlib import Path
from xl_disclosure.builder.fill import fill_template
from xl_disclosure.spec import load_format
sys.path.insert(0, sys.argv[3])
from support.generic import generic_report

report = generic_report(load_format("test2099"), random.Random(int(sys.argv[2])), agency=sys.argv[4])
fill_template(report, Path(sys.argv[1]))
print(json.dumps({k: v for k, v in report.values.items()}, ensure_ascii=False))
"""


def _run(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, check=False, env=env, cwd=cwd, capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("third")
    make_format(tmp / "formats")
    env = {**os.environ, "XL_DISCLOSURE_FORMATS": str(tmp / "formats")}
    return tmp, env


def _cli(world: tuple[Path, dict[str, str]], *args: str) -> subprocess.CompletedProcess[str]:
    tmp, env = world
    return _run([sys.executable, "-m", "xl_disclosure.cli", *args], env, tmp)


def test_the_format_is_found_and_listed(world: tuple[Path, dict[str, str]]) -> None:
    out = _cli(world, "build-template", "--help")
    assert out.returncode == 0, out.stderr
    assert FID in out.stdout


def test_whole_workflow_on_a_third_format(world: tuple[Path, dict[str, str]]) -> None:
    tmp, env = world
    tests_dir = str(Path(__file__).parent)
    built = _cli(world, "build-template", "--format", FID, "-o", str(tmp / "blank.xlsx"))
    assert built.returncode == 0, built.stderr

    from openpyxl import load_workbook

    wb = load_workbook(tmp / "blank.xlsx")
    labels = {str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value}
    assert EXTRA_ROW in labels and RENAMED in labels

    values = []
    for i, agency in enumerate(("测试市甲局", "测试市乙局")):
        filled = tmp / f"filled{i}.xlsx"
        run = _run([sys.executable, "-c", FILL, str(filled), str(i), tests_dir, agency], env, tmp)
        assert run.returncode == 0, run.stderr
        values.append(json.loads(run.stdout))

        checked = _cli(world, "validate", str(filled), "--json")
        verdict = json.loads(checked.stdout)
        assert verdict["format"] == FID and verdict["errors"] == 0, checked.stdout

        out = tmp / "submitted" / f"{i}.json"
        out.parent.mkdir(exist_ok=True)
        exported = _cli(world, "export", str(filled), "-o", str(out))
        assert exported.returncode == 0, exported.stderr
        data = json.loads(out.read_text("utf-8"))
        assert data["format"] == FID
        assert data["values"] == values[i]
        assert "T2.A.R3.C1" in data["values"]

    for suffix in (".md", ".docx"):
        drafted = _cli(
            world, "draft", str(tmp / "submitted" / "0.json"), "-o", str(tmp / f"d{suffix}")
        )
        assert drafted.returncode == 0, drafted.stderr
    markdown = (tmp / "d.md").read_text("utf-8")
    assert EXTRA_ROW in markdown and RENAMED in markdown

    aggregated = _cli(
        world,
        "aggregate",
        str(tmp / "submitted"),
        "-o",
        str(tmp / "summary.xlsx"),
        "--json",
        str(tmp / "district.json"),
    )
    assert aggregated.returncode == 0, aggregated.stderr
    district = json.loads((tmp / "district.json").read_text("utf-8"))
    assert district["format"] == FID
    for key in ("T2.A.R3.C1", "T3.total.C7", "T4.F05"):
        assert district["values"][key] == pytest.approx(values[0][key] + values[1][key])

    for source in ("d.docx", "d.md"):
        target = tmp / f"imported-{source}.json"
        imported = _cli(world, "import", str(tmp / source), "-o", str(target))
        assert imported.returncode in (0, 1), imported.stderr
        back = json.loads(target.read_text("utf-8"))
        assert back["format"] == FID, imported.stderr
        assert back["meta"]["agency"] == "测试市甲局", source  # from the two-line title
        placed = {k: v for k, v in back["values"].items() if v is not None}
        assert placed == {k: values[0][k] for k in placed}
        assert len(placed) == len(values[0])
