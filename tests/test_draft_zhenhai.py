"""The Zhenhai 2019 report, drafted from its JSON, matches the published text.

The published text (tests/data/zhenhai-news-center-2019.txt) is parsed on its own terms: table
cells are lines starting with a tab, rows are separated by one blank line, a non-tab line after
at most one blank line continues the previous cell, two blank lines end a table. The draft is
read back from the written .docx (python-docx) and .md and compared structurally: title, every
section heading, every paragraph (whitespace removed), every table cell in reading order (every
number included), the local indicator table rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from xl_disclosure.draft import write_draft
from xl_disclosure.draft.model import Document, Heading, Paragraph, Table
from xl_disclosure.draft.readback import read_docx, read_markdown
from xl_disclosure.io.canonical import load_report_json

DATA = Path(__file__).parent / "data"
PUBLISHED = DATA / "zhenhai-news-center-2019.txt"
FIXTURE = DATA / "zhenhai-2019.json"
_WS = re.compile(r"\s+")
_NUMBER = re.compile(r"^[+-]?\d+(\.\d+)?$|^/$")
SECTION_HEADING = re.compile(r"^[一二三四五六]、")


def norm(text: str) -> str:
    """Whitespace (incl. U+3000, NBSP, line breaks) removed."""
    return _WS.sub("", text)


@dataclass
class Published:
    title: str = ""
    flow: list[str] = field(default_factory=list)
    """Text lines outside tables, in order (headings and paragraphs)."""
    tables: list[list[list[str]]] = field(default_factory=list)
    """Tables as rows of cell texts, empty cells included."""


def parse_published(text: str) -> Published:
    lines = text.splitlines()
    out = Published()
    i = 0
    parts: list[str] = []
    while not parts or not parts[-1].endswith("年度报告"):
        if lines[i].strip():
            parts.append(lines[i].strip())
        i += 1
    out.title = "".join(parts)
    rows: list[list[str]] | None = None
    cur: list[str] = []
    blanks = 0
    for raw in lines[i:]:
        if raw.startswith("\t"):
            if rows is None:
                rows, cur = [], []
                out.tables.append(rows)
            elif blanks and cur:
                rows.append(cur)
                cur = []
            cur.append(raw[1:])
            blanks = 0
        elif not raw.strip():
            blanks += 1
        elif rows is not None and blanks <= 1 and cur:
            cur[-1] += "\n" + raw  # a cell printed over two lines
            blanks = 0
        else:
            if rows is not None:
                rows.append(cur)
                rows, cur = None, []
            out.flow.append(raw.strip())
            blanks = 0
    if rows is not None and cur:
        rows.append(cur)
    return out


def table_texts(rows: list[list[str]]) -> list[str]:
    """Non-empty cells in reading order; merged cells print once, so this is the anchor order."""
    return [norm(c) for row in rows for c in row if norm(c)]


def numbers(texts: list[str]) -> list[str]:
    return [t for t in texts if _NUMBER.match(t)]


@pytest.fixture(scope="module")
def published() -> Published:
    return parse_published(PUBLISHED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Document]:
    report = load_report_json(FIXTURE)
    out = tmp_path_factory.mktemp("zhenhai")
    docx = write_draft(report, out / "zhenhai.docx")
    md = write_draft(report, out / "zhenhai.md")
    return {"docx": read_docx(docx), "md": read_markdown(md.read_text(encoding="utf-8"))}


def test_the_published_text_parses_as_expected(published: Published) -> None:
    # guards the parser itself: 4 tables (local, 二, 三, 四), 6 sections, 3 sub-headings
    assert [len(t) for t in published.tables] == [17, 18, 26, 4]
    assert len([s for s in published.flow if SECTION_HEADING.match(s)]) == 6
    assert published.title == "镇海区新闻中心2019年度政府信息公开工作年度报告"


@pytest.mark.parametrize("kind", ["docx", "md"])
def test_title_and_section_headings(
    kind: str, drafts: dict[str, Document], published: Published
) -> None:
    doc = drafts[kind]
    assert norm(doc.title) == norm(published.title)
    assert doc.headings(1) == [s for s in published.flow if SECTION_HEADING.match(s)]
    assert doc.notice is None


@pytest.mark.parametrize("kind", ["docx", "md"])
def test_every_paragraph_in_order(
    kind: str, drafts: dict[str, Document], published: Published
) -> None:
    doc = drafts[kind]
    assert [norm(t) for t in doc.text_flow()] == [norm(t) for t in published.flow]
    # sub-headings are headings, not body text
    assert doc.headings(2)[:3] == [
        "（一）做好信息公开基础工作",
        "（二）优化媒体平台载体建设",
        "（三）清朗政务公开电话渠道",
    ]
    assert not any(isinstance(b, Paragraph) and b.text.startswith("（一）做好") for b in doc.blocks)


@pytest.mark.parametrize("kind", ["docx", "md"])
def test_every_table_cell_and_number(
    kind: str, drafts: dict[str, Document], published: Published
) -> None:
    tables = drafts[kind].tables()
    assert len(tables) == len(published.tables) == 4
    for drafted, printed in zip(tables, published.tables, strict=True):
        expected = table_texts(printed)
        got = [norm(t) for t in drafted.texts() if norm(t)]
        assert got == expected
        assert numbers(got) == numbers(expected)
    # the 15 figures of 表四 and the 161 of 表三 are all there
    assert len(numbers([norm(t) for t in tables[3].texts()])) == 15
    assert len(numbers([norm(t) for t in tables[2].texts()])) == 23 * 7


@pytest.mark.parametrize("kind", ["docx", "md"])
def test_local_indicator_table_rows(
    kind: str, drafts: dict[str, Document], published: Published
) -> None:
    local = drafts[kind].tables()[0]
    rows = [[norm(c.text) for c in row] for row in local.rows()]
    printed = [[norm(c) for c in row] for row in published.tables[0]]
    assert rows == printed
    assert rows[1] == ["（一）主动公开政府信息数（不同渠道和方式公开相同信息计1条）", "条", "154"]
    # the local table and the official one sit under their own headings in section 二
    blocks = drafts[kind].blocks
    at = blocks.index(local)
    assert blocks[at - 1] == Heading("（一）不同渠道方式主动公开及回应解读总体情况", 2)
    assert blocks[at + 1] == Heading("（二）主动公开政府信息具体情况", 2)
    assert isinstance(blocks[at + 2], Table)


@pytest.mark.parametrize("kind", ["docx", "md"])
def test_official_merges_survive_the_file(kind: str, drafts: dict[str, Document]) -> None:
    t3 = drafts[kind].tables()[2]
    spans = {c.text: (c.rowspan, c.colspan) for c in t3.cells if c.text and not c.text.isdigit()}
    assert spans["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"] == (3, 3)
    assert spans["申请人情况"] == (1, 7)
    assert spans["法人或其他组织"] == (1, 5)
    assert spans["自然人"] == spans["总计"] == (2, 1)
    assert spans["三、本年度办理结果"] == (20, 1)  # gb2019: 2+8+3+5+1+1
    assert spans["（三）不予公开"] == (8, 1)
    assert spans["一、本年新收政府信息公开申请数量"] == (1, 3)
    t4 = drafts[kind].tables()[3]
    spans4 = {(c.row, c.text): (c.rowspan, c.colspan) for c in t4.cells}
    assert spans4[(0, "行政复议")] == (1, 5)
    assert spans4[(0, "行政诉讼")] == (1, 10)
    assert spans4[(1, "结果维持")] == (2, 1)
    assert spans4[(1, "复议后起诉")] == (1, 5)
