"""Build a ``vbaProject.bin`` from VBA source text (MS-OVBA 2.3), without Excel.

The project is *source only*: ``_VBA_PROJECT`` carries version ``0xFFFF`` and every module
stream starts at offset 0 with no compiled p-code, which is what MS-OVBA asks writers to do
(2.3.4.1: the version "MUST be 0xFFFF" on write; the performance cache is ignored on read).
Excel compiles the source when the workbook is opened. The xlwings package ships a workbook
whose ``xlwings`` module is stored exactly this way.

Example:
    >>> blob = build_vba_project([Module("Hello", 'Attribute VB_Name = "Hello"\\nSub Hi()\\nEnd Sub\\n')])
    >>> blob[:4].hex()
    'd0cf11e0'
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from xl_disclosure.excel.xlsm.cfb import write_compound
from xl_disclosure.excel.xlsm.ovba import compress

ModuleKind = Literal["standard", "class", "document"]

#: Base class attribute Excel writes into every stored class module.
CLASS_BASE = "0{FCFB3D2A-A0FA-1068-A738-08002B3371B5}"
WORKBOOK_BASE = "0{00020819-0000-0000-C000-000000000046}"
SHEET_BASE = "0{00020820-0000-0000-C000-000000000046}"

#: Type libraries every Excel project references (besides the implicit VBA and Excel ones).
REFERENCES: tuple[tuple[str, str], ...] = (
    (
        "stdole",
        r"*\G{00020430-0000-0000-C000-000000000046}#2.0#0#C:\Windows\System32\stdole2.tlb#OLE Automation",
    ),
    (
        "Office",
        r"*\G{2DF8D04C-5BFA-101B-BDE5-00AA0044DE52}#2.0#0#C:\Program Files\Common Files\Microsoft Shared"
        r"\OFFICE16\MSO.DLL#Microsoft Office 16.0 Object Library",
    ),
)


@dataclass(frozen=True)
class Module:
    """One VBA module: its name, kind and stored source (``Attribute`` lines included)."""

    name: str
    source: str
    kind: ModuleKind = "standard"


def document_module(name: str, *, workbook: bool = False) -> Module:
    """The (empty) code module Excel keeps for ``ThisWorkbook`` or a worksheet."""
    base = WORKBOOK_BASE if workbook else SHEET_BASE
    source = (
        f'Attribute VB_Name = "{name}"\n'
        f'Attribute VB_Base = "{base}"\n'
        "Attribute VB_GlobalNameSpace = False\n"
        "Attribute VB_Creatable = False\n"
        "Attribute VB_PredeclaredId = True\n"
        "Attribute VB_Exposed = True\n"
        "Attribute VB_TemplateDerived = False\n"
        "Attribute VB_Customizable = True\n"
    )
    return Module(name, source, "document")


def _record(rid: int, data: bytes) -> bytes:
    return struct.pack("<HI", rid, len(data)) + data


def _text_records(rid: int, uid: int, text: str, codepage: str) -> bytes:
    return _record(rid, text.encode(codepage)) + _record(uid, text.encode("utf-16-le"))


def _dir_stream(project_name: str, modules: Sequence[Module], codepage: int) -> bytes:
    cp = f"cp{codepage}"
    out = bytearray()
    out += _record(0x0001, struct.pack("<I", 1))  # SYSKIND: Win32 (Excel accepts it on x64)
    out += _record(0x0002, struct.pack("<I", 0x0409))  # LCID
    out += _record(0x0014, struct.pack("<I", 0x0409))  # LCIDINVOKE
    out += _record(0x0003, struct.pack("<H", codepage))
    out += _record(0x0004, project_name.encode(cp))
    out += _text_records(0x0005, 0x0040, "", cp)  # DOCSTRING
    out += _text_records(0x0006, 0x003D, "", cp)  # HELPFILEPATH (1 and 2)
    out += _record(0x0007, struct.pack("<I", 0))  # HELPCONTEXT
    out += _record(0x0008, struct.pack("<I", 0))  # LIBFLAGS
    out += struct.pack("<HIIH", 0x0009, 4, 1, 0)  # VERSION: reserved 4, major, minor
    out += _text_records(0x000C, 0x003C, "", cp)  # CONSTANTS
    for name, libid in REFERENCES:
        out += _text_records(0x0016, 0x003E, name, cp)
        lib = libid.encode(cp)
        out += _record(0x000D, struct.pack("<I", len(lib)) + lib + b"\0" * 6)
    out += _record(0x000F, struct.pack("<H", len(modules)))
    out += _record(0x0013, struct.pack("<H", 0xFFFF))  # PROJECTCOOKIE
    for m in modules:
        out += _text_records(0x0019, 0x0047, m.name, cp)
        out += _text_records(0x001A, 0x0032, m.name, cp)  # stream name = module name
        out += _text_records(0x001C, 0x0048, "", cp)
        out += _record(0x0031, struct.pack("<I", 0))  # MODULEOFFSET: source starts at 0
        out += _record(0x001E, struct.pack("<I", 0))
        out += _record(0x002C, struct.pack("<H", 0xFFFF))
        out += _record(0x0021 if m.kind == "standard" else 0x0022, b"")
        out += _record(0x002B, b"")
    out += struct.pack("<HI", 0x0010, 0)
    return bytes(out)


def encrypt(data: bytes, project_id: str, seed: int) -> str:
    """MS-OVBA 2.4.3.2 data encryption (used for the CMG/DPB/GC lines), as hex text.

    ``seed`` fixes the otherwise random bytes so builds are reproducible.
    """
    version = 2
    proj_key = sum(project_id.encode("ascii")) & 0xFF
    out = bytearray([seed, version ^ seed, proj_key ^ seed])
    unencrypted1 = proj_key
    encrypted1 = out[2]
    encrypted2 = out[1]
    ignored = (seed & 6) // 2
    payload = bytes([0x55 + i for i in range(ignored)]) + struct.pack("<I", len(data)) + data
    for byte in payload:
        enc = byte ^ ((encrypted2 + unencrypted1) & 0xFF)
        out.append(enc)
        encrypted2, encrypted1, unencrypted1 = encrypted1, enc, byte
    return out.hex().upper()


def decrypt(text: str) -> bytes:
    """Inverse of :func:`encrypt` (for tests and for reading Excel-made projects)."""
    raw = bytes.fromhex(text)
    seed = raw[0]
    proj_key = raw[2] ^ seed
    unencrypted1, encrypted1, encrypted2 = proj_key, raw[2], raw[1]
    plain = bytearray()
    for enc in raw[3:]:
        byte = enc ^ ((encrypted2 + unencrypted1) & 0xFF)
        plain.append(byte)
        encrypted2, encrypted1, unencrypted1 = encrypted1, enc, byte
    ignored = (seed & 6) // 2
    length = struct.unpack_from("<I", plain, ignored)[0]
    return bytes(plain[ignored + 4 : ignored + 4 + length])


def _project_stream(project_id: str, modules: Sequence[Module], codepage: int) -> bytes:
    lines = [f'ID="{project_id}"']
    for m in modules:
        if m.kind == "document":
            lines.append(f"Document={m.name}/&H00000000")
        elif m.kind == "class":
            lines.append(f"Class={m.name}")
        else:
            lines.append(f"Module={m.name}")
    lines += [
        'Name="VBAProject"',
        'HelpContextID="0"',
        'VersionCompatible32="393222000"',
        f'CMG="{encrypt(bytes(4), project_id, 0x10)}"',  # not protected
        f'DPB="{encrypt(bytes(1), project_id, 0x12)}"',  # no password
        f'GC="{encrypt(bytes([0xFF]), project_id, 0x14)}"',  # visible
        "",
        "[Host Extender Info]",
        "&H00000001={3832D640-CF90-11CF-8E43-00A0C911005A};VBE;&H00000000",
        "",
        "[Workspace]",
        *(f"{m.name}=0, 0, 0, 0, C" for m in modules),
        "",
    ]
    return "\r\n".join(lines).encode(f"cp{codepage}")


def _wm_stream(modules: Sequence[Module], codepage: int) -> bytes:
    out = bytearray()
    for m in modules:
        out += m.name.encode(f"cp{codepage}") + b"\0" + m.name.encode("utf-16-le") + b"\0\0"
    return bytes(out + b"\0\0")


def build_vba_project(
    modules: Sequence[Module],
    *,
    project_id: str = "{6E1F3C1A-5B2D-4C8E-9A7B-3D0F2E4A1B5C}",
    codepage: int = 936,
) -> bytes:
    """The bytes of a ``vbaProject.bin`` holding ``modules`` (stored in the given order).

    Sources are stored with CRLF line ends in the project code page (936, GBK, by default:
    the code page of a Chinese Windows, where the VBA editor will show the text).
    """
    names = [m.name for m in modules]
    if len(set(map(str.upper, names))) != len(names):
        raise ValueError(f"duplicate module names: {names}")
    cp = f"cp{codepage}"
    streams: dict[str, bytes | dict[str, bytes]] = {}
    vba: dict[str, bytes] = {
        "_VBA_PROJECT": bytes.fromhex("cc61ffff000100"),
        "dir": compress(_dir_stream("VBAProject", modules, codepage)),
    }
    for m in modules:
        text = m.source.replace("\r\n", "\n").replace("\n", "\r\n")
        vba[m.name] = compress(text.encode(cp))
    streams["VBA"] = vba
    streams["PROJECT"] = _project_stream(project_id, modules, codepage)
    streams["PROJECTwm"] = _wm_stream(modules, codepage)
    return write_compound(streams)
