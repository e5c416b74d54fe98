"""The safety gate in front of every workbook engine (:mod:`xl_disclosure.readers.safety`).

Each hostile or foreign file is refused with one :class:`InputError` whose message is a
Chinese sentence saying what is wrong, where, and how to fix it; what a file carries beyond
values (macros, external links, embedded objects) is noted, never run or followed.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from xl_disclosure.errors import InputError
from xl_disclosure.readers.safety import (
    RULE_EMBEDDED,
    RULE_EXTERNAL_LINKS,
    RULE_MACROS,
    GuardedReader,
    Limits,
    assert_defused_xml,
    inspect_package,
)

CT = '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _zip(path: Path, parts: dict[str, bytes | str], *, level: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=level) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def _minimal(**extra: bytes | str) -> dict[str, bytes | str]:
    return {"[Content_Types].xml": CT, "xl/workbook.xml": "<workbook/>", **extra}


def _refusal(path: Path, limits: Limits | None = None) -> str:
    with pytest.raises(InputError) as info:
        inspect_package(path, limits) if limits else inspect_package(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message
    assert info.value.hint, "every refusal says how to fix it"
    return message


def test_openpyxl_parses_with_defusedxml() -> None:
    assert openpyxl.xml.DEFUSEDXML is True
    assert_defused_xml()


def test_assert_defused_xml_fails_loudly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(openpyxl.xml, "DEFUSEDXML", False)
    with pytest.raises(RuntimeError, match="defusedxml"):
        assert_defused_xml()


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "空的"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "加密"),
        (b"<html><body><table><tr><td>1</td></tr></table></body></html>", "网页"),
        ("机关名称,年度\n某局,2024\n".encode(), "CSV"),
        (b"%PDF-1.7\n", "PDF"),
        (bytes(range(256)) * 4, "无法识别"),
        (b"PK\x03\x04" + b"\0" * 100, "损坏"),
    ],
    ids=["empty", "ole-xls-or-encrypted", "html", "csv", "pdf", "random", "truncated-zip"],
)
def test_foreign_files_are_refused(tmp_path: Path, content: bytes, says: str) -> None:
    path = tmp_path / "报告.xlsx"
    path.write_bytes(content)
    assert says in _refusal(path)


def test_ods_docx_xlsb_and_missing_parts(tmp_path: Path) -> None:
    ods = _zip(
        tmp_path / "a.xlsx",
        {"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<x/>"},
    )
    assert ".ods" in _refusal(ods)
    docx = _zip(tmp_path / "b.xlsx", {"[Content_Types].xml": CT, "word/document.xml": "<w/>"})
    assert "Word" in _refusal(docx)
    xlsb = _zip(tmp_path / "c.xlsx", {"[Content_Types].xml": CT, "xl/workbook.bin": b"\0"})
    assert ".xlsb" in _refusal(xlsb)
    no_wb = _zip(tmp_path / "d.xlsx", {"[Content_Types].xml": CT, "xl/styles.xml": "<s/>"})
    assert "xl/workbook.xml" in _refusal(no_wb)


def test_zip_bomb_part_size_and_ratio(tmp_path: Path) -> None:
    big = _zip(
        tmp_path / "big.xlsx", _minimal(**{"xl/worksheets/sheet1.xml": b"\0" * (51 * 1024 * 1024)})
    )
    assert big.stat().st_size < 1024 * 1024
    assert "压缩炸弹" in _refusal(big)
    dense = _zip(tmp_path / "ratio.xlsx", _minimal(**{"xl/media/x.bin": b"\0" * (9 * 1024 * 1024)}))
    assert "压缩比" in _refusal(dense)


def test_total_size_and_entry_count(tmp_path: Path) -> None:
    parts = _minimal(**{f"xl/media/p{i}.bin": b"x" * 2000 for i in range(20)})
    many = _zip(tmp_path / "many.xlsx", parts, level=zipfile.ZIP_STORED)
    assert "个部件" in _refusal(many, Limits(max_entries=10))
    assert "解压后共" in _refusal(many, Limits(max_total_bytes=30_000))


def test_huge_dimension_is_refused(tmp_path: Path) -> None:
    sheet = (
        f'<worksheet xmlns="{SHEET_NS}"><dimension ref="A1:XFD1048576"/><sheetData/></worksheet>'
    )
    path = _zip(tmp_path / "huge.xlsx", _minimal(**{"xl/worksheets/sheet1.xml": sheet}))
    message = _refusal(path)
    assert "1048576 行" in message
    assert "sheet1.xml" in message


@pytest.mark.parametrize(
    ("cells", "refused"),
    [
        (
            '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>',
            True,
        ),
        ('<row r="1"><c r="A1"><v>1</v></c><c r="XFD1"><v>2</v></c></row>', True),
        ('<row r="1"><c r="A1048576"><v>1</v></c></row>', True),  # the cell's own r counts
        ('<row r="3000"><c r="ZZ3000"><v>1</v></c></row>', True),  # 3000 x 702 > 1M cells
        ('<row r="5000"><c r="T5000"><v>1</v></c></row>', False),
        ('<row r="20"><c r="AB20"><v>1</v></c></row>', False),
    ],
    ids=["corner-bomb", "far-column", "row-in-cell", "area", "long-but-narrow", "normal"],
)
def test_cells_far_away_are_refused_whatever_the_dimension_says(
    tmp_path: Path, cells: str, refused: bool
) -> None:
    """Two cells at A1 and XFD1048576 under <dimension ref="A1"/> make python-calamine
    allocate 17 billion cells and abort the process: the gate looks at the cells."""
    sheet = f'<worksheet xmlns="{SHEET_NS}"><dimension ref="A1"/><sheetData>{cells}</sheetData></worksheet>'
    path = _zip(tmp_path / "far.xlsx", _minimal(**{"xl/worksheets/sheet1.xml": sheet}))
    if refused:
        assert "远超" in _refusal(path)
    else:
        assert inspect_package(path).findings == []


def test_a_damaged_sheet_is_refused_by_the_gate(tmp_path: Path) -> None:
    sheet = (
        f'<worksheet xmlns="{SHEET_NS}"><sheetData>' + "<row/>" * 5000 + "</sheetData></worksheet>"
    )
    path = _zip(tmp_path / "crc.xlsx", _minimal(**{"xl/worksheets/sheet1.xml": sheet}))
    raw = bytearray(path.read_bytes())
    at = raw.find(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml") + 20
    raw[at] ^= 0xFF  # flip a byte of the compressed sheet
    path.write_bytes(bytes(raw))
    assert "损坏" in _refusal(path)


@pytest.mark.parametrize("ref", ["A1:Z200", "B2", "", "garbage", "A1:A99999999999"])
def test_sane_or_unreadable_dimensions_pass(tmp_path: Path, ref: str) -> None:
    sheet = f'<worksheet xmlns="{SHEET_NS}"><dimension ref="{ref}"/><sheetData/></worksheet>'
    path = _zip(tmp_path / "ok.xlsx", _minimal(**{"xl/worksheets/sheet1.xml": sheet}))
    assert inspect_package(path).findings == []


def test_duplicate_and_encrypted_entries(tmp_path: Path) -> None:
    dup = tmp_path / "dup.xlsx"
    with zipfile.ZipFile(dup, "w") as zf, pytest.warns(UserWarning):
        for name, data in _minimal().items():
            zf.writestr(name, data)
        zf.writestr("xl/workbook.xml", "<workbook/>")
    assert "重复" in _refusal(dup)
    enc = _zip(tmp_path / "enc.xlsx", _minimal())
    raw = bytearray(enc.read_bytes())
    at = raw.find(b"PK\x01\x02")
    while at != -1:  # set the "encrypted" flag of every central directory entry
        raw[at + 8] |= 0x1
        at = raw.find(b"PK\x01\x02", at + 4)
    enc.write_bytes(bytes(raw))
    assert "加密" in _refusal(enc)


def test_macros_links_and_embeddings_are_noted_not_run(tmp_path: Path) -> None:
    parts = _minimal(
        **{
            "xl/vbaProject.bin": b"\xd0\xcf\x11\xe0 not run",
            "xl/externalLinks/externalLink1.xml": "<externalLink/>",
            "xl/externalLinks/_rels/externalLink1.xml.rels": (
                '<Relationships><Relationship Id="rId1" TargetMode="External" '
                'Target="file:///C:\\报表\\2023%20汇总.xlsx"/></Relationships>'
            ),
            "xl/embeddings/oleObject1.bin": b"\0",
        }
    )
    info = inspect_package(_zip(tmp_path / "m.xlsm", parts))
    assert info.has_macros
    assert info.external_links == ("2023 汇总.xlsx",)
    assert info.embedded == ("xl/embeddings/oleObject1.bin",)
    codes = {f.rule: f.severity.value for f in info.findings}
    assert codes == {RULE_EXTERNAL_LINKS: "warning", RULE_MACROS: "info", RULE_EMBEDDED: "info"}
    assert all("不会" in f.message for f in info.findings)


def test_openpyxl_workbook_passes_clean(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "x"
    path = tmp_path / "plain.xlsx"
    wb.save(path)
    info = inspect_package(path)
    assert (info.has_macros, info.external_links, info.findings) == (False, (), [])


@pytest.mark.parametrize(
    "part", ["xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/workbook.xml"]
)
def test_xml_entities_are_never_expanded(tmp_path: Path, part: str) -> None:
    """XXE and billion laughs in any part: the secret is never read, nothing explodes."""
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    wb = openpyxl.Workbook()
    wb.active["A1"] = "placeholder"
    plain = tmp_path / "plain.xlsx"
    wb.save(plain)
    doctype = (
        f'<!DOCTYPE r [<!ENTITY xxe SYSTEM "file://{secret}">'
        '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">'
        '<!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;"><!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">]>'
    )
    with zipfile.ZipFile(plain) as zf:
        parts = {i.filename: zf.read(i).decode() for i in zf.infolist()}
    # Route the cell through a shared strings part, then put the entities into ``part``.
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        't="inlineStr"><is><t>placeholder</t></is>', 't="s"><v>0</v>'
    )
    parts["xl/sharedStrings.xml"] = f'<sst xmlns="{SHEET_NS}"><si><t>placeholder</t></si></sst>'
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        "</Types>",
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
    )
    body = parts[part].split("?>", 1)[-1] if parts[part].startswith("<?xml") else parts[part]
    body = (
        body.replace("<t>placeholder</t>", "<t>&xxe;&f;</t>")  # sharedStrings
        .replace('t="s"><v>0</v>', 't="inlineStr"><is><t>&xxe;&f;</t></is>')  # sheet1
        .replace('name="Sheet"', 'name="&xxe;"')  # workbook
    )
    assert "&xxe;" in body
    parts[part] = doctype + body
    hostile = _zip(tmp_path / "hostile.xlsx", parts)
    inspect_package(hostile)  # the gate does not parse XML; the engines must be defused
    try:
        loaded = openpyxl.load_workbook(hostile, read_only=True, data_only=True)
        values = [c.value for ws in loaded.worksheets for row in ws.iter_rows() for c in row]
        values += loaded.sheetnames
        loaded.close()
    except Exception:  # refusing to parse is fine too
        return
    assert not any(
        isinstance(v, str) and ("TOP-SECRET" in v or "aaaaaaaaaa" * 100 in v) for v in values
    )


def test_unreadable_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="文件不存在"):
        inspect_package(tmp_path / "missing.xlsx")


class _Panic(BaseException):
    """Stands for pyo3's ``PanicException`` (a BaseException, not an Exception)."""


