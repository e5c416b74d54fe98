"""The receiving office's server (``xl-disclosure serve``): one ASGI app.

* ``/xlwings/*``: the workbook buttons (:mod:`~xl_disclosure.server.buttons`), token required.
* ``/submissions``, ``/api/*``: the JSON API (:mod:`~xl_disclosure.server.api`).
* ``/console/*``: the web console (:mod:`~xl_disclosure.server.console`).
* Other pages mount on the app with :func:`create_app`'s ``extra`` routes and reach the store
  through ``request.app.state.ctx`` (:class:`~xl_disclosure.server.context.Context`), whose
  ``submit(data, filename, token)`` stores a report under the token's unit.

Every failure is a Chinese JSON error ``{"ok": false, "error": …, "code": …}`` (an HTML page
for a browser on the console); bodies are capped while they stream in, before anything
unauthenticated is read. Binds to 127.0.0.1 unless told otherwise (``cmd_serve``).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute

from xl_disclosure.server import api, buttons, console, pages, staff
from xl_disclosure.server.buckets import SharedRateLimit
from xl_disclosure.server.context import Context
from xl_disclosure.server.db import Database
from xl_disclosure.server.safety import BodyLimit, RateLimit, Refused, error_response
from xl_disclosure.server.staff_submit import context_submitter
from xl_disclosure.server.workflow import utc_now
from xl_disclosure.spec import first_carried_profiles

_LOG = logging.getLogger("xl_disclosure.server")
#: Body limits by path prefix (first match); anything else gets the last one.
BODY_LIMITS: tuple[tuple[str, int], ...] = (
    ("/xlwings/", buttons.MAX_PAYLOAD),
    ("/submissions", api.MAX_SUBMISSION),
    ("/staff", staff.MAX_BODY),
    ("", api.MAX_FORM),
)
_HTTP_MESSAGES = {404: "没有这个页面或接口。", 405: "该接口不支持这种请求方法。"}


def _wants_html(request: Request) -> bool:
    return request.url.path.startswith("/console") and "text/html" in request.headers.get(
        "accept", ""
    )


def _refused(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, Refused)
    if _wants_html(request):
        if exc.status == 401:
            return RedirectResponse("/console/login", status_code=303)
        back = '<p><a href="javascript:history.back()">返回</a> · <a href="/console/">首页</a></p>'
        body = f'<p class="s-refused">{pages.e(exc.message)}</p>{back}'
        return HTMLResponse(pages.page("无法完成操作", body), status_code=exc.status)
    return exc.response()


def _http(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    message = _HTTP_MESSAGES.get(exc.status_code, "请求无法处理。")
    return _refused(request, Refused(exc.status_code, message, f"http-{exc.status_code}"))


def _internal(request: Request, exc: Exception) -> Response:
    _LOG.error("internal error on %s: %s: %s", request.url.path, type(exc).__name__, exc)
    return error_response(
        500, "服务器内部错误，请求未完成，未保存任何内容。请稍后重试或联系管理员。", "internal"
    )


def body_limit(limits: Sequence[tuple[str, int]]) -> Callable[[str], int]:
    def limit_for(path: str) -> int:
        return next((n for prefix, n in limits if path.startswith(prefix)), limits[-1][1])

    return limit_for


@asynccontextmanager
async def _serving(app: Starlette) -> AsyncIterator[None]:
    """While the app serves, button calls read books in several threads at once: a carried
    profile version must not change under another reader (the first one carried stays; R-003
    or R-004 names a mismatch). The process returns to the command-line mode when it stops."""
    with first_carried_profiles():
        yield


#: Environment of :func:`app_from_env` (what ``serve --workers N`` passes to each worker).
DATABASE_ENV, RATE_ENV = "XD_SERVER_DATABASE", "XD_SERVER_RATE"


def app_from_env() -> Starlette:
    """The app for one of several uvicorn worker processes (``serve --workers N``): the rate
    limit is kept in the database, shared by all of them."""
    import os

    rate = float(os.environ.get(RATE_ENV, "5"))
    return create_app(os.environ[DATABASE_ENV], rate=rate, shared_rate=True)


def create_app(
    database: str | Path | Database,
    *,
    rate: float = 5.0,
    burst: int = 30,
    clock: Callable[[], datetime] = utc_now,
    extra: Sequence[BaseRoute] = (),
    limits: Sequence[tuple[str, int]] = BODY_LIMITS,
    shared_rate: bool = False,
) -> Starlette:
    """The ASGI app on ``database`` (a SQLite path, ``postgresql://…`` or a :class:`Database`).

    ``rate``/``burst``: requests a second per token (0 = no limit), counted in this process,
    or with ``shared_rate`` in the database, for every process serving it together.
    ``extra``: routes of other pages, mounted before the console; give their body limits in
    ``limits``.
    """
    db = database if isinstance(database, Database) else Database(database)
    limiter = SharedRateLimit(db, rate, burst) if shared_rate else RateLimit(rate, burst)
    ctx = Context(db, limiter, clock)
    handlers: dict[Any, Callable[[Request, Exception], Response]] = {
        Refused: _refused,
        HTTPException: _http,
        Exception: _internal,
    }
    page = staff.staff_routes(context_submitter(ctx))
    app = Starlette(
        routes=[*buttons.ROUTES, *api.ROUTES, *page, *extra, *console.ROUTES],
        middleware=[Middleware(BodyLimit, limit_for=body_limit(limits))],
        exception_handlers=handlers,
        lifespan=_serving,
    )
    app.state.ctx = ctx
    return app
