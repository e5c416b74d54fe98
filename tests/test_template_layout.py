"""The template layout: sheet names, places, names, and the official header/label merges."""

from __future__ import annotations

import pytest

from xl_disclosure.layout import (
    COVER_SHEET,
    FINDINGS_COLUMNS,
    FINDINGS_FIRST_ROW,
    FINDINGS_HEADER_ROW,
    FINDINGS_SHEET,
    RULES_SHEET,
    Layout,
    defined_name,
    findings_column,
    layout_for,
)
from xl_disclosure.layout.grid import a1, col_letter, col_number, parse_a1
from xl_disclosure.model.report import Meta
from xl_disclosure.spec import format_ids, load_format

FORMATS = list(format_ids())


def _labels(layout: Layout, sheet: str) -> dict[str, tuple[str, str | None]]:
    """Top-left cell -> (text, merge) of every fixed label of a sheet."""
    return {lab.cell: (lab.text, lab.merge) for lab in layout.sheet(sheet).labels}


def _shift(ref: str, rows: int) -> str:
    """``A1:C3`` shifted down by ``rows``."""
    return ":".join(a1(parse_a1(p)[0] + rows, parse_a1(p)[1]) for p in ref.split(":"))


@pytest.mark.parametrize("fid", FORMATS)
def test_sheet_names_are_official_titles(fid: str) -> None:
    layout = layout_for(fid)
    spec = load_format(fid)
    assert layout.sheet_names == (
        COVER_SHEET,
        *(s.title for s in spec.sections),
        FINDINGS_SHEET,
        RULES_SHEET,
    )
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in layout.sheet_names)
    assert [layout.section_sheet(n) for n in range(1, 7)] == [s.title for s in spec.sections]


@pytest.mark.parametrize("fid", FORMATS)
def test_every_place_is_located_once(fid: str) -> None:
    layout = layout_for(fid)
    spec = load_format(fid)
    places = [p.place for p in layout.input_placements()]
    assert len(places) == len(set(places))
    for key in (c.key for c in spec.cells):
        p = layout.locate(key)
        assert p is not None and p.name == defined_name(key)
    for no in range(1, 7):
        assert layout.locate(f"section.{no}") is not None
    for no in (2, 3, 4):
        assert layout.locate(f"section.{no}.table_heading") is not None
    for field in Meta.__dataclass_fields__:
        expected = fid == "gb2019" or field != "money_unit"
        assert (layout.locate(f"meta.{field}") is not None) is expected, field
    assert not any(p.startswith("local_table") for p in places)  # local tables are profiles'
    assert layout.locate("preamble") is not None
    assert layout.locate("T9.nothing") is None


@pytest.mark.parametrize("fid", FORMATS)
def test_names_and_cells_are_unique(fid: str) -> None:
    inputs = layout_for(fid).input_placements()
    names = [p.name for p in inputs]
    assert len(names) == len(set(names))
    assert all(n.startswith("XD_") and n.replace("_", "").isalnum() for n in names)
    cells = [(p.sheet, p.cell) for p in inputs]
    assert len(cells) == len(set(cells))
    assert layout_for(fid).by_name()["XD_T3_new_C7"].place == "T3.new.C7"


def test_address_quotes_the_sheet() -> None:
    p = layout_for("gb2021").locate("T3.new.C7")
    assert p is not None
    assert p.address == f"'{p.sheet}'!{p.cell}"
    assert p.sheet == "三、收到和处理政府信息公开申请情况"


def test_layouts_are_cached_and_checksums_differ() -> None:
    assert layout_for("gb2021") is layout_for("gb2021")
    assert layout_for("gb2021").checksum != layout_for("gb2019").checksum
    assert len(layout_for("gb2021").checksum) == 16


def test_a1_helpers() -> None:
    assert [col_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]
    assert all(col_number(col_letter(n)) == n for n in range(1, 2000))
    assert parse_a1("$D$12") == (12, 4)
    with pytest.raises(ValueError):
        parse_a1("12D")


def test_findings_columns() -> None:
    assert [k for k, _ in FINDINGS_COLUMNS] == [
        "severity",
        "rule",
        "place",
        "message",
        "expected",
        "actual",
        "explanation",
        "fingerprint",
    ]
    assert dict(FINDINGS_COLUMNS)["explanation"] == "说明（保留提示时填写）"
    assert findings_column("fingerprint") == "H"
    assert FINDINGS_FIRST_ROW == FINDINGS_HEADER_ROW + 1
    sheet = layout_for("gb2021").sheet(FINDINGS_SHEET)
    assert sheet.hidden_cols == ("H",)
    assert {lab.text for lab in sheet.labels} >= {h for _, h in FINDINGS_COLUMNS}


