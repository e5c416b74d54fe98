"""Near-duplicate narratives across the archive: MinHash signatures (datasketch) and LSH banding.

Evaluators criticise reports copied from last year or from another agency. What every report
must say anyway — the 条例 citation, the 统计期限 sentence, section titles and the headings of
第一部分 — is stripped first, so two reports are not "similar" for obeying the format. The rest
is cut into character 5-grams; two reports' similarity is the Jaccard index of those sets.

Memory stays bounded: signatures (256 numbers per report) go to a memory-mapped file, the bands
are sorted one at a time, and only the narratives of candidate pairs are read again to compute
their exact similarity. A pair is reported when its exact similarity is at least the threshold.
``compare`` keeps its own exact measure (difflib) for one pair of reports.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xl_disclosure.receiving.archive.store import Archive, require_pyarrow
from xl_disclosure.spec import format_ids, load_format

if TYPE_CHECKING:
    import numpy as np

NUM_PERM = 256
#: 32 bands of 8 rows: a pair at 0.8 becomes a candidate with probability 0.997, one at 0.3
#: with 0.002.
BANDS, ROWS = 32, 8
SHINGLE = 5
#: Narratives shorter than this after stripping are not compared (nothing of their own left).
MIN_CHARS = 60
THRESHOLD = 0.8
_SEED = 7
_BATCH = 4096

_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
_BOILERPLATE = (
    re.compile(r"政府信息公开条例"),  # 依据/根据/按照《条例》……编制 and its variants
    re.compile(r"统计期限|统计期间|起止时间|统计时间|\d{4}年1月1日(起)?至\d{4}年12月31日"),
    re.compile(r"^本报告由.{0,80}(组成|构成)"),
    re.compile(r"(本报告|年度报告).{0,20}(电子版|网站|查阅|下载|联系)"),
)
_HEADING = re.compile(r"^\s*[（(]?[一二三四五六七八九十0-9]{1,3}[)）、.．]\s*\S{0,20}\s*$")
_PUNCT = re.compile(r"[\W_]+")


@cache
def _titles() -> frozenset[str]:
    """Section titles and their item names of every format (folded)."""
    out: set[str] = set()
    for fid in format_ids():
        for section in load_format(fid).sections:
            out.add(_fold(section.title))
            out.update(_fold(v) for v in section.variants)
            out.update(_fold(item.name) for _, items in section.items for item in items)
    return frozenset(out)


def _fold(text: str) -> str:
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text))


def strip_boilerplate(text: str) -> str:
    """The narrative without what every report must say (citations, period, titles, headings)."""
    kept: list[str] = []
    titles = _titles()
    for line in text.splitlines():
        if _HEADING.match(line) or _fold(line) in titles:
            continue
        for sentence in _SENTENCE.findall(line):
            if any(p.search(sentence) for p in _BOILERPLATE) or _fold(sentence) in titles:
                continue
            kept.append(sentence)
    return _fold("".join(kept))


def shingles(text: str) -> np.ndarray:
    """Distinct 32-bit hashes of the character 5-grams of folded text (a rolling hash)."""
    import numpy as np

    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < SHINGLE:
        return np.zeros(0, dtype=np.uint64)
    n = len(codes) - SHINGLE + 1
    h = np.zeros(n, dtype=np.uint64)
    for k in range(SHINGLE):
        h = (h * np.uint64(1_000_003) + codes[k : k + n]) & np.uint64(0xFFFFFFFF)
    return np.unique(h)


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Exact Jaccard index of two shingle sets (sorted, distinct)."""
    import numpy as np

    if not len(a) and not len(b):
        return 1.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


@cache
def _permutations() -> Any:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=_SEED, hashfunc=int, scheme="affine32").permutations


def signature(text: str) -> bytes | None:
    """The MinHash signature of a narrative (``None`` when too little is left to compare)."""
    import numpy as np
    from datasketch import MinHash

    own = strip_boilerplate(text)
    if len(own) < MIN_CHARS:
        return None
    m = MinHash(num_perm=NUM_PERM, hashfunc=int, permutations=_permutations(), scheme="affine32")
    m.update_batch(shingles(own).tolist())
    data: bytes = m.hashvalues.astype(np.uint64).tobytes()
    return data


