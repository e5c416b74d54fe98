"""The zip gate shared by every Office package we read (.xlsx/.xlsm workbooks, .docx reports).

Before python-docx, openpyxl or calamine parse anything, the file must be a regular file (not a
pipe, device or folder: :func:`xl_disclosure.io.files.open_input`), within a size, and a zip
whose central directory is sane: not too many parts, no part or total too large once
decompressed, no part compressed beyond :attr:`ZipLimits.max_ratio` (zip bombs), no duplicate
or encrypted entries. Only the directory is read here; what a kind of package needs beyond
that (worksheet extents, shared-string claims) is checked by its own gate
(:mod:`~xl_disclosure.readers.safety.package` for workbooks).

Example:
    >>> import zipfile, tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.docx"
    >>> with zipfile.ZipFile(p, "w") as zf:
    ...     zf.writestr("word/document.xml", "<w:document/>")
    >>> check_zip_package(p, DOCX_LIMITS, what="Word 文档").entries
    1
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from xl_disclosure.errors import InputError
from xl_disclosure.io.files import open_input, size_text

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
HINT_DOCX = (
    "请用 Word 或 WPS 打开后另存为 .docx（Word 文档），或改用网页版（.html）或文本（.txt）。"
)

#: ``foreign(head, size, where)``: raises the kind-specific refusal of a file that is not a zip.
Foreign = Callable[[bytes, int, str], None]


@dataclass(frozen=True)
class ZipLimits:
    """What we agree to unpack."""

    max_file_bytes: int = 20 * 1024 * 1024
    """Size of the file on disk."""
    max_entries: int = 2_000
    """Parts in the zip."""
    max_total_bytes: int = 200 * 1024 * 1024
    """Sum of the uncompressed sizes of all parts."""
    max_part_bytes: int = 50 * 1024 * 1024
    """Uncompressed size of any one part."""
    max_ratio: float = 100.0
    """Compression ratio of a part, checked for parts over :attr:`ratio_floor` bytes. Long
    pasted text compresses a few hundred times, so small parts are left to the size caps."""
    ratio_floor: int = 8 * 1024 * 1024


#: A published report as .docx: text and a few pictures (pictures do not compress).
DOCX_LIMITS = ZipLimits(max_file_bytes=50 * 1024 * 1024, max_total_bytes=300 * 1024 * 1024)


@dataclass(frozen=True)
class ZipSummary:
    """What the directory says."""

    entries: int
    uncompressed_bytes: int


def _refuse_not_zip(what: str, hint: str) -> Foreign:
    def foreign(head: bytes, size: int, where: str) -> None:
        if size == 0:
            raise InputError("文件是空的（0 字节），可能保存或上传时出错。", where=where, hint=hint)
        if head.startswith(_OLE_MAGIC):
            raise InputError(
                f"这是设置了打开密码的加密{what}，或旧版 Office 格式（.doc/.xls）文件，无法读取。",
                where=where,
                hint=hint,
            )
        raise InputError(
            f"这不是{what}（应为 zip 格式的 Office 文件），可能已损坏或只是改了扩展名。",
            where=where,
            hint=hint,
        )

    return foreign


@contextmanager
def open_zip_package(
    path: Path | str,
    limits: ZipLimits,
    *,
    what: str,
    hint: str,
    limit_hint: str = "",
    foreign: Foreign | None = None,
) -> Iterator[zipfile.ZipFile]:
    """Open ``path`` as a zip after the file and directory checks; inside the ``with``, a
    damaged part (bad CRC, truncated deflate stream) read through the archive is refused too.

    Args:
        what: the kind of file, for messages (``工作簿``, ``Word 文档``).
        hint: what to do about a damaged file; ``limit_hint``: about one over a limit.
        foreign: the refusal of a file that is not a zip at all (default: a generic one).

    Raises:
        InputError: not a regular file, too large, not a zip, damaged, encrypted, or over a
            limit of ``limits``.
    """
    path = Path(path)
    where = str(path)
    limit_hint = limit_hint or hint
    with open_input(path) as fh:
        _check_head(fh, limits, where, limit_hint, foreign or _refuse_not_zip(what, hint))
        try:
            with zipfile.ZipFile(fh) as zf:
                check_directory(
                    zf.infolist(), where, limits, what=what, hint=hint, limit_hint=limit_hint
                )
                yield zf
        except InputError:
            raise
        except (
            zipfile.BadZipFile,
            zipfile.LargeZipFile,
            zlib.error,
            EOFError,
            OSError,
            ValueError,
            NotImplementedError,
            RuntimeError,
        ) as exc:
            raise InputError(
                f"{what}已损坏，无法读取（zip 压缩包结构或数据有误）。",
                where=where,
                hint=hint,
                detail=f"{type(exc).__name__}: {exc}",
            ) from exc


def _check_head(fh: BinaryIO, limits: ZipLimits, where: str, hint: str, foreign: Foreign) -> None:
    """The size on disk, and the zip signature (``foreign`` names what the file is instead)."""
    size = fh.seek(0, 2)
    fh.seek(0)
    if size > limits.max_file_bytes:
        raise InputError(
            f"文件过大（{size_text(size)}），超过上限 {size_text(limits.max_file_bytes)}，拒绝读取。",
            where=where,
            hint=hint,
        )
    head = fh.read(512)
    fh.seek(0)
    if not head.startswith(_ZIP_MAGIC) and not zipfile.is_zipfile(fh):
        foreign(head, size, where)
        raise InputError("这不是 zip 格式的 Office 文件。", where=where, hint=hint)


def check_zip_package(
    path: Path | str,
    limits: ZipLimits = DOCX_LIMITS,
    *,
    what: str = "Word 文档",
    hint: str = HINT_DOCX,
) -> ZipSummary:
    """Check an Office package (e.g. a .docx given to ``import``) before a library unpacks it.

    Raises:
        InputError: as :func:`open_zip_package`.
    """
    with open_zip_package(path, limits, what=what, hint=hint) as zf:
        infos = zf.infolist()
        return ZipSummary(len(infos), sum(i.file_size for i in infos))


def check_directory(
    infos: list[zipfile.ZipInfo],
    where: str,
    limits: ZipLimits,
    *,
    what: str,
    hint: str,
    limit_hint: str = "",
) -> None:
    """Entry count, duplicate and encrypted entries, per-part and total sizes, ratios."""
    limit_hint = limit_hint or hint
    if len(infos) > limits.max_entries:
        raise InputError(
            f"{what}包含 {len(infos)} 个部件，超过上限 {limits.max_entries}，疑似恶意构造的文件，拒绝读取。",
            where=where,
            hint=limit_hint,
        )
    seen: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if name in seen:
            raise InputError(
                f"{what}中部件“{name}”重复出现，文件已损坏或被篡改。", where=where, hint=hint
            )
        seen.add(name)
        if info.flag_bits & 0x1:
            raise InputError(
                f"{what}的 zip 内容被加密，无法读取。", where=f"{where}（{name}）", hint=hint
            )
        total += info.file_size
        _check_part(info, where, limits, limit_hint)
    if total > limits.max_total_bytes:
        raise InputError(
            f"{what}解压后共 {size_text(total)}，超过上限 {size_text(limits.max_total_bytes)}，"
            "拒绝读取（可能是压缩炸弹）。",
            where=where,
            hint=limit_hint,
        )


def _check_part(info: zipfile.ZipInfo, where: str, limits: ZipLimits, hint: str) -> None:
    if info.file_size > limits.max_part_bytes:
        raise InputError(
            f"部件解压后有 {size_text(info.file_size)}，超过上限 {size_text(limits.max_part_bytes)}，"
            "拒绝读取（可能是压缩炸弹或含有极大的内容）。",
            where=f"{where}（{info.filename}）",
            hint=hint,
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limits.ratio_floor and ratio > limits.max_ratio:
        raise InputError(
            f"部件的压缩比高达 {ratio:.0f} 倍，疑似压缩炸弹，拒绝读取。",
            where=f"{where}（{info.filename}）",
            hint=hint,
        )


__all__ = [
    "DOCX_LIMITS",
    "HINT_DOCX",
    "ZipLimits",
    "ZipSummary",
    "check_directory",
    "check_zip_package",
    "open_zip_package",
]
