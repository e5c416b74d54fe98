"""``xl-disclosure compare OLD NEW``: what changed from one year's report to the next (JSON,
workbooks or published reports' own files, :mod:`~xl_disclosure.cli.inputs`).

Exit codes: 0 compared; 1 a narrative section repeats the other report by 80 % or more;
2 a file cannot be read.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO


def register(p: argparse.ArgumentParser) -> None:
    from xl_disclosure.cli.inputs import REPORT_KINDS

    p.add_argument("old", type=Path, help=f"较早的报告：{REPORT_KINDS}，如上年度")
    p.add_argument("new", type=Path, help=f"较新的报告：{REPORT_KINDS}，如本年度")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")


def _fmt(value: object) -> str:
    from xl_disclosure.cells import format_number

    if value is None:
        return "—"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value, places=4)
    return str(value)


def _change(old: object, new: object, delta: int | float | None) -> str:
    """ "12 → 15（+3）"; no difference in brackets where one side is not a number."""
    if delta is None:
        return f"{_fmt(old)} → {_fmt(new)}"
    return f"{_fmt(old)} → {_fmt(new)}（{'+' if delta > 0 else ''}{_fmt(delta)}）"


def _side(agency: str, year: int | None) -> str:
    return f"{agency.strip() or '（机关名称不明）'}{f'{year}年度' if year else '（年度不明）'}"


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.cli.inputs import load_any
    from xl_disclosure.receiving.compare import compare

    result = compare(load_any(args.old, stderr).report, load_any(args.new, stderr).report)
    if args.json:
        stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return 1 if result.flagged else 0
    old, new = result.old.meta, result.new.meta
    stdout.write(f"比较：{_side(old.agency, old.year)} → {_side(new.agency, new.year)}\n")
    for note in result.notes:
        stdout.write(f"说明：{note}\n")
    stdout.write("主要数据：\n")
    for h in result.headlines:
        stdout.write(f"  {h.name}：{_change(h.old, h.new, h.delta)}\n")
    stdout.write(f"变化的单元格：{len(result.changes)} 个（共比较 {result.compared} 个）\n")
    for c in result.changes:
        stdout.write(f"  {c.key}  {c.label}：{_change(c.old, c.new, c.delta)}\n")
    stdout.write("正文文字重复率（80% 及以上视为雷同）：\n")
    for s in result.similarity:
        mark = "【雷同】" if s.flagged else ""
        extra = f"（{s.note}）" if s.note and not s.flagged else ""
        stdout.write(f"  {s.title}：{s.percent:.1f}%{mark}{extra}\n")
    if result.flagged:
        stdout.write("有部分与上年报告高度雷同，请结合本年度工作实际撰写。\n")
        return 1
    return 0