@dataclass(frozen=True)
class Pair:
    """Two reports whose narratives are at least :data:`THRESHOLD` similar."""

    a: dict[str, Any]
    b: dict[str, Any]
    similarity: float


def _narratives(archive: Archive, year: int | None) -> Iterator[dict[str, Any]]:
    require_pyarrow()
    import pyarrow.dataset as ds

    if not archive.files("reports"):
        return
    data = ds.dataset(str(archive.root / "reports"), format="parquet", partitioning="hive")
    filt = ds.field("year") == year if year is not None else None
    cols = ["report_id", "region", "agency", "year", "file", "narrative"]
    for batch in data.to_batches(columns=cols, filter=filt, batch_size=_BATCH):
        yield from batch.to_pylist()


def _candidates(sig: np.ndarray) -> set[tuple[int, int]]:
    """Pairs of rows of ``sig`` equal on all rows of at least one band."""
    import numpy as np

    rng = np.random.default_rng(_SEED)
    out: set[tuple[int, int]] = set()
    for band in range(BANDS):
        part = sig[:, band * ROWS : (band + 1) * ROWS]
        mult = rng.integers(1, 2**61, size=ROWS, dtype=np.uint64) | np.uint64(1)
        keys = (part * mult).sum(axis=1, dtype=np.uint64)
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
        ends = np.r_[starts[1:], len(keys)]
        for s, e in zip(starts, ends, strict=True):
            if e - s > 1:
                members = sorted(order[s:e].tolist())
                out.update(
                    (x, y)
                    for i, x in enumerate(members)
                    for y in members[i + 1 :]
                    if np.array_equal(
                        sig[x, band * ROWS : (band + 1) * ROWS],
                        sig[y, band * ROWS : (band + 1) * ROWS],
                    )
                )
    return out


def row_signature(row: dict[str, Any]) -> tuple[dict[str, Any], bytes | None]:
    """(the row without its narrative, the narrative's signature): the per-report function."""
    text = row.pop("narrative", "") or ""
    return row, signature(text)


def near_duplicates(
    archive: Archive, *, threshold: float = THRESHOLD, year: int | None = None, jobs: int = 1
) -> list[Pair]:
    """Every pair of archived reports whose narratives are at least ``threshold`` similar."""
    import numpy as np

    from xl_disclosure.receiving.cluster import map_ordered

    meta: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="xl-lsh-") as tmp:
        path = Path(tmp) / "signatures.u64"
        with path.open("wb") as fh:
            for row, data in map_ordered(
                row_signature, _narratives(archive, year), jobs=jobs, chunk=256
            ):
                if data is not None:
                    fh.write(data)
                    meta.append(row)
        if not meta:
            return []
        sig = np.memmap(path, dtype=np.uint64, mode="r", shape=(len(meta), NUM_PERM))
        # The signature estimate drops the clear misses; the exact measure decides.
        found = {
            (i, j) for i, j in _candidates(sig) if np.mean(sig[i] == sig[j]) >= threshold - 0.15
        }
        return _verify(archive, year, meta, found, threshold)


def _texts(archive: Archive, year: int | None) -> Iterator[tuple[str, str]]:
    for row in _narratives(archive, year):
        yield row["report_id"], row["narrative"] or ""


def _verify(
    archive: Archive,
    year: int | None,
    meta: list[dict[str, Any]],
    candidates: set[tuple[int, int]],
    threshold: float,
) -> list[Pair]:
    """Exact similarity of the candidate pairs (only their narratives are read again)."""
    wanted = {meta[i]["report_id"] for pair in candidates for i in pair}
    sets = {
        rid: shingles(strip_boilerplate(text))
        for rid, text in _texts(archive, year)
        if rid in wanted
    }
    pairs = []
    for i, j in sorted(candidates):
        a, b = meta[i], meta[j]
        score = jaccard(sets[a["report_id"]], sets[b["report_id"]])
        if score >= threshold:
            pairs.append(Pair(a, b, round(score, 4)))
    return sorted(pairs, key=lambda p: (-p.similarity, p.a["region"], p.a["agency"]))
