"""``POST /xlwings/{validate,export_json,export_draft,clear_marks}``: the workbook buttons.

Called by xlwings' ``RunRemotePython`` with the book as JSON; the answer is ``{"actions": …}``
that the VBA client replays. Every button needs the agency's token (they run code for whoever
calls), read before the body. The payload's shape is checked before xlwings sees it, so a
malformed book is a Chinese refusal, not an engine exception. 导出JSON submits the report as a
new version of the token's unit; the alert tells the agency its state and the office's reason.
"""

from __future__ import annotations

import hmac
import logging
import os
import secrets
import threading
from typing import Any
from urllib.parse import quote

from sqlalchemy import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from xl_disclosure.excel.client_body import repair
from xl_disclosure.server.api import ctx_of, int_param
from xl_disclosure.server.auth import Principal
from xl_disclosure.server.context import Context
from xl_disclosure.server.db import drafts, inserted_id, now_utc
from xl_disclosure.server.safety import Refused, parse_json, read_body

#: Largest book payload accepted (a filled template is a few hundred KB).
MAX_PAYLOAD = 10 * 1024 * 1024
BUTTONS = ("validate", "export_json", "export_draft", "clear_marks")
_ENGINE_LOCK = threading.Lock()  # the remote engine keeps books in a process-wide list
_LOG = logging.getLogger("xl_disclosure.server")
_SCALARS = (str, int, float, bool, type(None))


def _bad(what: str) -> Refused:
    return Refused(400, f"请求内容不是 xlwings 工作簿数据：{what}。", "bad-payload")


def _check_sheet(i: int, sheet: Any) -> None:
    if not isinstance(sheet, dict) or not isinstance(sheet.get("name"), str):
        raise _bad(f"第 {i + 1} 个工作表缺少名称")
    values = sheet.get("values")
    if not isinstance(values, list) or not all(isinstance(row, list) for row in values):
        raise _bad(f"工作表“{sheet['name'][:40]}”的 values 应为二维数组")
    if not all(isinstance(v, _SCALARS) for row in values for v in row):
        raise _bad(f"工作表“{sheet['name'][:40]}”的单元格值只能是文字、数字、逻辑值或空")
    for key in ("pictures", "tables"):
        items = sheet.get(key, [])
        if not isinstance(items, list) or not all(isinstance(x, dict) for x in items):
            raise _bad(f"工作表“{sheet['name'][:40]}”的 {key} 应为对象数组")


def check_payload(payload: Any) -> None:
    """The parts of the book payload the remote engine reads, with their types."""
    if not isinstance(payload, dict):
        raise _bad("顶层应为对象")
    if not isinstance(payload.get("version"), str) or not isinstance(payload.get("client"), str):
        raise _bad("缺少 client 或 version")
    sheets = payload.get("sheets")
    if not isinstance(sheets, list) or not sheets:
        raise _bad("缺少工作表（sheets）")
    for i, sheet in enumerate(sheets):
        _check_sheet(i, sheet)
    book = payload.get("book")
    if not isinstance(book, dict) or not isinstance(book.get("name"), str):
        raise _bad("缺少工作簿名称（book.name）")
    index = book.get("active_sheet_index")
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(sheets):
        raise _bad("活动工作表序号（book.active_sheet_index）无效")
    if not isinstance(book.get("selection"), str):
        raise _bad("缺少选区（book.selection）")
    names = payload.get("names", [])
    if not isinstance(names, list) or not all(_name_ok(n, len(sheets)) for n in names):
        raise _bad("名称列表（names）格式无效")


def _name_ok(entry: Any, sheets: int) -> bool:
    if not isinstance(entry, dict):
        return False
    index = entry.get("sheet_index")
    scope = entry.get("scope_sheet_index")
    return (
        isinstance(entry.get("name"), str)
        and isinstance(entry.get("address"), str)
        and isinstance(entry.get("book_scope"), bool)
        and isinstance(index, int)
        and not isinstance(index, bool)
        and 0 <= index < sheets
        and (scope is None or (isinstance(scope, int) and 0 <= scope < sheets))
    )


