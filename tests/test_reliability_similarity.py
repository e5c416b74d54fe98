"""Year-over-year text similarity (Y-004, ``compare``) is bounded in time for any length.

Issue 16 item 8: ``validate A.json --previous A.json`` with a 4.8 MB section did not finish in
120 s (``SequenceMatcher`` is quadratic). Both now use :mod:`xl_disclosure.validate.similarity`:
exact within :data:`EXACT_LIMIT`, fingerprints beyond, which must agree with the exact ratio
where it matters (verbatim, mostly copied, unrelated) and never depend on the process.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from support.corpus import run_cli
from support.factories import SECTION1, SECTION5, consistent_report
from xl_disclosure.io.canonical import report_to_dict
from xl_disclosure.validate.similarity import EXACT_LIMIT, fingerprint_ratio, similarity
from xl_disclosure.validate.text import fold

#: Frequent Chinese characters (and those of the factories' narratives) to write text with.
POOL = sorted(
    set(
        SECTION1
        + SECTION5
        + "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系"
    )
    - set("\n（）：，。")
)


def _narrative(rnd: random.Random, chars: int) -> list[str]:
    """Sentences of 10 to 30 characters ending in 。, about ``chars`` characters in all."""
    out: list[str] = []
    total = 0
    while total < chars:
        s = "".join(rnd.choices(POOL, k=rnd.randint(10, 30))) + "。"
        out.append(s)
        total += len(s)
    return out


def _huge_report(tmp_path: Path, name: str, *, edited: bool = False) -> Path:
    data = report_to_dict(consistent_report("gb2021", random.Random(7)))
    text = "".join(_narrative(random.Random(1), 1_600_000))  # ~4.8 MB of UTF-8
    if edited:  # a tenth rewritten: still copied
        text = text[:1_440_000] + "".join(_narrative(random.Random(2), 160_000))
    data["sections"][0]["text"] = text
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert path.stat().st_size > 4_500_000
    return path


@pytest.mark.parametrize("edited", [False, True], ids=["same", "a-tenth-rewritten"])
def test_validate_previous_with_a_4_8_mb_section_is_bounded(tmp_path: Path, edited: bool) -> None:
    last = _huge_report(tmp_path, "a.json")
    this = _huge_report(tmp_path, "b.json", edited=True) if edited else last
    started = time.perf_counter()
    run = run_cli(["validate", str(this), "--previous", str(last)], seconds=90)
    elapsed = time.perf_counter() - started
    assert run.code == 1 and "Y-004" in run.out, run
    assert elapsed < 60, elapsed  # did not finish in 120 s; about a second now
    started = time.perf_counter()
    compared = run_cli(["compare", str(last), str(this)], seconds=90)
    assert compared.code == 1 and "【雷同】" in compared.out, compared
    assert time.perf_counter() - started < 60


@pytest.mark.parametrize("share", [1.0, 0.9, 0.5, 0.0])
def test_fingerprints_agree_with_the_exact_ratio(share: float) -> None:
    """On sentence-level edits of real report text, beyond the exact limit's reach (forced
    here on 5,000 characters so both can be computed)."""
    rnd = random.Random(int(share * 10))
    old = _narrative(rnd, 5_000)
    fresh = _narrative(random.Random(99), 5_000)
    new = [s if rnd.random() < share else fresh[i % len(fresh)] for i, s in enumerate(old)]
    a, b = fold("".join(old)), fold("".join(new))
    exact = SequenceMatcher(None, a, b, autojunk=False).ratio()
    estimate = fingerprint_ratio(a, b)
    assert abs(exact - estimate) < 0.15, (exact, estimate)
    if share == 1.0:
        assert estimate == 1.0


def test_the_exact_ratio_is_kept_for_real_sections() -> None:
    a, b = SECTION1 * 3, SECTION1 * 2 + SECTION5
    assert len(fold(a)) * len(fold(b)) <= EXACT_LIMIT
    assert similarity(a, b) == SequenceMatcher(None, fold(a), fold(b), autojunk=False).ratio()


def test_fingerprints_do_not_depend_on_the_process() -> None:
    """No hash seed: the same verdict in every process (CRC-32, not ``hash()``)."""
    code = (
        "import random,sys;sys.path.insert(0,'tests');"
        "from test_reliability_similarity import _narrative;"
        "from xl_disclosure.validate.similarity import fingerprint_ratio;"
        "a=''.join(_narrative(random.Random(1),30000));b=''.join(_narrative(random.Random(2),30000));"
        "print(fingerprint_ratio(a, a[:15000]+b[:15000]))"
    )
    root = Path(__file__).resolve().parents[1]
    outs = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            cwd=root,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root / "src")},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(outs) == 1, outs
    assert 0.3 < float(outs.pop()) < 0.7
