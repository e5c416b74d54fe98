"""``make demo`` end to end: every promised file is produced from the bundled sample."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from xl_disclosure.demo import run
from xl_disclosure.libreoffice import soffice


def test_demo_produces_templates_workbook_json_draft_and_previews(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(tmp_path) == 0
    out = capsys.readouterr().out
    for fid in ("gb2019", "gb2021"):
        assert (tmp_path / "templates" / f"{fid}.xlsx").stat().st_size > 10_000
        assert (tmp_path / "templates" / f"{fid}.xlsm").stat().st_size > 10_000
    assert (tmp_path / "templates" / "gb2019+zj-2019.xlsx").stat().st_size > 10_000
    data = json.loads((tmp_path / "zhenhai-2019.json").read_text("utf-8"))
    assert data["meta"]["agency"] == "镇海区新闻中心" and data["validation"]["errors"] == 0
    assert data["format"] == "gb2019+zj-2019" and data["values"]["ZJ.T1.R1"] == 154
    assert (tmp_path / "zhenhai-2019.docx").exists()
    assert "政府信息公开工作总体情况" in (tmp_path / "zhenhai-2019.md").read_text("utf-8")
    assert "生成的文件" in out and "强制 0 条" in out
    assert (tmp_path / "zhenhai-2019-有错误_已标记.xlsx").exists()
    if soffice() is not None:
        for part in ("template-gb2019", "template-gb2021", "workbook", "marked", "draft"):
            assert list((tmp_path / "png" / part).glob("*.png")), part
    # A second run replaces last run's outputs instead of refusing to overwrite them.
    assert run(tmp_path) == 0
