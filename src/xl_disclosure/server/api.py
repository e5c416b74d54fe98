"""The JSON API (bearer token on every route but ``/health``). Errors: Chinese JSON.

* ``POST /submissions?reason=…&filename=…``: a canonical JSON for the caller's own unit; a new
  version (201), the same content again (200), or refused (4xx with the reasons).
* ``GET /submissions/{id}``: a stored version's bytes (own unit; an office: units below it).
* ``GET /api/me``, ``GET /api/cases?year=&region=``, ``GET /api/units/{id}/cases/{year}``.
* ``POST /api/units/{id}/cases/{year}/{approve|return|file|publish}`` with
  ``{"reason"|"url"|"date": …}``; ``POST …/warnings`` with ``{fingerprint, decision, note}``.
* ``GET /api/audit?unit=``; ``GET /api/regions/{id}/{summary.xlsx|combined.json}?year=``;
  ``POST /api/rollup/{year}``: the office submits its region's roll-up to the level above.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from xl_disclosure.server import queries, review, workflow
from xl_disclosure.server.context import Context
from xl_disclosure.server.rollup import submit_rollup
from xl_disclosure.server.safety import Refused, parse_json, read_body

#: Largest canonical JSON accepted (the CLI's limit for report JSON files).
MAX_SUBMISSION = 5 * 1024 * 1024
MAX_FORM = 64 * 1024
_MAX_ID = 2**31 - 1


def ctx_of(request: Request) -> Context:
    ctx: Context = request.app.state.ctx
    return ctx


def int_param(request: Request, name: str) -> int:
    text = str(request.path_params[name])
    value = int(text) if text.isascii() and text.isdigit() and len(text) < 11 else 0
    if not 0 < value <= _MAX_ID:
        raise Refused(404, "没有这个编号。", "not-found")
    return value


def year_of(text: str | None, *, required: bool = True) -> int:
    if text is None or text == "":
        if required:
            raise Refused(422, "请指定报告年度（year=2024）。", "year-required")
        return 0
    if not (text.isascii() and text.isdigit() and 1990 <= int(text) <= 2200):
        raise Refused(422, f"报告年度“{text[:10]}”无效，应为 1990—2200 之间的年份。", "bad-year")
    return int(text)


def fields(data: Any, allowed: tuple[str, ...]) -> dict[str, str]:
    """String fields of a small JSON object (any other shape or type is refused)."""
    if not isinstance(data, dict):
        raise Refused(422, "请求内容应为 JSON 对象。", "bad-shape")
    out = {}
    for key, value in data.items():
        if key not in allowed:
            raise Refused(
                422, f"不认识的字段“{str(key)[:40]}”，可用字段：{'、'.join(allowed)}。", "bad-field"
            )
        if not isinstance(value, str):
            raise Refused(422, f"字段“{key}”应为文字。", "bad-type")
        out[key] = value
    return out


async def small_json(request: Request, allowed: tuple[str, ...]) -> dict[str, str]:
    body = await read_body(request.stream(), MAX_FORM)
    return fields(parse_json(body) if body.strip() else {}, allowed)


async def post_submission(request: Request) -> Response:
    ctx = ctx_of(request)
    who = await ctx.caller(request)
    body = await read_body(request.stream(), MAX_SUBMISSION)
    reason = request.query_params.get("reason", "")
    name = request.query_params.get("filename", "submission.json")
    outcome = await run_in_threadpool(ctx.submit_as, who, body, name, reason=reason)
    reply = {
        "ok": True,
        "accepted": True,
        **asdict(outcome),
        "state_label": workflow.STATES[outcome.state],
    }
    return JSONResponse(reply, status_code=201 if outcome.created else 200)


async def get_submission(request: Request) -> Response:
    ctx = ctx_of(request)
    who = await ctx.caller(request)
    vid = int_param(request, "version_id")
    body, name = await run_in_threadpool(queries.version_body, ctx.db, who, vid)
    return Response(
        body,
        media_type="application/json; charset=utf-8",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


async def me(request: Request) -> Response:
    who = await ctx_of(request).caller(request)
    return JSONResponse({"ok": True, **asdict(who), "actor": who.actor})


async def list_cases(request: Request) -> Response:
    ctx = ctx_of(request)
    who = await ctx.caller(request)
    year = year_of(request.query_params.get("year"))
    region = request.query_params.get("region", "")
    region_id = (
        int(region) if region.isascii() and region.isdigit() and len(region) < 10 else who.unit_id
    )
    rows = await run_in_threadpool(queries.region_list, ctx.db, who, region_id, year, ctx.clock())
    return JSONResponse({"ok": True, "year": year, "cases": [r.to_dict() for r in rows]})


async def case(request: Request) -> Response:
    ctx = ctx_of(request)
    who = await ctx.caller(request)
    uid, year = int_param(request, "unit_id"), year_of(request.path_params["year"])
    d = await run_in_threadpool(queries.case_detail, ctx.db, who, uid, year, ctx.clock())
    return JSONResponse(
        {
            "ok": True,
            "unit": asdict(d.unit),
            "path": d.path,
            "case": d.row.to_dict(),
            "versions": d.history,
            "findings": d.findings,
            "kept_warnings": d.kept,
            "published": d.published,
            "audit": d.events,
        }
    )


async def action(request: Request) -> Response:
    ctx = ctx_of(request)
    who = await ctx.caller(request)
    uid, year = int_param(request, "unit_id"), year_of(request.path_params["year"])
    name = request.path_params["action"]
    data = await small_json(request, ("reason", "url", "date"))
    state = await run_in_threadpool(
        review.act,
        ctx.db,
        who,
        uid,
        year,
        name,
        reason=data.get("reason", ""),
        url=data.get("url", ""),
        published_on=data.get("date", ""),
    )
    return JSONResponse({"ok": True, "state": state, "state_label": workflow.STATES[state]})


async def warning(request: Request) -> Response:
    ctx = ctx_of(request)
    who = await ctx.caller(request)
    uid, year = int_param(request, "unit_id"), year_of(request.path_params["year"])
    data = await small_json(request, ("fingerprint", "decision", "note"))
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
    return JSONResponse({"ok": True})


async def audit(request: Request) -> Response:
    ctx = ctx_of(request)
    who = await ctx.caller(request)
    unit = request.query_params.get("unit", "")
    uid = int(unit) if unit.isascii() and unit.isdigit() and len(unit) < 10 else None
    entries = await run_in_threadpool(queries.audit_log, ctx.db, who, unit_id=uid)
    return JSONResponse({"ok": True, "entries": entries})


async def region_file(request: Request) -> Response:
    ctx = ctx_of(request)
    who = await ctx.caller(request)
    return await region_download(ctx, who, request)


async def region_download(ctx: Context, who: Any, request: Request) -> Response:
    uid, year = int_param(request, "unit_id"), year_of(request.query_params.get("year"))
    kind = request.path_params["kind"]
    if kind not in ("summary.xlsx", "combined.json"):
        raise Refused(404, "没有这个文件。", "not-found")
    rollup = await run_in_threadpool(ctx.cache.get, ctx.db, who, uid, year)
    if kind == "combined.json":
        data, media = await run_in_threadpool(rollup.combined_json), "application/json"
        name = f"{rollup.region.name}{year}年汇总.json"
    else:
        data = await run_in_threadpool(rollup.summary_workbook)
        media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        name = f"{rollup.region.name}{year}年汇总.xlsx"
    return Response(
        data,
        media_type=media,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}"},
    )


async def rollup(request: Request) -> Response:
    ctx = ctx_of(request)
    who = await ctx.caller(request)
    year = year_of(request.path_params["year"])
    data = await small_json(request, ("reason",))
    outcome = await run_in_threadpool(
        submit_rollup, ctx.db, who, year, reason=data.get("reason", ""), clock=ctx.clock
    )
    return JSONResponse(
        {"ok": True, **asdict(outcome)}, status_code=201 if outcome.created else 200
    )


async def health(request: Request) -> Response:
    return JSONResponse({"ok": True, "schema": ctx_of(request).db.schema_version()})


ROUTES = [
    Route("/submissions", post_submission, methods=["POST"]),
    Route("/submissions/{version_id}", get_submission, methods=["GET"]),
    Route("/api/me", me, methods=["GET"]),
    Route("/api/cases", list_cases, methods=["GET"]),
    Route("/api/units/{unit_id}/cases/{year}", case, methods=["GET"]),
    Route("/api/units/{unit_id}/cases/{year}/warnings", warning, methods=["POST"]),
    Route("/api/units/{unit_id}/cases/{year}/{action}", action, methods=["POST"]),
    Route("/api/audit", audit, methods=["GET"]),
    Route("/api/regions/{unit_id}/{kind}", region_file, methods=["GET"]),
    Route("/api/rollup/{year}", rollup, methods=["POST"]),
    Route("/health", health, methods=["GET"]),
]
