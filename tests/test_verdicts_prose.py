"""Every figure the prose states against the tables (X-003), the prose against itself (X-005),
and silence on what is not a statement of the tables (issue 11, items 3-5).

The full accuracy corpus runs in ``make bench`` (``bench/accuracy.py``); here one case of each
phrasing family runs, and a few properties that hold for any report.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from support.accuracy import load_cases, run_case
from support.factories import consistent_report
from xl_disclosure.draft.sentences import applications, proactive, reviews
from xl_disclosure.model.report import SectionContent
from xl_disclosure.textnorm import to_simplified
from xl_disclosure.validate import validate

CASES = load_cases()
FIRST_OF_FAMILY = {c.family: c for c in reversed(CASES)}


def test_the_corpus_is_large_and_covers_both_directions() -> None:
    assert len(CASES) >= 40
    assert sum(1 for c in CASES if not c.expect) >= 10  # cases where nothing may be reported
    assert len({c.family for c in CASES}) >= 30


@pytest.mark.parametrize("family", sorted(FIRST_OF_FAMILY))
def test_one_case_per_phrasing_family(family: str) -> None:
    case = FIRST_OF_FAMILY[family]
    score, found = run_case(case)
    assert not score.fp and not score.fn, score.messages
    for f in found:
        if f.rule == "X-003":
            assert f.places[0].startswith("section.") and len(f.places) > 1
            assert "正文为" in f.message and "表格为" in f.message, f.message


def test_message_quotes_the_sentence_names_the_cells_and_both_numbers() -> None:
    case = next(c for c in CASES if c.id == "received-xinshou")
    _, [f] = run_case(case)
    assert f.message == (
        "第三部分“从申请人类型看，本年新收政府信息公开申请60件，其中自然人申请52件，"
        "法人或其他组织申请6件。”与表格不一致：新收申请，正文为60件，表格为58件"
        "（表三“一、本年新收政府信息公开申请数量”/“总计”）。请核对后修改正文或表格。"
    )
    assert (f.expected, f.actual) == ("58件", "60件")


def test_sums_are_named_as_sums() -> None:
    case = next(c for c in CASES if c.id == "deny")
    _, [f] = run_case(case)
    assert "表格为4件（= 表三“不予公开”各项的“总计”之和）" in f.message


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
@pytest.mark.parametrize("fmt", ["gb2019", "gb2021"])
def test_generated_sentences_agree_with_their_own_tables(fmt: str, seed: int) -> None:
    """Sentences stating every figure of a consistent report draw no X-003 or X-005."""
    report = consistent_report(fmt, random.Random(seed))
    text = "\n".join((applications(report), reviews(report)))
    report.sections[3] = SectionContent(report.spec.section(3).title, text)
    report.sections[2] = SectionContent(report.spec.section(2).title, proactive(report))
    assert validate(report).findings == ()
    # and one changed figure in that text is caught, with the family of its phrasing
    new = int(str(report.values["T3.new.C7"]))
    report.sections[3].text = text.replace(f"申请{new}件", f"申请{new + 1}件", 1)
    [f] = validate(report).findings
    assert f.rule == "X-003" and f.extra["family"] == "received.新收"


def test_a_traditional_rendering_is_the_same_text() -> None:
    report = consistent_report("gb2021", random.Random(9))
    for s in report.spec.sections:
        traditional = s.title.replace("总体情况", "總體情況").replace("信息", "資訊")
        report.sections[s.no].title = traditional.replace("诉讼", "訴訟").replace("复议", "復議")
        assert to_simplified(report.sections[s.no].title) == s.title
    report.sections[1].text = report.sections[1].text.replace("主动公开", "主動公開")
    assert validate(report).findings == ()


@pytest.mark.parametrize("mark", ["，", ",", ".", "．", "：", " ", ""])
def test_the_mark_after_a_section_numeral_is_typesetting(mark: str) -> None:
    """``一，总体情况`` or ``一. 总体情况`` keeps the format's title (no D-002 per section);
    other words still differ."""
    report = consistent_report("gb2021", random.Random(9))
    for s in report.spec.sections:
        report.sections[s.no].title = s.title.replace("、", mark, 1)
    assert validate(report).findings == ()
    report.sections[5].title = f"五{mark}存在问题及改进情况"
    [f] = validate(report).findings
    assert f.rule == "D-002" and f.places == ("section.5.title",)


def test_the_simplified_fast_path_agrees_with_opencc_on_any_text() -> None:
    """``to_simplified`` skips OpenCC when no character would change: on mixed text (the bundled
    report, its Traditional mirror, random runs of CJK characters) it equals OpenCC itself."""
    import opencc

    t2s = opencc.OpenCC("t2s")
    s2t = opencc.OpenCC("s2t")
    text = (Path(__file__).parent / "data" / "zhenhai-news-center-2019.txt").read_text("utf-8")
    rng = random.Random(11)
    samples = [text, s2t.convert(text)]
    samples += ["".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(40)) for _ in range(300)]
    samples += [text[i : i + 30] for i in range(0, len(text), 97)]
    for sample in samples:
        assert to_simplified(sample) == t2s.convert(sample)


def test_nfkc_equals_unicode_nfkc_on_any_text() -> None:
    """``nfkc`` replaces common full-width forms before normalising: the result is still exactly
    Unicode NFKC, next to combining marks, compatibility characters and everything else."""
    import unicodedata

    from xl_disclosure.textnorm import nfkc

    rng = random.Random(5)
    pool = "，（）：；！？％０１２３４５６７８９\u3000。、“”Ａａ\u0301\u0308ｶﾞ①㈠ﬁ²申请件 ,(1a"
    for _ in range(3000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        assert nfkc(text) == unicodedata.normalize("NFKC", text), repr(text)


def test_varied_narratives_of_consistent_reports_raise_no_prose_finding() -> None:
    """Narratives worded anew per report, as long as published ones, full of counts in 件 that
    are not the tables' (proposals, hotline tickets, permits, letters, documents cleaned up):
    a report whose text states its figures right gets no X-003/X-005; one whose text misstates
    a figure (one in eight) is told so, unless its words also read as another figure that
    matches (收到 may include the carried-over ones)."""
    from support.realistic import realistic_dict
    from xl_disclosure.io.canonical import report_from_dict

    lengths, flagged, planted = [], 0, 0
    for i in range(240):
        data = realistic_dict(i, year=2020 if i % 4 == 0 else 2023, varied=True)
        lengths.append(sum(len(s["text"]) for s in data["sections"]))
        found = validate(report_from_dict(data)).findings
        prose = [f for f in found if f.rule in ("X-003", "X-005")]
        misstated = random.Random(f"narrative{i}").random() < 0.125  # as realistic_dict does
        if not misstated:
            assert not prose, (i, [f.message for f in prose])
        else:
            planted += 1
            flagged += any(f.rule == "X-003" for f in prose)
    assert planted >= 20 and flagged >= 0.9 * planted, (flagged, planted)
    lengths.sort()
    assert lengths[len(lengths) // 2] >= 1000 and lengths[-1] >= 3000, lengths  # as published


def test_documents_counted_in_ge_and_fen() -> None:
    """制发行政规范性文件6个 / 废止1份: 个 and 份 count documents (and nothing else: 3个工作日,
    2个领域), as real reports often write them; the message counts in the text's unit."""
    case = next(c for c in CASES if c.id == "documents-units")
    score, found = run_case(case)
    assert not score.fp and not score.fn, score.messages
    [f] = found
    assert "全年印发规范性文件5个" in f.message and (f.actual, f.expected) == ("5个", "3个")
    assert "正文为5个，表格为3个" in f.message
    assert f.extra["stated"] == "5个"


@pytest.mark.parametrize("case_id", ["outcomes-own-rows-first", "received-shixiang"])
def test_phrasings_of_published_reports(case_id: str) -> None:
    """From published reports: a group stated after one of its own rows in a list
    (逾期未补正2件，其他处理5件: the rest of 其他处理), 逾期不补正/逾期未补正 for the row
    of table 三, 依申请公开事项 / 申请事项 for applications (not a permit's 事项), and
    "2020年度未收到…申请" in another year's report."""
    case = next(c for c in CASES if c.id == case_id)
    score, _ = run_case(case)
    assert not score.fp and not score.fn, score.messages
