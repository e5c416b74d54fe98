"""``xl-disclosure validate FILE``: check a workbook or JSON and print the findings."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="工作簿（.xlsx/.xlsm）或 JSON 文件")
    p.add_argument("--previous", type=Path, help="上年度报告 JSON（启用跨年度校验）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出校验结果")
    p.add_argument("--limit", type=int, default=None, help="最多输出的问题条数")


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.cli.output import print_findings
    from xl_disclosure.sources import load_report
    from xl_disclosure.validate import validate

    loaded = load_report(args.file)
    previous = load_report(args.previous).report if args.previous else None
    result = validate(loaded.report, previous, limit=args.limit)
    findings = [*loaded.findings, *result.findings]
    if args.json:
        out = result.to_dict()
        out["findings"] = [f.to_dict() for f in findings]
        out["source"] = str(args.file)
        stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
    else:
        print_findings(findings, stdout, source=str(args.file))
    return 0 if not findings or all(f.severity.value == "info" for f in findings) else 1
