"""``xl-disclosure profile check FILE`` / ``profile list``: local profiles.

``check`` validates a profile file (schema, the national format it extends, unknown cell keys,
formulas that do not parse — with line and column —, the template it gives, rules that can
never fire) and prints what it adds and every rule in words. Exit codes: 0 clean, 1 usable but
with warnings (a rule that can never fire), 2 broken.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO


def register(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="profile_command", metavar="操作", required=True)
    check = sub.add_parser(
        "check",
        help="检查地方配置文件，并列出其表格、填报项、期限和审核公式",
        description="检查地方配置文件（.json 或 .toml）：格式、单元格名称、公式（出错时给出行列位置）、"
        "永远不会触发的规则，并用文字列出每条审核公式。",
    )
    check.add_argument("file", type=Path, help="地方配置文件（.json 或 .toml）")
    sub.add_parser("list", help="列出已安装的地方配置")


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    if args.profile_command == "list":
        return _list(stdout)
    return _check(args.file, stdout, stderr)


def _list(stdout: TextIO) -> int:
    from xl_disclosure.spec import load_format, profile_formats

    found = profile_formats()
    if not found:
        stdout.write("未安装地方配置。\n")
    for fid in found:
        spec = load_format(fid)
        assert spec.profile is not None
        stdout.write(f"{fid}：{spec.profile.name}（{spec.profile.version}版）\n")
    return 0


def _check(path: Path, stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.errors import SpecError
    from xl_disclosure.spec.profile_check import check_profile_file

    if not path.is_file():
        stderr.write(f"错误：文件“{path}”不存在。\n")
        return 2
    result = check_profile_file(path)
    spec = result.spec
    if spec is not None:
        from xl_disclosure.layout.build import build_sheets

        try:
            build_sheets(spec)
        except SpecError as exc:
            result.errors.append(f"模板：{exc}")
        _describe(spec, stdout)
    for line in result.errors:
        stderr.write(f"错误：{line}\n")
    for line in result.warnings:
        stderr.write(f"注意：{line}\n")
    verdict = {
        0: "检查通过。",
        1: f"检查通过，但有 {len(result.warnings)} 条需要注意。",
        2: f"检查未通过：{len(result.errors)} 个错误，请修改后重新检查。",
    }[result.exit_code]
    stdout.write(f"{path}：{verdict}\n")
    return result.exit_code


def _describe(spec: object, out: TextIO) -> None:
    from xl_disclosure.spec import FormatSpec
    from xl_disclosure.spec.profile_check import rule_lines

    assert isinstance(spec, FormatSpec) and spec.profile is not None
    p = spec.profile
    base = spec.national_id
    out.write(
        f"地方配置：{p.name}（{p.id}，{p.version}版），在 {base} 格式之上；格式标识 {spec.id}\n"
    )
    for table in (t for t in spec.tables if t.profile):
        where = (
            f"工作表“{table.sheet}”"
            if table.sheet
            else f"第{spec.section(table.section).numeral}部分工作表"
        )
        order = "之前" if table.place == "before" else "之后"
        out.write(
            f"本地表格：{table.label}（{len(table.cells)} 个单元格，{where}，"
            f"印在第{spec.section(table.section).numeral}部分国办内容{order}）\n"
        )
    for fld in spec.input_fields:
        where = "封面" if fld.where == "cover" else f"第{spec.section(int(fld.where)).numeral}部分"
        out.write(f"本地填报项：{fld.label}（{fld.key}，{where}）\n")
    from xl_disclosure.model.report import AGENCY_KINDS

    for limit in (d for d in spec.deadlines if d.local):
        out.write(
            f"本地公布期限：{AGENCY_KINDS.get(limit.agency_kind, limit.agency_kind)}"
            f"次年{limit.month}月{limit.day}日前（{limit.basis}）\n"
        )
    out.write(f"审核公式 {len(spec.expr_rules)} 条：\n")
    for line in rule_lines(spec):
        out.write(f"  {line}\n")
