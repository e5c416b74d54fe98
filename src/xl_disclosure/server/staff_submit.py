"""The staff page's ``submit`` on today's plain store: one server token, schema and rules
checked before anything is stored (the same checks as ``POST /submissions``)."""

from __future__ import annotations

import hmac
import json
from collections.abc import Callable

from xl_disclosure.server.staff import Submit, SubmitResult
from xl_disclosure.server.store import Store


def store_submitter(
    store: Store, token: str | None, problems_of: Callable[[bytes], list[str]]
) -> Submit:
    """``submit`` for :func:`~xl_disclosure.server.staff.staff_routes` over ``store``.

    ``problems_of`` is the server's own check of a submission (schema, then every rule).
    """

    def submit(data: bytes, filename: str, given: str) -> SubmitResult:
        if not token or not hmac.compare_digest(given.encode(), token.encode()):
            return SubmitResult(False, "访问令牌错误，未提交。请向政务公开办索取本单位的访问令牌。")
        problems = problems_of(data)
        if problems:
            return SubmitResult(False, "未提交：" + "；".join(problems[:5]))
        parsed = json.loads(data)
        meta = parsed.get("meta", {})
        stored = store.add(
            "json",
            filename,
            data,
            agency=str(meta.get("agency", "")),
            year=meta.get("year"),
            fmt=str(parsed.get("format")),
        )
        return SubmitResult(True, f"已提交到政务公开办，提交编号 {stored.id}。", str(stored.id))

    return submit
