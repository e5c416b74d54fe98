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
    add_server_options(p)
    from xl_disclosure.cli.outputs import add_force_option

    add_force_option(p)


def add_server_options(p: argparse.ArgumentParser) -> None:
    """``--server-url``/``--server-token`` (also used by ``prefill``)."""
    p.add_argument(
        "--server-url",
        metavar="网址",
        help="服务器模式：写入工作簿名称 XD_SERVER_URL（如 http://10.0.0.5:8765），按钮改为调用该服务器",
    )
    p.add_argument(
        "--server-token",
        metavar="令牌",
        help="写入 XD_SERVER_TOKEN：提交导出所需的访问令牌（各单位不同令牌时请用 prefill 逐单位生成）",
    )


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.cli.outputs import output_file, output_folder
    from xl_disclosure.excel.xlsm.build import ServerSettings, build_xlsm
    from xl_disclosure.spec import format_ids

    server = ServerSettings.checked(args.server_url, args.server_token)
    formats = list(reversed(format_ids())) if args.all else [args.format]
    folder = output_folder(args.output, stdout)
    targets = [(fid, output_file(folder / f"{fid}.xlsm", force=args.force)) for fid in formats]
    for fid, target in targets:
        path = build_xlsm(fid, target, server=server)
        stdout.write(f"已生成：{path}\n")
    if server.url:
        stdout.write(
            f"按钮将调用服务器：{server.url}（{'已' if server.token else '未'}写入访问令牌）\n"
        )
    return 0