@pytest.mark.parametrize(("fid", "group_rows"), [("gb2021", 22), ("gb2019", 20)])
def test_t3_header_and_row_merges_as_in_the_format(fid: str, group_rows: int) -> None:
    """§4.1 of report-format.md, shifted to where the table starts on the sheet."""
    layout = layout_for(fid)
    sheet = layout.section_sheet(3)
    labels = _labels(layout, sheet)
    corner = next(lab for lab in layout.sheet(sheet).labels if lab.role == "corner")
    top = parse_a1(corner.cell)[0] - 1
    expected = {
        "A1": ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "A1:C3"),
        "D1": ("申请人情况", "D1:J1"),
        "D2": ("自然人", "D2:D3"),
        "E2": ("法人或其他组织", "E2:I2"),
        "J2": ("总计", "J2:J3"),
        "E3": ("商业企业", None),
        "F3": ("科研机构", None),
        "G3": ("社会公益组织", None),
        "H3": ("法律服务机构", None),
        "I3": ("其他", None),
        "A4": ("一、本年新收政府信息公开申请数量", "A4:C4"),
        "A5": ("二、上年结转政府信息公开申请数量", "A5:C5"),
        "A6": ("三、本年度办理结果", f"A6:A{5 + group_rows}"),
        "B6": ("（一）予以公开", "B6:C6"),
        "B8": ("（三）不予公开", "B8:B15"),
        "C8": ("1.属于国家秘密", None),
        "C10": ("3.危及“三安全一稳定”", None),
        "B16": ("（四）无法提供", "B16:B18"),
        "B19": ("（五）不予处理", "B19:B23"),
    }
    for cell, (text, merge) in expected.items():
        shifted = _shift(cell, top)
        assert labels[shifted] == (text, merge and _shift(merge, top)), cell
    if fid == "gb2019":
        assert labels[_shift("B24", top)] == ("（六）其他处理", _shift("B24:C24", top))
        assert labels[_shift("B25", top)] == ("（七）总计", _shift("B25:C25", top))
    else:
        assert labels[_shift("B24", top)] == ("（六）其他处理", _shift("B24:B26", top))
        assert labels[_shift("B27", top)] == ("（七）总计", _shift("B27:C27", top))
    last = 4 + len(load_format(fid).table("T3").blocks[0].rows) - 1
    assert labels[_shift(f"A{last}", top)] == (
        "四、结转下年度继续办理",
        _shift(f"A{last}:C{last}", top),
    )


@pytest.mark.parametrize("fid", FORMATS)
def test_t4_header_as_in_the_format(fid: str) -> None:
    layout = layout_for(fid)
    sheet = layout.section_sheet(4)
    labels = _labels(layout, sheet)
    first = layout.locate("T4.F01")
    assert first is not None and first.cell.startswith("A")
    top = first.row - 4
    expected = {
        "A1": ("行政复议", "A1:E1"),
        "F1": ("行政诉讼", "F1:O1"),
        "A2": ("结果维持", "A2:A3"),
        "E2": ("总计", "E2:E3"),
        "F2": ("未经复议直接起诉", "F2:J2"),
        "K2": ("复议后起诉", "K2:O2"),
        "F3": ("结果维持", None),
        "J3": ("总计", None),
        "O3": ("总计", None),
    }
    for cell, (text, merge) in expected.items():
        assert labels[_shift(cell, top)] == (text, merge and _shift(merge, top)), cell
    assert [layout.locate(f"T4.F{i:02d}").cell for i in range(1, 16)] == [  # type: ignore[union-attr]
        f"{col_letter(i)}{top + 4}" for i in range(1, 16)
    ]


def test_t2_blocks_gb2021_merge_single_value_columns() -> None:
    layout = layout_for("gb2021")
    labels = _labels(layout, layout.section_sheet(2))
    for key in ("T2.B.R1", "T2.C.R1", "T2.C.R2", "T2.D.R1"):
        p = layout.locate(key)
        assert p is not None and p.merge == f"B{p.row}:D{p.row}"
    a = layout.locate("T2.A.R1.C1")
    assert a is not None and a.merge is None and a.cell.startswith("B")
    heading = labels[f"A{a.row - 2}"]
    assert heading == ("第二十条第（一）项", f"A{a.row - 2}:D{a.row - 2}")
    assert labels[f"A{a.row - 1}"] == ("信息内容", None)
    assert [labels[f"{c}{a.row - 1}"][0] for c in "BCD"] == [
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
    ]


