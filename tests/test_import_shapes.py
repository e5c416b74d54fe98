"""The twelve shapes published pages come in (issue 12), generated from random reports.

Every shape has a positive and a truncated variant. Across the whole generated corpus no value
is ever placed in the wrong cell; where a page states agency and year, both are found; cells
not placed are NOT_AVAILABLE (blank only where the page printed them empty).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from support.factories import consistent_report
from support.shapes import (
    NOT_PLACEABLE,
    SHAPES,
    cut_text,
    empty_tables,
    expected_of,
    hybrid_t2,
    text_in_cells,
    wrong_placements,
)
from xl_disclosure.cells import BLANK, NOT_AVAILABLE, NotAvailable
from xl_disclosure.receiving.importer import import_report
from xl_disclosure.validate import validate

SEEDS = range(4)
#: Shapes that keep every cell's position: a full page must import completely.
EXACT = {
    "pipe-rows",
    "pipe-ended-cells",
    "pipe-separated-cells",
    "pdf-text",
    "html-in-text",
    "traditional-mirror",
}


def _import(tmp_path: Path, name: str, text: str, suffix: str = ".txt", encoding: str = "utf-8"):
    path = tmp_path / f"{name}{suffix}"
    path.write_bytes(text.encode(encoding))
    return import_report(path)


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_shape_full_and_truncated(shape: str, tmp_path: Path) -> None:
    for seed in SEEDS:
        fid = ("gb2019", "gb2021")[seed % 2]
        rnd = random.Random(seed)
        report = consistent_report(fid, rnd, agency="测试市某某局")
        page = SHAPES[shape](report, rnd)
        full = _import(tmp_path, f"{shape}-{seed}", page.text, page.suffix, page.encoding)
        cut = _import(tmp_path, f"{shape}-{seed}-cut", cut_text(page.text, random.Random(seed)))
        for result in (full, cut):
            assert wrong_placements(page.expected, result.report) == [], (shape, seed)
            assert result.report.meta.agency == report.meta.agency, (shape, seed)
            assert result.report.meta.year == report.meta.year, (shape, seed)
            assert result.report.format_id == fid
            assert result.report.source.value == "published"
        not_placed = [c.key for c in full.unavailable_cells]
        assert all(isinstance(full.report.value(k), NotAvailable) for k in not_placed)
        if shape in EXACT:
            assert not_placed == [], (shape, seed, full.notes)
        elif not page.ambiguous_ok:
            assert len(not_placed) <= 3, (shape, seed, not_placed)
        assert len(cut.unavailable_cells) > 0  # the rest of table 三 and table 四 are named


def test_vanished_blanks_are_ambiguous_or_resolved_never_guessed(tmp_path: Path) -> None:
    from support.shapes import vanished_blanks

    resolved = 0
    for seed in range(6):
        report = consistent_report("gb2021", random.Random(seed), agency="测试市某某局")
        page = vanished_blanks(report, random.Random(seed))
        result = _import(tmp_path, f"v{seed}", page.text)
        assert wrong_placements(page.expected, result.report) == []
        assert result.ambiguous  # rows whose blank cells vanished are named
        assert any("无法确定对应的列" in n for n in result.notes)
        resolved += len(result.resolved)
        for name in result.resolved:
            assert any(name in n and "只有一种" in n for n in result.notes)
    assert resolved > 0  # the balances decide some rows, alone or together


def test_only_the_cells_every_reading_agrees_on_are_placed(tmp_path: Path) -> None:
    """``3 3`` for seven columns in three rows that balance one another: the 3 may be any
    applicant's, but every reading puts the other 3 in 总计 — that is placed, nothing else."""
    report = consistent_report("gb2021", random.Random(3), agency="测试市某某局")
    v = report.values
    for cell in report.spec.table("T3").cells:
        v[cell.key] = 0
    rows = {
        "new": "一、本年新收政府信息公开申请数量",
        "open": "（一）予以公开",
        "total": "（七）总计",
    }
    for key in rows:
        v[f"T3.{key}.C1"] = v[f"T3.{key}.C7"] = 3
    text = SHAPES["pdf-text"](report, random.Random(3)).text
    for label in rows.values():
        assert f"{label} 3 0 0 0 0 0 3\n" in text
        text = text.replace(f"{label} 3 0 0 0 0 0 3\n", f"{label} 3 3\n")
    result = _import(tmp_path, "partial", text)
    got = result.report
    for key in rows:
        assert got.value(f"T3.{key}.C7") == 3
        assert all(got.value(f"T3.{key}.C{i}") is NOT_AVAILABLE for i in range(1, 7))
    assert any("只能确定“总计”的数值" in n for n in result.notes), result.notes
    assert set(result.ambiguous) == {f"“{label}”" for label in rows.values()}  # still to enter