class _Exploding:
    source_label = "x.xlsx"

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc

    def sheet_names(self) -> list[str]:
        raise self.exc

    def grid(self, sheet: str) -> list[list[object]]:
        raise self.exc

    def defined_names(self) -> dict[str, tuple[str, str]]:
        raise self.exc


@pytest.mark.parametrize(
    "exc",
    [
        zipfile.BadZipFile("Bad CRC-32 for file 'xl/worksheets/sheet4.xml'"),
        ValueError("Unable to read workbook\nThis is most probably because ..."),
        _Panic("TimeDelta::milliseconds out of bounds"),
        RecursionError("maximum recursion depth exceeded"),
    ],
)
def test_guard_turns_engine_failures_into_one_input_error(exc: BaseException) -> None:
    reader = GuardedReader(_Exploding(exc))  # type: ignore[arg-type]
    for call in (reader.sheet_names, lambda: reader.grid("封面"), reader.defined_names):
        with pytest.raises(InputError) as info:
            call()
        assert "\n" not in str(info.value) and "x.xlsx" in str(info.value)
        assert info.value.__cause__ is exc


@pytest.mark.parametrize("exc", [KeyboardInterrupt(), SystemExit(3)])
def test_guard_lets_interrupts_through(exc: BaseException) -> None:
    with pytest.raises(type(exc)):
        GuardedReader(_Exploding(exc)).sheet_names()  # type: ignore[arg-type]


