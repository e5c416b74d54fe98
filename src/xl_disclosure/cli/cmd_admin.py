"""``xl-disclosure admin``: units, tokens and deadlines of the receiving office's server.

``add-region 某区 [--under 某市]``, ``add-agency 某区教育局 --under 某区``,
``issue-token 某区教育局`` (prints the token once; only its hash is stored),
``revoke 令牌或编号``, ``set-deadline 2024 department 2025-01-15``, ``list``.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import TextIO

from xl_disclosure.cli.cmd_serve import add_database
from xl_disclosure.errors import InputError


def register(p: argparse.ArgumentParser) -> None:
    add_database(p)
    sub = p.add_subparsers(dest="admin_command", metavar="操作", parser_class=type(p))
    sub.required = True
    for name, text in (
        ("add-region", "新增地区（有政务公开办，可有下级单位）"),
        ("add-agency", "新增填报单位"),
    ):
        q = sub.add_parser(name, help=text, description=text)
        q.add_argument("name", help="单位全称（与报告封面的机关名称一致）")
        q.add_argument("--under", default=None, help="上级地区名称")
        q.add_argument(
            "--kind",
            choices=("department", "government"),
            default=None,
            help="级别：department 政府部门（1月31日前）或 government 人民政府（3月31日前）",
        )
    q = sub.add_parser("issue-token", help="为单位发放访问令牌（只显示一次）")
    q.add_argument("name", help="单位名称")
    q.add_argument(
        "--role",
        choices=("agency", "office"),
        default=None,
        help="agency 填报单位 / office 政务公开办",
    )
    q.add_argument("--token", default=None, help="指定令牌（至少 32 个随机字符；默认自动生成）")
    q.add_argument("--label", default="", help="备注（如经办人）")
    q = sub.add_parser("revoke", help="吊销令牌（令牌本身或其编号）")
    q.add_argument("token", help="令牌或编号")
    q = sub.add_parser("set-deadline", help="设置本地报送期限（不得晚于条例规定）")
    q.add_argument("year", type=int, help="报告年度")
    q.add_argument("kind", choices=("department", "government"), help="级别")
    q.add_argument("due", help="期限，如 2025-01-15")
    sub.add_parser("list", help="列出单位和令牌")


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.server import auth, units
    from xl_disclosure.server.db import Database

    db = Database(args.database)
    cmd = args.admin_command
    if cmd in ("add-region", "add-agency"):
        unit = units.add_unit(
            db, args.name, parent=args.under, kind=args.kind, region=cmd == "add-region"
        )
        stdout.write(
            f"已新增{'地区' if unit.is_region else '单位'}：{unit.name}（编号 {unit.id}）\n"
        )
    elif cmd == "issue-token":
        found = units.find_unit(db, args.name)
        if found is None:
            raise InputError(
                f"单位“{args.name}”不存在。", hint="先用 admin add-agency 或 add-region 建立。"
            )
        role = args.role or ("office" if found.is_region else "agency")
        token = auth.issue_token(db, found.id, role, token=args.token, label=args.label)
        stdout.write(
            f"{found.name} 的{'政务公开办' if role == 'office' else '填报'}令牌（只显示这一次，请妥善保存）：\n{token}\n"
        )
    elif cmd == "revoke":
        n = auth.revoke(db, args.token)
        if not n:
            stderr.write("没有找到可吊销的令牌（不存在或已吊销）。\n")
            return 1
        stdout.write(f"已吊销 {n} 个令牌。\n")
    elif cmd == "set-deadline":
        try:
            due = date.fromisoformat(args.due)
        except ValueError as exc:
            raise InputError(f"日期“{args.due}”无效，应为 2025-01-15 这样的格式。") from exc
        units.set_deadline(db, args.year, args.kind, due)
        stdout.write(f"{args.year} 年度{units.KINDS[args.kind]}的报送期限：{due.isoformat()}\n")
    else:
        _list(db, stdout)
    return 0


def _list(db: object, stdout: TextIO) -> None:
    from sqlalchemy import select

    from xl_disclosure.server.db import Database, tokens
    from xl_disclosure.server.units import all_units

    assert isinstance(db, Database)
    with db.read() as conn:
        rows = conn.execute(select(tokens).order_by(tokens.c.id)).all()
    by_unit: dict[int, list[str]] = {}
    for t in rows:
        state = "已吊销" if t.revoked_at else "有效"
        by_unit.setdefault(t.unit_id, []).append(f"#{t.id} {t.role} {t.hint}… {state}")
    for unit in all_units(db):
        depth = unit.ids_path.count("/") - 2
        kind = "地区" if unit.is_region else "单位"
        stdout.write(
            f"{'  ' * depth}{unit.name}（{kind}，编号 {unit.id}）  {'；'.join(by_unit.get(unit.id, []))}\n"
        )