def test_a_row_with_vanished_blanks_is_placed_when_the_balances_allow_one_reading(
    tmp_path: Path,
) -> None:
    report = consistent_report("gb2021", random.Random(3), agency="测试市某某局")
    v = report.values
    wanted = [5, 0, 3, 0, 0, 0, 8]
    for i, n in enumerate(wanted, start=1):  # keep every balance: move the difference
        d = n - int(str(v[f"T3.open.C{i}"]))
        for row in ("open", "total", "new"):
            v[f"T3.{row}.C{i}"] = int(str(v[f"T3.{row}.C{i}"])) + d
    text = SHAPES["pdf-text"](report, random.Random(3)).text
    line = "（一）予以公开 " + " ".join(map(str, wanted))
    assert line in text
    result = _import(tmp_path, "resolved", text.replace(line, "（一）予以公开 5 3 8"))
    got = result.report
    assert [got.value(f"T3.open.C{i}") for i in range(1, 8)] == [
        5,
        BLANK,
        3,
        BLANK,
        BLANK,
        BLANK,
        8,
    ]
    assert result.resolved == ["“（一）予以公开”"]
    assert any("只有一种读法" in n for n in result.notes)


@pytest.mark.parametrize("mixed", [False, True])
def test_hybrid_template_is_detected_per_table(mixed: bool, tmp_path: Path) -> None:
    report = consistent_report("gb2021", random.Random(5), agency="测试市某某局", year=2022)
    old = consistent_report("gb2019", random.Random(6), agency="测试市某某局", year=2020)
    page = hybrid_t2(report, old, random.Random(7), mixed=mixed)
    for variant, text in (("full", page.text), ("cut", cut_text(page.text, random.Random(2)))):
        result = _import(tmp_path, f"h-{mixed}-{variant}", text)
        got = result.report
        assert got.format_id == "gb2021"
        for key, want in page.expected.items():
            value = got.value(key)
            if want == NOT_PLACEABLE:
                assert value is NOT_AVAILABLE, key  # never a 2019 count in a 2021 cell
            elif not isinstance(value, NotAvailable):
                assert value == want, key
        assert any("混用模板" in n for n in result.notes)
    assert got.value("T2.D.R1") is NOT_AVAILABLE  # the amount (万元) cell never gets a count


def test_empty_tables_are_blank_not_missing(tmp_path: Path) -> None:
    report = consistent_report("gb2019", random.Random(2), agency="测试市某某局")
    page = empty_tables(report, random.Random(2))
    result = _import(tmp_path, "empty", page.text)
    assert all(result.report.value(c.key) is BLANK for c in report.spec.cells)
    assert sum("空表" in n for n in result.notes) == 3
    assert result.report.meta.year == report.meta.year


def test_text_in_number_cells(tmp_path: Path) -> None:
    report = consistent_report("gb2019", random.Random(4), agency="测试市某某局")
    page, printed = text_in_cells(report, random.Random(4))
    result = _import(tmp_path, "text-cells", page.text)
    assert wrong_placements(page.expected, result.report) == []
    for key, text in printed.items():
        assert result.report.value(key) == page.expected[key], key
        assert any(text in n for n in result.notes), text


