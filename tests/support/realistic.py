"""Submissions that look like real ones: findings, narratives, local tables, both formats.

Values come from :func:`support.factories.consistent_report` (every balance holds); the text
parts come from the bundled Zhenhai 2019 report (its section titles, narrative, preamble and
local indicator table), so each file carries the warnings and notes a real one does (D-002
titles, D-009, D-013, D-014, V-007 on gb2019) and is about as large (10-15 KB).

Section 一 also states the year's figures the way reports do (applications received, carried
over and completed, the main outcomes with their shares, reviews and suits), worded in one of
several ways; about one report in eight misstates one figure, so X-003 fires as on real ones.
"""

from __future__ import annotations

import json
import random
from functools import cache
from pathlib import Path
from typing import Any

from support.factories import consistent_report
from support.narratives import varied_sections
from xl_disclosure.io.canonical import dumps, report_to_dict
from xl_disclosure.spec import load_format

SAMPLE = (
    Path(__file__).resolve().parents[2] / "src" / "xl_disclosure" / "samples" / "zhenhai-2019.json"
)
DISTRICTS = ("镇海区", "江北区", "北仑区", "鄞州区", "海曙区", "奉化区", "余姚市", "慈溪市")
BUREAUS = ("新闻中心", "教育局", "民政局", "财政局", "自然资源局", "住房和城乡建设局", "卫生健康局")


@cache
def _sample() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAMPLE.read_text("utf-8"))
    return data


def realistic_dict(
    i: int, *, year: int = 2023, fid: str | None = None, varied: bool = False
) -> dict[str, Any]:
    """Submission number ``i`` (distinct agency) of ``year`` as a canonical dict.

    ``varied``: sections 一, 五 and 六 worded anew for each report and as long as published
    ones run (:mod:`support.narratives`: 1,000 to 6,000 characters) instead of the sample's.
    """
    fid = fid or ("gb2019" if year <= 2020 else "gb2021")
    agency = (
        f"{DISTRICTS[i % len(DISTRICTS)]}{BUREAUS[(i // len(DISTRICTS)) % len(BUREAUS)]}{i:06d}"
    )
    data = report_to_dict(consistent_report(fid, random.Random(i), agency=agency, year=year))
    sample = _sample()
    texts = {s["no"]: s for s in sample["sections"]}
    figures = figures_paragraph(data, random.Random(f"narrative{i}"))
    for section in data["sections"]:
        src = texts.get(section["no"])
        if src and src["text"] and section["no"] in (1, 5):
            section["title"], section["text"] = src["title"], src["text"].replace("2019", str(year))
        elif src:
            section["title"] = src["title"]
        if section["no"] == 1:
            section["text"] += "\n" + figures
    if varied:
        varied_sections(data, random.Random(f"varied{i}"), figures)
    data["preamble"] = sample["preamble"].replace("2019", str(year))
    data["local_tables"] = sample["local_tables"]
    data["meta"]["title"] = f"{agency}{year}年度政府信息公开工作年度报告"
    data["meta"]["money_unit"] = ""
    data["meta"]["signed_off"] = False
    return data


def figures_paragraph(data: dict[str, Any], rnd: random.Random) -> str:
    """What section 一 of a real report says about the year's figures (one wording of several);
    one report in eight misstates one of them."""
    spec = load_format(data["format"])
    values = data["values"]

    def figure(name: str) -> int:
        if not spec.has_figure(name):
            return 0
        return int(sum(values.get(c) or 0 for c in spec.figure(name).cells))

    received, carry, done = figure("received"), figure("carry_in"), figure("completed")
    opened, partial = figure("open"), figure("partial")
    if rnd.random() < 0.125:
        received += rnd.choice((1, 2, 10))
    share = f"{100 * opened / done:.1f}" if done else "0"
    head = rnd.choice(("（四）依申请公开", "（四）依申请公开情况", "（四）依申请公开工作"))
    first = rnd.choice(
        (
            f"全年共收到政府信息公开申请{received}件，上年结转{carry}件。",
            f"本年度新收政府信息公开申请{received}件，另有上年结转申请{carry}件。",
            f"{data['meta']['year']}年，我单位共受理政府信息公开申请{received + carry}件"
            f"（含上年结转{carry}件）。",
        )
    )
    second = rnd.choice(
        (
            f"已办结{done}件，其中予以公开{opened}件，占{share}%，部分公开{partial}件。",
            f"全部申请均已按时答复，共办结{done}件，予以公开{opened}件，部分公开{partial}件。",
        )
    )
    review, suits = figure("review_total"), figure("litigation_total")
    if review or suits:
        third = f"因政府信息公开工作被申请行政复议{review}件，被提起行政诉讼{suits}件。"
    else:
        third = "全年未发生因政府信息公开引起的行政复议、行政诉讼。"
    return f"{head}\n{first}{second}{third}"


def write_realistic(folder: Path, n: int, *, year: int = 2023, start: int = 0) -> list[Path]:
    """``n`` realistic submissions in ``folder`` (``00000.json`` ...)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(start, start + n):
        path = folder / f"{i:06d}.json"
        path.write_bytes(dumps(realistic_dict(i, year=year)))
        out.append(path)
    return out
