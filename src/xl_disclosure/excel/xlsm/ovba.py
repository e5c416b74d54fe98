"""MS-OVBA 2.4.1 compression: the run-length/LZ77 scheme of every VBA stream.

Only compression is needed to *write* a VBA project; the tests decompress with oletools, an
independent implementation, so a mistake here cannot be hidden by a matching bug.

Example:
    >>> compress(b"#aaabcdefaaaaghijaaaaaklaaamnopqaaaaaaaaaaaarstuvwxyzaaa").hex()[:8]
    '012fb000'
"""

from __future__ import annotations

CHUNK = 4096
_MIN_MATCH = 3
#: How many earlier positions with the same 3-byte prefix are tried (bounded for speed).
_CHAIN_LIMIT = 64


def _bit_count(distance: int) -> int:
    """Offset bits of a CopyToken at ``distance`` bytes into the chunk (2.4.1.3.19.3)."""
    return max((distance - 1).bit_length(), 4)


def _compress_chunk(data: bytes) -> bytes:
    """Compressed TokenSequences of one chunk (at most 4096 bytes)."""
    out = bytearray()
    heads: dict[bytes, list[int]] = {}
    pos = 0
    n = len(data)
    while pos < n:
        flag_index = len(out)
        out.append(0)
        flags = 0
        for bit in range(8):
            if pos >= n:
                break
            bit_count = _bit_count(pos) if pos else 4
            max_len = (0xFFFF >> bit_count) + 3
            max_off = 1 << bit_count
            best_len, best_off = 0, 0
            if pos + _MIN_MATCH <= n:
                key = data[pos : pos + _MIN_MATCH]
                limit = min(max_len, n - pos)
                for cand in reversed(heads.get(key, [])[-_CHAIN_LIMIT:]):
                    offset = pos - cand
                    if offset > max_off:
                        break
                    length = _MIN_MATCH
                    while length < limit and data[cand + length] == data[pos + length]:
                        length += 1
                    if length > best_len:
                        best_len, best_off = length, offset
                        if length == limit:
                            break
            step = best_len if best_len >= _MIN_MATCH else 1
            if best_len >= _MIN_MATCH:
                token = ((best_off - 1) << (16 - bit_count)) | (best_len - 3)
                out += token.to_bytes(2, "little")
                flags |= 1 << bit
            else:
                out.append(data[pos])
            for p in range(pos, pos + step):
                if p + _MIN_MATCH <= n:
                    heads.setdefault(data[p : p + _MIN_MATCH], []).append(p)
            pos += step
        out[flag_index] = flags
    return bytes(out)


def compress(data: bytes) -> bytes:
    """A CompressedContainer holding ``data``."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        chunk = data[start : start + CHUNK]
        packed = _compress_chunk(chunk)
        if len(packed) > CHUNK - 0:
            if len(chunk) < CHUNK:
                raise ValueError("incompressible short final chunk is not supported")
            header = (CHUNK + 2 - 3) | (0b011 << 12)  # raw chunk, flag 0
            out += header.to_bytes(2, "little") + chunk
            continue
        header = (len(packed) + 2 - 3) | (0b011 << 12) | (1 << 15)
        out += header.to_bytes(2, "little") + packed
    return bytes(out)