def test_truncation_only_where_the_text_ends(tmp_path: Path) -> None:
    """A short row before a heading is no cut; a row printing only its 总计 keeps it there."""
    report = consistent_report("gb2021", random.Random(8), agency="测试市某某局")
    from support.shapes import SHAPES as S

    text = S["pdf-text"](report, random.Random(8)).text
    carry = [str(report.value(f"T3.carry_out.C{i}")) for i in range(1, 8)]
    line = "四、结转下年度继续办理 " + " ".join(carry)
    assert line in text
    short = text.replace(line, "四、结转下年度继续办理 " + " ".join(carry[:3]))
    result = _import(tmp_path, "short", short)
    assert all(
        isinstance(result.report.value(f"T3.carry_out.C{i}"), NotAvailable) for i in range(1, 8)
    )
    assert "“四、结转下年度继续办理”" in result.ambiguous
    assert result.report.value("T4.F05") == report.value("T4.F05")  # table 四 not shifted

    total_only = text.replace(line, f"四、结转下年度继续办理 {carry[6]}")
    result = _import(tmp_path, "total", total_only)
    assert result.report.value("T3.carry_out.C7") == report.value("T3.carry_out.C7")
    assert all(result.report.value(f"T3.carry_out.C{i}") is BLANK for i in range(1, 7))
    assert result.report.value("T4.F01") == report.value("T4.F01")


def test_meta_from_period_sentence_section_one_and_publication_date(tmp_path: Path) -> None:
    report = consistent_report("gb2021", random.Random(9), agency="测试市某某局", year=2023)
    text = SHAPES["pipe-rows"](report, random.Random(9)).text
    untitled = (
        text.replace("2023年政府信息公开工作年度报告", "政府信息公开工作年度报告")
        .replace("测试市某某局2023年\n", "测试市某某局\n")
        .replace("2023年测试市某某局\n", "测试市某某局\n")
    )
    assert "2023年" not in untitled.split("本报告")[0]
    assert _import(tmp_path, "period", untitled).report.meta.year == 2023
    no_period = untitled.replace("统计期限", "数据范围").replace("2023年", "本年")
    with_one = no_period.replace(
        "（一）主动公开\n", "（一）主动公开\n2023年度，我局主动公开信息。\n", 1
    )
    assert _import(tmp_path, "one", with_one).report.meta.year == 2023
    dated = no_period.replace(f"发布日期：{report.meta.publish_date}", "发布日期：2024-01-15")
    got = _import(tmp_path, "date", dated)
    assert got.report.meta.year == 2023 and got.report.meta.publish_date == "2024-01-15"
    assert got.report.meta.agency == "测试市某某局"


def test_accuracy_bench_runs_and_counts_no_wrong_cell(tmp_path: Path) -> None:
    import sys

    bench = Path(__file__).resolve().parents[1] / "bench"
    sys.path.insert(0, str(bench))
    try:
        from import_accuracy import accuracy, markdown
    finally:
        sys.path.remove(str(bench))
    rows = accuracy(tmp_path, seeds=1)
    assert {r["shape"] for r in rows} == set(SHAPES)
    assert all(r["wrong"] == 0 for r in rows)
    assert "错误放置合计：0" in markdown(rows, 1, 0.0)


def test_agency_from_signature_or_source_line_when_the_title_has_none(tmp_path: Path) -> None:
    report = consistent_report("gb2021", random.Random(10), agency="测试县财政局", year=2022)
    text = SHAPES["pipe-rows"](report, random.Random(10)).text
    for old in ("测试县财政局2022年\n", "2022年测试县财政局\n"):
        text = text.replace(old, "2022年")
    text = text.replace("测试县财政局2022年政府信息公开", "2022年政府信息公开")
    assert "测试县财政局" not in text
    signed = _import(tmp_path, "signed", text + "测试县财政局\n2023年1月20日\n").report
    assert (signed.meta.agency, signed.meta.year) == ("测试县财政局", 2022)
    sourced = _import(tmp_path, "source", "来源：测试县财政局\n" + text).report
    assert sourced.meta.agency == "测试县财政局"


