"""What stands between the network and the rest of the server.

* :class:`BodyLimit`: an ASGI middleware that refuses a body over the route's limit while it
  streams in (``Content-Length`` or chunked alike): a declared length over the limit is
  answered before one byte is read; an undeclared one is cut off at the limit.
* :func:`parse_json`: JSON from an untrusted body with bounded depth, integer size and no
  NaN/Infinity, NUL characters or lone surrogates, refused in Chinese with the key path.
* :class:`RateLimit`: a token bucket per access token.
* :class:`Refused`: every refusal, turned into a Chinese JSON error by the app.
"""

from __future__ import annotations

import json
import math
import re
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, Protocol

from starlette.responses import JSONResponse

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_DEPTH = 64
MAX_INT_DIGITS = 40
_BAD_CHARS = re.compile("[\x00\ud800-\udfff]")


class Refused(Exception):
    """A request the server will not serve: status, Chinese message, stable code."""

    def __init__(self, status: int, message: str, code: str, **extra: Any) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.extra = extra

    def response(self) -> JSONResponse:
        headers = {}
        if "retry_after" in self.extra:
            headers["Retry-After"] = str(self.extra["retry_after"])
        return error_response(self.status, self.message, self.code, headers=headers, **self.extra)


def error_response(
    status: int, message: str, code: str, *, headers: dict[str, str] | None = None, **extra: Any
) -> JSONResponse:
    return JSONResponse(
        {"ok": False, "error": message, "code": code, **extra}, status_code=status, headers=headers
    )


def too_large(limit: int) -> Refused:
    return Refused(413, f"请求内容过大（上限 {_size(limit)}），未被处理。", "too-large")


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{n // 1024} KB"


class BodyLimit:
    """Cap every request body at ``limit_for(path)`` bytes, checked as it arrives."""

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await too_large(limit).response()(scope, receive, send)
            return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise too_large(limit)
            return message

        await self.app(scope, limited, send)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() and len(text) < 19 else 1 << 62
    return None


async def read_body(receive_stream: Any, limit: int) -> bytes:
    """The body of a Starlette request, at most ``limit`` bytes (else :class:`Refused` 413)."""
    chunks: list[bytes] = []
    total = 0
    async for chunk in receive_stream:
        total += len(chunk)
        if total > limit:
            raise too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise Refused(
            422, f"JSON 中的整数位数过多（{len(text)} 位），不是年度报告的数据。", "bad-number"
        )
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise Refused(422, f"JSON 中的数值“{text[:20]}…”超出范围。", "bad-number")
    return value


def _constant(text: str) -> Any:
    raise Refused(422, f"JSON 中不允许使用 {text}（不是有效的数值）。", "bad-number")


def parse_json(body: bytes, what: str = "请求内容") -> Any:
    """Parse an untrusted JSON body, or raise :class:`Refused` with a Chinese reason."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Refused(400, f"{what}不是 UTF-8 编码的文本。", "not-utf8") from exc
    try:
        data = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except RecursionError as exc:
        raise Refused(400, f"{what}的 JSON 嵌套层次过深。", "too-deep") from exc
    except json.JSONDecodeError as exc:
        raise Refused(
            400,
            f"{what}不是有效的 JSON（第{exc.lineno}行第{exc.colno}列：{_decode_error(exc.msg)}），可能被截断或改坏。",
            "bad-json",
        ) from exc
    _check_tree(data, what)
    return data


_JSON_MESSAGES = {
    "Expecting value": "缺少值",
    "Extra data": "结尾有多余内容",
    "Unterminated string": "字符串没有结束",
    "Expecting ',' delimiter": "缺少逗号",
    "Expecting ':' delimiter": "缺少冒号",
    "Expecting property name enclosed in double quotes": "键名应使用双引号",
    "Invalid control character": "含有控制字符",
    "Invalid \\escape": "转义字符无效",
}


def _decode_error(msg: str) -> str:
    return next((zh for en, zh in _JSON_MESSAGES.items() if msg.startswith(en)), "格式错误")


def _check_tree(data: Any, what: str) -> None:
    """Depth at most :data:`MAX_DEPTH`; no NUL or lone surrogate in any key or string.

    Iterative, so a deep document cannot exhaust the stack here; the key path is a chain of
    (parent, key) pairs, rendered only for the message.
    """
    stack: list[tuple[Any, Any, int]] = [(data, None, 0)]
    while stack:
        node, path, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise Refused(400, f"{what}的 JSON 嵌套层次过深（超过 {MAX_DEPTH} 层）。", "too-deep")
        if isinstance(node, str):
            if _BAD_CHARS.search(node):
                where = _render(path) or "（根）"
                raise Refused(
                    422, f"JSON 字段“{where}”含有空字符或无效的 Unicode 字符。", "bad-text"
                )
        elif isinstance(node, dict):
            for key, value in node.items():
                stack.append((key, path, depth))
                stack.append((value, (path, key), depth + 1))
        elif isinstance(node, list):
            stack.extend((v, (path, i), depth + 1) for i, v in enumerate(node))


def _render(path: Any) -> str:
    parts: list[str] = []
    while path is not None:
        path, key = path
        parts.append(str(key).encode("utf-8", "replace").decode())
    return "/".join(reversed(parts))[:200]


def refill(tokens: float, elapsed: float, rate: float, burst: int) -> float:
    """A token bucket holding ``tokens`` after ``elapsed`` seconds more at ``rate`` a second
    (never above ``burst``; a clock that went back adds nothing)."""
    return min(float(burst), tokens + max(0.0, elapsed) * rate)


def too_many(tokens: float, rate: float) -> Refused:
    """429 for a bucket holding ``tokens`` (< 1), saying when to try again."""
    wait = math.ceil((1 - tokens) / rate)
    return Refused(429, f"请求过于频繁，请 {wait} 秒后再试。", "rate-limited", retry_after=wait)


class Limiter(Protocol):
    """What a route asks of a rate limit."""

    def check(self, key: int) -> None: ...


class RateLimit:
    """Token bucket per key, in this process: ``rate`` requests a second, bursts of ``burst``
    (a server of several processes shares one: :class:`~.buckets.SharedRateLimit`)."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = burst
        self._buckets: dict[int, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def check(self, key: int) -> None:
        """Take one request from ``key``'s bucket, or raise :class:`Refused` 429."""
        if self.rate <= 0:
            return
        now = time.monotonic()
        with self._lock:
            tokens, last = self._buckets.get(key, (float(self.burst), now))
            tokens = refill(tokens, now - last, self.rate, self.burst)
            if tokens < 1:
                raise too_many(tokens, self.rate)
            self._buckets[key] = (tokens - 1, now)
