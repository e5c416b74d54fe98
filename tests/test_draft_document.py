"""The draft's document model, Markdown, file writing and CLI."""

from __future__ import annotations

import copy
import io
import json
import random
import zipfile
from pathlib import Path

import pytest

from support.factories import consistent_report
from xl_disclosure.cells import BLANK
from xl_disclosure.cli import build_parser, run
from xl_disclosure.draft import build_document, render_markdown, write_draft
from xl_disclosure.draft.document import is_placeholder, narrative
from xl_disclosure.draft.grid import official_table, value_text
from xl_disclosure.draft.markdown import md_escape
from xl_disclosure.draft.model import Cell, Heading, Paragraph, Table
from xl_disclosure.draft.readback import md_unescape, read_markdown
from xl_disclosure.errors import ExportError
from xl_disclosure.io.canonical import load_report_json, report_to_dict
from xl_disclosure.model import AnnualReport
from xl_disclosure.model.report import LocalTable, SectionContent
from xl_disclosure.validate import Finding, Severity, ValidationResult

DATA = Path(__file__).parent / "data"
ZHENHAI = DATA / "zhenhai-2019.json"


def spans(table: Table) -> dict[str, tuple[int, int]]:
    return {c.text: (c.rowspan, c.colspan) for c in table.cells if c.header}


# --- tables ------------------------------------------------------------------------------


def test_gb2021_table_two_single_value_blocks_span_three_columns() -> None:
    t2 = official_table(AnnualReport.blank("gb2021"), "T2")
    assert (t2.n_cols, t2.n_rows, t2.header_rows) == (4, 4 + 3 + 4 + 3, 0)
    heads = [c for c in t2.cells if c.text.startswith("第二十条")]
    assert [(c.text, c.colspan) for c in heads] == [
        ("第二十条第（一）项", 4), ("第二十条第（五）项", 4), ("第二十条第（六）项", 4), ("第二十条第（八）项", 4),
    ]  # fmt: skip
    assert spans(t2)["本年收费金额（单位：万元）"] == (1, 3)
    values = [c for c in t2.cells if not c.header]
    assert [c.colspan for c in values] == [1] * 6 + [3] * 4


def test_gb2019_table_two_short_blocks_let_the_last_column_span() -> None:
    t2 = official_table(AnnualReport.blank("gb2019"), "T2")
    assert t2.n_cols == 4
    e_row = [c for c in t2.cells if c.row == t2.n_rows - 1]
    assert [(c.text, c.colspan) for c in e_row] == [("政府集中采购", 1), ("", 1), ("", 2)]


def test_gb2021_table_three_merges() -> None:
    t3 = official_table(AnnualReport.blank("gb2021"), "T3")
    assert (t3.n_rows, t3.n_cols, t3.header_rows) == (3 + 25, 10, 3)
    s = spans(t3)
    assert s["三、本年度办理结果"] == (22, 1)  # 2+8+3+5+3+1
    assert s["（六）其他处理"] == (3, 1)
    assert s["（七）总计"] == (1, 2)
    assert s["四、结转下年度继续办理"] == (1, 3)
    assert sum(t3.widths) == pytest.approx(156, abs=0.01)


def test_values_are_printed_as_in_the_cells() -> None:
    report = AnnualReport.blank("gb2021")
    report.values.update({"T3.new.C1": 12, "T3.new.C2": "/", "T3.new.C3": 7.0, "T2.D.R1": 3.25})
    t3 = official_table(report, "T3")
    first = [c.text for c in t3.cells if c.row == 3 and not c.header]
    assert first[:4] == ["12", "/", "7", ""]
    assert [value_text(v) for v in (BLANK, 0, 0.1 + 0.2, -3)] == ["", "0", "0.3", "-3"]
    t2 = official_table(report, "T2")
    assert "3.25" in t2.texts()


def test_table_rejects_overlaps_and_holes() -> None:
    with pytest.raises(ValueError, match="covered twice"):
        Table(1, 2, (Cell("a", 0, 0, colspan=2), Cell("b", 0, 1)), (1, 1))
    with pytest.raises(ValueError, match="not covered"):
        Table(1, 2, (Cell("a", 0, 0),), (1, 1))


# --- text --------------------------------------------------------------------------------