def test_agency_and_year_from_the_preamble_when_the_page_has_no_title(tmp_path: Path) -> None:
    """Pages often print the title apart from the text; the preamble then names the report."""
    report = consistent_report("gb2021", random.Random(12), agency="测试县财政局", year=2022)
    page = SHAPES["pipe-rows"](report, random.Random(12)).text
    body = page[page.index("一、总体情况") :].replace("2022年", "本年")  # no year in the body
    body = body.replace("一、总体情况\n", "一、总体情况\n2021年以来，持续推进政务公开。\n", 1)
    for verb in ("现公布", "特编制", "现将"):
        lead = f"根据《中华人民共和国政府信息公开条例》规定，{verb}测试县财政局2022年度政府信息公开工作年度报告。\n"
        got = _import(tmp_path, verb, lead + body)
        assert (got.report.meta.agency, got.report.meta.year) == ("测试县财政局", 2022), verb
        assert "标题中没有机关名称，取自开头对本报告的说明：测试县财政局。" in got.notes
        assert "报告年度2022取自开头对本报告的说明。" in got.notes
    # the report named by what it reports on (…年政府信息公开情况), or as a 年报
    for named in ("2022年政府信息公开情况", "2022年度政府信息公开年报"):
        lead = f"为做好政府信息公开工作，特向社会公布测试县财政局{named}。\n"
        got = _import(tmp_path, named, lead + body)
        assert (got.report.meta.agency, got.report.meta.year) == ("测试县财政局", 2022), named
    # a Chinese-numeral year, and a report named by its author's pronoun only
    lead = "现公布测试县财政局二〇二二年政府信息公开工作年度报告。\n"
    assert _import(tmp_path, "cn", lead + body).report.meta.year == 2022
    mine = _import(tmp_path, "mine", "现公布我局2022年政府信息公开工作年度报告。\n" + body)
    assert mine.report.meta.agency == ""
    # the signature still comes first; the preamble is not read past section 一
    signed = lead + body + "测试县人民政府办公室\n2023年1月20日\n"
    assert _import(tmp_path, "signed", signed).report.meta.agency == "测试县人民政府办公室"
    later = body.replace(
        "二、主动公开", "现公布测试县统计局2021年政府信息公开工作年度报告。\n二、主动公开"
    )
    assert _import(tmp_path, "later", later).report.meta.agency == ""


def test_a_title_without_its_region_takes_the_full_name_the_text_gives(tmp_path: Path) -> None:
    """Titles often drop the region ("市人民政府办公室…年度报告") that the preamble, the signature
    or the page's 来源 line print in full; the archive keys reports by agency, so the full name
    wins, with a note. A different agency named there never replaces the title's."""
    report = consistent_report("gb2021", random.Random(13), agency="测试县财政局", year=2022)
    page = SHAPES["pipe-rows"](report, random.Random(13)).text.replace("测试县财政局", "县财政局")
    assert "测试县" not in page
    for verb in ("现公开", "现公布《", "特编制"):
        lead = f"根据《条例》要求，{verb}测试县财政局2022年政府信息公开工作年度报告。\n"
        head, _, rest = page.partition("一、总体情况")
        got = _import(tmp_path, f"lead{len(verb)}", head + lead + "一、总体情况" + rest)
        assert got.report.meta.agency == "测试县财政局", verb
        assert (
            "标题中的机关名称“县财政局”不完整，取自开头对本报告的说明：测试县财政局。" in got.notes
        )
    signed = _import(tmp_path, "signed", page + "测试县财政局\n2023年1月20日\n")
    assert signed.report.meta.agency == "测试县财政局"
    sourced = _import(tmp_path, "sourced", "来源：测试县财政局\n" + page)
    assert sourced.report.meta.agency == "测试县财政局"
    other = _import(tmp_path, "other", page + "测试县人民政府办公室\n2023年1月20日\n")
    assert other.report.meta.agency == "县财政局"
    assert not any("不完整" in n for n in other.notes)


def test_the_stated_statistics_period_is_read_and_checked(tmp_path: Path) -> None:
    """A page copied from last year often keeps last year's 统计期限: the importer reads the
    period the page states, and validation reports it (D-004); the right period, written in
    any of the usual ways, reports nothing."""
    report = consistent_report("gb2021", random.Random(14), agency="测试县财政局", year=2022)
    page = SHAPES["pipe-rows"](report, random.Random(14)).text
    stated = "统计期限自2022年1月1日起至2022年12月31日止"
    assert stated in page
    for right in (
        stated,
        "统计期限为2022年1月1日至12月31日",
        "统计时限从2022年1月1日到2022年12月31日",
    ):
        got = _import(tmp_path, f"right{len(right)}", page.replace(stated, right)).report
        assert (got.meta.period_start, got.meta.period_end) == ("2022-01-01", "2022-12-31")
        assert "D-004" not in {f.rule for f in validate(got).findings}, right
    copied = _import(tmp_path, "copied", page.replace(stated, "统计期限为2021年1月1日至12月31日"))
    [d004] = [f for f in validate(copied.report).findings if f.rule == "D-004"]
    assert d004.message == (
        "统计期限应为2022年1月1日至2022年12月31日，当前为“2021-01-01 至 2021-12-31”。"
    )


