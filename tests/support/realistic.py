"""Submissions that look like real ones: findings, narratives, local tables, both formats.

Values come from :func:`support.factories.consistent_report` (every balance holds); the text
parts come from the bundled Zhenhai 2019 report (its section titles, narrative, preamble and
local indicator table), so each file carries the warnings and notes a real one does (D-002
titles, D-009, D-013, D-014, V-007 on gb2019) and is about as large (10-15 KB).
"""

from __future__ import annotations

import json
import random
from functools import cache
from pathlib import Path
from typing import Any

from support.factories import consistent_report
from xl_disclosure.io.canonical import dumps, report_to_dict

SAMPLE = (
    Path(__file__).resolve().parents[2] / "src" / "xl_disclosure" / "samples" / "zhenhai-2019.json"
)
DISTRICTS = ("镇海区", "江北区", "北仑区", "鄞州区", "海曙区", "奉化区", "余姚市", "慈溪市")
BUREAUS = ("新闻中心", "教育局", "民政局", "财政局", "自然资源局", "住房和城乡建设局", "卫生健康局")


@cache
def _sample() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(SAMPLE.read_text("utf-8"))
    return data


def realistic_dict(i: int, *, year: int = 2023, fid: str | None = None) -> dict[str, Any]:
    """Submission number ``i`` (distinct agency) of ``year`` as a canonical dict."""
    fid = fid or ("gb2019" if year <= 2020 else "gb2021")
    agency = (
        f"{DISTRICTS[i % len(DISTRICTS)]}{BUREAUS[(i // len(DISTRICTS)) % len(BUREAUS)]}{i:06d}"
    )
    data = report_to_dict(consistent_report(fid, random.Random(i), agency=agency, year=year))
    sample = _sample()
    texts = {s["no"]: s for s in sample["sections"]}
    for section in data["sections"]:
        src = texts.get(section["no"])
        if src and src["text"] and section["no"] in (1, 5):
            section["title"], section["text"] = src["title"], src["text"].replace("2019", str(year))
        elif src:
            section["title"] = src["title"]
    data["preamble"] = sample["preamble"].replace("2019", str(year))
    data["local_tables"] = sample["local_tables"]
    data["meta"]["title"] = f"{agency}{year}年度政府信息公开工作年度报告"
    data["meta"]["money_unit"] = ""
    data["meta"]["signed_off"] = False
    return data


def write_realistic(folder: Path, n: int, *, year: int = 2023, start: int = 0) -> list[Path]:
    """``n`` realistic submissions in ``folder`` (``00000.json`` ...)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(start, start + n):
        path = folder / f"{i:06d}.json"
        path.write_bytes(dumps(realistic_dict(i, year=year)))
        out.append(path)
    return out
