"""Round trip, the strongest test of the importer: random report -> draft (.docx, .md) ->
LibreOffice (PDF, HTML, .doc/.wps) -> import -> the same report.

Every placed value is identical to the original, no official cell is left unplaced, and agency
and year come back from the two-line title of the .docx draft. The flattened shapes of
``support.shapes`` run on a report of any format (``generic_report``) too.
"""

from __future__ import annotations

import random
import shutil
import zipfile
from pathlib import Path

import pytest

from support.factories import consistent_report
from support.generic import generic_report
from support.shapes import SHAPES, expected_of, wrong_placements
from xl_disclosure.draft import write_draft
from xl_disclosure.errors import InputError
from xl_disclosure.libreoffice import convert_many, soffice
from xl_disclosure.model import AnnualReport
from xl_disclosure.receiving.importer import import_report
from xl_disclosure.spec import load_format

needs_office = pytest.mark.skipif(soffice() is None, reason="LibreOffice not installed")


def _same(report: AnnualReport, path: Path) -> None:
    result = import_report(path)
    got = result.report
    assert result.unavailable_cells == [], (path.suffix, result.notes)
    assert wrong_placements(expected_of(report), got) == [], path.suffix
    assert got.format_id == report.format_id, path.suffix
    assert (got.meta.agency, got.meta.year) == (report.meta.agency, report.meta.year), path.suffix
    assert result.missing == [], (path.suffix, result.missing)


@pytest.fixture(scope="module")
def drafts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[AnnualReport, Path]]:
    tmp = tmp_path_factory.mktemp("roundtrip")
    out: dict[str, tuple[AnnualReport, Path]] = {}
    for i, fid in enumerate(("gb2019", "gb2021")):
        report = consistent_report(fid, random.Random(100 + i), agency="测试市某某局")
        for suffix in (".docx", ".md"):
            out[f"{fid}{suffix}"] = (report, write_draft(report, tmp / f"{fid}{suffix}"))
    return out


@pytest.mark.parametrize("name", ["gb2019.docx", "gb2019.md", "gb2021.docx", "gb2021.md"])
def test_draft_imports_back(name: str, drafts: dict[str, tuple[AnnualReport, Path]]) -> None:
    report, path = drafts[name]
    _same(report, path)


@needs_office
def test_draft_through_libreoffice_pdf_html_doc_wps(
    drafts: dict[str, tuple[AnnualReport, Path]], tmp_path: Path
) -> None:
    docx = [drafts[f"{fid}.docx"] for fid in ("gb2019", "gb2021")]
    sources = [p for _, p in docx]
    for fmt in ("pdf", "html", "doc"):
        for (report, _), out in zip(docx, convert_many(sources, fmt, tmp_path), strict=True):
            _same(report, out)
            if fmt == "doc":  # WPS Writer files are Word 97 documents under another name
                wps = shutil.copy(out, out.with_suffix(".wps"))
                _same(report, Path(wps))


@needs_office
def test_pdf_text_only_path(drafts: dict[str, tuple[AnnualReport, Path]], tmp_path: Path) -> None:
    """The PDF's text without its table ruling (a flipbook page): label + numbers lines."""
    import pdfplumber

    report, docx = drafts["gb2021.docx"]
    (pdf,) = convert_many([docx], "pdf", tmp_path)
    with pdfplumber.open(pdf) as doc:
        text = "\n".join(page.extract_text() for page in doc.pages)
    path = tmp_path / "flipbook.txt"
    path.write_text(text, "utf-8")
    _same(report, path)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_any_format_in_every_shape(shape: str, tmp_path: Path) -> None:
    spec = load_format("gb2021")
    report = generic_report(spec, random.Random(7), agency="测试市某某局")
    page = SHAPES[shape](report, random.Random(7))
    path = tmp_path / f"{shape}{page.suffix}"
    path.write_bytes(page.text.encode(page.encoding))
    result = import_report(path)
    assert wrong_placements(page.expected, result.report) == []
    assert (result.report.meta.agency, result.report.meta.year) == ("测试市某某局", spec.year_from)


def test_gbk_html_with_meta_charset(tmp_path: Path) -> None:
    report = consistent_report("gb2021", random.Random(3), agency="测试市某某局")
    page = SHAPES["html-in-text"](report, random.Random(1))
    html = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body>'
    path = tmp_path / "gbk.html"
    path.write_bytes((html + page.text.replace("\\", "") + "</body></html>").encode("gb18030"))
    result = import_report(path)
    assert result.report.meta.agency == "测试市某某局"
    assert result.placed > 150


