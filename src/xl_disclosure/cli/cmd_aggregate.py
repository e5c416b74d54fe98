"""``xl-disclosure aggregate DIR -o summary.xlsx``: combine the submitted JSON files of a folder.

Exit codes: 0 every file accepted and valid (and, with ``--expected``, every agency present);
1 rejections, missing agencies or reports with errors (the workbook is still written);
2 unusable input, or an output that exists (without ``--force``) or cannot be written.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path
from typing import TextIO


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("folder", type=Path, help="存放各单位报送 JSON 文件的文件夹")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出的汇总工作簿（.xlsx）")
    p.add_argument("--expected", type=Path, help="应报单位名单（文本文件，每行一个机关名称）")
    p.add_argument("--year", type=int, help="汇总年度（默认取多数文件的年度）")
    from xl_disclosure.cli.formats import add_format_option

    add_format_option(p, "报告格式（默认按年度确定）")
    p.add_argument("--json", type=Path, dest="json_out", help="同时输出汇总报告的规范 JSON")
    p.add_argument(
        "--report-xlsx",
        type=Path,
        help="同时把汇总报告写入国办格式填报模板（.xlsx），供编写本级报告",
    )
    p.add_argument("--name", default="", help="汇总报告的名称，如“镇海区”（生成“镇海区（汇总）”）")
    p.add_argument(
        "--include-summaries",
        action="store_true",
        help="同时采用下级地区的汇总报告（“某区（汇总）”），用于逐级汇总，如市级汇总各区县",
    )
    p.add_argument("--progress", action="store_true", help="显示进度条（默认仅在终端中显示）")
    p.add_argument(
        "-j", "--jobs", type=int, default=0, help="并行进程数（默认 0：每个 CPU 核一个；1 不并行）"
    )
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="不沿用上次汇总时的校验结果，全部文件重新校验"
        "（默认：内容未变的文件沿用；缓存位置可用环境变量 XL_DISCLOSURE_CACHE_DIR 指定）",
    )
    p.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")


def check_outputs(outputs: list[Path], *, force: bool) -> None:
    """Refuse, before any work, outputs that exist (without ``force``), that are not regular
    files, that sit in a folder that does not exist, or that name the same file twice.

    Raises:
        InputError: with what is wrong and how to fix it.
    """
    from xl_disclosure.errors import InputError
    from xl_disclosure.receiving.aggregate.files import not_a_file

    seen: dict[str, Path] = {}
    for path in outputs:
        real = os.path.realpath(path)
        if real in seen:
            raise InputError(
                "两个输出指向同一个文件。",
                where=str(path),
                hint=f"请为它和“{seen[real]}”分别指定文件名。",
            )
        seen[real] = path
        parent = path.parent
        if not parent.is_dir():
            raise InputError(
                "输出文件所在的文件夹不存在（不会自动创建）。",
                where=str(parent),
                hint="请先创建该文件夹，或换一个输出位置。",
            )
        if not (path.exists() or path.is_symlink()):
            continue
        why = not_a_file(path)
        if why:
            raise InputError(f"不能写入：{why}", where=str(path), hint="请换一个输出文件名。")
        if not force:
            raise InputError(
                "输出文件已存在，未覆盖。",
                where=str(path),
                hint="如需覆盖请加 --force，或换一个文件名。",
            )


def _check_inputs(args: argparse.Namespace) -> None:
    from xl_disclosure.errors import InputError
    from xl_disclosure.receiving.aggregate.files import not_a_file

    if not args.folder.is_dir():
        why = not_a_file(args.folder)
        missing = not (args.folder.exists() or args.folder.is_symlink())
        raise InputError(
            "文件夹不存在。"
            if missing
            else (f"不是文件夹：{why}" if why else "是文件，不是文件夹。"),
            where=str(args.folder),
            hint="请给出存放报送 JSON 文件的文件夹。",
        )
    if args.output.suffix.lower() != ".xlsx":
        raise InputError("汇总工作簿应以 .xlsx 结尾。", where=str(args.output))
    if args.expected:
        why = not_a_file(args.expected)
        if why:
            raise InputError(f"应报单位名单无法读取：{why}", where=str(args.expected))


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.receiving.aggregate import aggregate, read_expected
    from xl_disclosure.receiving.aggregate.core import json_files
    from xl_disclosure.receiving.aggregate.progress import Progress, wants_progress
    from xl_disclosure.receiving.aggregate.verdicts import VerdictCache

    _check_inputs(args)
    outputs = [args.output] + [p for p in (args.json_out, args.report_xlsx) if p]
    check_outputs(outputs, force=args.force)
    expected = read_expected(args.expected) if args.expected else None
    show = wants_progress(stderr, args.progress)
    total = len(json_files(args.folder, outputs)) if show else 0
    bar = Progress(total, stderr, enabled=show, label="读取报告")
    verdicts = None if args.no_cache else VerdictCache.open()
    try:
        agg = aggregate(
            args.folder,
            year=args.year,
            format_id=args.format,
            expected=expected,
            name=args.name or Path(os.path.realpath(args.folder)).name,
            exclude=outputs,
            tick=bar.advance,
            jobs=args.jobs,
            include_summaries=args.include_summaries,
            verdicts=verdicts,
        )
    finally:
        bar.close()
        if verdicts is not None:
            verdicts.close()
    if verdicts is not None and verdicts.problem:
        stderr.write(f"说明：{verdicts.problem}\n")
    return _write(args, agg, stdout)


def _write(args: argparse.Namespace, agg: object, stdout: TextIO) -> int:
    from xl_disclosure.io.atomic import write_atomic
    from xl_disclosure.io.canonical import dumps
    from xl_disclosure.receiving.aggregate import Aggregation, write_summary

    assert isinstance(agg, Aggregation)
    write_summary(agg, args.output)
    batch = agg.batch
    stdout.write(
        f"已生成汇总工作簿：{args.output}\n"
        f"{agg.year or ''}年度，{agg.combined.spec.name}：收到 {batch.files} 个文件，"
        f"采用 {batch.accepted} 份，退回 {len(batch.rejections)} 份。\n"
    )
    if batch.reused:
        stdout.write(
            f"其中 {batch.reused} 个文件与以前汇总时内容相同，沿用了当时的校验结果"
            "（加 --no-cache 全部重新校验）。\n"
        )
    for r in batch.rejections:
        stdout.write(f"  退回：{r.file}{'（' + r.agency + '）' if r.agency else ''}：{r.reason}\n")
    if agg.with_errors:
        for s in agg.iter_submissions():
            if s.errors:
                stdout.write(f"  有强制性错误：{s.file}（{s.agency}），{s.errors} 条\n")
    for name, why in agg.missing:
        stdout.write(f"  {why}：{name}\n")
    for note in agg.notes:
        stdout.write(f"说明：{note}\n")
    if args.json_out:
        write_atomic(args.json_out, dumps(agg.combined_dict()))
        result = agg.combined_result
        verdict = "校验通过" if result.valid else f"有 {len(result.errors)} 条强制性错误"
        stdout.write(f"已生成汇总报告 JSON：{args.json_out}（{verdict}）\n")
    if args.report_xlsx:
        from xl_disclosure.receiving.aggregate.workbook import write_combined_template

        write_combined_template(agg, args.report_xlsx)
        stdout.write(f"已生成汇总报告填报工作簿：{args.report_xlsx}\n")
    problems = batch.rejections or agg.missing or agg.with_errors or not agg.combined_result.valid
    return 1 if problems else 0
