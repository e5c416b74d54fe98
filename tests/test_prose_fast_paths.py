"""The prose reader's shortcuts give exactly what the long way gives.

Two shortcuts keep the narrative reading fast: a paragraph is folded once and split into its
folded sentences (instead of folding each sentence), and a sentence without 复议/诉 or 申请
skips the claims that need one. Each is compared here with the long way, on the narratives
the tests and the bench use, on the accuracy corpus and on generated text full of the
characters that could trip them (full-width, vertical and small forms, Traditional, spaces).
"""

from __future__ import annotations

import importlib
import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from support.accuracy import load_cases
from support.realistic import realistic_dict
from xl_disclosure.io.canonical import load_report_json, report_from_dict
from xl_disclosure.model import AnnualReport
from xl_disclosure.spec import load_format
from xl_disclosure.validate.prose import bare
from xl_disclosure.validate.prose.claims import Claim
from xl_disclosure.validate.prose.keywords import lexicon

DATA = Path(__file__).parent / "data"
#: The module (the package exports its function of the same name).
sentences = importlib.import_module("xl_disclosure.validate.prose.sentences")
#: Pieces of text that reach every branch: sentence ends in all widths and forms, closing
#: quotes and brackets, digits, Traditional characters, case words, negations, spaces.
FRAGMENTS = (
    "。", "！", "？", "!", "?", "︒", "﹒", "﹚", "‼", "”", "’", "」", "』", ")", "）", "，", ",",
    "；", " ", "\u3000", "\t", "１２", "3", "1,234", "件", "%", "2024年", "2023年",
    "行政复议", "行政诉讼", "复议", "诉讼", "起诉", "败诉", "胜诉", "均获维持", "维持", "纠正",
    "纠错", "撤销", "确认违法", "未被", "未发生", "无", "为零", "申请", "政府信息公开", "公开",
    "未收到", "依申請公開", "資訊", "無敗訴", "審結", "本年", "收到", "办结", "予以公开",
    "的", "均", "e\u0301", "\u00ad", "我局",
)  # fmt: skip
_text = st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join)


def _reports() -> list[AnnualReport]:
    reports = [report_from_dict(realistic_dict(i, varied=True)) for i in range(40)]
    reports += [report_from_dict(realistic_dict(i, year=2020)) for i in range(5)]
    reports.append(load_report_json(DATA / "zhenhai-2019.json"))
    return reports


def _lines(report: AnnualReport) -> list[str]:
    return [
        line
        for s in report.spec.sections
        if s.no in report.sections
        for line in report.text(s.no).splitlines()
        if line.strip()
    ]


def _corpus_lines() -> list[str]:
    """Every paragraph of the accuracy corpus (``bench/accuracy_corpus``)."""
    out: list[str] = []
    for case in load_cases():
        for paragraphs in case.data.get("sections", {}).values():
            texts = paragraphs if isinstance(paragraphs, list) else [paragraphs]
            out += [line for text in texts for line in str(text).splitlines() if line.strip()]
    return out


def _check_folding(line: str) -> None:
    pieces = list(sentences._pieces(line))
    if len(pieces) > 1:
        slow = [sentences._folded(p) for p in pieces]
        assert sentences._folded_pieces(line, pieces) == slow, line


def _long_way(spec_id: str, sentence: sentences.Sentence) -> list[Claim]:
    """:func:`bare.bare_claims` without its shortcut: every kind asked of every sentence."""
    lex = lexicon(load_format(spec_id))
    out: list[Claim] = []
    if lex.cases and (sentence.section == lex.cases or "公开" in sentence.norm):
        out += bare.case_claims(lex, sentence)
    out += bare.no_applications(lex, sentence) + bare.all_from_one_group(lex, sentence)
    out += bare.no_carry_over(lex, sentence)
    return out + bare.no_fees(lex, sentence)


def _check_claims(spec_id: str, section: int, text: str, year: int = 2024) -> None:
    lex = lexicon(load_format(spec_id))
    for sentence in sentences.sentences(section, text, year):
        assert bare.bare_claims(lex, sentence) == _long_way(spec_id, sentence), sentence.norm


def test_folding_a_paragraph_once_gives_each_sentence_as_folded_alone() -> None:
    lines = [line for r in _reports() for line in _lines(r)] + _corpus_lines()
    multi = [line for line in lines if len(list(sentences._pieces(line))) > 1]
    assert len(multi) > 200  # the shortcut is taken, and often
    for line in lines:
        _check_folding(line)


def test_a_vertical_full_stop_falls_back_to_folding_each_sentence() -> None:
    line = "本年收到申请12件︒其中予以公开3件。办结12件！"
    pieces = list(sentences._pieces(line))
    assert len(pieces) == 2  # ︒ ends no sentence as written; after NFKC it is 。
    assert sentences._folded_pieces(line, pieces) == [sentences._folded(p) for p in pieces]


def test_a_space_before_a_closing_quote_keeps_the_sentences_apart() -> None:
    """``。 ”`` is two pieces as written; with the space dropped first it would be one (found
    by the generated paragraphs below)."""
    line = "予以公开3件。 ”不予公开1件。"
    pieces = list(sentences._pieces(line))
    assert pieces == ["予以公开3件。", " ”不予公开1件。"]
    assert sentences._folded_pieces(line, pieces) == ["予以公开3件。", "”不予公开1件。"]


@settings(max_examples=400, deadline=None)
@given(_text)
def test_folding_shortcut_on_generated_paragraphs(line: str) -> None:
    _check_folding(line)


def test_claims_without_a_number_are_the_same_without_the_shortcut() -> None:
    texts = [
        (r.format_id, s.no, r.text(s.no), r.meta.year or 0)
        for r in _reports()
        for s in r.spec.sections
        if s.no in r.sections
    ]
    for case in load_cases():  # the corpus: every way of saying 均获维持, 无败诉, 未发生 ...
        fid, year = case.data.get("format", "gb2021"), case.data.get("year", 2022)
        for no, paragraphs in case.data.get("sections", {}).items():
            texts.append((fid, int(no), "\n".join(paragraphs), year))
    claims = 0
    for fid, no, text, year in texts:
        _check_claims(fid, no, text, year)
        lex = lexicon(load_format(fid))
        claims += sum(len(bare.bare_claims(lex, x)) for x in sentences.sentences(no, text, year))
    assert claims > 20  # the texts do make such claims


@settings(max_examples=400, deadline=None)
@given(_text, st.sampled_from(["cases", 1, 6]), st.sampled_from(["gb2021", "gb2019"]))
def test_claims_shortcut_on_generated_sentences(text: str, section: object, spec_id: str) -> None:
    no = lexicon(load_format(spec_id)).cases if section == "cases" else section
    assert isinstance(no, int)
    _check_claims(spec_id, no, text)


def test_the_generated_text_reaches_the_claims() -> None:
    """The fragments make sentences that claim something (else the property proves little)."""
    rnd = random.Random(7)
    made = 0
    lex = lexicon(load_format("gb2021"))
    for _ in range(3000):
        text = "".join(rnd.choice(FRAGMENTS) for _ in range(12))
        for sentence in sentences.sentences(lex.cases, text, 2024):
            made += bool(bare.bare_claims(lex, sentence))
    assert made > 10
