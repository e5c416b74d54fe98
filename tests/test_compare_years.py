"""Year-over-year comparison: changed figures, comparable keys across formats, copied text."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from support.factories import consistent_report
from xl_disclosure.cli import main
from xl_disclosure.io.canonical import dumps, load_report_json, report_to_dict
from xl_disclosure.model.report import SectionContent
from xl_disclosure.receiving.compare import comparable_keys, compare, text_similarity


def test_same_format_changes_are_exactly_the_edited_cells() -> None:
    old = consistent_report("gb2021", random.Random(1), agency="某局", year=2022)
    new = consistent_report("gb2021", random.Random(1), agency="某局", year=2023)
    new.values["T3.new.C1"] = int(str(old.values["T3.new.C1"])) + 3
    new.values["T2.D.R1"] = 12.5
    new.values["T4.F01"] = "/"
    result = compare(old, new)
    assert result.compared == len(new.spec.cells)
    got = {c.key: (c.old, c.new, c.delta) for c in result.changes}
    assert got["T3.new.C1"][2] == 3
    assert got["T4.F01"] == (old.values["T4.F01"], "/", None)
    assert set(got) == {"T3.new.C1", "T2.D.R1", "T4.F01"}
    assert next(c.label for c in result.changes if c.key == "T3.new.C1") == (
        "表三“一、本年新收政府信息公开申请数量”/“自然人”"
    )


def test_across_formats_only_table_3_and_4_same_keys(zhenhai: object) -> None:
    old = load_report_json(Path(__file__).parent / "data" / "zhenhai-2019.json")
    new = consistent_report("gb2021", random.Random(2), agency="镇海区新闻中心", year=2021)
    keys = comparable_keys(old, new)
    assert len(keys) == 22 * 7 + 15
    assert not any(k.startswith(("T2.", "T3.other")) for k in keys)
    result = compare(old, new)
    assert any("表二的含义已改变" in n for n in result.notes)
    litigation = next(h for h in result.headlines if h.name == "行政诉讼")
    assert litigation.new == new.values["T4.F10"] + new.values["T4.F15"]  # type: ignore[operator]
    other = next(
        h for h in result.headlines if h.name == "其他处理"
    )  # gb2019 one row, gb2021 three
    assert other.old == 0


def test_copied_narrative_is_flagged_at_80_percent() -> None:
    old = consistent_report("gb2021", random.Random(3), agency="某局", year=2022)
    new = consistent_report("gb2021", random.Random(4), agency="某局", year=2023)
    for r in (old, new):
        r.sections[6] = SectionContent("六、其他需要报告的事项", "本年度未收取信息处理费。")
    result = compare(old, new)
    by_no = {s.section: s for s in result.similarity}
    assert by_no[1].percent == 100.0 and by_no[1].flagged  # the factory writes the same text
    assert by_no[6].note == "文字过短，不判断雷同" and not by_no[6].flagged
    new.sections[1] = SectionContent(
        "一、总体情况",
        "本年度围绕数字政府建设，新上线依申请公开网上办理系统，全年组织专题培训三次。" * 2,
    )
    assert not {s.section for s in compare(old, new).flagged} & {1}
    assert text_similarity("abc", "abc") == 100.0 and text_similarity("", "") == 0.0


def test_cli_compare(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    old = consistent_report("gb2021", random.Random(5), agency="某局", year=2022)
    new = consistent_report("gb2021", random.Random(6), agency="某局", year=2023)
    a.write_bytes(dumps(report_to_dict(old)))
    b.write_bytes(dumps(report_to_dict(new)))
    assert main(["compare", str(a), str(b)]) == 1  # section 一 copied
    out = capsys.readouterr().out
    assert "【雷同】" in out and "变化的单元格" in out and "行政诉讼" in out
    assert main(["compare", str(a), str(b), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["old"]["year"] == 2022 and data["compared_cells"] == 200
    assert {"key", "label", "old", "new", "delta"} <= set(data["changes"][0])
    assert main(["compare", str(a), str(tmp_path / "missing.json")]) == 2


def test_cli_compare_published_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Two years' publications compared as downloaded: the same result as their imported JSON."""
    from support.shapes import html_page

    old = consistent_report("gb2021", random.Random(1), agency="某局", year=2022)
    new = consistent_report("gb2021", random.Random(2), agency="某局", year=2023)
    pages = []
    for report in (old, new):
        page = tmp_path / f"{report.meta.year}.html"
        page.write_text(html_page(report, random.Random(report.meta.year)), "utf-8")
        pages.append(page)
    code = main(["compare", str(pages[0]), str(pages[1]), "--json"])
    captured = capsys.readouterr()
    assert "已发布报告的原文，已导入后使用" in captured.err
    jsons = []
    for page in pages:
        out = page.with_suffix(".json")
        assert main(["import", str(page), "-o", str(out)]) in (0, 1)
        jsons.append(out)
    capsys.readouterr()
    assert main(["compare", str(jsons[0]), str(jsons[1]), "--json"]) == code
    assert json.loads(captured.out) == json.loads(capsys.readouterr().out)