def test_zip_bomb_docx_is_refused_before_python_docx(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", b"<w:document>" + b" " * (60 * 1024 * 1024))
    with pytest.raises(InputError, match=r"超过上限|压缩比"):
        import_report(path)


def test_batch_import_folder_with_jobs_and_summary(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from xl_disclosure.cli import main

    src = tmp_path / "pages"
    src.mkdir()
    reports = {}
    for seed, shape in enumerate(("pipe-rows", "pdf-text", "html-in-text")):
        report = consistent_report("gb2021", random.Random(seed), agency=f"测试市第{seed}局")
        page = SHAPES[shape](report, random.Random(seed))
        (src / f"{shape}.txt").write_text(page.text, "utf-8")
        reports[shape] = report
    (src / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    out = tmp_path / "json"
    code = main(
        ["import", str(src), "-o", str(out), "--jobs", "2", "--summary", str(out / "s.xlsx")]
    )
    assert code == 2  # one file could not be read; the others were imported
    for shape, report in reports.items():
        data = (out / f"{shape}.json").read_text("utf-8")
        assert report.meta.agency in data
    rows = list(load_workbook(out / "s.xlsx").active.iter_rows(values_only=True))
    assert rows[0][:5] == ("文件", "输出 JSON", "机关名称", "报告年度", "格式")
    by_file = {Path(str(r[0])).name: r for r in rows[1:]}
    assert by_file["pipe-rows.txt"][2] == "测试市第0局" and by_file["pipe-rows.txt"][6] == 0
    assert by_file["broken.pdf"][11] == "无法读取"
    assert main(["import", str(src), "-o", str(out)]) == 2  # never overwrites without --force


def test_page_title_is_the_fallback_title(tmp_path: Path) -> None:
    report = consistent_report("gb2021", random.Random(12), agency="测试市某某局")
    from support.shapes import html_page

    page = html_page(report, random.Random(2))
    for line in (f"{report.meta.agency}{report.meta.year}年", "政府信息公开工作年度报告"):
        page = page.replace(f"<p>{line}</p>", "")
    page = page.replace(
        f"<p>{report.meta.agency}{report.meta.year}年政府信息公开工作年度报告</p>", ""
    )
    page = page.replace(f"<p>{report.meta.year}年{report.meta.agency}</p>", "")
    head = f"<html><head><title>{report.meta.agency}{report.meta.year}年政府信息公开工作年度报告_测试网</title></head><body>"
    path = tmp_path / "titled.html"
    path.write_text(head + page + "</body></html>", "utf-8")
    got = import_report(path).report
    assert (got.meta.agency, got.meta.year) == (report.meta.agency, report.meta.year)


def test_layout_tables_chinese_year_and_section_numbering(tmp_path: Path) -> None:
    """Old site templates: the page inside a layout table, 《》 and 二〇二〇年 in the title,
    headings numbered 第三部分 / 四．."""
    from support.shapes import html_page

    report = consistent_report("gb2019", random.Random(21), agency="测试市某某局", year=2020)
    page = html_page(report, random.Random(3))
    for old, new in (
        (f"<p>{report.meta.agency}{report.meta.year}年政府信息公开工作年度报告</p>", ""),
        (f"<p>{report.meta.agency}{report.meta.year}年</p>", ""),
        (f"<p>{report.meta.year}年{report.meta.agency}</p>", ""),
        ("<p>政府信息公开工作年度报告</p>", ""),
        ("<p>三、收到和处理", "<p>第三部分 收到和处理"),
        ("<p>四、政府信息公开", "<p>四．政府信息公开"),
    ):
        page = page.replace(old, new)
    title = f"<p>《{report.meta.agency}二〇二〇年政府信息公开工作年度报告》</p>"
    wrapped = f"<table><tr><td>导航</td></tr><tr><td>{title}{page}</td></tr></table>"
    path = tmp_path / "layout.html"
    path.write_text(f"<html><body>{wrapped}</body></html>", "utf-8")
    result = import_report(path)
    assert (result.report.meta.agency, result.report.meta.year) == ("测试市某某局", 2020)
    assert result.unavailable_cells == [], result.notes
    assert wrong_placements(expected_of(report), result.report) == []
