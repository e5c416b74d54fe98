"""Generated sentences state the table figures correctly.

The figures are re-extracted with regexes from the written .docx and .md (read back) and
compared with sums computed here, independently, from the report's cells.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from support.factories import consistent_report
from xl_disclosure.cells import BLANK
from xl_disclosure.draft import build_document, write_draft
from xl_disclosure.draft.model import Document, Heading, Paragraph
from xl_disclosure.draft.readback import read_docx, read_markdown
from xl_disclosure.model import AnnualReport
from xl_disclosure.validate import validate

N = r"(\d+(?:\.\d+)?)"
APPLY = re.compile(
    rf"本年新收政府信息公开申请{N}件（其中自然人{N}件，法人或其他组织{N}件），"
    rf"上年结转政府信息公开申请{N}件。"
)
RESULT = re.compile(
    rf"本年度办理结果总计{N}件，其中予以公开{N}件，部分公开{N}件，不予公开{N}件，"
    rf"无法提供{N}件，不予处理{N}件，其他处理{N}件。"
)
CARRY = re.compile(rf"结转下年度继续办理{N}件。")
REVIEW = re.compile(
    rf"被申请行政复议{N}件，其中结果维持{N}件，结果纠正{N}件，其他结果{N}件，尚未审结{N}件；"
    rf"被提起行政诉讼{N}件，其中未经复议直接起诉{N}件，复议后起诉{N}件，"
    rf"结果维持{N}件，结果纠正{N}件，其他结果{N}件，尚未审结{N}件。"
)
FEE = re.compile(rf"依据《政府信息公开信息处理费管理办法》.*不再处理的政府信息公开申请{N}件。")
T2_2021 = re.compile(
    rf"本年度制发规章{N}件、行政规范性文件{N}件，废止规章{N}件、行政规范性文件{N}件，"
    rf"现行有效规章{N}件、行政规范性文件{N}件；作出行政许可决定{N}件，行政处罚决定{N}件，"
    rf"行政强制决定{N}件；行政事业性收费金额{N}万元。"
)
T2_2019 = re.compile(
    rf"本年新制作规章{N}件、规范性文件{N}件，新公开规章{N}件、规范性文件{N}件，"
    rf"对外公开规章总数{N}件、规范性文件总数{N}件；行政许可处理决定{N}件，"
    rf"其他对外管理服务事项处理决定{N}件，行政处罚处理决定{N}件，行政强制处理决定{N}件；"
    rf"政府集中采购项目{N}个，采购总金额{N}元。"
)


def v(report: AnnualReport, *keys: str) -> float:
    return float(sum(float(report.values[k]) for k in keys))  # type: ignore[arg-type]


def rows(report: AnnualReport, prefix: str) -> list[str]:
    return [k for k in report.values if k.startswith(f"T3.{prefix}") and k.endswith(".C7")]


def nonzero_report(format_id: str, seed: int) -> AnnualReport:
    """A consistent report with non-zero figures everywhere the sentences look."""
    report = consistent_report(format_id, random.Random(seed))
    values = report.values
    for start, parts in ((1, (3, 2, 1, 1)), (6, (1, 1, 0, 2)), (11, (2, 0, 1, 0))):
        for i, n in enumerate(parts):
            values[f"T4.F{start + i:02d}"] = n
        values[f"T4.F{start + 4:02d}"] = sum(parts)
    if format_id == "gb2021":
        values.update(
            {"T2.A.R1.C1": 2, "T2.A.R1.C3": 9, "T2.B.R1": 41, "T2.C.R1": 17, "T2.C.R2": 3}
        )
        values["T2.D.R1"] = 12.35
    else:
        values.update({"T2.B.R1.C3": 41, "T2.C.R1.C3": 17, "T2.E.R1.C1": 2, "T2.E.R1.C2": 25100})
    assert v(report, "T3.new.C7") > 0 and v(report, "T3.total.C7") > 0
    assert validate(report).valid  # the tables are consistent
    report.sections[1].text = ""  # staff left the overview to the generator
    report.sections[6].text = report.spec.section(6).placeholder
    return report


def generated_text(doc: Document) -> str:
    return "\n".join(p.lead + p.text for p in doc.paragraphs())


def readbacks(report: AnnualReport, tmp: Path) -> dict[str, Document]:
    docx = write_draft(report, tmp / "d.docx")
    md = write_draft(report, tmp / "d.md")
    return {
        "model": build_document(report),
        "docx": read_docx(docx),
        "md": read_markdown(md.read_text(encoding="utf-8")),
    }


def floats(match: re.Match[str] | None) -> list[float]:
    assert match is not None
    return [float(g) for g in match.groups()]


@pytest.mark.parametrize("seed", [1, 7, 23, 58])
def test_gb2021_sentences_agree_with_the_tables(seed: int, tmp_path: Path) -> None:
    report = nonzero_report("gb2021", seed)
    for kind, doc in readbacks(report, tmp_path).items():
        text = generated_text(doc)
        assert floats(APPLY.search(text)) == [
            v(report, "T3.new.C7"),
            v(report, "T3.new.C1"),
            v(report, *(f"T3.new.C{i}" for i in range(2, 7))),
            v(report, "T3.carry_in.C7"),
        ], kind
        outcomes = ("open", "partial", "deny.", "unable.", "reject.", "other.")
        assert floats(RESULT.search(text)) == [
            v(report, "T3.total.C7"),
            *(v(report, *rows(report, p)) for p in outcomes),
        ], kind
        assert floats(CARRY.search(text)) == [v(report, "T3.carry_out.C7")], kind
        t4 = [f"T4.F{i:02d}" for i in range(1, 16)]
        assert floats(REVIEW.search(text)) == [
            v(report, "T4.F05"),
            *(v(report, k) for k in t4[:4]),
            v(report, "T4.F10", "T4.F15"),
            v(report, "T4.F10"),
            v(report, "T4.F15"),
            *(v(report, t4[5 + i], t4[10 + i]) for i in range(4)),
        ], kind
        assert floats(FEE.search(text)) == [v(report, "T3.other.no_fee.C7")], kind
        assert floats(T2_2021.search(text)) == [
            v(report, k)
            for k in ("T2.A.R1.C1", "T2.A.R2.C1", "T2.A.R1.C2", "T2.A.R2.C2", "T2.A.R1.C3",
                      "T2.A.R2.C3", "T2.B.R1", "T2.C.R1", "T2.C.R2", "T2.D.R1")
        ], kind  # fmt: skip
        # the sums really are non-trivial (the test would be weak on an all-zero report)
        assert v(report, "T4.F05") == 7 and v(report, "T4.F10", "T4.F15") == 7


def test_gb2019_sentences_agree_with_the_tables(tmp_path: Path) -> None:
    report = nonzero_report("gb2019", 5)
    for kind, doc in readbacks(report, tmp_path).items():
        text = generated_text(doc)
        assert floats(T2_2019.search(text)) == [
            v(report, k)
            for k in ("T2.A.R1.C1", "T2.A.R2.C1", "T2.A.R1.C2", "T2.A.R2.C2", "T2.A.R1.C3",
                      "T2.A.R2.C3", "T2.B.R1.C3", "T2.B.R2.C3", "T2.C.R1.C3", "T2.C.R2.C3",
                      "T2.E.R1.C1", "T2.E.R1.C2")
        ], kind  # fmt: skip
        other = v(report, "T3.other.C7")
        assert floats(RESULT.search(text))[-1] == other, kind
        assert "信息处理费" not in text  # gb2019 has no fee reporting


def test_sentences_sit_in_sections_one_and_six() -> None:
    doc = build_document(nonzero_report("gb2021", 3))
    blocks = list(doc.blocks)
    one = blocks.index(Heading("一、总体情况", 1))
    two = blocks.index(Heading("二、主动公开政府信息情况", 1))
    six = blocks.index(Heading("六、其他需要报告的事项", 1))
    first = "\n".join(b.text for b in blocks[one:two] if isinstance(b, Paragraph))
    assert APPLY.search(first) and REVIEW.search(first) and T2_2021.search(first)
    assert [b.text for b in blocks[one:two] if isinstance(b, Heading) and b.level == 2] == [
        "（一）主动公开", "（二）依申请公开", "（三）政府信息管理", "（四）政府信息公开平台建设", "（五）监督保障",
    ]  # fmt: skip
    last = "\n".join(b.text for b in blocks[six:] if isinstance(b, Paragraph))
    assert FEE.search(last) and "【待补充" in last
    # the placeholder itself is gone
    assert "（文字描述" not in generated_text(doc)


def test_staff_text_is_kept_and_not_regenerated() -> None:
    report = nonzero_report("gb2021", 3)
    report.sections[1].text = "本年度工作概述。"
    report.sections[6].text = "本年度未收取信息处理费。"
    text = generated_text(build_document(report))
    assert "本年度工作概述。" in text and "本年度未收取信息处理费。" in text
    assert not APPLY.search(text) and not FEE.search(text)


def test_a_figure_that_is_not_a_number_is_marked_never_guessed() -> None:
    report = nonzero_report("gb2021", 3)
    report.values["T3.new.C1"] = BLANK
    report.values["T4.F02"] = "/"
    text = generated_text(build_document(report))
    assert "自然人【待补充】件" in text
    assert "结果纠正【待补充】件" in text


def test_no_reviews_or_suits_reads_naturally() -> None:
    report = nonzero_report("gb2021", 3)
    for i in range(1, 16):
        report.values[f"T4.F{i:02d}"] = 0
    text = generated_text(build_document(report))
    assert "本年度未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。" in text
    assert not REVIEW.search(text)


def test_table_summaries_option_puts_the_figures_before_the_tables() -> None:
    report = nonzero_report("gb2021", 3)
    report.sections[1].text = "概述。"
    plain = build_document(report)
    with_summaries = build_document(report, table_summaries=True)
    assert not APPLY.search(generated_text(plain))
    blocks = list(with_summaries.blocks)
    three = blocks.index(Heading("三、收到和处理政府信息公开申请情况", 1))
    assert isinstance(blocks[three + 1], Paragraph) and APPLY.search(blocks[three + 1].text)
    four = blocks.index(Heading("四、政府信息公开行政复议、行政诉讼情况", 1))
    assert isinstance(blocks[four + 1], Paragraph) and REVIEW.search(blocks[four + 1].text)