def _store_draft(ctx: Context, who: Principal, data: bytes, filename: str) -> tuple[int, str]:
    key = secrets.token_urlsafe(24)
    with ctx.db.write() as conn:
        new_id = inserted_id(
            conn.execute(
                drafts.insert().values(
                    unit_id=who.unit_id,
                    created_at=now_utc(),
                    name=filename[:255],
                    download_key=key,
                    body=data,
                )
            )
        )
    return int(new_id), key


def run_button(name: str, payload: dict[str, Any], ctx: Context, who: Principal, base: str) -> Any:
    import xlwings as xw

    from xl_disclosure import excel

    def sink(data: bytes, filename: str, kind: str) -> str:
        if kind == "json":
            try:
                outcome = ctx.submit_as(who, data, filename, source="button")
            except Refused as exc:
                return f"服务器未接收：{exc.message}"
            return outcome.message(who.unit_name, int(outcome_year(data)))
        draft_id, key = _store_draft(ctx, who, data, filename)
        return f"{base}/files/{draft_id}?key={key}"

    with _ENGINE_LOCK:
        book = xw.Book(json=payload)
        try:
            if name == "validate":
                excel.validate(book)
            elif name == "clear_marks":
                excel.clear_marks(book)
            elif name == "export_json":
                excel.export_json(book, sink=sink)
            else:
                excel.export_draft(book, sink=sink)
            return book.json()
        finally:
            book.close()


def _client_payload(body: bytes) -> Any:
    """The book payload, read as the VBA client writes it: its empty array slots for newer
    error values (#SPILL!, #CALC!) become an error value instead of a JSON error."""
    try:
        return parse_json(body, "工作簿数据")
    except Refused:
        repaired = repair(body.decode("utf-8", "replace")).encode("utf-8")
        if repaired == body:
            raise
        return parse_json(repaired, "工作簿数据")


def outcome_year(data: bytes) -> int:
    import json

    return int(json.loads(data)["meta"]["year"])


async def button(request: Request) -> Response:
    ctx = ctx_of(request)
    name = request.path_params["name"]
    if name not in BUTTONS:
        raise Refused(404, f"未知的按钮操作“{name[:40]}”。", "not-found")
    who = await ctx.caller(request)
    if not os.environ.get("XLWINGS_LICENSE_KEY"):
        raise Refused(
            503,
            "服务器未启用工作簿按钮：未设置 XLWINGS_LICENSE_KEY（非商业用途可设为 noncommercial），请联系管理员。",
            "buttons-off",
        )
    body = await read_body(request.stream(), MAX_PAYLOAD)
    payload = _client_payload(body)
    check_payload(payload)
    base = str(request.base_url).rstrip("/")
    try:
        actions = await run_in_threadpool(run_button, name, payload, ctx, who, base)
    except Refused:
        raise
    except Exception as exc:
        # An engine exception on a payload that passed the shape check: logged for the
        # maintainers, answered in Chinese.
        _LOG.warning("button %s failed: %s: %s", name, type(exc).__name__, exc)
        raise Refused(
            400,
            "服务器无法处理该工作簿（请确认使用的是本系统的填报模板，且工作簿与服务器的 xlwings 版本一致）。",
            "engine-error",
        ) from exc
    return JSONResponse(actions)


async def download(request: Request) -> Response:
    ctx = ctx_of(request)
    draft_id = int_param(request, "file_id")
    key = request.query_params.get("key", "")

    def fetch() -> Any:
        with ctx.db.read() as conn:
            return conn.execute(select(drafts).where(drafts.c.id == draft_id)).first()

    row = await run_in_threadpool(fetch)
    if row is None or not hmac.compare_digest(key.encode(), row.download_key.encode()):
        raise Refused(404, "文件不存在或链接无效。", "not-found")
    return Response(
        bytes(row.body),
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{quote(row.name)}"},
    )


ROUTES = [
    Route("/xlwings/{name}", button, methods=["POST"]),
    Route("/files/{file_id}", download, methods=["GET"]),
]
