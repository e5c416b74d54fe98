"""The ``xl-disclosure`` command.

``main(argv) -> int`` parses arguments; ``run(args, stdout, stderr) -> int`` does the work so it
can be tested with StringIO. Exit codes: 0 valid / done, 1 findings (or refused export),
2 bad input or usage. Subcommands live in ``cmd_<name>.py`` modules, each with
``register(subparsers)``; they are imported lazily so that ``validate`` never imports pandas
or xlwings.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from typing import Any, TextIO

from xl_disclosure.cli import wording
from xl_disclosure.errors import XlDisclosureError, os_reason
from xl_disclosure.io.publication_kinds import NAMED as PUBLICATION_KINDS
from xl_disclosure.version import __version__

#: Subcommand -> (module ``xl_disclosure.cli.cmd_<module>``, help), in the order of the workflow:
#: staff (template, validate, export, draft), then the receiving office, then operations.
COMMANDS: dict[str, tuple[str, str]] = {
    "build-template": (
        "build_template",
        "按国办格式生成锁定的 Excel 填报模板（--format 格式 或 --all）",
    ),
    "build-xlsm": ("build_xlsm", "生成带按钮和宏的 .xlsm 模板（VBA 取自 macros/）"),
    "validate": ("validate", "校验工作簿或 JSON（退出码 0 通过 / 1 有问题 / 2 无法读取）"),
    "export": ("export", "导出规范 JSON（存在强制性错误时拒绝导出）"),
    "draft": ("draft", "生成年度报告草稿（.docx 公文格式或 .md），未通过校验的草稿带醒目标注"),
    "prefill": ("prefill", "用上年度报告预填本年度工作簿（上年结转等），并列出结转与未结转的项目"),
    "aggregate": (
        "aggregate",
        "汇总各单位报送的 JSON：汇总工作簿（含图表）、退回清单、未报送单位、汇总报告 JSON",
    ),
    "archive": (
        "archive",
        "全国归档（Parquet + DuckDB）：加入报告、命名查询与 SQL、正文雷同检测",
    ),
    "compare": ("compare", "比较同一机关两个年度的报告：变化的数据、正文重复率（≥80% 标为雷同）"),
    "import": (
        "import_report",
        f"导入已发布的年度报告（{PUBLICATION_KINDS}）为规范 JSON，列出未能定位的单元格",
    ),
    "excel-setup": (
        "excel_setup",
        "桌面模式：把本机 Python 的位置写入 xlwings 用户配置，供工作簿按钮使用",
    ),
    "profile": (
        "profile",
        "地方配置：profile check 文件（检查配置并列出审核公式）、profile list（已安装的配置）",
    ),
    "serve": (
        "serve",
        "服务器：工作簿按钮、各单位报送（版本）、审核流程与网页控制台（默认仅监听 127.0.0.1）",
    ),
    "admin": ("admin", "服务器管理：地区与单位、访问令牌（发放/吊销）、报送期限"),
}


class _Parser(argparse.ArgumentParser):
    """argparse with its own words in Chinese (:mod:`xl_disclosure.cli.wording`)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", wording.Formatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = wording.POSITIONALS
        self._optionals.title = wording.OPTIONALS
        for action in self._actions:
            if isinstance(action, argparse._HelpAction):
                action.help = wording.HELP_HELP

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        action = super().add_argument(*args, **kwargs)
        if action.metavar is None and action.choices is None and action.nargs != 0:
            action.metavar = wording.METAVARS.get(action.dest)
        return action

    def format_usage(self) -> str:
        return wording.help_text(super().format_usage())

    def format_help(self) -> str:
        return wording.help_text(super().format_help())

    def parse_known_args(self, args: Any = None, namespace: Any = None) -> Any:
        self._given = list(sys.argv[1:] if args is None else args)
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        # The "--" hint is for a missing value; a parser with subcommands misses a command.
        given = getattr(self, "_given", []) if self._subparsers is None else []
        hint = wording.dash_hint(message, given, self._option_string_actions, self.prog)
        sys.stderr.write(f"{self.prog}: 参数错误：{wording.error_text(message)}{hint}\n")
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="xl-disclosure", description="政府信息公开工作年度报告：模板、校验、导出")
    parser.add_argument(
        "--version",
        action="version",
        version=f"xl-disclosure {__version__}",
        help="显示版本号并退出",
    )
    parser.add_argument("--debug", action="store_true", help="出错时显示完整的调试信息")
    parser.add_argument(
        "--profile",
        dest="profile_files",
        action="append",
        default=[],
        metavar="文件",
        help="先载入地方配置文件（.json/.toml；可多次给出），用于按未安装的配置填报的 JSON 或工作簿",
    )
    sub = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)
    sub.required = True
    for name, (module, text) in COMMANDS.items():
        cmd = importlib.import_module(f"xl_disclosure.cli.cmd_{module}")
        # argparse %-formats help strings (not descriptions): "≥80%" must reach it as "%%".
        p = sub.add_parser(name, help=text.replace("%", "%%"), description=text)
        cmd.register(p)
        p.set_defaults(_module=module)
    return parser


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    cmd = importlib.import_module(f"xl_disclosure.cli.cmd_{args._module}")
    debug = getattr(args, "debug", False)
    try:
        for path in getattr(args, "profile_files", ()):
            from xl_disclosure.spec import register_profile_file

            register_profile_file(path)
        code: int = cmd.run(args, stdout, stderr)
    except XlDisclosureError as exc:
        stderr.write(f"错误：{exc}\n")
        if debug:
            _debug_detail(exc, stderr)
        return 2
    except OSError as exc:  # reading or writing a file the checks let through (disk full ...)
        if debug:
            raise
        name = f"“{exc.filename}”" if exc.filename else "文件"
        stderr.write(f"错误：无法读写{name}（{os_reason(exc)}）。请检查路径、权限和磁盘空间。\n")
        return 2
    except KeyboardInterrupt:
        stderr.write("已中断。\n")
        return 2
    except (SystemExit, GeneratorExit):
        raise
    # Last line of defence. BaseException, because pyo3 panics (calamine) are not Exception.
    except BaseException as exc:
        if debug:
            raise
        # The exception's text is for maintainers (--debug shows it), not for the user.
        stderr.write(
            f"内部错误（{type(exc).__name__}）。输入文件未被修改。"
            "请加 --debug 重新运行并把输出反馈给维护人员。\n"
        )
        return 2
    return code


def _debug_detail(exc: XlDisclosureError, stderr: TextIO) -> None:
    """``--debug``: the engine's own words and the traceback behind a refusal."""
    import traceback

    detail = getattr(exc, "detail", "")
    if detail:
        stderr.write(f"调试信息：{detail}\n")
    if exc.__cause__ is not None:
        stderr.write("".join(traceback.format_exception(exc.__cause__)))


def main(argv: Sequence[str] | None = None) -> int:
    try:
        parser = build_parser()  # the --format choices read every format file
    except XlDisclosureError as exc:
        sys.stderr.write(f"错误：{exc}\n")
        return 2
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    return run(args, sys.stdout, sys.stderr)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
