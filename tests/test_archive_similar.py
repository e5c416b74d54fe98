"""Near-duplicate narratives: every planted copy is found, nothing below the line is reported.

The generated reports all carry the mandatory boilerplate (the 条例 citation, the 统计期限
sentence, section titles and headings); their own words are random sentences. Some pairs are
planted copies with a few sentences changed (≥ 80 % similar), others share about half of their
text. The result must equal the brute-force answer over all pairs.
"""

from __future__ import annotations

import random
from itertools import combinations
from pathlib import Path

import pytest

from support.realistic import realistic_dict
from xl_disclosure.io.canonical import dumps
from xl_disclosure.receiving.archive import Archive
from xl_disclosure.receiving.archive.similar import (
    jaccard,
    near_duplicates,
    shingles,
    strip_boilerplate,
)

pytest.importorskip("datasketch")

POOL = "政府信息公开工作年度报告我局区县市乡镇街道办事处依法主动申请答复办理平台网站新媒体专栏解读回应培训考核监督保障制度目录指南规范性文件预算决算项目审批许可处罚教育卫生交通环境住房民生社会救助就业养老医疗安全生产防汛应急"
BOILERPLATE = (
    "本报告依据《中华人民共和国政府信息公开条例》要求编制。",
    "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
)
N = 160


def _sentence(rnd: random.Random) -> str:
    return "".join(rnd.choice(POOL) for _ in range(rnd.randint(18, 30))) + "。"


def _own(rnd: random.Random) -> list[str]:
    return [_sentence(rnd) for _ in range(24)]


def _edited(sentences: list[str], rnd: random.Random, changed: int) -> list[str]:
    out = list(sentences)
    for i in rnd.sample(range(len(out)), changed):
        out[i] = _sentence(rnd)
    return out


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Archive, set[tuple[str, str]]]:
    rnd = random.Random(11)
    texts = [_own(rnd) for _ in range(N)]
    near = set()
    for a in range(0, 20, 2):  # ten copies with one sentence of 24 changed (about 88 %)
        texts[a + 1] = _edited(texts[a], rnd, 1)
        near.add((a, a + 1))
    for a in range(40, 60, 2):  # two changed: either side of 80 %, the exact measure decides
        texts[a + 1] = _edited(texts[a], rnd, 2)
    for a in range(20, 40, 2):  # ten pairs sharing about half of the text
        texts[a + 1] = _edited(texts[a], rnd, 12)
    root = tmp_path_factory.mktemp("similar")
    paths = []
    for i, sentences in enumerate(texts):
        data = realistic_dict(i, year=2023)
        data["meta"]["agency"] = f"某市第{i}局"
        data["preamble"] = "".join(BOILERPLATE)
        half = len(sentences) // 2
        for section in data["sections"]:
            if section["no"] == 1:
                section["text"] = (
                    "（一）主动公开\n" + "".join(sentences[:half]) + "\n（二）依申请公开\n"
                )
            if section["no"] == 5:
                section["text"] = "".join(sentences[half:])
        path = root / f"{i:03d}.json"
        path.write_bytes(dumps(data))
        paths.append(path)
    archive = Archive(root / "archive")
    assert archive.add(paths, region="某省/某市", jobs=1).added == N
    names = {(f"某市第{a}局", f"某市第{b}局") for a, b in near}
    return archive, names


def _brute_force(archive: Archive, threshold: float) -> dict[tuple[str, str], float]:
    from xl_disclosure.receiving.archive import run_sql

    rows = run_sql(archive, "SELECT agency, narrative FROM reports").itertuples(index=False)
    sets = {agency: shingles(strip_boilerplate(text)) for agency, text in rows}
    out = {}
    for a, b in combinations(sorted(sets), 2):
        score = jaccard(sets[a], sets[b])
        if score >= threshold:
            out[tuple(sorted((a, b)))] = score
    return out


def test_every_planted_pair_and_nothing_below_the_threshold(
    planted: tuple[Archive, set[tuple[str, str]]],
) -> None:
    archive, near = planted
    pairs = near_duplicates(archive, threshold=0.8, jobs=1)
    found = {tuple(sorted((p.a["agency"], p.b["agency"]))): p.similarity for p in pairs}
    assert {tuple(sorted(p)) for p in near} <= set(found)
    every = _brute_force(archive, 0.5)
    assert set(found) == {k for k, score in every.items() if score >= 0.8}
    assert all(score >= 0.8 and every[k] >= 0.6 for k, score in found.items())
    assert any(0.5 <= score < 0.8 for score in every.values())  # the half copies are there


def test_boilerplate_alone_makes_no_pair() -> None:
    report = "\n".join(
        [*BOILERPLATE, "一、总体情况", "（一）主动公开", "五、存在的主要问题及改进情况"]
    )
    assert strip_boilerplate(report) == ""


def test_similar_says_whether_an_agency_repeated_itself_or_another(tmp_path: Path) -> None:
    import csv

    from xl_disclosure.cli import main

    rnd = random.Random(5)
    base = {name: _own(rnd) for name in ("甲局", "乙局", "丙局")}
    reports = [  # (agency, year, sentences)
        ("甲局", 2022, base["甲局"]),
        ("甲局", 2023, _edited(base["甲局"], rnd, 1)),  # last year's report again
        ("乙局", 2023, base["乙局"]),
        ("丁局", 2023, _edited(base["乙局"], rnd, 1)),  # another agency's, the same year
        ("丙局", 2022, base["丙局"]),
        ("戊局", 2023, _edited(base["丙局"], rnd, 1)),  # another agency's, a year earlier
        ("己局", 2023, _own(rnd)),
    ]
    paths = []
    for i, (agency, year, sentences) in enumerate(reports):
        data = realistic_dict(i, year=year)
        data["meta"]["agency"] = agency
        for section in data["sections"]:
            if section["no"] == 1:
                section["text"] = "（一）主动公开\n" + "".join(sentences)
        path = tmp_path / f"{i}.json"
        path.write_bytes(dumps(data))
        paths.append(path)
    root = tmp_path / "archive"
    assert Archive(root).add(paths, region="某省/某市", jobs=1).added == len(reports)
    out = tmp_path / "similar.csv"
    assert main(["archive", "similar", "-a", str(root), "-j", "1", "-o", str(out)]) == 1
    with out.open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    got = {frozenset((r["机关甲"], r["机关乙"])): r["情形"] for r in rows}
    assert got == {
        frozenset({"甲局"}): "同一机关，沿用往年",
        frozenset(("乙局", "丁局")): "不同机关，同一年度",
        frozenset(("丙局", "戊局")): "不同机关，不同年度",
    }
