"""``xl-disclosure build-template``: write the locked workbook template(s) from the spec."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO


def register(p: argparse.ArgumentParser) -> None:
    from xl_disclosure.cli.formats import add_format_option

    which = p.add_mutually_exclusive_group(required=True)
    add_format_option(which, "报告格式")
    which.add_argument("--all", action="store_true", help="生成全部格式的模板")
    which.add_argument(
        "--profile",
        metavar="配置",
        help="按地方配置生成（.json/.toml 文件，或已安装配置的标识）：国办格式加本地表格、填报项和审核公式",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path(),
        help="输出目录（默认当前目录），或以 .xlsx 结尾的文件名（仅限单个格式）",
    )
    p.add_argument("--password", default=None, help="工作表和工作簿结构的保护密码（默认不设密码）")
    from xl_disclosure.cli.outputs import add_force_option

    add_force_option(p)


def profile_format(given: str) -> str:
    """The effective format id of ``--profile``: a profile file (checked in full first), or
    the id of an installed profile.

    Raises:
        InputError: the file is not a usable profile (every problem listed), or no such profile.
    """
    from xl_disclosure.errors import InputError
    from xl_disclosure.spec import profile_formats, register_profile
    from xl_disclosure.spec.profile_check import check_profile_file

    path = Path(given)
    if path.is_file():
        result = check_profile_file(path)
        if result.errors or result.data is None:
            raise InputError(
                "地方配置有误：" + "；".join(result.errors[:5]),
                where=str(path),
                hint="请运行 xl-disclosure profile check 查看全部问题。",
            )
        return register_profile(result.data, str(path))
    known = [f for f in profile_formats() if f.endswith("+" + given)]
    if not known:
        raise InputError(
            f"找不到地方配置“{given}”：既不是文件，也不是已安装配置的标识。",
            hint="可用 xl-disclosure profile list 查看已安装的配置。",
        )
    return known[0]


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.builder import build_template
    from xl_disclosure.cli.outputs import output_file, output_folder
    from xl_disclosure.errors import InputError
    from xl_disclosure.spec import format_ids

    if args.profile:
        formats = [profile_format(args.profile)]
    else:
        formats = list(format_ids()) if args.all else [args.format]
    out: Path = args.output
    if out.suffix.lower() in (".xlsx", ".xlsm"):
        if len(formats) > 1:
            raise InputError(
                "生成全部格式时 -o 应为目录。", where=str(out), hint="例如：-o workbook_templates"
            )
        targets = [(formats[0], output_file(out, force=args.force))]
    else:
        folder = output_folder(out, stdout)
        targets = [(fid, output_file(folder / f"{fid}.xlsx", force=args.force)) for fid in formats]
    for fid, target in targets:
        build_template(fid, target, password=args.password)
        stdout.write(f"已生成模板：{target}（{fid}）\n")
    return 0
