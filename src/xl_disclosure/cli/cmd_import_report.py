"""``xl-disclosure import REPORT -o OUT.json``: read a published report into canonical JSON.

Exit codes: 0 every official cell and section found; 1 written but incomplete (the cells that
could not be placed are listed by name); 2 the file cannot be read.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="已发布的年度报告（.txt、.html/.htm 或 .docx）")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出的 JSON 文件")
    from xl_disclosure.cli.formats import add_format_option

    add_format_option(p, "报告格式（默认按表格标签判断）")
    p.add_argument("--agency", help="机关名称（默认取自标题）")
    p.add_argument("--year", type=int, help="报告年度（默认取自标题）")
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")
    p.add_argument(
        "--dask", metavar="ADDRESS", help="在 Dask 集群上导入（调度器地址，如 tcp://主机:8786）"
    )


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.io.atomic import write_atomic
    from xl_disclosure.io.canonical import dumps, report_to_dict
    from xl_disclosure.receiving.importer import import_report
    from xl_disclosure.receiving.importer.names import cell_name

    if args.output.exists() and not args.force:
        stderr.write(f"错误：文件“{args.output}”已存在；如需覆盖请使用 --force，或换一个文件名。\n")
        return 2
    options = {"format_id": args.format, "agency": args.agency, "year": args.year}
    if args.dask:  # the same function on a worker of the cluster (which sees the same path)
        from functools import partial

        from xl_disclosure.receiving.cluster import map_ordered

        (result,) = map_ordered(partial(import_report, **options), [args.file], dask=args.dask)
    else:
        result = import_report(args.file, **options)
    report = result.report
    write_atomic(args.output, dumps(report_to_dict(report)))
    stdout.write(
        f"已导入：{args.output}（{report.meta.agency or '机关名称未识别'}，"
        f"{report.meta.year or '年度未识别'}年度，{report.spec.name}）\n"
    )
    for note in result.notes:
        stderr.write(f"说明：{note}\n")
    for problem in result.missing:
        stderr.write(f"未找到：{problem}\n")
    blank = [c for c in result.missing_cells if c.key in result.blank_cells]
    unplaced = [c for c in result.missing_cells if c.key not in result.blank_cells]
    if unplaced:
        stderr.write(f"以下 {len(unplaced)} 个单元格未能定位，已留空，请对照原文补填：\n")
        for cell in unplaced:
            stderr.write(f"  {cell_name(cell, report.format_id)}\n")
    if blank:
        stderr.write(
            f"以下 {len(blank)} 个单元格在原文中为空，已保留为空（如表示 0，请改填 0）：\n"
        )
        for cell in blank:
            stderr.write(f"  {cell_name(cell, report.format_id)}\n")
    if not result.complete:
        stderr.write("导入不完整。\n")
        return 1
    stdout.write("所有表格单元格和六个部分均已导入。可用 xl-disclosure validate 校验。\n")
    return 0
