"""The staff web page (``/staff``): check a filled workbook in any browser, no macros.

Upload a workbook (drag and drop or the file picker) and the page shows the findings sheet by
sheet, each section's official table redrawn with the wrong cells coloured and the
explanation on the cell; 说明 for kept warnings are written in the page; the marked copy
(:mod:`xl_disclosure.marking.copy`), the canonical JSON and the draft are downloads; with no
error standing, the JSON can be submitted to the office.

Nothing is kept: the workbook travels with the page (a hidden field) and every request is
checked again from it, through the same safety gate as ``xl-disclosure validate``; the
temporary file the gate reads is deleted before the answer is sent. Only a submission is
stored, by the ``submit`` callable the server passes in (its store, its tokens).

Server-rendered HTML (Jinja2, autoescaped), one small script of our own for drag and drop,
no external resources (offices are on intranets), a strict Content-Security-Policy.

Example:
    >>> routes = staff_routes(None)
    >>> [r.path for r in routes][:2]
    ['/staff', '/staff/check']
"""

from __future__ import annotations

import base64
import logging
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from xl_disclosure.errors import XlDisclosureError
from xl_disclosure.marking.copy import COPY_SUFFIX, MarkedBook
from xl_disclosure.server.staff_forms import FormReader, PageError, Upload, check_upload

