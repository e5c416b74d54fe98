"""How the server speaks HTTP: uvicorn's h11 protocol, answering in Chinese what it cannot parse.

A request that is not HTTP (a scanner, a misconfigured proxy, a client speaking TLS to the
plain port) never reaches the app: uvicorn answers it with an English line. This protocol
answers it as the app answers every refusal, with a Chinese JSON error, and closes the
connection. :data:`UVICORN_OPTIONS` is what ``serve`` (and the tests' live server) give
uvicorn.
"""

from __future__ import annotations

import json
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

#: What a client that sent something other than an HTTP request is told.
NOT_HTTP = (
    "收到的内容不是有效的 HTTP 请求，未被处理。请检查客户端或代理的设置（本端口只接受 HTTP）。"
)


class ChineseH11Protocol(H11Protocol):
    """uvicorn's h11 protocol whose answer to an unparseable request is Chinese JSON."""

    def send_400_response(self, msg: str) -> None:
        body = json.dumps(
            {"ok": False, "error": NOT_HTTP, "code": "bad-request"}, ensure_ascii=False
        ).encode("utf-8")
        headers = [
            (b"content-type", b"application/json; charset=utf-8"),
            (b"content-length", str(len(body)).encode("ascii")),
            (b"connection", b"close"),
        ]
        for event in (
            h11.Response(status_code=400, headers=headers, reason=b"Bad Request"),
            h11.Data(data=body),
            h11.EndOfMessage(),
        ):
            self.transport.write(self.conn.send(event))
        self.transport.close()


#: uvicorn settings every way of serving the app shares.
UVICORN_OPTIONS: dict[str, Any] = {"http": ChineseH11Protocol, "server_header": False}
