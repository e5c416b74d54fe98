"""Near-duplicate narratives across the archive: MinHash signatures (datasketch) and LSH banding.

Evaluators criticise reports copied from last year or from another agency. What every report
must say anyway — the 条例 citation, the 统计期限 sentence, section titles and the headings of
第一部分 — is stripped first, so two reports are not "similar" for obeying the format. The rest
is cut into character 5-grams; two reports' similarity is the Jaccard index of those sets.

Memory stays small: the narratives stream past once, one Parquet row group at a time; each
report leaves only its id and its signature (256 numbers) behind, written to disk in one
row-major file and one file per band, so sorting one band reads that band alone (64 bytes a
report) and never the whole signature matrix. A candidate pair's two signatures are read by
position; only the row groups holding a candidate are read again, for the exact similarity; a
pair is reported when it is at least the threshold.
``compare`` keeps its own exact measure (difflib) for one pair of reports.
"""

from __future__ import annotations

import re
import tempfile
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from xl_disclosure.receiving.archive.store import Archive, require_pyarrow
from xl_disclosure.spec import derived_cache, format_ids, load_format

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


@derived_cache
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

    @property
    def relation(self) -> str:
        """What the copy looks like to an evaluator: one agency repeating an earlier year, or
        two agencies (the same year, or another)."""
        from xl_disclosure.receiving.aggregate.collect import agency_key

        a, b = self.a, self.b
        if (a["region"], agency_key(a["agency"])) == (b["region"], agency_key(b["agency"])):
            return "同一机关，沿用往年"
        return "不同机关，同一年度" if a["year"] == b["year"] else "不同机关，不同年度"


def _narratives(
    archive: Archive, year: int | None, wanted: set[str] | None = None
) -> Iterator[dict[str, Any]]:
    """Every archived report's id, region, agency, year, file and narrative (only the reports
    in ``wanted`` when given), one row group of one file at a time: a file written by one large
    ``archive add`` is never read whole, and a row group with none of ``wanted`` is skipped
    after reading its ids."""
    require_pyarrow()
    import pyarrow as pa
    import pyarrow.parquet as pq

    cols = ["report_id", "region", "agency", "file", "narrative"]
    for file_year, path in archive.files_by_year("reports"):
        if year is not None and file_year != year:
            continue
        parquet = pq.ParquetFile(path)
        for group in range(parquet.num_row_groups):  # the batch reader would read ahead
            if wanted is None:
                table = parquet.read_row_group(group, columns=cols)
            else:
                ids = parquet.read_row_group(group, columns=["report_id"]).column(0).to_pylist()
                keep = [i for i, rid in enumerate(ids) if rid in wanted]
                if not keep:
                    continue
                table = parquet.read_row_group(group, columns=cols).take(pa.array(keep))
            for batch in table.to_batches(_BATCH):
                for row in batch.to_pylist():
                    row["year"] = file_year
                    yield row


def _band_candidates(part: np.ndarray, band: int) -> Iterator[tuple[int, int]]:
    """Pairs of rows of one band (``part``: n x :data:`ROWS`) that are equal on all its rows."""
    import numpy as np

    rng = np.random.default_rng([_SEED, band])
    mult = rng.integers(1, 2**61, size=ROWS, dtype=np.uint64) | np.uint64(1)
    keys = (part * mult).sum(axis=1, dtype=np.uint64)
    order = np.argsort(keys, kind="stable")
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    ends = np.r_[starts[1:], len(keys)]
    for s, e in zip(starts, ends, strict=True):
        if e - s > 1:
            members = sorted(order[s:e].tolist())
            for i, x in enumerate(members):
                for y in members[i + 1 :]:
                    if np.array_equal(part[x], part[y]):
                        yield x, y


def row_signature(row: dict[str, Any]) -> tuple[str, bytes | None]:
    """(the report's id, its narrative's signature): the per-report function."""
    return str(row["report_id"]), signature(row.get("narrative") or "")


