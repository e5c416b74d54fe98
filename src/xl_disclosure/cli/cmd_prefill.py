"""``xl-disclosure prefill LAST.json -o THIS.xlsx``: start this year's workbook from last year's.

Prints what was carried (and what was not, and why); the same list goes on the cover sheet.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("previous", type=Path, help="上年度报告（JSON 或已填写的工作簿）")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出的本年度工作簿（.xlsx）")
    p.add_argument("--year", type=int, help="本年度（默认为上年度加一）")
    from xl_disclosure.cli.outputs import add_force_option

    add_force_option(p)


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.cli.outputs import output_file
    from xl_disclosure.errors import InputError
    from xl_disclosure.readers.load import load_report
    from xl_disclosure.receiving.prefill import prefill_report, write_prefilled

    target = output_file(
        args.output,
        force=args.force,
        inputs=[args.previous],
        suffixes=(".xlsx",),
        what="输出的工作簿",
    )
    previous = load_report(args.previous).report
    if previous.meta.year is None and args.year is None:
        raise InputError(
            "上年度报告没有报告年度，请用 --year 指定本年度。", where=str(args.previous)
        )
    result = prefill_report(previous, year=args.year)
    write_prefilled(result, target)
    stdout.write(f"已生成本年度工作簿：{args.output}\n")
    for line in result.lines():
        stdout.write(line + "\n")
    return 0
