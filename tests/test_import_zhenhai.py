"""Import of the Zhenhai 2019 published text: same JSON as the hand-made fixture."""

from __future__ import annotations

from pathlib import Path

import pytest

from xl_disclosure.cli import main
from xl_disclosure.io.canonical import dumps, report_to_dict
from xl_disclosure.receiving.importer import import_blocks, import_report
from xl_disclosure.receiving.importer.document import text_blocks

DATA = Path(__file__).parent / "data"
TEXT = DATA / "zhenhai-news-center-2019.txt"
FIXTURE = DATA / "zhenhai-2019.json"


def test_zhenhai_text_imports_to_the_fixture_byte_for_byte() -> None:
    result = import_report(TEXT)
    assert result.complete, (result.missing, result.missing_cells)
    assert result.report.format_id == "gb2019+zj-2019"  # its local table is Zhejiang's
    assert any("浙江" in n and "识别为浙江统计表（16行" in n for n in result.notes)
    assert dumps(report_to_dict(result.report)) == FIXTURE.read_bytes()


def test_cli_import_writes_the_fixture(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "zh.json"
    assert main(["import", str(TEXT), "-o", str(out)]) == 0
    assert out.read_bytes() == FIXTURE.read_bytes()
    assert "镇海区新闻中心" in capsys.readouterr().out
    assert main(["import", str(TEXT), "-o", str(out)]) == 2  # never overwrites silently
    assert main(["import", str(TEXT), "-o", str(out), "--force"]) == 0


def test_table_cut_off_names_the_missing_cells(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = TEXT.read_text("utf-8")
    # cut inside the row 3.要求提供公开出版物, after its first three values
    start = text.index("3.要求提供公开出版物")
    cut = start
    for _ in range(4):
        cut = text.index("\n", cut + 1)
    src = tmp_path / "cut.txt"
    src.write_text(text[:cut], "utf-8")
    result = import_blocks(text_blocks(text[:cut]))
    missing = [c.key for c in result.missing_cells]
    assert missing[:4] == [f"T3.reject.publication.C{i}" for i in range(4, 8)]
    assert "T3.reject.publication.C3" not in missing
    assert "T3.carry_out.C7" in missing and "T4.F15" in missing
    assert len(missing) == 4 + 7 * 5 + 15  # rest of the row, 5 more rows, all of table 四
    assert any("未找到第四部分" in m for m in result.missing)

    assert main(["import", str(src), "-o", str(tmp_path / "cut.json")]) == 1
    err = capsys.readouterr().err
    assert "以下 54 个单元格未能定位" in err
    assert (
        "表三“（五）不予处理—3.要求提供公开出版物”/“法律服务机构”（T3.reject.publication.C5）"
        in err
    )
    assert "表四“行政诉讼—复议后起诉—总计”（T4.F15）" in err
    assert (tmp_path / "cut.json").exists()


def test_ambiguous_row_is_not_guessed() -> None:
    text = TEXT.read_text("utf-8")
    row = text.index("2.重复申请")
    first_value = text.index("\n", row) + 1
    line_end = text.index("\n", first_value)
    broken = text[:first_value] + text[line_end + 1 :]  # one of seven values dropped mid-table
    result = import_blocks(text_blocks(broken))
    assert [c.key for c in result.missing_cells] == [f"T3.reject.repeat.C{i}" for i in range(1, 8)]
    assert any("2.重复申请" in n and "无法确定对应的列" in n for n in result.notes)


def test_traditional_characters_and_variant_numbering_are_folded() -> None:
    text = TEXT.read_text("utf-8")
    variant = (
        text.replace("规范性文件", "規範性檔案")
        .replace("处理决定数量", "處理決定數量")
        .replace("1.属于国家秘密", "1、屬於國家秘密")
        .replace("2.其他法律行政法规禁止公开", "2．其他法律行政法規禁止公開")
        .replace("“三安全一稳定”", '"三安全一穩定"')
        .replace("（一）予以公开", "(一)予以公开")
    )
    result = import_blocks(text_blocks(variant))
    assert result.complete
    expected = report_to_dict(import_report(TEXT).report)["values"]
    assert report_to_dict(result.report)["values"] == expected
