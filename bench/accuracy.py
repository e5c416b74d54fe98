"""``make bench``: precision and recall of the validator's verdicts on report texts.

The corpus (``bench/accuracy_corpus/*.json``, read by ``tests/support/accuracy.py``) holds
report texts written in the registers of published reports — many phrasings of each figure,
positive and negative cases, distractor sentences — each with its ground truth. This is not a
timed run: it prints and writes (``--out``, default ``out/accuracy.md``) precision and recall per
rule and per phrasing family, the targets (precision ≥ 0.95, recall ≥ 0.9 per family) and every
miss or false alarm with its message.

Usage:
    python bench/accuracy.py [--out out/accuracy.md]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT  # also puts tests/ on sys.path for the support package

from support.accuracy import SCORED, load_cases, run_case

PRECISION_TARGET, RECALL_TARGET = 0.95, 0.90


def _ratio(a: int, b: int) -> float | None:
    return a / b if b else None


def _cell(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def _rows(tp: Counter[str], fp: Counter[str], fn: Counter[str]) -> tuple[list[str], bool]:
    lines = [
        "| | 正确 | 误报 | 漏报 | 精确率 | 召回率 | 达标 |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    ok_all = True
    for key in sorted(set(tp) | set(fp) | set(fn)):
        p = _ratio(tp[key], tp[key] + fp[key])
        r = _ratio(tp[key], tp[key] + fn[key])
        ok = (p is None or p >= PRECISION_TARGET) and (r is None or r >= RECALL_TARGET)
        ok_all &= ok
        mark = "✅" if ok else "❌"
        lines.append(
            f"| {key} | {tp[key]} | {fp[key]} | {fn[key]} | {_cell(p)} | {_cell(r)} | {mark} |"
        )
    return lines, ok_all


def report() -> tuple[str, bool]:
    cases = load_cases()
    by_rule: tuple[Counter[str], Counter[str], Counter[str]] = (Counter(), Counter(), Counter())
    by_family: tuple[Counter[str], Counter[str], Counter[str]] = (Counter(), Counter(), Counter())
    problems: list[str] = []
    for case in cases:
        score, _ = run_case(case)
        for n, items in enumerate((score.tp, score.fp, score.fn)):
            for rule, family, _stated in items:
                by_rule[n][rule] += 1
                by_family[n][family] += 1
        problems += [f"- `{case.id}`：{m}" for m in score.messages]
    rule_lines, rules_ok = _rows(*by_rule)
    family_lines, families_ok = _rows(*by_family)
    tp, fp, fn = (sum(c.values()) for c in by_rule)
    lines = [
        "# 校验结论的准确度（正文与表格、表格留空）",
        "",
        f"- 语料：{len(cases)} 篇报告文字（`bench/accuracy_corpus/`），评分规则：{'、'.join(sorted(SCORED))}",
        f"- 合计：正确 {tp}，误报 {fp}，漏报 {fn}；精确率 {_cell(_ratio(tp, tp + fp))}，"
        f"召回率 {_cell(_ratio(tp, tp + fn))}",
        f"- 目标：每个写法类别精确率 ≥ {PRECISION_TARGET}，召回率 ≥ {RECALL_TARGET}"
        "（“—”：该类别只有反例或没有报告）",
        "",
        "## 按规则",
        "",
        *rule_lines,
        "",
        "## 按写法类别",
        "",
        *family_lines,
        "",
        "## 误报与漏报",
        "",
        *(problems or ["（无）"]),
        "",
    ]
    return "\n".join(lines), rules_ok and families_ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out" / "accuracy.md")
    args = parser.parse_args(argv)
    text, ok = report()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
