"""``xl-disclosure build-xlsm``: the macro-enabled templates (buttons + VBA from ``macros/``)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO


def register(p: argparse.ArgumentParser) -> None:
    from xl_disclosure.cli.formats import add_format_option

    group = p.add_mutually_exclusive_group(required=True)
    add_format_option(group, "报告格式")
    group.add_argument("--all", action="store_true", help="生成全部格式")
    p.add_argument("-o", "--output", type=Path, default=Path("workbook_templates"), help="输出目录")
    from xl_disclosure.cli.outputs import add_force_option

    add_force_option(p)


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.cli.outputs import output_file, output_folder
    from xl_disclosure.excel.xlsm.build import build_xlsm
    from xl_disclosure.spec import format_ids

    formats = list(reversed(format_ids())) if args.all else [args.format]
    folder = output_folder(args.output, stdout)
    targets = [(fid, output_file(folder / f"{fid}.xlsm", force=args.force)) for fid in formats]
    for fid, target in targets:
        path = build_xlsm(fid, target)
        stdout.write(f"已生成：{path}\n")
    return 0
