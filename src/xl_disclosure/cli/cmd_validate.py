"""``xl-disclosure validate FILE...``: check workbooks or JSON files and print the findings.

One file: the findings table (exit 0 valid / 1 findings / 2 unreadable). Several files or a
folder: one line per file and a summary (exit code of the worst file), validated in parallel
with ``--jobs`` (see :mod:`xl_disclosure.receiving.batch`).
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import TextIO


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "file",
        type=Path,
        nargs="+",
        help="工作簿（.xlsx/.xlsm）、JSON 文件，或包含它们的文件夹（可多个）",
    )
    p.add_argument("--previous", type=Path, help="上年度报告 JSON（启用跨年度校验；仅限单个文件）")
    p.add_argument("--json", action="store_true", help="以 JSON 输出校验结果")
    p.add_argument("--limit", type=int, default=None, help="最多输出的问题条数（批量时为每个文件）")
    p.add_argument(
        "-j", "--jobs", type=int, default=1, help="批量校验时的并行进程数（0 表示每个 CPU 核一个）"
    )
    p.add_argument(
        "--engine",
        choices=("calamine", "openpyxl"),
        default=None,
        help="读取引擎：单个文件默认 openpyxl，批量默认 calamine（无法读取时自动改用 openpyxl）",
    )
    p.add_argument("--details", action="store_true", help="批量校验时列出每个文件的全部问题")
    p.add_argument(
        "--dask", metavar="ADDRESS", help="在 Dask 集群上批量校验（调度器地址，如 tcp://主机:8786）"
    )


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    files = args.file if isinstance(args.file, list) else [args.file]
    if len(files) > 1 or files[0].is_dir() or args.dask:
        from xl_disclosure.cli.batch_output import run_batch

        return run_batch(args, files, stdout, stderr)
    return _run_single(args, files[0], stdout)


def _run_single(args: argparse.Namespace, path: Path, stdout: TextIO) -> int:
    from xl_disclosure.cli.output import print_findings
    from xl_disclosure.readers.load import load_report

    loaded = load_report(path, args.engine or "openpyxl")
    previous = load_report(args.previous).report if args.previous else None
    result = loaded.validate(previous, limit=args.limit)
    if args.json:
        stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        print_findings(result, stdout, source=str(path))
    return result.exit_code
