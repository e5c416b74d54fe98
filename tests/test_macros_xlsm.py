"""The macro-enabled templates: VBA project writer, buttons, reproducibility, LibreOffice."""

from __future__ import annotations

import io
import os
import random
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import olefile
import pytest
from oletools.olevba import VBA_Parser, decompress_stream

from xl_disclosure.excel.xlsm.build import BUTTONS, MACROS_DIR, build_xlsm_bytes, macro_modules
from xl_disclosure.excel.xlsm.cfb import write_compound
from xl_disclosure.excel.xlsm.ovba import compress
from xl_disclosure.excel.xlsm.vbaproject import decrypt, encrypt
from xl_disclosure.layout import layout_for

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "workbook_templates"
FORMATS = ("gb2021", "gb2019")


def _code(text: str) -> list[str]:
    """Source lines without ``Attribute`` lines, class headers or line-end differences."""
    text = text.replace("\r\n", "\n")
    text = re.sub(r"\AVERSION 1\.0 CLASS\nBEGIN\n(?:.*\n)*?END\n", "", text)
    return [line for line in text.split("\n") if not line.startswith("Attribute VB_")]


def test_compression_matches_the_reference_decompressor() -> None:
    # MS-OVBA 3.2 example, decompressed by oletools (an independent implementation)
    spec = bytes.fromhex(
        "012FB000236161616263646582660070616768696A01380861 6B6C00306D6E6F70067102700410727374757610"
        "7778797A003C".replace(" ", "")
    )
    plain = b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa"
    assert bytes(decompress_stream(bytearray(spec))) == plain
    rnd = random.Random(1)
    samples = [plain, b"", b"a" * 10000, bytes(rnd.randrange(256) for _ in range(9000))]
    samples += [p.read_bytes() for p in sorted((MACROS_DIR / "xlwings").iterdir())]
    for data in samples:
        assert bytes(decompress_stream(bytearray(compress(data)))) == data


def test_compound_file_reads_back_with_olefile() -> None:
    tree = {"A": b"x" * 10, "S": {"B": b"y" * 5000, "C": bytes(range(256)) * 3}, "E": b"q" * 70000}
    ole = olefile.OleFileIO(io.BytesIO(write_compound(tree)))
    assert ole.openstream("A").read() == b"x" * 10
    assert ole.openstream("S/B").read() == b"y" * 5000
    assert ole.openstream("S/C").read() == bytes(range(256)) * 3
    assert ole.openstream("E").read() == b"q" * 70000


def test_protection_strings_decrypt_like_excel_writes_them() -> None:
    # CMG/DPB/GC of xlwings' quickstart_standalone.xlsm (saved by Excel): unprotected,
    # no password, visible.
    assert decrypt("8D8FA61394EA98EA98EA98EA98") == bytes(4)
    assert decrypt("8D8FA61394EF95EF95EF") == b"\0"
    assert decrypt("8D8FA61394EF95EF9510") == b"\xff"
    for seed in (0x10, 0x12, 0x14, 0x16):
        assert decrypt(encrypt(b"\x01\x02", "{ABC}", seed)) == b"\x01\x02"


@pytest.mark.parametrize("format_id", FORMATS)
def test_committed_xlsm_equals_a_fresh_build(format_id: str) -> None:
    committed = TEMPLATES / f"{format_id}.xlsm"
    fresh = build_xlsm_bytes(format_id)
    assert committed.read_bytes() == fresh, (
        f"{committed} is stale: run `xl-disclosure build-xlsm --all -o workbook_templates --force`"
    )


@pytest.mark.parametrize("format_id", FORMATS)
def test_olevba_reads_back_exactly_the_macros_source(format_id: str) -> None:
    parser = VBA_Parser(str(TEMPLATES / f"{format_id}.xlsm"))
    try:
        found = {name.rsplit(".", 1)[0]: code for _, _, name, code in parser.extract_macros()}
    finally:
        parser.close()
    sources = sorted(MACROS_DIR.glob("*.bas")) + sorted((MACROS_DIR / "xlwings").glob("*.*"))
    assert sources
    for path in sources:
        name = re.search(r'^Attribute VB_Name = "([^"]+)"', path.read_text("utf-8"), re.M)
        assert name is not None
        assert _code(found[name.group(1)]) == _code(path.read_text("utf-8")), path.name
    documents = {"ThisWorkbook", *(f"Sheet{i}" for i in range(1, 12))}
    assert set(found) - documents == {m.name for m in macro_modules()}