@pytest.mark.parametrize(
    "separator", [" ", "　", "，", ".", "第{n}部分 ", "{a}、", "{a}. ", "{a}．", "（{n}）"]
)
def test_section_headings_numbered_in_other_ways(separator: str, tmp_path: Path) -> None:
    """``一 总体情况`` (a PDF or a page that lost the 、), ``一，``, ``一.``, ``第一部分``,
    ``1、总体情况``: the six sections are found and the tables read as with ``一、``, and the
    numbering is not a title of another wording (no D-002); a sentence that opens with a
    numeral and a space (``二 是强化…，``) or an item numbered like the sections (``2、依申请
    公开。…``, ``3、收到申请2件``) does not start a section."""
    report = consistent_report("gb2021", random.Random(15), agency="测试县财政局", year=2022)
    page = SHAPES["pipe-rows"](report, random.Random(15)).text
    want = _import(tmp_path, "plain", page).report
    for section in report.spec.sections:
        numeral, body = section.title.split("、", 1)
        arabic = str("一二三四五六".index(numeral) + 1)
        lead = separator.format(n=numeral, a=arabic) if "{" in separator else numeral + separator
        page = page.replace(f"\n{section.title}\n", f"\n{lead}{body}\n")
    items = "二 是强化主动公开，及时发布信息。\n2、依申请公开。规范办理。\n3、收到和处理申请2件。\n"
    page = page.replace("\n（一）主动公开\n", "\n（一）主动公开\n" + items, 1)
    got = _import(tmp_path, "spaced", page).report
    assert sorted(got.sections) == [1, 2, 3, 4, 5, 6]
    assert got.values == want.values
    assert items.strip() in got.sections[1].text
    assert "D-002" not in {f.rule for f in validate(got).findings}


def test_an_item_worded_like_a_section_is_an_item_where_sections_are_numbered(
    tmp_path: Path,
) -> None:
    """Section 一 of a report numbered 一、…六、 lists its items （二）主动公开政府信息情况 or
    2、主动公开政府信息情况: those are items (numbered like sections only in a report with no
    一、 heading at all)."""
    report = consistent_report("gb2021", random.Random(18), agency="测试县财政局", year=2022)
    page = SHAPES["pipe-rows"](report, random.Random(18)).text
    want = _import(tmp_path, "plain", page).report
    item = "（二）主动公开政府信息情况\n2、主动公开政府信息情况\n本年度主动公开政府信息120条。\n"
    assert "\n（二）依申请公开\n" in page
    got = _import(tmp_path, "item", page.replace("\n（二）依申请公开\n", "\n" + item, 1)).report
    assert sorted(got.sections) == [1, 2, 3, 4, 5, 6]
    assert got.sections[2].title == want.sections[2].title
    assert "（二）主动公开政府信息情况\n2、主动公开政府信息情况" in got.sections[1].text
    assert got.values == want.values


