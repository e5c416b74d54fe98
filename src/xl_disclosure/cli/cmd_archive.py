"""``xl-disclosure archive add|query|similar``: the national archive (Parquet + DuckDB).

* ``archive add DIR|FILES --region 省/市/区 -a ARCHIVE``: append reports (submitted JSON and
  imported publications alike; a published report's own file, of any kind the importer reads, is
  imported first, as ``xl-disclosure import`` does) to the archive; exit 1 when some files
  were refused.
* ``archive query NAME -a ARCHIVE`` (or ``--sql``, or ``--all -o summary.xlsx``): a named query
  or any DuckDB SQL over the tables ``cells``, ``reports``, ``findings``; a table on the
  terminal, or ``-o`` a ``.csv`` or ``.xlsx``.
* ``archive similar -a ARCHIVE``: pairs of reports whose narratives are near-duplicates.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from xl_disclosure.io.publication_kinds import NAMED

if TYPE_CHECKING:
    import pandas as pd


def register(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="action", metavar="操作")
    sub.required = True
    add = sub.add_parser(
        "add", help="把报告 JSON 或已发布的年度报告加入归档（Parquet，按年度分区）"
    )
    add.add_argument(
        "sources",
        type=Path,
        nargs="+",
        help=f"报告 JSON、已发布的年度报告（{NAMED}，先导入再归档）或文件夹（递归查找）",
    )
    add.add_argument(
        "--region", required=True, help="地区路径，各级用“/”分隔，如 浙江省/宁波市/镇海区"
    )
    add.add_argument(
        "--source",
        choices=("json", "published"),
        default="json",
        help="JSON 的来源：报送的 JSON，或导入的已发布报告（已发布报告的原文总是 published）",
    )
    add.add_argument("-j", "--jobs", type=int, default=0, help="并行进程数（默认每个 CPU 核一个）")
    add.add_argument(
        "--dask", metavar="调度器地址", help="在 Dask 集群上运行（调度器地址，如 tcp://主机:8786）"
    )
    query = sub.add_parser("query", help="对归档运行命名查询或 SQL（DuckDB）")
    query.add_argument(
        "name", nargs="?", help="命名查询：rollup、indicators、yoy、identical、rule-failures"
    )
    query.add_argument("--sql", help="直接运行的 SQL（表：cells、reports、findings）")
    query.add_argument("--all", action="store_true", help="运行全部命名查询（配合 -o 汇总工作簿）")
    query.add_argument("--level", type=int, default=1, help="按地区路径的第几级汇总（默认 1）")
    query.add_argument("--year", type=int, help="只看某一年度")
    query.add_argument("--region", help="只看某地区（路径前缀）")
    query.add_argument("--min-n", type=int, default=5, help="计算分位数所需的最少报告数（默认 5）")
    similar = sub.add_parser(
        "similar", help="找出正文雷同的报告（MinHash-LSH，剔除规定套话后比较）"
    )
    similar.add_argument("--threshold", type=float, default=0.8, help="相似度阈值（默认 0.8）")
    similar.add_argument("--year", type=int, help="只比较某一年度的报告")
    similar.add_argument(
        "-j", "--jobs", type=int, default=0, help="并行进程数（默认每个 CPU 核一个）"
    )
    for command in (add, query, similar):
        command.add_argument("-a", "--archive", type=Path, required=True, help="归档文件夹")
    for command in (query, similar):
        command.add_argument(
            "-o", "--output", type=Path, help="输出到 .csv 或 .xlsx（默认显示在终端）"
        )
        command.add_argument("--force", action="store_true", help="输出文件已存在时覆盖")


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.receiving.archive.store import Archive

    archive = Archive(args.archive)
    if args.action == "add":
        return _add(args, archive, stdout)
    from xl_disclosure.errors import InputError

    if not (args.archive / "reports").is_dir():
        raise InputError(
            "归档为空或不存在。", where=str(args.archive), hint="请先用 archive add 加入报告。"
        )
    _check_output(args)
    if args.action == "query":
        return _query(args, archive, stdout)
    return _similar(args, archive, stdout)


def _check_output(args: argparse.Namespace) -> None:
    from xl_disclosure.cli.cmd_aggregate import check_outputs
    from xl_disclosure.errors import InputError

    if args.output is None:
        return
    if args.output.suffix.lower() not in (".csv", ".xlsx"):
        raise InputError("输出文件应以 .csv 或 .xlsx 结尾。", where=str(args.output))
    check_outputs([args.output], force=args.force)


def _add(args: argparse.Namespace, archive: object, stdout: TextIO) -> int:
    from xl_disclosure.receiving.archive.store import Archive, report_files

    assert isinstance(archive, Archive)
    files, refused = report_files(args.sources)
    result = archive.add(
        files, region=args.region, source=args.source, jobs=args.jobs, dask=args.dask
    )
    refused_all = [(p.name, why) for p, why in refused] + result.refused
    stdout.write(
        f"已归档 {result.added} 份报告到 {args.archive}（其中有强制性错误 {result.errors} 份）；"
        f"跳过 {len(result.skipped)} 份，未归档 {len(refused_all)} 份。\n"
    )
    for name, why in refused_all:
        stdout.write(f"  未归档：{name}：{why}\n")
    for name, why in result.skipped:
        stdout.write(f"  跳过：{name}：{why}\n")
    return 1 if refused_all else 0


def _emit(
    args: argparse.Namespace, results: dict[str, pd.DataFrame], notes: list[str], stdout: TextIO
) -> None:
    from xl_disclosure.errors import InputError
    from xl_disclosure.receiving.archive.output import print_table, write_csv, write_workbook

    if args.output is None:
        for name, frame in results.items():
            if len(results) > 1:
                stdout.write(f"== {name}\n")
            print_table(frame, stdout)
        return
    if args.output.suffix.lower() == ".csv":
        if len(results) > 1:
            raise InputError("多个查询结果不能写入一个 CSV 文件。", hint="请输出为 .xlsx 工作簿。")
        write_csv(next(iter(results.values())), args.output)
    else:
        write_workbook(results, args.output, notes)
    stdout.write(f"已写入：{args.output}（{sum(len(f) for f in results.values())} 行）\n")


def _query(args: argparse.Namespace, archive: object, stdout: TextIO) -> int:
    from xl_disclosure.errors import InputError
    from xl_disclosure.receiving.archive.queries import NAMED, run_named, run_sql
    from xl_disclosure.receiving.archive.store import Archive

    assert isinstance(archive, Archive)
    params = {"level": args.level, "year": args.year, "region": args.region, "min_n": args.min_n}
    if args.sql:
        results = {"sql": run_sql(archive, args.sql)}
    elif args.all:
        results = {name: run_named(archive, name, **params) for name in NAMED}
    elif args.name:
        results = {args.name: run_named(archive, args.name, **params)}
    else:
        raise InputError("请给出查询名称、--sql 或 --all。", hint=f"命名查询：{'、'.join(NAMED)}。")
    notes = [
        f"归档：{args.archive}",
        f"地区级别：{args.level}；年度：{args.year or '全部'}；地区：{args.region or '全部'}；分位数最少报告数：{args.min_n}",
    ]
    _emit(args, results, notes, stdout)
    return 0


def _similar(args: argparse.Namespace, archive: object, stdout: TextIO) -> int:
    import pandas as pd

    from xl_disclosure.receiving.archive.similar import near_duplicates
    from xl_disclosure.receiving.archive.store import Archive

    assert isinstance(archive, Archive)
    pairs = near_duplicates(archive, threshold=args.threshold, year=args.year, jobs=args.jobs)
    frame = pd.DataFrame(
        [
            (
                p.a["region"],
                p.a["agency"],
                p.a["year"],
                p.b["region"],
                p.b["agency"],
                p.b["year"],
                p.similarity,
                p.relation,
            )
            for p in pairs
        ],
        columns=["地区甲", "机关甲", "年度甲", "地区乙", "机关乙", "年度乙", "相似度", "情形"],
    )
    notes = [
        f"归档：{args.archive}",
        f"相似度阈值：{args.threshold}（剔除条例引用、统计期限、标题等规定内容后，按 5 字片段计算）",
    ]
    _emit(args, {"similar": frame}, notes, stdout)
    return 1 if pairs else 0