def test_cells_not_read_from_a_publication_are_not_changes() -> None:
    """An import's NOT_AVAILABLE is an unknown value: not compared, counted apart, named."""
    from xl_disclosure.cells import NOT_AVAILABLE

    old = consistent_report("gb2021", random.Random(7), agency="某局", year=2022)
    new = consistent_report("gb2021", random.Random(8), agency="某局", year=2023)
    unread_new = [c.key for c in new.spec.cells if c.key.startswith("T3.unable.")]
    for key in unread_new:
        new.values[key] = NOT_AVAILABLE
    old.values["T4.F01"] = NOT_AVAILABLE
    old.values["T3.unable.not_held.C1"] = NOT_AVAILABLE  # unread in both
    result = compare(old, new)
    skipped = set(unread_new) | {"T4.F01"}
    assert set(result.unavailable) == skipped
    assert result.compared == len(new.spec.cells) - len(skipped)
    assert not skipped & {c.key for c in result.changes}
    assert not any("原文缺失" in str(c.old) + str(c.new) for c in result.changes)
    note = next(n for n in result.notes if "未能从原文读取" in n)
    assert note.startswith(f"{len(skipped)} 个单元格未能从原文读取")
    assert "较早的报告 2 个" in note and f"较新的报告 {len(unread_new)} 个" in note
    assert result.to_dict()["unavailable_cells"] == result.unavailable
    # a value read in both is still compared as before
    new.values["T3.new.C1"] = int(str(old.values["T3.new.C1"])) + 1
    assert "T3.new.C1" in {c.key for c in compare(old, new).changes}


def test_agency_names_unknown_or_different_are_noted() -> None:
    old = consistent_report("gb2021", random.Random(9), agency="某局", year=2022)
    new = consistent_report("gb2021", random.Random(9), agency="另一局", year=2023)
    assert compare(old, new).notes == ["两份报告的机关名称不同：“某局”与“另一局”。"]
    new.meta.agency = ""
    assert compare(old, new).notes == ["较新的报告未写明机关名称，请确认比较的是同一机关的报告。"]
    old.meta.agency = " "
    assert compare(old, new).notes == ["两份报告未写明机关名称，请确认比较的是同一机关的报告。"]
    new.meta.agency = old.meta.agency = "某局"
    assert compare(old, new).notes == []


def test_cli_compare_names_unknown_sides_and_drops_empty_differences(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = consistent_report("gb2021", random.Random(10), agency="某局", year=2022)
    new = consistent_report("gb2021", random.Random(11), agency="某局", year=2023)
    old.meta.agency, old.meta.year = "", None
    new.values["T4.F01"] = "/"
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_bytes(dumps(report_to_dict(old)))
    b.write_bytes(dumps(report_to_dict(new)))
    main(["compare", str(a), str(b)])
    out = capsys.readouterr().out
    assert out.startswith("比较：（机关名称不明）（年度不明） → 某局2023年度\n")
    line = next(x for x in out.splitlines() if x.strip().startswith("T4.F01 "))
    assert line.endswith(f"：{old.values['T4.F01']} → /")  # no "（—）" after a text
    assert "（—）" not in out