def test_calamine_panic_on_a_date_cell_falls_back_to_openpyxl(tmp_path: Path) -> None:
    """python-calamine panics (Rust) on -1e300 in a date-formatted cell: that sheet is read
    with openpyxl, and both engines read the same report."""
    import random

    from support.factories import consistent_report
    from support.workbooks import fill_template
    from xl_disclosure.layout import layout_for
    from xl_disclosure.readers import read_workbook

    path = fill_template(consistent_report("gb2021", random.Random(1)), tmp_path / "p.xlsx")
    place = layout_for("gb2021").locate("meta.publish_date")
    assert place is not None
    wb = openpyxl.load_workbook(path)
    wb[place.sheet][place.cell] = -1e300
    wb[place.sheet][place.cell].number_format = "yyyy-mm-dd"
    wb.save(path)
    from python_calamine import CalamineWorkbook

    with pytest.raises(BaseException, match="out of bounds"):  # the panic itself
        CalamineWorkbook.from_path(str(path)).get_sheet_by_name(place.sheet).to_python()
    by_calamine = read_workbook(path, engine="calamine").report
    assert by_calamine.meta == read_workbook(path).report.meta
    assert by_calamine.meta.publish_date == "#VALUE!"


def test_shared_strings_claiming_billions_are_refused(tmp_path: Path) -> None:
    """``<sst uniqueCount="4000000000">`` makes python-calamine reserve 96 GB and abort."""
    sst = f'<sst xmlns="{SHEET_NS}" count="4000000000" uniqueCount="4000000000"><si><t>x</t></si></sst>'
    path = _zip(tmp_path / "sst.xlsx", _minimal(**{"xl/sharedStrings.xml": sst}))
    assert "共享字符串" in _refusal(path)
    ok = sst.replace("4000000000", "1")
    assert (
        inspect_package(
            _zip(tmp_path / "ok.xlsx", _minimal(**{"xl/sharedStrings.xml": ok}))
        ).findings
        == []
    )