def test_a_heading_run_into_its_first_paragraph(tmp_path: Path) -> None:
    """Pages often print ``<b>一、总体情况</b>2024年，…`` as one paragraph: the heading is the
    title (any format's wording) and the rest is the section's first paragraph, however long
    the line, so nothing of the text is lost into the title (六's fee statement stays in 六)."""
    report = consistent_report("gb2021", random.Random(16), agency="测试县财政局", year=2022)
    page = SHAPES["pipe-rows"](report, random.Random(16)).text
    long = (
        "本年度，本机关认真贯彻落实政府信息公开条例，持续推进政务公开标准化规范化建设工作，"
        "不断提升政府信息公开质量和实效，切实保障人民群众的知情权、参与权和监督权。"
    )
    page = page.replace("\n一、总体情况\n", f"\n一、总体情况\n{long}\n", 1)
    want = _import(tmp_path, "apart", page).report
    merged = page
    for title in ("一、总体情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert f"\n{title}\n" in merged
        merged = merged.replace(f"\n{title}\n", f"\n{title}", 1)
    got = _import(tmp_path, "run-in", merged).report
    assert sorted(got.sections) == [1, 2, 3, 4, 5, 6]
    for no in (1, 5, 6):
        assert got.sections[no].title == want.sections[no].title
        assert got.sections[no].text == want.sections[no].text
    assert got.values == want.values
    rules = {f.rule for f in validate(got).findings}
    assert rules == {f.rule for f in validate(want).findings}


def test_a_row_of_no_format_is_kept_as_printed(tmp_path: Path) -> None:
    """A provincial template adds rows to 表二 (湖北: 其他主动公开文件 under the documents'
    headers): the official cells read as without it, and the row is not lost but kept as a
    local table of section 二 under the headers printed above it, through the JSON too."""
    from xl_disclosure.io.canonical import dumps, load_report_json, report_to_dict
    from xl_disclosure.io.schema_check import schema_problems

    report = consistent_report("gb2021", random.Random(17), agency="测试县财政局", year=2022)
    page = SHAPES["pipe-rows"](report, random.Random(17)).text
    want = _import(tmp_path, "plain", page)
    documents = next(line for line in page.splitlines() if line.startswith("行政规范性文件 |"))
    extra = "其他主动公开文件（含以本单位名义签发的其他文件） | 186 | 86 | 255 |"
    got = _import(tmp_path, "extra", page.replace(documents, f"{documents}\n{extra}", 1))
    assert got.report.values == want.report.values
    [kept] = [t for t in got.report.local_tables if t not in want.report.local_tables]
    assert (kept.section, kept.heading) == (2, "表二中国办格式以外的行")
    assert kept.columns == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert kept.rows == [["其他主动公开文件（含以本单位名义签发的其他文件）", "186", "86", "255"]]
    assert any("其他主动公开文件" in n and "保留为本地表格" in n for n in got.notes)
    data = report_to_dict(got.report)
    assert schema_problems(data) == []
    path = tmp_path / "extra.json"
    path.write_bytes(dumps(data))
    assert load_report_json(path).local_tables == got.report.local_tables
    assert {f.rule for f in validate(got.report).findings} == {
        f.rule for f in validate(want.report).findings
    }


@pytest.mark.parametrize("mixed", [False, True])
def test_hybrid_table_is_kept_as_printed_in_its_own_format(mixed: bool, tmp_path: Path) -> None:
    """Table 二 printed with the 2019 headers in a 2021 report: never in the 2021 cells, and not
    lost: each 2019 block comes back as a local table with the printed values, read by the same
    rules in the 2019 format; a block printed in the report's own format is not repeated."""
    from xl_disclosure.cells import BLANK, format_number
    from xl_disclosure.cli import main
    from xl_disclosure.io.canonical import dumps, load_report_json, report_to_dict
    from xl_disclosure.io.schema_check import schema_problems

    report = consistent_report("gb2021", random.Random(5), agency="测试市某某局", year=2022)
    old = consistent_report("gb2019", random.Random(6), agency="测试市某某局", year=2020)
    page = hybrid_t2(report, old, random.Random(7), mixed=mixed)
    old_blocks = old.spec.table("T2").blocks[1 if mixed else 0 :]
    want = {}
    for block in old_blocks:
        rows = []
        for row in block.rows:
            values = [old.value(block.cell_key(row, c)) for c in block.columns]
            printed = [
                "" if v is BLANK else format_number(v) if isinstance(v, int | float) else str(v)
                for v in values
            ]
            rows.append(["—".join(row.path), *printed])
        want[f"{block.heading}（{old.spec.name}的表头）"] = rows
    for variant, text in (("full", page.text), ("cut", cut_text(page.text, random.Random(2)))):
        result = _import(tmp_path, f"kept-{mixed}-{variant}", text)
        got = result.report
        kept = {t.heading: t for t in result.report.local_tables if t.section == 2}
        assert {h: t.rows for h, t in kept.items()} == want, variant
        first = next(iter(kept.values()))
        assert first.columns == ["信息内容", *("—".join(c.path) for c in old_blocks[0].columns)]
        assert any("已按原样保留为本地表格" in n for n in result.notes)
        # marked with the format they were printed in, and reported once as a wrong structure
        assert {t.printed_format for t in kept.values()} == {"gb2019"}
        [d010] = [f for f in validate(got).findings if f.rule == "D-010"]
        assert d010.places == ("section.2",) and d010.severity.value == "error"
        assert d010.message == (
            f"表二结构与国办格式不一致：{len(kept)} 项按2019年版格式（试行）的表头印制（已按原样"
            "保留为本地表格，不计入本表，也不参与勾稽校验），应使用2021年版格式的表头。"
        )
        # through the canonical JSON and back, as the archive and the draft read it
        path = tmp_path / f"kept-{mixed}-{variant}.json"
        data = report_to_dict(result.report)
        assert {t.get("printed_format") for t in data["local_tables"]} == {"gb2019"}
        assert schema_problems(data) == []
        path.write_bytes(dumps(data))
        assert load_report_json(path).local_tables == result.report.local_tables
        # its draft read back: the kept tables again, and still no 2019 count in a 2021 cell
        for suffix in (".md", ".docx"):
            draft = path.with_suffix(suffix)
            assert main(["draft", str(path), "-o", str(draft)]) in (0, 1)
            again = import_report(draft).report
            assert again.local_tables == result.report.local_tables, suffix
            assert again.values == got.values, suffix  # 原文缺失 stays not available


def test_a_table_in_the_reports_own_format_keeps_no_local_copy(tmp_path: Path) -> None:
    report = consistent_report("gb2021", random.Random(8), agency="测试市某某局", year=2022)
    page = SHAPES["pipe-rows"](report, random.Random(8))
    result = _import(tmp_path, "own", page.text)
    assert result.report.local_tables == []
    assert not any("本地表格" in n for n in result.notes)
    assert not [f for f in validate(result.report).findings if f.rule == "D-010"]


def test_a_draft_of_an_incomplete_import_reads_back_the_same(tmp_path: Path) -> None:
    """The draft prints （原文缺失） where the import could not read a cell; reading the draft
    again leaves those cells not available (not blank, which would count as 0)."""
    from xl_disclosure.cli import main
    from xl_disclosure.io.canonical import dumps, report_to_dict

    report = consistent_report("gb2021", random.Random(13), agency="测试市某某局", year=2022)
    text = cut_text(SHAPES["pipe-rows"](report, random.Random(13)).text, random.Random(13))
    got = _import(tmp_path, "cut", text).report
    unread = {k for k, v in got.values.items() if v is NOT_AVAILABLE}
    assert unread  # the cut left cells unread
    path = tmp_path / "cut.json"
    path.write_bytes(dumps(report_to_dict(got)))
    for suffix in (".md", ".docx"):
        draft = path.with_suffix(suffix)
        assert main(["draft", str(path), "-o", str(draft)]) in (0, 1)
        again = import_report(draft).report
        assert {k for k, v in again.values.items() if v is NOT_AVAILABLE} == unread, suffix
        assert again.values == got.values, suffix


@pytest.mark.parametrize("size", [1, 2])
@pytest.mark.parametrize("fid", ["gb2019", "gb2021"])
def test_header_broken_into_pieces_is_read_as_its_whole_label(
    fid: str, size: int, tmp_path: Path
) -> None:
    """PDF text prints narrow headers a character or two at a time; ``本 年 处 理 决 定 数 量``
    is 2021's ``本年处理决定数量``, not the 2019 label ``处理决定数量`` inside it (which would
    reject the block as another template's and lose its values)."""
    report = consistent_report(fid, random.Random(3), agency="测试市某某局")
    text = SHAPES["pdf-text"](report, random.Random(3)).text
    start, end = text.index("二、主动公开"), text.index("三、收到和处理")
    lines = text[start:end].split("\n")
    for i, line in enumerate(lines):
        if line.startswith("信息") and not any(ch.isdigit() for ch in line):
            squeezed = "".join(line.split())
            lines[i] = " ".join(squeezed[j : j + size] for j in range(0, len(squeezed), size))
    assert any(line.startswith(("信 息 内 容", "信息 内容")) for line in lines)
    result = _import(tmp_path, f"{fid}-{size}", text[:start] + "\n".join(lines) + text[end:])
    assert not any("混用模板" in n for n in result.notes), result.notes
    assert [c.key for c in result.unavailable_cells] == []
    assert wrong_placements(expected_of(report), result.report) == []
