"""The server for offices whose staff PCs have no Python (``xl-disclosure serve``).

Endpoints:

* ``POST /xlwings/{validate,export_json,export_draft,clear_marks}``: called by the workbook
  buttons through xlwings' ``RunRemotePython``; the body is the book payload the VBA client
  sends, the answer is ``{"actions": [...]}`` which the client replays in Excel. Exports store
  the file here (they cannot be written next to the workbook) and need the bearer token.
* ``POST /submissions``: a canonical JSON; checked against its JSON Schema and the validator,
  stored only when both pass (bearer token). ``GET /submissions/{id}`` reads it back.
* ``GET /files/{id}?key=...``: download a stored draft (the key is in the alert's link).

Binds to 127.0.0.1 unless told otherwise (see :mod:`xl_disclosure.cli.cmd_serve`).
"""

from __future__ import annotations

import hmac
import json
import threading
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route

from xl_disclosure.server.store import Store

#: Largest request body accepted (a workbook payload is a few hundred KB).
MAX_BODY = 10 * 1024 * 1024
BUTTONS = ("validate", "export_json", "export_draft", "clear_marks")
_ENGINE_LOCK = threading.Lock()  # the remote engine keeps books in a process-wide list


def _text(status: int, message: str) -> PlainTextResponse:
    # The VBA client shows a non-200 body verbatim in a message box: plain Chinese text.
    return PlainTextResponse(message, status_code=status, media_type="text/plain; charset=utf-8")


def _authorised(request: Request, token: str | None) -> bool:
    if not token:
        return False
    given = request.headers.get("authorization", "")
    expected = f"Bearer {token}"
    return hmac.compare_digest(given.encode(), expected.encode())


async def _body(request: Request) -> bytes | None:
    size = request.headers.get("content-length")
    if size is not None and size.isdigit() and int(size) > MAX_BODY:
        return None
    body = await request.body()
    return body if len(body) <= MAX_BODY else None


def _run_button(
    name: str, payload: Any, store: Store, base_url: str, may_store: bool
) -> dict[str, Any]:
    import xlwings as xw

    from xl_disclosure import excel

    def sink(data: bytes, filename: str, kind: str) -> str:
        if kind == "json":
            stored = _store_submission(store, data, filename)
            return f"已提交到服务器，提交编号 {stored.id}。"
        stored = store.add("draft", filename, data)
        return f"{base_url}/files/{stored.id}?key={stored.download_key}"

    with _ENGINE_LOCK:
        book = xw.Book(json=payload)
        try:
            if name == "validate":
                excel.validate(book)
            elif name == "clear_marks":
                excel.clear_marks(book)
            elif not may_store:
                book.app.alert(
                    "服务器拒绝导出：缺少或错误的访问令牌。请联系管理员在工作簿中设置 XD_SERVER_TOKEN。",
                    title="政府信息公开年度报告",
                    buttons="ok",
                    mode="critical",
                )
            elif name == "export_json":
                excel.export_json(book, sink=sink)
            else:
                excel.export_draft(book, sink=sink)
            actions: dict[str, Any] = book.json()
        finally:
            book.close()
    return actions


def _store_submission(store: Store, data: bytes, filename: str) -> Any:
    parsed = json.loads(data)
    meta = parsed.get("meta", {})
    return store.add(
        "json",
        filename,
        data,
        agency=str(meta.get("agency", "")),
        year=meta.get("year"),
        fmt=str(parsed.get("format")),
    )


def submission_problems(data: bytes) -> list[str]:
    """Why a submitted canonical JSON is refused (empty list: accept). Messages in Chinese."""
    from xl_disclosure.export.json_export import schema_problems
    from xl_disclosure.io.canonical import report_from_dict
    from xl_disclosure.spec import is_format
    from xl_disclosure.validate import validate

    try:
        parsed = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        return ["内容不是 UTF-8 编码的文本。"]
    except json.JSONDecodeError as exc:
        return [
            f"JSON 格式错误（第{exc.lineno}行第{exc.colno}列：{exc.msg}），可能被截断或手工改坏。"
        ]
    if not isinstance(parsed, dict) or not is_format(parsed.get("format")):
        return ["不是年度报告规范 JSON（缺少或无法识别“format”）。"]
    problems = [f"不符合规范：{p}" for p in schema_problems(parsed)]
    if problems:
        return problems
    result = validate(report_from_dict(parsed, where="提交的 JSON"))
    return [f"[{f.rule}] {f.message}" for f in result.errors]


def create_app(store_path: Path | str, token: str | None) -> Starlette:
    """The ASGI app. ``token`` guards storing; without one, nothing can be stored."""
    store = Store(store_path)

    async def button(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in BUTTONS:
            return _text(404, f"未知的操作“{name}”。")
        body = await _body(request)
        if body is None:
            return _text(413, "请求过大。")
        from xl_disclosure.excel.client_body import loads_client_body

        try:
            payload = loads_client_body(body)  # also reads the client's #SPILL!/#CALC! slots
        except (json.JSONDecodeError, UnicodeDecodeError):
            return _text(400, "请求内容不是有效的 JSON。")
        if not isinstance(payload, dict) or "sheets" not in payload:
            return _text(400, "请求内容不是 xlwings 工作簿数据。")
        base = str(request.base_url).rstrip("/")
        try:
            actions = _run_button(name, payload, store, base, _authorised(request, token))
        except Exception as exc:
            from xlwings import XlwingsError

            if isinstance(exc, XlwingsError):
                return _text(
                    400, f"服务器无法处理该工作簿：{exc}（请确认工作簿与服务器的 xlwings 版本一致）"
                )
            raise
        return JSONResponse(actions)

    async def submit(request: Request) -> Response:
        if not _authorised(request, token):
            return _text(401, "未授权：缺少或错误的访问令牌（Authorization: Bearer ...）。")
        body = await _body(request)
        if body is None:
            return _text(413, "提交的文件过大（上限 10 MB）。")
        problems = submission_problems(body)
        if problems:
            return JSONResponse({"accepted": False, "problems": problems}, status_code=422)
        stored = _store_submission(
            store, body, request.headers.get("x-filename", "submission.json")
        )
        return JSONResponse(
            {"accepted": True, "id": stored.id, "sha256": stored.sha256}, status_code=201
        )

    async def read_submission(request: Request) -> Response:
        if not _authorised(request, token):
            return _text(401, "未授权：缺少或错误的访问令牌。")
        stored = store.get(int(request.path_params["file_id"]))
        if stored is None or stored.kind != "json":
            return _text(404, "没有这个提交。")
        return Response(stored.body, media_type="application/json; charset=utf-8")

    async def download(request: Request) -> Response:
        stored = store.get(int(request.path_params["file_id"]))
        key = request.query_params.get("key", "")
        if stored is None or not hmac.compare_digest(key.encode(), stored.download_key.encode()):
            return _text(404, "文件不存在或链接无效。")
        return Response(
            stored.body,
            media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            headers={"Content-Disposition": f"attachment; filename*=UTF-8''{_quote(stored.name)}"},
        )

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True, "stored": store.count()})

    from xl_disclosure.server.staff import staff_routes
    from xl_disclosure.server.staff_submit import store_submitter

    return Starlette(
        routes=[
            *staff_routes(store_submitter(store, token, submission_problems)),  # the staff page
            Route("/xlwings/{name}", button, methods=["POST"]),
            Route("/submissions", submit, methods=["POST"]),
            Route("/submissions/{file_id:int}", read_submission, methods=["GET"]),
            Route("/files/{file_id:int}", download, methods=["GET"]),
            Route("/health", health, methods=["GET"]),
        ]
    )


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)