def test_narrative_lines_subheadings_and_run_in_headings() -> None:
    blocks = narrative(
        "  （一）主动公开  \n\n正文第一段。\n（二）依申请公开。本年度按时答复。\n"
        "（三）本年度共受理申请5件，均已办结。\n1.具体做法\n"
    )
    assert blocks == [
        Heading("（一）主动公开", 2),
        Paragraph("正文第一段。"),
        Paragraph("本年度按时答复。", lead="（二）依申请公开。"),
        Paragraph("（三）本年度共受理申请5件，均已办结。"),
        Paragraph("1.具体做法"),
    ]


def test_placeholder_text_counts_as_empty() -> None:
    section = AnnualReport.blank("gb2021").spec.section(1)
    assert is_placeholder("", section) and is_placeholder(" \n", section)
    assert is_placeholder(section.placeholder + "\n", section)
    assert not is_placeholder("本年度……", section)


def test_titles_headings_and_table_heading() -> None:
    report = consistent_report("gb2021", random.Random(1), agency="某市某局", year=2023)
    doc = build_document(report)
    assert doc.title == "某市某局2023年政府信息公开工作年度报告"
    report.meta.title = "某市某局2023年度政府信息公开工作年度报告"
    del report.sections[5]  # a missing section still gets its official heading
    report.sections[2] = SectionContent("二、主动公开政府信息的情况", "", "（二）具体情况")
    doc = build_document(report)
    assert doc.title == report.meta.title
    assert doc.headings(1) == [
        "一、总体情况", "二、主动公开政府信息的情况", "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项",
    ]  # fmt: skip
    blocks = list(doc.blocks)
    at = blocks.index(Heading("（二）具体情况", 2))
    assert isinstance(blocks[at + 1], Table) and blocks[at + 1].name == "T2"


def test_generated_preamble_states_the_period_and_contact() -> None:
    report = consistent_report("gb2021", random.Random(1), year=2024)
    report.preamble = ""
    text = [p.text for p in build_document(report).paragraphs()][:2]
    assert "本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。" in text[0]
    assert "六部分组成" in text[0]
    assert text[1].startswith("如对本报告有疑问") and report.meta.contact in text[1]
    report.meta.period_start, report.meta.period_end = "2024-01-01", "2024-06-30"
    first = build_document(report).paragraphs()[0].text
    assert "自2024年1月1日起至2024年6月30日止" in first


def test_local_tables_of_unknown_sections_are_not_dropped() -> None:
    report = consistent_report("gb2021", random.Random(1))
    report.local_tables = [LocalTable(9, "附表", ["指标", "数值"], [["甲", "1"], ["乙"]])]
    doc = build_document(report)
    local = doc.tables()[-1]
    assert local.name == "local" and local.texts() == ["指标", "数值", "甲", "1", "乙", ""]
    assert doc.headings(2)[-1] == "附表"


# --- findings never leak; failed validation is never silent -----------------------------


SECRET_EXPLANATION = "因机构改革本年结转较多（内部说明，不应出现在草稿中）"
SECRET_MESSAGE = "结转下年度的申请较多（校验提示原文）"


def _result(with_error: bool) -> ValidationResult:
    kept = Finding("P-005", Severity.WARNING, SECRET_MESSAGE, ("T3.carry_out.C7",),
                   explanation=SECRET_EXPLANATION)  # fmt: skip
    error = Finding(
        "T3-001", Severity.ERROR, "表三“总计”列不符合勾稽关系（错误原文）", ("T3.new.C7",)
    )
    return ValidationResult("gb2021", (error, kept) if with_error else (kept,))