#: Largest workbook accepted (a filled template is 40-150 KB).
MAX_UPLOAD = 5 * 1024 * 1024
#: Largest request body: the workbook travels back base64-encoded with the page's fields.
MAX_BODY = 2 * MAX_UPLOAD + 256 * 1024
_STATIC = {
    "staff.css": "text/css; charset=utf-8",
    "staff.js": "text/javascript; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}
_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class SubmitResult:
    """What the office's store said about a submission (shown to staff as is)."""

    accepted: bool
    message: str
    """A Chinese sentence: the submission number, or why it was refused."""
    reference: str = ""


#: ``submit(canonical_json, filename, token)``: store a submission for the office.
Submit = Callable[[bytes, str, str], SubmitResult]
Handler = Callable[[Request], Awaitable[Response]]
logger = logging.getLogger(__name__)


def attachment(data: bytes, filename: str, media_type: str) -> Response:
    quoted = quote(filename)
    disposition = f"attachment; filename=\"{quote(filename, safe='')}\"; filename*=UTF-8''{quoted}"
    return Response(
        data, media_type=media_type, headers={**_HEADERS, "Content-Disposition": disposition}
    )


class StaffPage:
    """The handlers; ``submit`` is ``None`` when the server takes no submissions."""

    def __init__(self, submit: Submit | None, prefix: str, max_upload: int) -> None:
        from jinja2 import Environment, PackageLoader, select_autoescape

        self.submit_fn, self.prefix, self.max_upload = submit, prefix, max_upload
        self.forms = FormReader(max_upload)
        self.env = Environment(
            loader=PackageLoader("xl_disclosure.server", "templates"),
            autoescape=select_autoescape(["html"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )

    # -- answers ---------------------------------------------------------------------------
    def page(self, template: str, status: int = 200, **context: Any) -> HTMLResponse:
        from xl_disclosure.server.staff_view import legend

        context.setdefault("legend", legend())
        html = self.env.get_template(template).render(prefix=self.prefix, **context)
        return HTMLResponse(html, status_code=status, headers=_HEADERS)

    def error(self, exc: PageError) -> HTMLResponse:
        return self.page("staff_home.html", exc.status, error=exc.message, max_mb=self._mb())

    def _mb(self) -> int:
        return self.max_upload // (1024 * 1024)

    def result(
        self, upload: Upload, book: MarkedBook, status: int = 200, **notice: Any
    ) -> HTMLResponse:
        from xl_disclosure.server.staff_view import TAGS, severity_class, sheet_views

        return self.page(
            "staff_result.html",
            status,
            upload=upload,
            book_b64=base64.b64encode(upload.data).decode("ascii"),
            plan=book.plan,
            result=book.result,
            coloured=book.coloured,
            sheets=sheet_views(book.plan, book.grids),
            tags=TAGS,
            counts={s.value: c for s, c in book.result.counts.items()},
            severity_class=severity_class,
            can_submit=self.submit_fn is not None,
            max_mb=self._mb(),
            **notice,
        )

    # -- handlers --------------------------------------------------------------------------
    def guard(self, handler: Handler) -> Handler:
        """Any unexpected failure becomes a Chinese page, never a traceback."""

        async def guarded(request: Request) -> Response:
            try:
                return await handler(request)
            except PageError as exc:
                return self.error(exc)
            except Exception as exc:
                logger.exception("staff page failed")
                detail = type(exc).__name__
                return self.error(
                    PageError(500, f"服务器内部错误（{detail}），请稍后重试或联系管理员。")
                )

        return guarded

    async def home(self, request: Request) -> Response:
        return self.page("staff_home.html", max_mb=self._mb())

    async def _checked(self, request: Request) -> tuple[Upload, MarkedBook]:
        upload = await self.forms.read(request)
        return upload, await run_in_threadpool(check_upload, upload)

    async def check(self, request: Request) -> Response:
        try:
            upload, book = await self._checked(request)
        except PageError as exc:
            return self.error(exc)
        return self.result(upload, book)

    async def marked(self, request: Request) -> Response:
        try:
            upload, book = await self._checked(request)
        except PageError as exc:
            return self.error(exc)
        suffix = PurePath(upload.name).suffix.lower()
        media = (
            "application/vnd.ms-excel.sheet.macroEnabled.12"
            if suffix == ".xlsm"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        return attachment(book.data, f"{upload.stem}{COPY_SUFFIX}{suffix}", media)

    def _canonical(self, book: MarkedBook) -> bytes:
        from xl_disclosure.export import export_payload

        data, _ = export_payload(book.plan.report, file_findings=book.plan.file_findings)
        return data

    async def export_json(self, request: Request) -> Response:
        try:
            upload, book = await self._checked(request)
            data = await run_in_threadpool(self._canonical, book)
        except PageError as exc:
            return self.error(exc)
        except XlDisclosureError as exc:
            return self.result(upload, book, 409, notice=f"未导出：{exc}", notice_ok=False)
        return attachment(data, f"{upload.stem}.json", "application/json; charset=utf-8")

    async def draft(self, request: Request) -> Response:
        try:
            upload, book = await self._checked(request)
        except PageError as exc:
            return self.error(exc)
        refusal = book.result.refusal("生成报告草稿")
        if refusal:
            return self.result(upload, book, 409, notice=refusal, notice_ok=False)
        data = await run_in_threadpool(_draft_bytes, book)
        media = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return attachment(data, f"{upload.stem}_报告草稿.docx", media)

    async def submit(self, request: Request) -> Response:
        try:
            upload, book = await self._checked(request)
        except PageError as exc:
            return self.error(exc)
        if self.submit_fn is None:
            return self.result(
                upload, book, 403, notice="本服务器不接收网页提交。", notice_ok=False
            )
        if not upload.token:
            return self.result(
                upload, book, 401, notice="请填写访问令牌后再提交。", notice_ok=False
            )
        try:
            data = await run_in_threadpool(self._canonical, book)
        except XlDisclosureError as exc:
            return self.result(upload, book, 409, notice=f"不能提交：{exc}", notice_ok=False)
        outcome = await run_in_threadpool(self.submit_fn, data, f"{upload.stem}.json", upload.token)
        status = 201 if outcome.accepted else 422
        return self.result(upload, book, status, notice=outcome.message, notice_ok=outcome.accepted)

    async def static(self, request: Request) -> Response:
        name = request.path_params["name"]
        if name not in _STATIC:
            return Response("未找到。", status_code=404, media_type="text/plain; charset=utf-8")
        data = resources.files("xl_disclosure.server").joinpath("static", name).read_bytes()
        headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "max-age=3600"}
        return Response(data, media_type=_STATIC[name], headers=headers)


def _draft_bytes(book: MarkedBook) -> bytes:
    from xl_disclosure.draft import write_draft

    with tempfile.TemporaryDirectory(prefix="xd-staff-") as tmp:
        path = Path(tmp) / "draft.docx"
        write_draft(book.plan.report, path, book.result)
        return path.read_bytes()


def staff_routes(
    submit: Submit | None, *, prefix: str = "/staff", max_upload: int = MAX_UPLOAD
) -> list[BaseRoute]:
    """The page's routes, to mount in the server's app.

    Args:
        submit: stores a canonical JSON for the office (``None``: the page offers no submit).
        prefix: where the page lives.
        max_upload: largest workbook accepted, in bytes.
    """
    page = StaffPage(submit, prefix, max_upload)
    posts = {
        "check": page.check,
        "marked": page.marked,
        "json": page.export_json,
        "draft": page.draft,
        "submit": page.submit,
    }
    return [
        Route(prefix, page.guard(page.home), methods=["GET"]),
        *(Route(f"{prefix}/{n}", page.guard(h), methods=["POST"]) for n, h in posts.items()),
        Route(f"{prefix}/static/{{name}}", page.static, methods=["GET"]),
    ]