class _Signatures:
    """Signatures on disk: one row-major file (a pair's whole signatures) and one file per band
    (that band's numbers for every report), written in blocks as they arrive."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.count = 0
        self._block: list[bytes] = []
        self._rows = (folder / "rows.u64").open("wb")
        self._bands = [(folder / f"band{b:02d}.u64").open("wb") for b in range(BANDS)]

    def add(self, data: bytes) -> None:
        self._block.append(data)
        self.count += 1
        if len(self._block) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        import numpy as np

        if not self._block:
            return
        block = np.frombuffer(b"".join(self._block), dtype=np.uint64).reshape(-1, NUM_PERM)
        block.tofile(self._rows)
        for b, fh in enumerate(self._bands):
            np.ascontiguousarray(block[:, b * ROWS : (b + 1) * ROWS]).tofile(fh)
        self._block = []

    def close(self) -> None:
        self._flush()
        for fh in (self._rows, *self._bands):
            fh.close()

    def band(self, b: int) -> np.ndarray:
        """One band of every report (n x :data:`ROWS`), read into memory."""
        import numpy as np

        data = np.fromfile(self.folder / f"band{b:02d}.u64", dtype=np.uint64)
        return data.reshape(self.count, ROWS)

    def estimate(self, pairs: Iterable[tuple[int, int]]) -> Iterator[tuple[int, int, float]]:
        """Each pair with the share of equal signature numbers, reading only the two rows (a
        mapped file would let the kernel read ahead and count the whole file as resident)."""
        import numpy as np

        width = NUM_PERM * 8
        with (self.folder / "rows.u64").open("rb") as fh:

            def row(i: int) -> np.ndarray:
                fh.seek(i * width)
                return np.frombuffer(fh.read(width), dtype=np.uint64)

            for i, j in pairs:
                yield i, j, float(np.mean(row(i) == row(j)))


def near_duplicates(
    archive: Archive, *, threshold: float = THRESHOLD, year: int | None = None, jobs: int = 1
) -> list[Pair]:
    """Every pair of archived reports whose narratives are at least ``threshold`` similar."""
    from xl_disclosure.receiving.cluster import map_ordered

    ids: list[str] = []
    with tempfile.TemporaryDirectory(prefix="xl-lsh-") as tmp:
        store = _Signatures(Path(tmp))
        try:
            for rid, data in map_ordered(
                row_signature, _narratives(archive, year), jobs=jobs, chunk=256
            ):
                if data is not None:
                    store.add(data)
                    ids.append(rid)
        finally:
            store.close()
        if not ids:
            return []
        candidates: set[tuple[int, int]] = set()
        for b in range(BANDS):
            candidates.update(_band_candidates(store.band(b), b))
        # The signature estimate drops the clear misses; the exact measure decides.
        found = {
            (ids[i], ids[j])
            for i, j, share in store.estimate(sorted(candidates))
            if share >= threshold - 0.15
        }
    return _verify(archive, year, found, threshold)


def _verify(
    archive: Archive, year: int | None, candidates: set[tuple[str, str]], threshold: float
) -> list[Pair]:
    """Exact similarity of the candidate pairs (only their rows and narratives are kept)."""
    wanted = {rid for pair in candidates for rid in pair}
    rows: dict[str, dict[str, Any]] = {}
    sets = {}
    for row in _narratives(archive, year, wanted) if wanted else ():
        rid = row["report_id"]
        sets[rid] = shingles(strip_boilerplate(row.pop("narrative") or ""))
        rows[rid] = row
    pairs = []
    for a, b in sorted(candidates):
        score = jaccard(sets[a], sets[b])
        if score >= threshold:
            pairs.append(Pair(rows[a], rows[b], round(score, 4)))
    return sorted(pairs, key=lambda p: (-p.similarity, p.a["region"], p.a["agency"]))
