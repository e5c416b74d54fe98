"""A minimal, deterministic MS-CFB (compound file, version 3) writer.

Enough for a ``vbaProject.bin``: nested storages and streams, the mini stream for streams under
4096 bytes, FAT chains, no DIFAT sectors (so at most 109 FAT sectors, about 6.8 MB), all
timestamps and CLSIDs zero. The directory of every storage is written as a balanced red-black
tree (the deepest level red), as MS-CFB 2.6.4 requires.

Example:
    >>> blob = write_compound({"A": b"x" * 10, "S": {"B": b"y" * 5000}})
    >>> blob[:8].hex()
    'd0cf11e0a1b11ae1'
"""

from __future__ import annotations

import struct
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Union

SECTOR = 512
MINI = 64
MINI_CUTOFF = 4096
FREESECT = 0xFFFFFFFF
ENDOFCHAIN = 0xFFFFFFFE
FATSECT = 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
#: Bytes of one directory entry.
_DIR_ENTRY = 128

#: A storage maps names to streams (bytes) or sub-storages.
Tree = Mapping[str, Union[bytes, "Tree"]]


@dataclass
class _Entry:
    name: str
    kind: int  # 1 storage, 2 stream, 5 root
    data: bytes = b""
    children: list[_Entry] = field(default_factory=list)
    sid: int = 0
    left: int = NOSTREAM
    right: int = NOSTREAM
    child: int = NOSTREAM
    red: bool = False
    start: int = ENDOFCHAIN
    size: int = 0
    depth: int = 0


def _sort_key(name: str) -> tuple[int, str]:
    """MS-CFB order: shorter names first, then by upper-cased UTF-16 code units."""
    return len(name.encode("utf-16-le")), name.upper()


def _build(name: str, kind: int, tree: Tree) -> _Entry:
    entry = _Entry(name, kind)
    for child_name, value in tree.items():
        if len(child_name) > 31:
            raise ValueError(f"name too long for a compound file: {child_name!r}")
        if isinstance(value, bytes | bytearray):
            entry.children.append(_Entry(child_name, 2, bytes(value)))
        else:
            entry.children.append(_build(child_name, 1, value))
    entry.children.sort(key=lambda e: _sort_key(e.name))
    return entry


def _flatten(root: _Entry) -> list[_Entry]:
    out: list[_Entry] = []
    todo = [root]
    while todo:
        entry = todo.pop(0)
        entry.sid = len(out)
        out.append(entry)
        todo.extend(entry.children)
    return out


def _tree(children: list[_Entry], depth: int, max_depth: list[int]) -> int:
    """Link ``children`` (sorted) as a balanced BST; return the root's sid."""
    if not children:
        return NOSTREAM
    mid = len(children) // 2
    node = children[mid]
    max_depth[0] = max(max_depth[0], depth)
    node.left = _tree(children[:mid], depth + 1, max_depth)
    node.right = _tree(children[mid + 1 :], depth + 1, max_depth)
    node.depth = depth
    return node.sid


def _link(entry: _Entry) -> None:
    depth = [0]
    entry.child = _tree(entry.children, 0, depth)
    full = (1 << (depth[0] + 1)) - 1 == len(entry.children)
    for c in entry.children:
        # A perfect tree is valid all black; otherwise the deepest level is red.
        c.red = not full and c.depth == depth[0] and depth[0] > 0
        _link(c)


def _chain(fat: list[int], start: int, count: int) -> None:
    for i in range(count):
        fat[start + i] = start + i + 1 if i < count - 1 else ENDOFCHAIN


def _pad(data: bytes, size: int) -> bytes:
    return data + b"\0" * (-len(data) % size)


