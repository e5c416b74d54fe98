"""``make bench``: measure xl-disclosure side by side with the fastest readers, in one run.

Writes a Markdown report (``--out``, default ``out/bench.md``) and prints it. Ratios, not
absolute times, are the result: each is measured against its baseline in the same run on the
same machine. ``--quick`` uses small N (a smoke run of a minute or two).

Usage:
    python bench/run.py [--quick] [--out out/bench.md]
                        [--only single,batch,aggregate,archive,lsh,excel]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT

SECTIONS = ("single", "batch", "aggregate", "archive", "lsh", "excel")


def _fmt_ratio(row: dict[str, object]) -> str:
    ratio = row["ratio"]
    assert isinstance(ratio, float)
    ok = row["ok"]
    mark = "" if ok is None else (" ✅" if ok else " ❌")
    return f"{ratio:.2f}{mark}"


def _table(rows: list[dict[str, object]]) -> list[str]:
    out = ["| 测量 | xl-disclosure | 对照 | 比值 | 目标 |", "| --- | --- | --- | --- | --- |"]
    out += [
        f"| {r['what']} | {r['ours']} | {r['baseline']} | {_fmt_ratio(r)} | {r['target']} |"
        for r in rows
    ]
    return out


def _environment(quick: bool) -> list[str]:
    import openpyxl

    try:
        from importlib.metadata import version

        calamine = version("python-calamine")
    except Exception:  # pragma: no cover - metadata missing
        calamine = "?"
    return [
        f"- 时间：{datetime.now():%Y-%m-%d %H:%M}；模式：{'--quick' if quick else '完整'}",
        f"- 机器：{platform.machine()}，{os.cpu_count()} 个 CPU 核；{platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}，openpyxl {openpyxl.__version__}，python-calamine {calamine}",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "bench.md")
    parser.add_argument("--quick", action="store_true", help="small N (smoke run)")
    parser.add_argument("--only", default=",".join(SECTIONS), help="comma-separated sections")
    parser.add_argument(
        "--n", type=int, default=None, help="workbooks in the batch (default 1000, quick 100)"
    )
    parser.add_argument(
        "--archive-n", type=int, default=None, help="reports in the synthetic archive"
    )
    parser.add_argument(
        "--lsh-n", type=int, default=None, help="narratives compared for near-duplicates"
    )
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    quick = args.quick
    started = time.perf_counter()
    lines = ["# xl-disclosure 性能基准", "", *_environment(quick), ""]
    with tempfile.TemporaryDirectory(prefix="xl-bench-") as tmp:
        work = Path(tmp)
        perf_rows: list[dict[str, object]] = []
        if "single" in only:
            from single import single

            print("· 单个工作簿 …", file=sys.stderr)
            perf_rows += single(work, repeat=7 if quick else 25, cold_repeat=3 if quick else 7)
        if "batch" in only:
            from batch_throughput import batch

            n = args.n or (100 if quick else 1000)
            print(f"· 批量 {n} 个工作簿 …", file=sys.stderr)
            perf_rows += batch(work, n=n)
        if perf_rows:
            lines += ["## 校验速度", "", *_table(perf_rows), ""]
        if "aggregate" in only:
            from aggregation import aggregation, breakdown, measure_sizes, rerun, spread

            sizes = (200, 1000, 2000) if quick else (1000, 10000, 100000)
            print(f"· 汇总 {sizes} 份 JSON（真实样式）…", file=sys.stderr)
            rows, notes = aggregation(work, sizes=sizes, ratio_at=None if quick else 10000)
            lines += [
                "## 汇总 JSON 报送（`xl-disclosure aggregate DIR -o summary.xlsx`，子进程，全部 CPU 核）",
                "",
                "报告为真实样式：每份 7–12 条提示/参考，约八分之一另有 X-003（第一部分用几种说法"
                "陈述本年数字，其中一处写错），本地指标表；正文每份另行组织（2,000 种，"
                "`tests/support/narratives.py`：小单位、较大单位、政府三种篇幅，全部正文约 "
                "1,000–5,000 字，中位数约 1,200 字；含大量以“件”计但不属于表格的数字，如建议提案、"
                "热线工单、许可办件），文件约 11–23 KB；对照为同一文件夹用标准库 `json.loads` "
                "逐个解析（子进程）。",
                "",
                "| 份数 | 用时 | 每份 | 峰值内存（单个进程 / 合计） | json.loads 逐个解析 | 比值 |",
                "| --- | --- | --- | --- | --- | --- |",
                *(
                    f"| {r['n']} | {r['seconds']:.1f} s | {r['ms_per_file']:.2f} ms "
                    f"| {r['peak_mb']:.0f} / {r['total_mb']:.0f} MB "
                    f"| {r['floor']:.1f} s | {r['ratio']:.2f} |"
                    for r in rows
                ),
                "",
                *(f"- {note}" for note in notes),
            ]
            n_again = 1000 if quick else 10000
            print(f"· 再次汇总 {n_again} 份（1% 改动）…", file=sys.stderr)
            again = rerun(work, n_again)
            lines += [
                f"- 再次汇总（上次汇总后有 {again['changed']} 份改动，其余沿用保存的校验结果，"
                f"`aggregate` 默认）{again['n']} 份：{again['seconds']:.1f} s，json.loads 逐个解析 "
                f"{again['floor']:.1f} s，比值 {again['ratio']:.2f}{spread(again)}；峰值内存 "
                f"{again['peak_mb']:.0f} / {again['total_mb']:.0f} MB。上表是首次汇总"
                "（缓存为空，每份都校验并写入缓存），议题 15 的目标按首次汇总衡量。",
            ]
            n2019 = 1000 if quick else 10000
            print(f"· 汇总 {n2019} 份 2019 年版格式 JSON …", file=sys.stderr)
            (old_format,) = measure_sizes(work, (n2019,), year=2020)
            lines += [
                f"- 2019 年版格式（试行）的 2020 年度报告 {n2019} 份：{old_format['seconds']:.1f} s，"
                f"json.loads 逐个解析 {old_format['floor']:.1f} s，比值 {old_format['ratio']:.2f}"
                f"{spread(old_format)}；"
                f"峰值内存 {old_format['peak_mb']:.0f} / {old_format['total_mb']:.0f} MB。",
                "",
                "每份文件的各步耗时（单进程，200 份）：",
                "",
                "| 步骤 | 每份 |",
                "| --- | --- |",
                *(f"| {label} | {ms:.3f} ms |" for label, ms in breakdown(work)),
                "",
            ]
        if "archive" in only:
            from archive_scale import archive_add_rate, build_synthetic, query_times

            n = args.archive_n or (60_000 if quick else 1_000_000)
            print(f"· 归档 {n} 份（合成）…", file=sys.stderr)
            built = build_synthetic(work / "archive", n)
            times = query_times(work / "archive")
            rate = archive_add_rate(work, 200 if quick else 2000)
            lines += [
                f"## 全国归档（Parquet + DuckDB，合成 {int(built['reports']):,} 份报告，6 个年度，1,488 个区县）",
                "",
                f"- 生成并写入：{built['seconds']:.0f} s；磁盘占用 {built['mb']:.0f} MB"
                f"（每份 {built['mb'] * 1024 / built['reports']:.2f} KB，含每份 200 个单元格的长表）。",
                f"- `archive add` 真实样式文件（读取、校验、写入，全部 CPU 核）：每秒 {rate:.0f} 份。",
                "",
                "| 查询 | 用时 | 结果行数 | 目标 ≤ 2 s |",
                "| --- | --- | --- | --- |",
                *(
                    f"| {name} | {sec:.2f} s | {rows_n} | {'✅' if sec <= 2 else '❌'} |"
                    for name, sec, rows_n in times
                ),
                "",
            ]
        if "lsh" in only:
            from archive_scale import lsh

            n = args.lsh_n or (5_000 if quick else 100_000)
            print(f"· 正文雷同 {n} 份 …", file=sys.stderr)
            got = lsh(work / "lsh", n)
            lines += [
                f"## 正文雷同检测（MinHash-LSH，{got['reports']:,} 份，子进程，全部 CPU 核）",
                "",
                f"- 用时 {got['seconds']:.0f} s，峰值内存：主进程 {got['peak_mb']:.0f} MB，"
                f"连同工作进程合计 {got['tree_mb']:.0f} MB；"
                f"植入的 {got['planted']} 对近似副本找到 {got['found']} 对"
                f"{'✅' if got['found'] == got['planted'] else '❌'}，共报告 {got['pairs']} 对（相似度 ≥ 80%）。",
                "",
            ]
        if "excel" in only:
            from excel_calls import excel_calls

            print("· Excel 按钮调用次数 …", file=sys.stderr)
            rows = excel_calls(work)
            same = rows[1]["calls"] == rows[2]["calls"] and rows[1]["actions"] == rows[2]["actions"]
            lines += [
                "## Excel 端：“校验”按钮对工作簿的调用次数（xlwings remote 引擎，CallLog 计数）",
                "",
                "| 目标问题数 | 实际问题数 | xlwings 调用 | 其中 | 返回的 actions |",
                "| --- | --- | --- | --- | --- |",
                *(
                    f"| {r['target_findings']} | {r['findings']} | {r['calls']} | "
                    f"{', '.join(f'{k} {v}' for k, v in r['by_kind'].items())} | {r['actions']} |"  # type: ignore[attr-defined]
                    for r in rows
                ),
                "",
                f"- 10 条与 200 条问题的调用次数{'相同 ✅（批量标记，不随问题条数增长）' if same else '不同 ❌'}。",
                "",
            ]
    lines.append(f"_总用时 {time.perf_counter() - started:.0f} 秒。_")
    text = "\n".join(lines) + "\n"
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
