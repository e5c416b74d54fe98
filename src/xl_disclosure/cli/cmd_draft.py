"""``xl-disclosure draft FILE -o OUT.docx|OUT.md``: the narrative draft of a report.

The report is validated first; a draft of a report with errors is still written (staff need
it to work on), but it carries a red "草稿—存在未通过校验项" banner and the command exits 1.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, help="工作簿（.xlsx/.xlsm）或 JSON 文件")
    p.add_argument("-o", "--output", type=Path, required=True, help="输出的 .docx 或 .md 文件")
    p.add_argument("--previous", type=Path, help="上年度报告 JSON（启用跨年度校验）")
    from xl_disclosure.cli.outputs import add_force_option

    add_force_option(p)
    p.add_argument(
        "--summaries", action="store_true", help="在第二、三、四部分表格前加一句数据概述"
    )
    p.add_argument(
        "--fonts", choices=("gongwen", "noto"), default="gongwen",
        help="Word 字体：gongwen＝公文字体（默认），noto＝Noto CJK（未安装公文字体的电脑）",
    )  # fmt: skip


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.cli.outputs import output_file
    from xl_disclosure.draft import GONGWEN_FONTS, NOTO_FONTS, write_draft
    from xl_disclosure.draft.write import DOCX_SUFFIXES, MARKDOWN_SUFFIXES
    from xl_disclosure.readers.load import load_report
    from xl_disclosure.validate import ValidationResult, validate

    target = output_file(
        args.output,
        force=args.force,
        inputs=[args.file, args.previous],
        suffixes=DOCX_SUFFIXES + MARKDOWN_SUFFIXES,
        what="草稿文件",
    )
    loaded = load_report(args.file)
    previous = load_report(args.previous).report if args.previous else None
    checked = validate(loaded.report, previous)
    result = ValidationResult(
        checked.format_id, (*loaded.findings, *checked.findings), checked.partial
    )
    path = write_draft(
        loaded.report,
        target,
        result,
        overwrite=args.force,
        fonts=NOTO_FONTS if args.fonts == "noto" else GONGWEN_FONTS,
        table_summaries=args.summaries,
    )
    if not result.valid:
        stderr.write(
            f"注意：存在 {len(result.errors)} 条强制性错误，草稿已标注“草稿—存在未通过校验项”。"
            "请运行 xl-disclosure validate 查看详情。\n"
        )
        stdout.write(f"已生成草稿（未通过校验）：{path}\n")
        return 1
    stdout.write(f"已生成草稿：{path}\n")
    return 0
