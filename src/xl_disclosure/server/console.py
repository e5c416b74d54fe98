"""The web console (``/console/``): Chinese pages rendered on the server.

Login with a token opens a session (cookie ``xd_session``: random, stored hashed, HttpOnly,
SameSite=Strict, 12 hours); every form carries the session's CSRF value. An office sees the
units below it with their state, a unit's detail (findings, kept warnings with their 说明 to
accept or reject, change against last year, versions, audit), the 退回/通过/备案 buttons, the
combined tables and charts, and the downloads; an agency sees its own unit's page.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs

from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from xl_disclosure.server import pages, queries, review
from xl_disclosure.server.api import MAX_FORM, ctx_of, int_param, region_download, year_of
from xl_disclosure.server.auth import Principal, digest, principal_by_token_id, principal_for
from xl_disclosure.server.charts import rollup_charts
from xl_disclosure.server.db import sessions
from xl_disclosure.server.rollup import submit_rollup
from xl_disclosure.server.safety import Refused, read_body

COOKIE = "xd_session"
SESSION_HOURS = 12
#: Narratives longer than this are not compared year over year on the page (the text
#: similarity is quadratic in length).
MAX_COMPARE_CHARS = 100_000


async def form(request: Request) -> dict[str, str]:
    """An urlencoded form (bounded), first value of each field."""
    body = await read_body(request.stream(), MAX_FORM)
    try:
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=20)
    except (UnicodeDecodeError, ValueError) as exc:
        raise Refused(400, "表单内容无效。", "bad-form") from exc
    return {k: v[0] for k, v in parsed.items()}


def _session(request: Request) -> tuple[Principal, str] | None:
    ctx = ctx_of(request)
    raw = request.cookies.get(COOKIE, "")
    if not raw or len(raw) > 100:
        return None
    with ctx.db.read() as conn:
        row = conn.execute(select(sessions).where(sessions.c.digest == digest(raw))).first()
    if row is None or row.expires_at < ctx.clock().isoformat(timespec="seconds"):
        return None
    who = principal_by_token_id(ctx.db, row.token_id)
    if who is None:
        return None
    ctx.limiter.check(who.token_id)
    return who, row.csrf


async def signed_in(request: Request) -> tuple[Principal, str]:
    found = await run_in_threadpool(_session, request)
    if found is None:
        raise Refused(401, "请先登录。", "login-required", login="/console/login")
    return found


def _check_csrf(data: dict[str, str], csrf: str) -> None:
    if not hmac.compare_digest(data.get("csrf", "").encode(), csrf.encode()):
        raise Refused(403, "表单已过期，请刷新页面后重试。", "csrf")


def html(text: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status)


async def login_form(request: Request) -> Response:
    return html(pages.login_page())


async def login(request: Request) -> Response:
    ctx = ctx_of(request)
    data = await form(request)
    who = await run_in_threadpool(principal_for, ctx.db, data.get("token", "").strip())
    if who is None:
        if "text/html" not in request.headers.get("accept", ""):
            raise Refused(401, "令牌无效或已被吊销。", "unauthorised")
        return html(pages.login_page("令牌无效或已被吊销。"), 401)
    raw, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    expires = (ctx.clock() + timedelta(hours=SESSION_HOURS)).isoformat(timespec="seconds")

    def store() -> None:
        with ctx.db.write() as conn:
            now = ctx.clock().isoformat(timespec="seconds")
            conn.execute(sessions.delete().where(sessions.c.expires_at < now))
            conn.execute(
                sessions.insert().values(
                    digest=digest(raw), token_id=who.token_id, csrf=csrf, expires_at=expires
                )
            )

    await run_in_threadpool(store)
    reply = RedirectResponse("/console/", status_code=303)
    reply.set_cookie(
        COOKIE, raw, max_age=SESSION_HOURS * 3600, httponly=True, samesite="strict", path="/"
    )
    return reply


async def logout(request: Request) -> Response:
    ctx = ctx_of(request)
    raw = request.cookies.get(COOKIE, "")

    def drop() -> None:
        with ctx.db.write() as conn:
            conn.execute(sessions.delete().where(sessions.c.digest == digest(raw)))

    await run_in_threadpool(drop)
    reply = RedirectResponse("/console/login", status_code=303)
    reply.delete_cookie(COOKIE, path="/")
    return reply


def _year(request: Request, ctx: Any, who: Principal) -> tuple[int, list[int]]:
    known = queries.years(ctx.db, who)
    text = request.query_params.get("year")
    if text:
        return year_of(text), known
    return (known[0] if known else queries.today().year - 1), known


async def home(request: Request) -> Response:
    who, _ = await signed_in(request)
    target = "regions" if who.is_office else "units"
    return RedirectResponse(f"/console/{target}/{who.unit_id}", status_code=303)


async def region(request: Request) -> Response:
    ctx = ctx_of(request)
    who, csrf = await signed_in(request)
    uid = int_param(request, "unit_id")

    def render() -> str:
        year, known = _year(request, ctx, who)
        rows = queries.region_list(ctx.db, who, uid, year, ctx.clock())
        with ctx.db.read() as conn:
            unit = queries.visible_unit(conn, who, uid)
        body = pages.region_page(unit, rows, year, known, {})
        return pages.page(f"{unit.name} {year} 年度报送情况", body, who=who.actor, csrf=csrf)

    return html(await run_in_threadpool(render))


def _comparison(ctx: Any, who: Principal, unit_id: int, year: int) -> Any:
    from xl_disclosure.io.canonical import report_from_dict
    from xl_disclosure.receiving.compare import compare
    from xl_disclosure.server.safety import parse_json

    pairs = []
    for y in (year - 1, year):
        detail = queries.case_detail(ctx.db, who, unit_id, y)
        if detail.row.version is None:
            return None
        body, _ = queries.version_body(ctx.db, who, detail.row.version["id"])
        if len(body) > MAX_COMPARE_CHARS * 4:
            return None
        pairs.append(report_from_dict(parse_json(body), where=f"{y} 年度"))
    return compare(pairs[0], pairs[1])


async def unit(request: Request) -> Response:
    ctx = ctx_of(request)
    who, csrf = await signed_in(request)
    uid = int_param(request, "unit_id")

    def render() -> str:
        year, known = _year(request, ctx, who)
        detail = queries.case_detail(ctx.db, who, uid, year, ctx.clock())
        cmp = _comparison(ctx, who, uid, year)
        body = pages.unit_page(detail, year, known, cmp, csrf)
        return pages.page(f"{detail.unit.name} {year} 年度报告", body, who=who.actor, csrf=csrf)

    return html(await run_in_threadpool(render))


async def act(request: Request) -> Response:
    ctx = ctx_of(request)
    who, csrf = await signed_in(request)
    uid, year = int_param(request, "unit_id"), year_of(request.path_params["year"])
    data = await form(request)
    _check_csrf(data, csrf)
    await run_in_threadpool(
        review.act,
        ctx.db,
        who,
        uid,
        year,
        data.get("action", ""),
        reason=data.get("reason", ""),
        url=data.get("url", ""),
        published_on=data.get("date", ""),
    )
    return RedirectResponse(f"/console/units/{uid}?year={year}", status_code=303)


async def warning(request: Request) -> Response:
    ctx = ctx_of(request)
    who, csrf = await signed_in(request)
    uid, year = int_param(request, "unit_id"), year_of(request.path_params["year"])
    data = await form(request)
    _check_csrf(data, csrf)
    await run_in_threadpool(
        review.review_warning,
        ctx.db,
        who,
        uid,
        year,
        fingerprint=data.get("fingerprint", ""),
        decision=data.get("decision", ""),
        note=data.get("note", ""),
    )
    return RedirectResponse(f"/console/units/{uid}?year={year}", status_code=303)


async def summary(request: Request) -> Response:
    ctx = ctx_of(request)
    who, csrf = await signed_in(request)
    uid = int_param(request, "unit_id")

    def render() -> str:
        year, _ = _year(request, ctx, who)
        rollup = ctx.cache.get(ctx.db, who, uid, year)
        own = uid == who.unit_id and rollup.region.parent_id is not None
        body = pages.summary_page(rollup, rollup_charts(rollup.agg), csrf, own)
        title = f"{rollup.region.name} {year} 年度汇总"
        return pages.page(title, body, who=who.actor, csrf=csrf)

    return html(await run_in_threadpool(render))


async def download(request: Request) -> Response:
    who, _ = await signed_in(request)
    return await region_download(ctx_of(request), who, request)


async def version(request: Request) -> Response:
    ctx = ctx_of(request)
    who, _ = await signed_in(request)
    vid = int_param(request, "version_id")
    body, name = await run_in_threadpool(queries.version_body, ctx.db, who, vid)
    return Response(
        body,
        media_type="application/json; charset=utf-8",
        headers={"Content-Disposition": pages.download_name(name)},
    )


async def rollup(request: Request) -> Response:
    ctx = ctx_of(request)
    who, csrf = await signed_in(request)
    year = year_of(request.path_params["year"])
    _check_csrf(await form(request), csrf)
    await run_in_threadpool(submit_rollup, ctx.db, who, year, clock=ctx.clock)
    return RedirectResponse(f"/console/units/{who.unit_id}?year={year}", status_code=303)


async def audit(request: Request) -> Response:
    ctx = ctx_of(request)
    who, csrf = await signed_in(request)
    text = request.query_params.get("unit", "")
    uid = int(text) if text.isascii() and text.isdigit() and len(text) < 10 else None
    events = await run_in_threadpool(queries.audit_log, ctx.db, who, unit_id=uid)
    return html(pages.page("操作记录", pages.audit_page(events), who=who.actor, csrf=csrf))


ROUTES = [
    Route("/console/login", login_form, methods=["GET"]),
    Route("/console/login", login, methods=["POST"]),
    Route("/console/logout", logout, methods=["POST"]),
    Route("/console/", home, methods=["GET"]),
    Route("/console", home, methods=["GET"]),
    Route("/console/regions/{unit_id}", region, methods=["GET"]),
    Route("/console/regions/{unit_id}/summary", summary, methods=["GET"]),
    Route("/console/regions/{unit_id}/download/{kind}", download, methods=["GET"]),
    Route("/console/units/{unit_id}", unit, methods=["GET"]),
    Route("/console/units/{unit_id}/{year}/act", act, methods=["POST"]),
    Route("/console/units/{unit_id}/{year}/warning", warning, methods=["POST"]),
    Route("/console/versions/{version_id}", version, methods=["GET"]),
    Route("/console/rollup/{year}", rollup, methods=["POST"]),
    Route("/console/audit", audit, methods=["GET"]),
]
