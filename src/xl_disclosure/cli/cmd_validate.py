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

from xl_disclosure.io.publication_kinds import NAMED


def register(p: argparse.ArgumentParser) -> None:
    from xl_disclosure.cli.inputs import REPORT_KINDS

    p.add_argument(
        "file",
        type=Path,
        nargs="+",
        help="工作簿（.xlsx/.xlsm）、JSON 文件，或包含它们的文件夹（可多个）；"
        f"也可以是已发布报告的原文（{NAMED}，导入后校验；"
        "文件夹中的原文加 --published）",
    )
    p.add_argument(
        "--previous",
        type=Path,
        help=f"上年度报告：{REPORT_KINDS}（启用跨年度校验；仅限单个文件）",
    )
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
        "--published",
        action="store_true",
        help=f"校验文件夹时，也导入并校验其中已发布报告的原文（{NAMED}）",
    )
    p.add_argument(
        "--mark",
        nargs="?",
        const=True,
        default=None,
        metavar="副本.xlsx",
        help="另存一份标记副本（与“校验”按钮的结果相同：问题单元格标色、校验结果表、选中第一处错误），"
        "不需要宏，WPS、LibreOffice 均可打开；默认保存为“原名_已标记.xlsx”，从不覆盖原文件",
    )
    p.add_argument(
        "--dask",
        metavar="调度器地址",
        help="在 Dask 集群上批量校验（调度器地址，如 tcp://主机:8786）",
    )


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    files = args.file if isinstance(args.file, list) else [args.file]
    if getattr(args, "mark", None) is not None:
        return _run_mark(args, files, stdout, stderr)
    if len(files) > 1 or files[0].is_dir() or args.dask:
        from xl_disclosure.cli.batch_output import run_batch

        return run_batch(args, files, stdout, stderr)
    return _run_single(args, files[0], stdout, stderr)


def _run_single(args: argparse.Namespace, path: Path, stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.cli.inputs import load_any
    from xl_disclosure.cli.output import print_findings

    loaded = load_any(path, stderr, args.engine or "openpyxl")
    previous = load_any(args.previous, stderr).report if args.previous else None
    result = loaded.validate(previous, limit=args.limit)
    if args.json:
        stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n")
    else:
        print_findings(result, stdout, source=str(path))
    return result.exit_code


def _run_mark(args: argparse.Namespace, files: list[Path], stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.cli.output import print_findings
    from xl_disclosure.errors import InputError
    from xl_disclosure.marking.copy import write_marked_copy
    from xl_disclosure.readers.load import WORKBOOK_SUFFIXES, load_report

    path = files[0]
    if len(files) > 1 or path.is_dir() or path.suffix.lower() not in WORKBOOK_SUFFIXES:
        raise InputError(
            "--mark 只能用于单个工作簿（.xlsx/.xlsm）。",
            where=" ".join(str(f) for f in files),
            hint="请逐个文件生成标记副本；JSON 文件没有可标色的单元格。",
        )
    if args.engine == "calamine":
        stderr.write("提示：标记副本按 openpyxl 读取（与“校验”按钮一致）。\n")
    previous = load_report(args.previous).report if args.previous else None
    out = None if args.mark is True else Path(args.mark)
    copy = write_marked_copy(path, out, previous=previous)
    result = copy.result
    if args.json:
        data = {**result.to_dict(), "marked_copy": str(copy.path), "coloured": copy.coloured}
        stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    else:
        print_findings(result, stdout, source=str(path))
        stdout.write(f"已生成标记副本：{copy.path}\n")
        if not copy.coloured:
            stdout.write(
                "注意：该工作簿没有标记清单（旧版或非本工具生成的模板），副本中只有“校验结果”表，单元格不标色。\n"
            )
    return result.exit_code
