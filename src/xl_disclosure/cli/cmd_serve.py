"""``xl-disclosure serve``: the receiving office's server (buttons, API, web console)."""

from __future__ import annotations

import argparse
import ipaddress
import os
from pathlib import Path
from typing import TextIO

DEFAULT_DATABASE = "xl-disclosure.sqlite"


def add_database(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--database",
        "--db",
        dest="database",
        default=DEFAULT_DATABASE,
        help=f"数据库：SQLite 文件路径（默认 {DEFAULT_DATABASE}）或 postgresql://用户@主机/库名",
    )


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认仅本机 127.0.0.1）")
    p.add_argument("--port", type=int, default=8765, help="端口（默认 8765）")
    add_database(p)
    p.add_argument(
        "--rate", type=float, default=5.0, help="每个令牌每秒允许的请求数（默认 5，0 为不限）"
    )
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="工作进程数（默认 1；多核服务器可设为核数，各进程共用每个令牌的限流额度，记在数据库中）",
    )
    p.add_argument(
        "--demo",
        type=Path,
        default=None,
        metavar="目录",
        help="演示：在该目录新建示例区的数据库（几个单位，部分已报送、一个被退回）并启动",
    )


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    from xl_disclosure.server.db import Database

    if not os.environ.get("XLWINGS_LICENSE_KEY"):
        stderr.write(
            "提示：未设置 XLWINGS_LICENSE_KEY，工作簿按钮接口（/xlwings/*）将不可用。xlwings 远程引擎"
            "采用 PolyForm Noncommercial 许可，政府机关等非商业用途可设置 XLWINGS_LICENSE_KEY=noncommercial。\n"
        )
    if not _loopback(args.host):
        stderr.write(
            f"提示：对外监听 {args.host}，请放在 HTTPS 反向代理之后；每个请求都需要访问令牌。\n"
        )
    database = args.database
    if args.demo is not None:
        from xl_disclosure.server.demo import build_demo

        database, lines = build_demo(args.demo, base=f"http://{args.host}:{args.port}")
        stdout.write("\n".join(lines) + "\n")
    db = Database(database)
    import uvicorn

    from xl_disclosure.server.app import create_app

    shown = database if "://" not in str(database) else str(database).split("@")[-1]
    stdout.write(
        f"xl-disclosure 服务器：http://{args.host}:{args.port}/console/  数据库：{shown}\n"
    )
    stdout.flush()
    from xl_disclosure.server.protocol import UVICORN_OPTIONS

    options = {"host": args.host, "port": args.port, "log_level": "info", **UVICORN_OPTIONS}
    if args.workers > 1:
        from xl_disclosure.server.app import DATABASE_ENV, RATE_ENV

        db.dispose()
        os.environ[DATABASE_ENV], os.environ[RATE_ENV] = str(database), str(args.rate)
        target = "xl_disclosure.server.app:app_from_env"
        uvicorn.run(target, factory=True, workers=args.workers, **options)
        return 0
    uvicorn.run(create_app(db, rate=args.rate), **options)
    return 0
