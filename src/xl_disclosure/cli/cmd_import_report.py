"""``xl-disclosure import REPORT… -o OUT``: read published reports into canonical JSON.

One file and ``-o OUT.json``: that file, with every note and unplaced cell listed. Several files
or folders and ``-o OUTDIR``: one JSON per file in OUTDIR, a progress bar, ``--jobs`` worker
processes and a summary table (``--summary``, CSV or XLSX; default ``OUTDIR/导入汇总.csv``).

Exit codes: 0 every official cell and section found (all files); 1 written but incomplete;
2 a file cannot be read (or bad usage).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from xl_disclosure.io.publication_kinds import NAMED


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "files",
        type=Path,
        nargs="+",
        help=f"已发布的年度报告（{NAMED}）或文件夹",
    )
    p.add_argument(
        "-o", "--output", type=Path, required=True, help="输出的 JSON 文件（批量时为文件夹）"
    )
    from xl_disclosure.cli.formats import add_format_option

    add_format_option(p, "报告格式（默认按报告年度判断）")
    p.add_argument("--agency", help="机关名称（默认取自标题）")
    p.add_argument("--year", type=int, help="报告年度（默认取自标题或统计期限）")
    from xl_disclosure.cli.outputs import add_force_option

    add_force_option(p)
    p.add_argument(
        "-j", "--jobs", type=int, default=1, help="批量导入时的并行进程数（0 表示每个 CPU 核一个）"
    )
    p.add_argument("--summary", type=Path, help="批量导入的汇总表（.csv 或 .xlsx）")
    p.add_argument("--progress", action="store_true", help="显示进度条（默认仅在终端中显示）")
    p.add_argument(
        "--dask", metavar="调度器地址", help="在 Dask 集群上导入（调度器地址，如 tcp://主机:8786）"
    )


def _inputs(paths: list[Path]) -> list[Path]:
    from xl_disclosure.receiving.importer.sources import is_listed_publication

    out: list[Path] = []
    for path in paths:
        if not path.is_dir():
            out.append(path)
            continue
        out.extend(child for child in sorted(path.rglob("*")) if is_listed_publication(child))
    return out


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.errors import InputError
    from xl_disclosure.receiving.importer.batch import ImportOptions

    options = ImportOptions(args.format, args.agency, args.year, args.force)
    to_json = args.output.suffix.lower() == ".json"
    folder = next((f for f in args.files if f.is_dir()), None)
    if to_json and folder is not None:
        raise InputError(
            "这是文件夹：一个文件夹的报告要批量导入到一个输出文件夹，不能写成一个 .json 文件。",
            where=str(folder),
            hint=f"请用 -o 指定输出文件夹，如：xl-disclosure import {folder} -o 导入结果",
        )
    if len(args.files) == 1 and (to_json or args.output.is_file()):
        return _one(args.files[0], args.output, options, stdout, stderr, dask=args.dask)
    return _batch(args, options, stdout, stderr)


def _one(
    path: Path, output: Path, options: object, stdout: TextIO, stderr: TextIO, *, dask: str | None
) -> int:
    from dataclasses import replace

    from xl_disclosure.cli.outputs import output_file
    from xl_disclosure.receiving.importer.batch import ImportOptions, import_many, import_one

    assert isinstance(options, ImportOptions)
    target = output_file(output, force=options.force, inputs=[path])
    task = (str(path), str(target), replace(options, force=True))
    if dask:  # the same function on a worker of the cluster (which sees the same paths)
        (row,) = import_many([task], dask=dask)
    else:
        row = import_one(*task)
    if row.exit_code == 2:
        stderr.write(f"错误：{row.message}\n")
        return 2
    stdout.write(
        f"已导入：{output}（{row.agency or '机关名称未识别'}，"
        f"{row.year or '年度未识别'}年度，{_format_name(row.format)}）\n"
    )
    for note in row.notes:
        stderr.write(f"说明：{note}\n")
    if row.unplaced:
        stderr.write(f"以下 {len(row.unplaced)} 个单元格未能定位，请对照原文补填：\n")
        stderr.writelines(f"  {name}\n" for name in row.unplaced)
    if row.blank:
        stderr.write(f"以下 {row.blank} 个单元格在原文中为空，已保留为空（如表示 0，请改填 0）。\n")
    if row.exit_code:
        stderr.write("导入不完整。\n")
        return 1
    stdout.write("所有表格单元格和六个部分均已导入。可用 xl-disclosure validate 校验。\n")
    return 0


def _format_name(format_id: str) -> str:
    from xl_disclosure.spec import load_format

    return load_format(format_id).name if format_id else ""


def _batch(args: argparse.Namespace, options: object, stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.io.atomic import write_atomic
    from xl_disclosure.receiving.aggregate.progress import Progress, wants_progress
    from xl_disclosure.receiving.importer.batch import (
        ImportOptions,
        import_many,
        output_for,
        summary_bytes,
    )

    assert isinstance(options, ImportOptions)
    files = _inputs(args.files)
    if not files:
        stderr.write(f"错误：没有找到可导入的文件（{NAMED}）。\n")
        return 2
    from xl_disclosure.cli.outputs import output_file, output_folder

    out_dir = output_folder(args.output, stdout)
    summary = args.summary or out_dir / "导入汇总.csv"
    if summary.suffix.lower() not in (".csv", ".xlsx"):
        stderr.write("错误：汇总表应为 .csv 或 .xlsx 文件。\n")
        return 2
    summary = output_file(summary, force=args.force, inputs=files, what="汇总表")
    taken: set[str] = set()
    tasks = [(str(f), str(output_for(f, out_dir, taken)), options) for f in files]
    bar = Progress(len(tasks), stderr, enabled=wants_progress(stderr, args.progress), label="导入")
    rows = []
    for row in import_many(tasks, jobs=args.jobs, dask=args.dask):
        rows.append(row)
        bar.advance()
    bar.close()
    write_atomic(summary, summary_bytes(rows, summary.suffix))
    for row in rows:
        if row.exit_code == 2:
            stderr.write(f"错误：{row.file}：{row.message}\n")
    done = sum(r.exit_code == 0 for r in rows)
    partial = sum(r.exit_code == 1 for r in rows)
    failed = sum(r.exit_code == 2 for r in rows)
    stdout.write(
        f"共 {len(rows)} 个文件：完整 {done} 个，不完整 {partial} 个，无法读取 {failed} 个。"
        f"汇总表：{summary}\n"
    )
    return max((r.exit_code for r in rows), default=0)
