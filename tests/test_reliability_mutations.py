"""Broken packages made from the filled template: every one ends in findings or one clear
Chinese error (CLI exit 2), never a traceback, and the file is never modified."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support.corpus import check_ends_cleanly, read_parts, sheet_part, write_parts
from support.factories import consistent_report
from support.workbooks import fill_template
from xl_disclosure.layout import META_SHEET, layout_for

FORMATS = ("gb2021", "gb2019")


@pytest.fixture(scope="module", params=FORMATS)
def filled(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    fmt = request.param
    path = tmp_path_factory.mktemp(fmt) / f"{fmt}.xlsx"
    return fill_template(consistent_report(fmt, random.Random(11)), path)


@pytest.fixture(scope="module")
def filled21(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gb2021") / "gb2021.xlsx"
    return fill_template(consistent_report("gb2021", random.Random(12)), path)


def test_the_unmutated_workbook_is_valid(filled: Path) -> None:
    outcome = check_ends_cleanly(filled)
    assert outcome.kind == "valid", [f.message for f in outcome.findings]


@pytest.mark.parametrize("fraction", [0.0, 0.01, 0.1, 0.5, 0.9, 0.99, 0.9999])
def test_truncated(filled: Path, tmp_path: Path, fraction: float) -> None:
    data = filled.read_bytes()
    path = tmp_path / "t.xlsx"
    path.write_bytes(data[: int(len(data) * fraction)])
    assert check_ends_cleanly(path).kind == "refused"


def test_each_part_removed(filled: Path, tmp_path: Path) -> None:
    parts = read_parts(filled)
    kinds = {}
    for name in parts:
        path = write_parts(
            tmp_path / f"{len(kinds)}.xlsx", {k: v for k, v in parts.items() if k != name}
        )
        kinds[name] = check_ends_cleanly(path).kind
    assert kinds["xl/workbook.xml"] == "refused"
    assert kinds["[Content_Types].xml"] == "refused"
    assert kinds[sheet_part(parts, layout_for("gb2021").sheet_names[3])] in ("refused", "findings")


def test_each_part_emptied_or_garbled(filled: Path, tmp_path: Path) -> None:
    parts = read_parts(filled)
    rnd = random.Random(3)
    for i, name in enumerate(parts):
        for j, payload in enumerate((b"", b"<x", bytes(rnd.randrange(256) for _ in range(300)))):
            path = write_parts(tmp_path / f"{i}-{j}.xlsx", {**parts, name: payload})
            check_ends_cleanly(path)


def test_swapped_sheet_contents_and_names(filled: Path, tmp_path: Path) -> None:
    parts = read_parts(filled)
    names = layout_for("gb2021").sheet_names
    pairs = [(names[1], names[3]), (names[3], names[4]), (names[0], META_SHEET)]
    for i, (a, b) in enumerate(pairs):
        pa, pb = sheet_part(parts, a), sheet_part(parts, b)
        swapped = {**parts, pa: parts[pb], pb: parts[pa]}
        check_ends_cleanly(write_parts(tmp_path / f"c{i}.xlsx", swapped))
        book = parts["xl/workbook.xml"].decode()
        book = book.replace(f'name="{a}"', "name=\0").replace(f'name="{b}"', f'name="{a}"')
        book = book.replace("name=\0", f'name="{b}"')
        check_ends_cleanly(
            write_parts(tmp_path / f"n{i}.xlsx", {**parts, "xl/workbook.xml": book.encode()})
        )


def test_sheet_renamed_is_refused_with_hint(filled21: Path, tmp_path: Path) -> None:
    parts = read_parts(filled21)
    sheet = layout_for("gb2021").sheet_names[3]
    book = parts["xl/workbook.xml"].decode().replace(f'name="{sheet}"', 'name="Sheet3"')
    outcome = check_ends_cleanly(
        write_parts(tmp_path / "r.xlsx", {**parts, "xl/workbook.xml": book.encode()})
    )
    assert outcome.kind == "refused"
    assert sheet in outcome.message and "Sheet3" in outcome.message


_DEFINED = re.compile(r"(<definedName [^>]*>)([^<]*)(</definedName>)")


@pytest.mark.parametrize(
    "edit",
    [
        lambda s: _DEFINED.sub(r"\1#REF!\3", s),
        lambda s: _DEFINED.sub(r"\1'不存在的表'!$A$1\3", s),
        lambda s: _DEFINED.sub(r"\1[1]Sheet1!$A$1\3", s),
        lambda s: _DEFINED.sub(r"\1\2,\2\3", s),
        lambda s: _DEFINED.sub(r"\1$A$1:$XFD$1048576\3", s),
        lambda s: re.sub(r"<definedNames>.*</definedNames>", "", s, flags=re.S),
    ],
    ids=["ref-error", "missing-sheet", "external", "union", "whole-sheet", "removed"],
)
def test_defined_names_tampered(filled21: Path, tmp_path: Path, edit: object) -> None:
    parts = read_parts(filled21)
    book = edit(parts["xl/workbook.xml"].decode())  # type: ignore[operator]
    path = write_parts(tmp_path / "d.xlsx", {**parts, "xl/workbook.xml": book.encode()})
    if check_ends_cleanly(path).kind != "refused":  # both engines follow the same names
        from xl_disclosure.readers import read_workbook

        a, b = read_workbook(path).report, read_workbook(path, engine="calamine").report
        assert (a.values, a.meta, a.sections) == (b.values, b.meta, b.sections)


@pytest.mark.parametrize(
    ("field", "value", "kind"),
    [
        ("generator", "某省自制模板", "refused"),
        ("format", "gb2099", "refused"),
        ("template_version", "0.1", "findings"),
        ("layout_checksum", "0000", "findings"),
    ],
)
def test_meta_sheet_tampered(
    filled21: Path, tmp_path: Path, field: str, value: str, kind: str
) -> None:
    from xl_disclosure.layout import META_CELLS

    wb = openpyxl.load_workbook(filled21)
    wb[META_SHEET][META_CELLS[field]] = value
    path = tmp_path / "m.xlsx"
    wb.save(path)
    outcome = check_ends_cleanly(path)
    assert outcome.kind == kind
    if kind == "findings":
        assert {f.rule for f in outcome.findings} >= {"R-001"} or {
            f.rule for f in outcome.findings
        } >= {"R-002"}


def test_merged_cells_tampered(filled21: Path, tmp_path: Path) -> None:
    layout = layout_for("gb2021")
    sheet = layout.sheet_names[3]
    wb = openpyxl.load_workbook(filled21)
    ws = wb[sheet]
    for rng in list(ws.merged_cells.ranges):
        ws.unmerge_cells(str(rng))
    wb.save(tmp_path / "unmerged.xlsx")
    assert check_ends_cleanly(tmp_path / "unmerged.xlsx").kind in ("valid", "findings")
    wb = openpyxl.load_workbook(filled21)
    inputs = [p for p in layout.input_placements() if p.sheet == sheet]
    first, last = inputs[0].cell, inputs[min(20, len(inputs) - 1)].cell
    wb[sheet].merge_cells(f"{first}:{last}")  # merging clears every input but the first
    wb.save(tmp_path / "merged.xlsx")
    assert check_ends_cleanly(tmp_path / "merged.xlsx").kind == "findings"
    parts = read_parts(filled21)
    part = sheet_part(parts, sheet)
    for i, merge in enumerate(
        (
            '<mergeCell ref="ZZZ0"/>',
            '<mergeCell ref="A1:XFD1048576"/>',
            '<mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/>',
        )
    ):
        xml = parts[part].decode()
        xml = (
            re.sub(r"(<mergeCells[^>]*>)", r"\1" + merge, xml)
            if "<mergeCells" in xml
            else xml.replace(
                "</sheetData>", f'</sheetData><mergeCells count="1">{merge}</mergeCells>'
            )
        )
        check_ends_cleanly(write_parts(tmp_path / f"x{i}.xlsx", {**parts, part: xml.encode()}))


_CELL_EDITS = [
    (r'(<c r="(?:D|E|F)\d+"[^>]*?)(?: t="\w+")?>(<v>)[^<]*(</v>)', r'\1 t="n">\2abc\3'),
    (r'(<c r="(?:D|E|F)\d+"[^>]*?)(?: t="\w+")?>(<v>)[^<]*(</v>)', r'\1 t="b">\g<2>7\3'),
    (r'(<c r="(?:D|E|F)\d+"[^>]*?)(?: t="\w+")?>(<v>)[^<]*(</v>)', r'\1 t="s">\g<2>99999\3'),
    (r'(<c r="(?:D|E|F)\d+"[^>]*?)(?: t="\w+")?>(<v>)[^<]*(</v>)', r'\1 t="d">\2not-a-date\3'),
    (r'(<c r="(?:D|E|F)\d+"[^>]*?)(?: t="\w+")?>(<v>)[^<]*(</v>)', r'\1 t="e">\2#BOGUS!\3'),
    (r'(<c r="(?:D|E|F)\d+"[^>]*?)(?: t="\w+")?>(<v>)[^<]*(</v>)', r"\1>\g<2>1e400\3"),
    (r'(<c r="(?:D|E|F)\d+"[^>]*?)(?: t="\w+")?>(<v>)[^<]*(</v>)', r"\1>\2NaN\3"),
    (r'<c r="([A-Z]+)(\d+)"', r'<c r="\g<1>0"'),
    (r'<c r="([A-Z]+)(\d+)"', r'<c r="XFE\2"'),
    (r'<c r="([A-Z]+)(\d+)"', r'<c r="\g<1>1048577"'),
    (r'<c r="[A-Z]+\d+"', r"<c"),
    (r' s="\d+"', r' s="99999"'),
    (r"<row r=\"(\d+)\"", r'<row r="0"'),
    (
        r"<sheetData>",
        r'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        + "长" * 40_000
        + "</t></is></c></row>",
    ),
]


@pytest.mark.parametrize(
    ("pattern", "repl"), _CELL_EDITS, ids=[f"edit{i}" for i in range(len(_CELL_EDITS))]
)
def test_cell_xml_tampered(filled21: Path, tmp_path: Path, pattern: str, repl: str) -> None:
    parts = read_parts(filled21)
    for i, sheet in enumerate(layout_for("gb2021").sheet_names[:5]):
        part = sheet_part(parts, sheet)
        xml = re.sub(pattern, repl, parts[part].decode(), count=5)
        check_ends_cleanly(write_parts(tmp_path / f"{i}.xlsx", {**parts, part: xml.encode()}))


def test_number_formats_that_turn_counts_into_dates(filled21: Path, tmp_path: Path) -> None:
    """Staff format a count cell as a date or as text: the cell then reads as a date/text."""
    layout = layout_for("gb2021")
    wb = openpyxl.load_workbook(filled21)
    places = [p for p in layout.input_placements() if p.place.startswith("T3.")][:6]
    for i, p in enumerate(places):
        cell = wb[p.sheet][p.cell]
        cell.number_format = ("yyyy-mm-dd", "@", "0.00%", '"件"0', "[h]:mm", ";;;")[i]
        if i == 1:
            cell.value = str(cell.value)
    wb.save(tmp_path / "fmt.xlsx")
    check_ends_cleanly(tmp_path / "fmt.xlsx")


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.binary(min_size=0, max_size=4096), suffix=st.sampled_from([".xlsx", ".xlsm", ".json"])
)
def test_random_bytes(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    assert check_ends_cleanly(path).kind in ("refused", "findings")


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    flips=st.lists(
        st.tuples(st.floats(0, 1, exclude_max=True), st.integers(0, 255)), min_size=1, max_size=8
    )
)
def test_random_byte_flips(filled21: Path, tmp_path: Path, flips: list[tuple[float, int]]) -> None:
    data = bytearray(filled21.read_bytes())
    for where, byte in flips:
        data[int(where * len(data))] = byte
    path = tmp_path / "flipped.xlsx"
    path.write_bytes(bytes(data))
    check_ends_cleanly(path)


def test_not_a_workbook_by_extension(tmp_path: Path) -> None:
    for name, content in (
        ("a.xls", b"\xd0\xcf\x11\xe0"),
        ("a.csv", b"1,2"),
        ("a", b"x"),
        ("a.ods", b"PK\x03\x04"),
    ):
        path = tmp_path / name
        path.write_bytes(content)
        assert check_ends_cleanly(path).kind == "refused"


def test_directory_and_missing_paths(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from xl_disclosure.cli import main

    (tmp_path / "dir.xlsx").mkdir()
    for path in (tmp_path / "dir.xlsx", tmp_path / "missing.xlsx"):
        assert main(["validate", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.startswith("错误：") and err.count("\n") == 1 and "内部错误" not in err


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_saved_by_libreoffice_reads_the_same(filled21: Path, tmp_path: Path) -> None:
    """A workbook opened and saved by LibreOffice (shared strings, its own styles, cached
    formula results) reads to the same report."""
    from xl_disclosure.readers import read_workbook

    out = tmp_path / "lo"
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--calc",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(out),
            str(filled21),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    saved = out / filled21.name
    assert "xl/sharedStrings.xml" in zipfile.ZipFile(saved).namelist()
    outcome = check_ends_cleanly(saved)
    original = read_workbook(filled21).report
    resaved = read_workbook(saved).report
    assert resaved.values == original.values
    assert resaved.meta == original.meta
    assert outcome.kind in ("valid", "findings")


def test_far_cell_bomb_is_refused_before_calamine_sees_it(filled21: Path, tmp_path: Path) -> None:
    """One extra cell at XFD1048576 would make calamine allocate 17 billion cells and abort
    the process (batch included): the safety gate refuses the file first."""
    from xl_disclosure.cli import main

    parts = read_parts(filled21)
    part = sheet_part(parts, layout_for("gb2021").sheet_names[3])
    xml = (
        parts[part]
        .decode()
        .replace(
            "</sheetData>", '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'
        )
    )
    path = write_parts(tmp_path / "bomb.xlsx", {**parts, part: xml.encode()})
    assert check_ends_cleanly(path).kind == "refused"
    assert main(["validate", "--engine", "calamine", str(path)]) == 2
    assert main(["validate", str(path), str(filled21), "--jobs", "2"]) == 2


@pytest.mark.parametrize(
    "body", ["[" * 100_000 + "]" * 100_000, '{"values":' + "[" * 100_000 + "]" * 100_000 + "}"]
)
def test_deeply_nested_json_is_a_clear_error(tmp_path: Path, body: str) -> None:
    path = tmp_path / "deep.json"
    path.write_text(body)
    assert check_ends_cleanly(path).kind == "refused"


@pytest.mark.parametrize(
    "body",
    [
        '{"format":"gb2021","values":{"T3.new.C1":1e999999},"meta":{"year":1e400}}',
        '{"format":"gb2021","values":{"T3.new.C1":NaN,"T3.new.C2":-Infinity}}',
        '{"format":"gb2099"}',
        '{"format":null,"values":[]}',
        '{"format":"gb2021","values":{"T3.new.C1":{"nested":[1,2]}},"sections":"x"}',
        "\ufeff" + '{"format":"gb2021"}',
        '{"format":"gb2021","meta":{"year":"２０２４","publish_date":"2024-02-30"}}',
    ],
    ids=["inf", "nan", "unknown-format", "null-format", "wrong-types", "bom", "bad-date"],
)
def test_odd_json(tmp_path: Path, body: str) -> None:
    path = tmp_path / "odd.json"
    path.write_text(body, encoding="utf-8")
    check_ends_cleanly(path)


def _with_parts(
    src: Path, dst: Path, extra: dict[str, bytes], ct: str = "", rels: str = ""
) -> Path:
    parts = read_parts(src)
    parts.update(extra)
    if ct:
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"</Types>", ct.encode() + b"</Types>"
        )
    if rels:
        key = "xl/_rels/workbook.xml.rels"
        parts[key] = parts[key].replace(b"</Relationships>", rels.encode() + b"</Relationships>")
    return write_parts(dst, parts)


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_external_links_are_noted_never_followed(
    filled21: Path, tmp_path: Path, engine: str
) -> None:
    from xl_disclosure.readers import read_workbook

    link = (
        '<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames>'
        "</externalBook></externalLink>"
    )
    link_rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/externalLinkPath" Target="file:///\\\\server\\share\\去年汇总.xlsx" '
        'TargetMode="External"/></Relationships>'
    )
    path = _with_parts(
        filled21,
        tmp_path / "linked.xlsx",
        {
            "xl/externalLinks/externalLink1.xml": link.encode(),
            "xl/externalLinks/_rels/externalLink1.xml.rels": link_rels.encode(),
        },
        ct='<Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/>',
        rels='<Relationship Id="rIdXL1" Type="http://schemas.openxmlformats.org/officeDocument/'
        '2006/relationships/externalLink" Target="externalLinks/externalLink1.xml"/>',
    )
    result = read_workbook(path, engine=engine)  # type: ignore[arg-type]
    notes = [f for f in result.findings if f.rule == "S-002"]
    assert notes and "去年汇总.xlsx" in notes[0].message and notes[0].severity.value == "warning"
    assert result.report.values == read_workbook(filled21).report.values
    assert check_ends_cleanly(path).kind == "findings"


def test_macros_are_noted_never_run(tmp_path: Path) -> None:
    from support.workbooks import TEMPLATES

    template = TEMPLATES / "gb2021.xlsm"
    if not template.exists():
        pytest.skip("no macro-enabled template")
    outcome = check_ends_cleanly(template)
    assert any(f.rule == "S-001" and f.severity.value == "info" for f in outcome.findings)


@pytest.mark.parametrize("engine", ["openpyxl", "calamine"])
def test_formulas_are_read_as_saved_never_evaluated(
    filled21: Path, tmp_path: Path, engine: str
) -> None:
    """A formula's cached result is what counts (no recalculation of untrusted formulas)."""
    from xl_disclosure.readers import read_workbook

    p = layout_for("gb2021").locate("T3.new.C1")
    assert p is not None
    parts = read_parts(filled21)
    part = sheet_part(parts, p.sheet)
    xml, n = re.subn(
        rf'<c r="{p.cell}"([^>]*?)(?: t="\w+")?>(?:<v>[^<]*</v>)?</c>|<c r="{p.cell}"([^>]*?)/>',
        lambda m: f'<c r="{p.cell}"{m.group(1) or m.group(2) or ""}><f>1+1</f><v>5</v></c>',
        parts[part].decode(),
    )
    assert n == 1
    path = write_parts(tmp_path / "cached.xlsx", {**parts, part: xml.encode()})
    assert read_workbook(path, engine=engine).report.value("T3.new.C1") == 5  # type: ignore[arg-type]
