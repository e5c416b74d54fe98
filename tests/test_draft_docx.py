"""The .docx follows the 党政机关公文 layout and fits its tables to the page (no LibreOffice)."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from support.factories import consistent_report
from xl_disclosure.draft import NOTO_FONTS, build_document, render_docx, write_draft
from xl_disclosure.draft import docx_styles as st
from xl_disclosure.draft.docx_writer import text_width_twips
from xl_disclosure.draft.readback import read_docx
from xl_disclosure.io.canonical import load_report_json
from xl_disclosure.validate import Finding, Severity, ValidationResult

DATA = Path(__file__).parent / "data"
TEXT_WIDTH = int(Mm(156).twips)


@pytest.fixture(scope="module")
def zhenhai(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx")
    return write_draft(load_report_json(DATA / "zhenhai-2019.json"), out / "zhenhai.docx")


def east_asian(style: object) -> str:
    return str(style.element.rPr.rFonts.get(qn("w:eastAsia")))  # type: ignore[attr-defined]


def test_page_is_a4_with_gongwen_margins(zhenhai: Path) -> None:
    section = docx.Document(str(zhenhai)).sections[0]
    sizes = [section.page_width, section.page_height, section.top_margin, section.bottom_margin,
             section.left_margin, section.right_margin]  # fmt: skip
    assert [round(s.mm, 1) for s in sizes] == [210, 297, 37, 35, 28, 26]  # stored in twips
    assert text_width_twips() == TEXT_WIDTH


def test_styles_use_the_gongwen_fonts_and_sizes(zhenhai: Path) -> None:
    styles = docx.Document(str(zhenhai)).styles
    assert east_asian(styles[st.TITLE]) == "方正小标宋简体"
    assert styles[st.TITLE].font.size == Pt(22)
    assert east_asian(styles[st.HEADING1]) == "黑体"
    assert east_asian(styles[st.HEADING2]) == "楷体_GB2312"
    body = styles[st.BODY]
    assert east_asian(body) == "仿宋_GB2312" and body.font.size == Pt(16)
    fmt = body.paragraph_format
    assert abs(fmt.line_spacing.pt - 28.95) < 0.1
    assert fmt.first_line_indent == Pt(32)
    assert body.element.pPr.ind.get(qn("w:firstLineChars")) == "200"
    assert styles[st.TABLE].font.size == Pt(10.5)
    for name in (st.HEADING1, st.HEADING2):
        assert styles[name].element.pPr.find(qn("w:outlineLvl")) is not None


def test_font_table_declares_fallbacks(zhenhai: Path) -> None:
    with zipfile.ZipFile(zhenhai) as z:
        fonts = z.read("word/fontTable.xml").decode("utf-8")
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/><w:charset w:val="86"/>' in fonts
    assert '<w:font w:name="方正小标宋简体"><w:altName w:val="宋体"/>' in fonts


def test_every_paragraph_has_a_gongwen_style(zhenhai: Path) -> None:
    document = docx.Document(str(zhenhai))
    used = {p.style.name for p in document.paragraphs if p.text.strip()}
    assert used == {st.TITLE, st.HEADING1, st.HEADING2, st.BODY}
    assert document.paragraphs[0].style.name == st.TITLE
    # a long title breaks before the customary second line
    assert document.paragraphs[0].text == "镇海区新闻中心2019年度\n政府信息公开工作年度报告"


def test_tables_fit_the_text_width(zhenhai: Path) -> None:
    for table in docx.Document(str(zhenhai)).tables:
        tbl = table._tbl
        grid = [int(g.get(qn("w:w"))) for g in tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(grid) <= TEXT_WIDTH
        assert sum(grid) >= TEXT_WIDTH - len(grid)  # and use it
        assert int(tbl.tblPr.find(qn("w:tblW")).get(qn("w:w"))) == sum(grid)
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        for tr in tbl.tr_lst:
            col = 0
            for tc in tr.tc_lst:
                span = tc.grid_span
                assert tc.width.twips == sum(grid[col : col + span])
                col += span
            assert col == len(grid)
            assert tr.trPr.find(qn("w:cantSplit")) is not None
        # schema order inside tblPr: the cell margins come before tblLook
        tags = [child.tag for child in tbl.tblPr]
        assert tags.index(qn("w:tblCellMar")) < tags.index(qn("w:tblLook"))


def test_header_rows_repeat_on_each_page(zhenhai: Path) -> None:
    tables = docx.Document(str(zhenhai)).tables
    repeated = [
        sum(1 for tr in t._tbl.tr_lst if tr.trPr.find(qn("w:tblHeader")) is not None)
        for t in tables
    ]
    assert repeated == [1, 0, 3, 3]  # local, 二 (blocks carry their own headers), 三, 四


def test_footer_has_page_numbers_odd_right_even_left(zhenhai: Path) -> None:
    document = docx.Document(str(zhenhai))
    assert document.settings.odd_and_even_pages_header_footer
    section = document.sections[0]
    for footer, align in ((section.footer, "right"), (section.even_page_footer, "left")):
        p = footer.paragraphs[0]
        xml = p._p.xml
        assert "PAGE" in xml and 'w:fldCharType="begin"' in xml
        assert p.text.startswith("— ") and p.text.endswith(" —")
        assert p.alignment.name.lower() == align


def _invalid() -> ValidationResult:
    return ValidationResult(
        "gb2021",
        (
            Finding("T3-001", Severity.ERROR, "表三不平衡。", ("T3.new.C7",)),
            Finding("P-005", Severity.WARNING, "结转较多。", ("T3.carry_out.C7",)),
        ),
    )


def test_unresolved_errors_put_a_red_banner_and_page_header(tmp_path: Path) -> None:
    report = consistent_report("gb2021", random.Random(2))
    path = write_draft(report, tmp_path / "d.docx", _invalid())
    document = docx.Document(str(path))
    first, second = document.paragraphs[0], document.paragraphs[1]
    assert first.text == "草稿—存在未通过校验项" and first.style.name == st.NOTICE
    assert "强制性错误1项、未说明的提示1项" in second.text
    assert document.paragraphs[2].style.name == st.NOTICE_TEXT
    assert document.paragraphs[3].style.name == st.TITLE
    section = document.sections[0]
    for header in (section.header, section.even_page_header):
        run = header.paragraphs[0].runs[0]
        assert run.text == "草稿—存在未通过校验项" and run.font.color.rgb == st.RED
    assert read_docx(path).notice is not None


def test_valid_report_has_no_banner_and_no_header(tmp_path: Path) -> None:
    report = consistent_report("gb2021", random.Random(2))
    path = write_draft(report, tmp_path / "d.docx", ValidationResult("gb2021", ()))
    document = docx.Document(str(path))
    assert document.paragraphs[0].style.name == st.TITLE
    assert not document.sections[0].header.paragraphs[0].text
    assert read_docx(path).notice is None


def test_to_be_completed_markers_are_highlighted(tmp_path: Path) -> None:
    report = consistent_report("gb2021", random.Random(2))
    report.sections[5].text = ""
    path = write_draft(report, tmp_path / "d.docx")
    runs = [r for p in docx.Document(str(path)).paragraphs for r in p.runs if "【待补充" in r.text]
    assert runs
    assert all(r.font.highlight_color is not None and r.text.endswith("】") for r in runs)


def test_run_in_heading_is_set_in_kaiti(tmp_path: Path) -> None:
    report = consistent_report("gb2021", random.Random(2))
    report.sections[1].text = "（一）主动公开。本年度主动公开信息120条。"
    path = write_draft(report, tmp_path / "d.docx")
    p = next(
        p for p in docx.Document(str(path)).paragraphs if p.text.startswith("（一）主动公开。")
    )
    assert p.runs[0].text == "（一）主动公开。"
    assert p.runs[0]._r.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    back = read_docx(path)
    assert any(b.lead == "（一）主动公开。" for b in back.paragraphs())


def test_noto_font_set(tmp_path: Path) -> None:
    doc = build_document(consistent_report("gb2019", random.Random(4)))
    path = render_docx(doc, tmp_path / "n.docx", fonts=NOTO_FONTS)
    styles = docx.Document(str(path)).styles
    assert east_asian(styles[st.BODY]) == "Noto Serif CJK SC"
    assert east_asian(styles[st.HEADING1]) == "Noto Sans CJK SC"


def test_docx_round_trips_the_document_model(tmp_path: Path) -> None:
    report = consistent_report("gb2021", random.Random(9))
    report.sections[6].text = ""
    doc = build_document(report)
    back = read_docx(render_docx(doc, tmp_path / "r.docx"))
    assert back.title == doc.title
    assert [(type(b).__name__) for b in back.blocks] == [type(b).__name__ for b in doc.blocks]
    assert list(back.text_flow()) == list(doc.text_flow())
    for made, read in zip(doc.tables(), back.tables(), strict=True):
        key = lambda c: (c.row, c.col, c.rowspan, c.colspan, c.text)  # noqa: E731
        assert sorted(map(key, read.cells)) == sorted(map(key, made.cells))
        assert (read.n_rows, read.n_cols, read.header_rows) == (
            made.n_rows,
            made.n_cols,
            made.header_rows,
        )
