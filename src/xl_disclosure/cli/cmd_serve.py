"""``xl-disclosure serve``: the server behind the buttons in server mode, and submissions."""

from __future__ import annotations

import argparse
import ipaddress
import os
from pathlib import Path
from typing import TextIO

TOKEN_ENV = "XL_DISCLOSURE_TOKEN"


def register(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认仅本机 127.0.0.1）")
    p.add_argument("--port", type=int, default=8765, help="端口（默认 8765）")
    p.add_argument(
        "--db", type=Path, default=Path("xl-disclosure-submissions.sqlite"), help="SQLite 存储文件"
    )
    p.add_argument("--token", default=None, help=f"提交用访问令牌（建议改用环境变量 {TOKEN_ENV}）")


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    token = args.token or os.environ.get(TOKEN_ENV) or None
    if not os.environ.get("XLWINGS_LICENSE_KEY"):
        stderr.write(
            "错误：未设置 XLWINGS_LICENSE_KEY。xlwings 远程引擎采用 PolyForm Noncommercial 许可，"
            "政府机关等非商业用途可设置 XLWINGS_LICENSE_KEY=noncommercial，其他用途需购买许可。\n"
        )
        return 2
    try:
        loopback = ipaddress.ip_address(args.host).is_loopback
    except ValueError:
        loopback = args.host == "localhost"
    if not loopback and not token:
        stderr.write(
            f"错误：对外监听（{args.host}）时必须设置访问令牌（{TOKEN_ENV} 或 --token）。\n"
        )
        return 2
    if not token:
        stderr.write("提示：未设置访问令牌，服务器只校验、不接收提交。\n")
    import uvicorn

    from xl_disclosure.server.app import create_app

    stdout.write(f"xl-disclosure 服务器：http://{args.host}:{args.port}  存储：{args.db}\n")
    uvicorn.run(create_app(args.db, token), host=args.host, port=args.port, log_level="info")
    return 0
