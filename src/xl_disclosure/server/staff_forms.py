"""Reading the staff page's requests: the workbook (uploaded, or carried back in the page)
and what staff typed, within a size limit, then checked through the safety gate."""

from __future__ import annotations

import base64
import binascii
import tempfile
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any

from starlette.datastructures import UploadFile
from starlette.formparsers import FormParser, MultiPartException, MultiPartParser
from starlette.requests import Request

from xl_disclosure.errors import InputError, join_sentences
from xl_disclosure.marking.copy import MarkedBook

SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True)
class Upload:
    """One request's workbook and what staff typed in the page."""

    data: bytes
    name: str
    explanations: dict[str, str]
    token: str = ""

    @property
    def stem(self) -> str:
        return PurePath(self.name).stem or "填报"


class PageError(Exception):
    """A request the page answers with a message (status, Chinese text)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def safe_name(name: str) -> str:
    """The file name a browser sent, without folders or control characters."""
    base = PurePath(name.replace("\\", "/")).name
    clean = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"/\\|?*')
    return clean[:120] or "填报.xlsx"


def check_upload(upload: Upload) -> MarkedBook:
    """Validate and mark the uploaded workbook (blocking: run it in a thread).

    Raises:
        PageError: not a workbook, or the safety gate / reader refused it.
    """
    from xl_disclosure.marking.copy import mark_workbook

    suffix = PurePath(upload.name).suffix.lower()
    if suffix not in SUFFIXES:
        raise PageError(400, f"只能上传 .xlsx 或 .xlsm 工作簿（收到的是“{upload.name}”）。")
    with tempfile.TemporaryDirectory(prefix="xd-staff-") as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(upload.data)
        try:
            return mark_workbook(path, explanations=upload.explanations)
        except InputError as exc:
            why = join_sentences([f"无法校验该工作簿：{exc.message}", exc.hint])
            raise PageError(400, why) from exc


class FormReader:
    """Reads one request into an :class:`Upload` (``max_upload``: largest workbook, bytes)."""

    def __init__(self, max_upload: int) -> None:
        self.max_upload = max_upload

    async def _body(self, request: Request) -> bytes:
        limit = self.max_upload * 2 + 256 * 1024  # the workbook in base64 plus the 说明
        size = request.headers.get("content-length", "")
        if size.isdigit() and int(size) > limit:
            raise PageError(413, self._too_big())
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise PageError(413, self._too_big())
        return bytes(body)

    def _too_big(self) -> str:
        return f"文件过大（上限 {self.max_upload // (1024 * 1024)} MB）。填好的模板通常只有几百 KB，请检查是否选错了文件。"

    async def read(self, request: Request) -> Upload:
        body = await self._body(request)
        kind = request.headers.get("content-type", "")

        async def stream() -> AsyncGenerator[bytes, None]:
            yield body

        parser: MultiPartParser | FormParser
        if kind.startswith("multipart/form-data"):
            parser = MultiPartParser(
                request.headers, stream(), max_files=1, max_fields=2000, max_part_size=len(body) + 1
            )
        elif kind.startswith("application/x-www-form-urlencoded"):
            parser = FormParser(
                request.headers, stream(), max_fields=2000, max_part_size=len(body) + 1
            )
        else:
            raise PageError(400, "请通过页面上的表单上传工作簿。")
        try:
            form = await parser.parse()
        except MultiPartException as exc:
            raise PageError(400, f"上传内容无法识别（{exc.message}）。") from exc
        try:
            return await self._upload(form)
        finally:
            await form.close()

    async def _upload(self, form: Any) -> Upload:
        explanations = {
            key.removeprefix("explain:"): str(value)
            for key, value in form.multi_items()
            if key.startswith("explain:") and isinstance(value, str)
        }
        token = str(form.get("token") or "").strip()
        file = form.get("file")
        if isinstance(file, UploadFile) and file.filename:
            data = await file.read()
            if len(data) > self.max_upload:
                raise PageError(413, self._too_big())
            if not data:
                raise PageError(400, "上传的文件是空的。")
            return Upload(data, safe_name(file.filename), explanations, token)
        book = form.get("book")
        if not isinstance(book, str) or not book:
            raise PageError(400, "请选择要校验的工作簿。")
        try:
            data = base64.b64decode(book, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise PageError(400, "页面数据已损坏，请重新上传工作簿。") from exc
        if len(data) > self.max_upload:
            raise PageError(413, self._too_big())
        return Upload(data, safe_name(str(form.get("name") or "")), explanations, token)