def test_t2_gb2019_block_e_has_two_value_columns() -> None:
    layout = layout_for("gb2019")
    c1, c2 = layout.locate("T2.E.R1.C1"), layout.locate("T2.E.R1.C2")
    assert c1 is not None and c2 is not None
    assert (c1.cell[0], c1.merge) == ("B", None)
    assert c2.merge == f"C{c2.row}:D{c2.row}"
    heading = _labels(layout, layout.section_sheet(2))[f"A{c1.row - 2}"]
    assert heading == ("第二十条第（九）项", f"A{c1.row - 2}:D{c1.row - 2}")


@pytest.mark.parametrize("fid", FORMATS)
def test_helpers_are_never_inputs(fid: str) -> None:
    layout = layout_for(fid)
    inputs = {(p.sheet, p.cell) for p in layout.input_placements()}
    helpers = [(s.name, h) for s in layout.sheets for h in s.helpers]
    assert helpers, "totals get live reference sums"
    for sheet, h in helpers:
        assert (sheet, h.cell) not in inputs
        assert h.formula.startswith("=SUM(")
        target = layout.locate(h.total_of)
        assert target is not None and target.sheet == sheet
        assert all((sheet, c) in inputs for c in h.summands)


def test_profile_table_sits_before_the_official_table() -> None:
    layout = layout_for("gb2019+zj-2019")
    first, last = layout.locate("ZJ.T1.R1"), layout.locate("ZJ.T1.R16")
    heading = layout.locate("section.2.table_heading")
    t2 = layout.locate("T2.A.R1.C1")
    assert first is not None and last is not None and heading is not None and t2 is not None
    assert first.sheet == last.sheet == heading.sheet == t2.sheet
    assert first.row < last.row < heading.row < t2.row
    assert layout.locate("ZJ.T1.R2") is None  # a heading line has no value


def test_anchor_for_places_without_inputs() -> None:
    layout = layout_for("gb2021")
    p = layout.locate("T3.new.C1")
    assert p is not None
    assert layout.anchor("T3.new.C1") == (p.sheet, p.cell)
    assert layout.anchor("T3.new") == (p.sheet, p.cell)
    title = layout.locate("section.5.title")  # the optional published-title input on the cover
    assert title is not None and title.sheet == COVER_SHEET
    assert layout.anchor("section.5.title") == (COVER_SHEET, title.cell)
    assert layout.anchor("section.5.other") == ("五、存在的主要问题及改进情况", "A1")
    f01 = layout.locate("T4.F01")
    assert f01 is not None and layout.anchor("T4") == (f01.sheet, f01.cell)
    assert layout.anchor("T2.Z") == (layout.section_sheet(2), "A1")
    assert layout.anchor("meta.money_unit") == (COVER_SHEET, "A1")  # gb2021 has no such input
    assert layout.anchor("report") == (COVER_SHEET, "A1")


@pytest.mark.parametrize("fid", [*FORMATS, "gb2019+zj-2019"])
def test_the_rules_sheet_is_written_in_chinese(fid: str) -> None:
    """Every rule's 级别, 类别 and 依据 on 审核公式 is a Chinese word, never a catalogue id."""
    labels = layout_for(fid).sheet(RULES_SHEET).labels
    header = {lab.text: parse_a1(lab.cell)[1] for lab in labels if lab.role == "header"}
    words = [
        lab.text
        for lab in labels
        if lab.role == "rule"
        and parse_a1(lab.cell)[1] in (header["级别"], header["类别"], header["依据"])
    ]
    assert len(words) >= 3 * 40
    assert [w for w in words if not any("\u4e00" <= ch <= "\u9fff" for ch in w)] == []


def _with_label(layout: Layout, sheet: str, text: str, role: str) -> Layout:
    """``layout`` with one more fixed label at A999 of ``sheet``."""
    from dataclasses import replace

    from xl_disclosure.layout.grid import Label

    extra = Label("A999", text, role)
    sheets = tuple(
        replace(s, labels=(*s.labels, extra)) if s.name == sheet else s for s in layout.sheets
    )
    return replace(layout, sheets=sheets)


@pytest.mark.parametrize("fid", FORMATS)
def test_rewording_the_rules_sheet_keeps_the_checksum(fid: str) -> None:
    """审核公式 only documents the catalogue: a workbook built before a rule was reworded is not
    "altered" (R-002); a changed label on a sheet that is read still changes the checksum."""
    layout = layout_for(fid)
    assert _with_label(layout, RULES_SHEET, "新的审核公式", "rule").checksum == layout.checksum
    assert _with_label(layout, COVER_SHEET, "改动", "note").checksum != layout.checksum
