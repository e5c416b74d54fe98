"""``make bench``: how accurately ``xl-disclosure import`` reads each flattened shape.

For random consistent reports of every format, each shape of ``tests/support/shapes.py`` is
generated in full and truncated inside table 三, imported, and every official cell counted as
placed correctly, placed wrongly (must be 0) or not placed (NOT_AVAILABLE). Writes a Markdown
table (``--out``, default ``out/import.md``) and prints it.

Usage:
    python bench/import_accuracy.py [--seeds 10] [--out out/import.md]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT

from support.factories import consistent_report
from support.shapes import SHAPES, cut_text, wrong_placements
from xl_disclosure.cells import NotAvailable
from xl_disclosure.receiving.importer import import_report
from xl_disclosure.spec import format_ids, load_format


def accuracy(work: Path, seeds: int) -> list[dict[str, object]]:
    """One row per shape and variant: cells right / wrong / not placed, rows ambiguous."""
    rows: list[dict[str, object]] = []
    fids = [f for f in format_ids() if load_format(f).official]
    for shape, make in SHAPES.items():
        for variant in ("完整", "截断"):
            right = wrong = missing = ambiguous = meta = pages = 0
            for seed in range(seeds):
                fid = fids[seed % len(fids)]
                rnd = random.Random(seed)
                report = consistent_report(fid, rnd, agency="测试市某某局")
                page = make(report, rnd)
                text = page.text if variant == "完整" else cut_text(page.text, random.Random(seed))
                path = work / f"{shape}-{seed}{page.suffix}"
                path.write_bytes(text.encode(page.encoding))
                result = import_report(path)
                bad = len(wrong_placements(page.expected, result.report))
                absent = sum(
                    isinstance(result.report.value(k), NotAvailable) for k in page.expected
                )
                wrong += bad
                missing += absent
                right += len(page.expected) - bad - absent
                ambiguous += len(result.ambiguous)
                meta += (result.report.meta.agency, result.report.meta.year) == (
                    report.meta.agency,
                    report.meta.year,
                )
                pages += 1
            rows.append(
                {
                    "shape": shape,
                    "variant": variant,
                    "right": right,
                    "wrong": wrong,
                    "missing": missing,
                    "ambiguous": ambiguous,
                    "meta": f"{meta}/{pages}",
                }
            )
    return rows


def markdown(rows: list[dict[str, object]], seeds: int, seconds: float) -> str:
    lines = [
        "# 导入准确率（`xl-disclosure import`，生成的各种展平形态）",
        "",
        f"- 每种形态 {seeds} 份随机报告（两种格式轮换），完整与在表三中截断两种变体；用时 {seconds:.1f} s",
        "- 正确：导入值与原报告（按页面印出的内容）一致；错误：导入值不一致（必须为 0）；"
        "未导入：NOT_AVAILABLE（原文缺失或无法确定列）",
        "",
        "| 形态 | 变体 | 正确 | 错误 | 未导入 | 无法确定列的行 | 机关与年度识别 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    lines += [
        f"| {r['shape']} | {r['variant']} | {r['right']} | {r['wrong']} | {r['missing']} "
        f"| {r['ambiguous']} | {r['meta']} |"
        for r in rows
    ]
    total_wrong = sum(int(str(r["wrong"])) for r in rows)
    lines += ["", f"错误放置合计：{total_wrong}", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "import.md")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="xl-import-bench-") as tmp:
        rows = accuracy(Path(tmp), args.seeds)
    text = markdown(rows, args.seeds, time.perf_counter() - started)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, "utf-8")
    print(text)
    return 1 if any(r["wrong"] for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