@pytest.mark.parametrize("with_error", [False, True])
def test_explanations_and_findings_never_reach_the_draft(with_error: bool, tmp_path: Path) -> None:
    report = consistent_report("gb2021", random.Random(6))
    report.explanations = {"P-005@T3.carry_out.C7": SECRET_EXPLANATION}
    result = _result(with_error)
    md = write_draft(report, tmp_path / "d.md", result).read_text(encoding="utf-8")
    with zipfile.ZipFile(write_draft(report, tmp_path / "d.docx", result)) as z:
        xml = "".join(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    for text in (md, xml):
        assert SECRET_EXPLANATION not in text
        assert SECRET_MESSAGE not in text
        assert "错误原文" not in text
        assert ("草稿—存在未通过校验项" in text) is with_error


def test_banner_counts_errors_and_open_warnings() -> None:
    report = consistent_report("gb2021", random.Random(6))
    open_warning = Finding("P-001", Severity.WARNING, "x", ("T2.A.R2.C1",))
    result = ValidationResult("gb2021", (*_result(True).findings, open_warning), partial=True)
    doc = build_document(report, result)
    assert doc.notice is not None and doc.notice.title == "草稿—存在未通过校验项"
    assert doc.notice.lines[0].startswith("校验发现强制性错误1项、未说明的提示1项（校验提前终止")
    md = render_markdown(doc)
    assert md.startswith("> **草稿—存在未通过校验项**\n")
    assert read_markdown(md).notice == doc.notice
    assert build_document(report).notice is None


# --- Markdown ----------------------------------------------------------------------------


def test_markdown_is_deterministic(tmp_path: Path) -> None:
    first = render_markdown(build_document(load_report_json(ZHENHAI))).encode("utf-8")
    again = render_markdown(build_document(load_report_json(ZHENHAI))).encode("utf-8")
    assert first == again
    report = consistent_report("gb2021", random.Random(8))
    a = write_draft(report, tmp_path / "a.md").read_bytes()
    b = write_draft(copy.deepcopy(report), tmp_path / "b.md").read_bytes()
    assert a == b
    assert a.endswith(b"\n") and not a.endswith(b"\n\n")


def test_markdown_escapes_what_would_be_markup() -> None:
    text = "1. 星号*强调*、<b>标签</b>、[链接](x) & 下划线_a_ \\ # |"
    assert md_unescape(md_escape(text)) == text
    report = consistent_report("gb2021", random.Random(8))
    report.sections[5].text = text + "\n- 不是列表\n# 不是标题"
    back = read_markdown(render_markdown(build_document(report)))
    texts = [p.text for p in back.paragraphs()]
    assert text in texts and "- 不是列表" in texts and "# 不是标题" in texts


def test_markdown_round_trips_the_document_model() -> None:
    doc = build_document(load_report_json(ZHENHAI))
    back = read_markdown(render_markdown(doc))
    assert back.title == doc.title and list(back.text_flow()) == list(doc.text_flow())
    key = lambda c: (c.row, c.col, c.rowspan, c.colspan, c.text)  # noqa: E731
    for made, read in zip(doc.tables(), back.tables(), strict=True):
        assert sorted(map(key, read.cells)) == sorted(map(key, made.cells))
        assert (read.name, read.header_rows) == (made.name, made.header_rows)


# --- files and CLI -----------------------------------------------------------------------


def test_write_draft_never_overwrites_unasked(tmp_path: Path) -> None:
    report = consistent_report("gb2021", random.Random(8))
    out = tmp_path / "d.md"
    out.write_text("old", encoding="utf-8")
    with pytest.raises(ExportError, match="已存在"):
        write_draft(report, out)
    assert out.read_text(encoding="utf-8") == "old"
    write_draft(report, out, overwrite=True)
    assert out.read_text(encoding="utf-8").startswith("# ")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.md"]  # no temp file left


def test_write_draft_rejects_other_formats(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"\.docx 或 \.md"):
        write_draft(consistent_report("gb2021", random.Random(8)), tmp_path / "d.pdf")
    assert not (tmp_path / "d.pdf").exists()


def _cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(list(argv))
    return run(args, out, err), out.getvalue(), err.getvalue()


def test_cli_draft_writes_markdown_and_docx(tmp_path: Path) -> None:
    md, docx = tmp_path / "z.md", tmp_path / "z.docx"
    code, out, _ = _cli("draft", str(ZHENHAI), "-o", str(md))
    assert code == 0 and "已生成草稿" in out
    assert md.read_text(encoding="utf-8").startswith("# 镇海区新闻中心2019年度")
    assert _cli("draft", str(ZHENHAI), "-o", str(docx))[0] == 0
    assert zipfile.is_zipfile(docx)
    code, _, err = _cli("draft", str(ZHENHAI), "-o", str(md))
    assert code == 2 and "已存在" in err
    assert _cli("draft", str(ZHENHAI), "-o", str(md), "--force", "--summaries")[0] == 0


def test_cli_draft_of_a_report_with_errors_is_marked_and_exits_1(tmp_path: Path) -> None:
    report = consistent_report("gb2021", random.Random(8))
    report.values["T3.new.C7"] = 99999  # breaks T3-001
    src = tmp_path / "bad.json"
    src.write_text(json.dumps(report_to_dict(report), ensure_ascii=False), encoding="utf-8")
    code, out, err = _cli("draft", str(src), "-o", str(tmp_path / "bad.md"))
    assert code == 1 and "未通过校验" in out and "强制性错误" in err
    assert (
        (tmp_path / "bad.md").read_text(encoding="utf-8").startswith("> **草稿—存在未通过校验项**")
    )
