"""``xl-disclosure prefill LAST.json -o THIS.xlsx``: start this year's workbook from last year's.

Prints what was carried (and what was not, and why); the same list goes on the cover sheet.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("previous", type=Path, help="上年度报告（JSON 或已填写的工作簿）")
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        help="输出的本年度工作簿（.xlsx，或带按钮的 .xlsm）",
    )
    p.add_argument("--year", type=int, help="本年度（默认为上年度加一）")
    from xl_disclosure.cli.outputs import add_force_option

    add_force_option(p)
    from xl_disclosure.cli.cmd_build_xlsm import add_server_options

    add_server_options(p)


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.cli.outputs import output_file
    from xl_disclosure.errors import InputError
    from xl_disclosure.excel.xlsm.build import ServerSettings
    from xl_disclosure.readers.load import load_report
    from xl_disclosure.receiving.prefill import prefill_report, write_prefilled

    target = output_file(
        args.output,
        force=args.force,
        inputs=[args.previous],
        suffixes=(".xlsx", ".xlsm"),
        what="输出的工作簿",
    )
    server = ServerSettings.checked(args.server_url, args.server_token)
    if server.url and target.suffix.lower() != ".xlsm":
        raise InputError(
            "服务器地址只对带按钮的工作簿有用。",
            where=str(args.output),
            hint="请把输出文件改为 .xlsm。",
        )
    previous = load_report(args.previous).report
    if previous.meta.year is None and args.year is None:
        raise InputError(
            "上年度报告没有报告年度，请用 --year 指定本年度。", where=str(args.previous)
        )
    result = prefill_report(previous, year=args.year)
    write_prefilled(result, target, server)
    stdout.write(f"已生成本年度工作簿：{args.output}\n")
    for line in result.lines():
        stdout.write(line + "\n")
    return 0