def write_compound(tree: Tree) -> bytes:
    """Serialise ``tree`` (name -> bytes | sub-tree) as a CFB v3 file."""
    root = _build("Root Entry", 5, tree)
    entries = _flatten(root)
    _link(root)
    mini, minifat, big = _mini_stream(entries)
    # Sizes first (the directory's length does not depend on the start sectors it records).
    minifat_bytes = (
        _pad(b"".join(struct.pack("<I", x) for x in minifat), SECTOR) if minifat else b""
    )
    mini_bytes = _pad(bytes(mini), SECTOR)
    n_dir = -(-len(entries) * _DIR_ENTRY // SECTOR)
    n_minifat = len(minifat_bytes) // SECTOR
    n_mini = len(mini_bytes) // SECTOR
    n_big = [-(-len(e.data) // SECTOR) for e in big]
    n_fat = _fat_sectors(n_dir + n_minifat + n_mini + sum(n_big))

    fat = [FREESECT] * (n_fat * SECTOR // 4)
    fat[:n_fat] = [FATSECT] * n_fat
    first_dir = _allot(fat, n_fat, n_dir)
    first_minifat = _allot(fat, first_dir + n_dir, n_minifat)
    root.start = _allot(fat, first_dir + n_dir + n_minifat, n_mini)
    root.size = len(mini)
    cursor = first_dir + n_dir + n_minifat + n_mini
    for e, n in zip(big, n_big, strict=True):
        e.start = _allot(fat, cursor, n)
        cursor += n

    dir_bytes = _pad(b"".join(_dir_entry(e) for e in entries), SECTOR)
    body = b"".join(struct.pack("<I", x) for x in fat)
    body += dir_bytes + minifat_bytes + mini_bytes
    for e in big:
        body += _pad(e.data, SECTOR)
    return _header(n_fat, first_dir, first_minifat, n_minifat) + body


def _mini_stream(entries: list[_Entry]) -> tuple[bytearray, list[int], list[_Entry]]:
    """Pack the small streams in 64-byte sectors (setting their size and start): the mini
    stream, its allocation table, and the streams too large for it."""
    mini = bytearray()
    minifat: list[int] = []
    big: list[_Entry] = []
    for e in entries:
        if e.kind != 2:
            continue
        e.size = len(e.data)
        if e.size == 0:
            e.start = ENDOFCHAIN
        elif e.size < MINI_CUTOFF:
            e.start = len(mini) // MINI
            n = -(-e.size // MINI)
            minifat.extend([0] * n)
            _chain(minifat, e.start, n)
            mini += _pad(e.data, MINI)
        else:
            big.append(e)
    return mini, minifat, big


def _fat_sectors(payload: int) -> int:
    """How many FAT sectors a file of ``payload`` other sectors needs (they list themselves)."""
    n_fat = 1
    while n_fat * (SECTOR // 4) < payload + n_fat:
        n_fat += 1
    if n_fat > 109:
        raise ValueError("compound file too large for a header-only DIFAT")
    return n_fat


def _allot(fat: list[int], first: int, n: int) -> int:
    """Chain ``n`` sectors from ``first`` in ``fat``; the start sector (none when ``n`` is 0)."""
    _chain(fat, first, n)
    return first if n else ENDOFCHAIN


def _header(n_fat: int, first_dir: int, first_minifat: int, n_minifat: int) -> bytes:
    """The 512-byte header of a version 3 file whose FAT sectors come first."""
    difat = list(range(n_fat)) + [FREESECT] * (109 - n_fat)
    return struct.pack(
        "<8s16sHHHHH6sIIIIIIIII",
        bytes.fromhex("d0cf11e0a1b11ae1"),
        b"\0" * 16,
        0x003E,
        0x0003,
        0xFFFE,
        9,
        6,
        b"\0" * 6,
        0,  # number of directory sectors: 0 in version 3
        n_fat,
        first_dir,
        0,
        MINI_CUTOFF,
        first_minifat,
        n_minifat,
        ENDOFCHAIN,
        0,
    ) + struct.pack("<109I", *difat)


def _dir_entry(e: _Entry) -> bytes:
    name = e.name.encode("utf-16-le") + b"\0\0"
    return struct.pack(
        "<64sHBBIII16sIQQIQ",
        name,
        len(name),
        e.kind,
        0 if e.red else 1,
        e.left,
        e.right,
        e.child,
        b"\0" * 16,
        0,
        0,
        0,
        e.start if (e.kind in {2, 5}) else 0,
        e.size if (e.kind in {2, 5}) else 0,
    )