def test_our_vba_is_ascii_and_every_button_macro_exists() -> None:
    text = (MACROS_DIR / "XlDisclosure.bas").read_text("utf-8")
    assert text.isascii()  # the VBA editor's code page must not matter
    subs = set(re.findall(r"^Public Sub (\w+)\(\)", text, re.M))
    assert {b.macro for b in BUTTONS} <= subs
    assert "RunPython" in text and "RunRemotePython" in text


def test_vendored_xlwings_vba_matches_the_installed_xlwings() -> None:
    xlwings = pytest.importorskip("xlwings")
    text = (MACROS_DIR / "xlwings" / "xlwings.bas").read_text("utf-8")
    assert f'XLWINGS_VERSION As String = "{xlwings.__version__}"' in text, (
        "the remote interpreter refuses a client of another version: re-vendor macros/xlwings"
    )


@pytest.mark.parametrize("format_id", FORMATS)
def test_buttons_on_cover_and_section_sheets_reference_existing_macros(format_id: str) -> None:
    subs = set(
        re.findall(
            r"^Public Sub (\w+)\(\)", (MACROS_DIR / "XlDisclosure.bas").read_text("utf-8"), re.M
        )
    )
    with zipfile.ZipFile(TEMPLATES / f"{format_id}.xlsm") as zf:
        names = zf.namelist()
        assert "xl/vbaProject.bin" in names
        assert (
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
            in zf.read("[Content_Types].xml").decode()
        )
        workbook = zf.read("xl/workbook.xml").decode()
        rels = zf.read("xl/_rels/workbook.xml.rels").decode()
        sheet_rid = dict(re.findall(r'<sheet [^>]*name="([^"]+)"[^>]*r:id="([^"]+)"', workbook))
        targets = {rid: t for t, rid in re.findall(r'Target="([^"]+)"[^>]*Id="([^"]+)"', rels)}
        targets |= dict(re.findall(r'Id="([^"]+)"[^>]*Target="([^"]+)"', rels))
        with_buttons = [
            s.name for s in layout_for(format_id).sheets if s.kind in ("cover", "text", "table")
        ]
        for sheet in with_buttons:
            part = "xl/" + targets[sheet_rid[sheet]].lstrip("/").removeprefix("xl/")
            sheet_xml = zf.read(part).decode()
            assert 'codeName="Sheet' in sheet_xml and "<drawing " in sheet_xml
            rel = zf.read(part.replace("worksheets/", "worksheets/_rels/") + ".rels").decode()
            drawing = "xl/drawings/" + re.search(r'Target="../drawings/([^"]+)"', rel).group(1)  # type: ignore[union-attr]
            macros = re.findall(r'macro="\[0\]!(\w+)"', zf.read(drawing).decode())
            assert macros == [b.macro for b in BUTTONS], sheet
            assert set(macros) <= subs


@pytest.mark.libreoffice
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_opens_the_xlsm_with_the_module_and_bound_buttons(tmp_path: Path) -> None:
    src = tmp_path / "gb2021.xlsm"
    shutil.copy(TEMPLATES / "gb2021.xlsm", src)
    env = {**os.environ, "HOME": str(tmp_path)}
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--convert-to",
            "ods",
            "--outdir",
            str(tmp_path),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=240,
        env=env,
    )
    with zipfile.ZipFile(tmp_path / "gb2021.ods") as zf:
        module = zf.read("Basic/VBAProject/XlDisclosure.xml").decode()
        content = zf.read("content.xml").decode()
        basic = [
            n for n in zf.namelist() if n.startswith("Basic/VBAProject/") and n.endswith(".xml")
        ]
    assert "Sub BtnValidate()" in module and "RunRemotePython" in module
    assert len(basic) >= len(macro_modules()) + 1
    bound = re.findall(r"vnd\.sun\.star\.script:VBAProject\.XlDisclosure\.(\w+)\?", content)
    assert set(bound) == {b.macro for b in BUTTONS}
