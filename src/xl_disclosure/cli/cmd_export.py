"""``xl-disclosure export FILE -o OUT.json``: write the canonical JSON (refused on errors)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="工作簿（.xlsx/.xlsm）或 JSON 文件")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出的 JSON 文件")
    p.add_argument("--previous", type=Path, help="上年度报告 JSON（启用跨年度校验）")
    from xl_disclosure.cli.outputs import add_force_option

    add_force_option(p)


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.cli.output import print_findings
    from xl_disclosure.cli.outputs import output_file
    from xl_disclosure.errors import ExportError
    from xl_disclosure.export import export_json
    from xl_disclosure.readers.load import load_report

    target = output_file(args.output, force=args.force, inputs=[args.file, args.previous])
    loaded = load_report(args.file)
    previous = load_report(args.previous).report if args.previous else None
    try:
        path, result = export_json(
            loaded.report,
            target,
            previous=previous,
            overwrite=args.force,
            file_findings=loaded.findings,
        )
    except ExportError as exc:
        stderr.write(f"未导出：{exc}\n")
        return 1
    if result.findings:
        print_findings(result, stderr)
    stdout.write(f"已导出：{path}\n")
    return 0
