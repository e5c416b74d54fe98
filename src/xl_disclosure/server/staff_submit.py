"""The staff page's ``submit``: a new version of the token's unit in the office's store, with
the same checks as ``POST /submissions`` (token, schema, every rule, open case)."""

from __future__ import annotations

from xl_disclosure.server.context import Context
from xl_disclosure.server.safety import Refused
from xl_disclosure.server.staff import Submit, SubmitResult

WRONG_TOKEN = "访问令牌错误，未提交。请向政务公开办索取本单位的访问令牌。"


def context_submitter(ctx: Context) -> Submit:
    """``submit`` for :func:`~xl_disclosure.server.staff.staff_routes` over the server's store."""

    def submit(data: bytes, filename: str, token: str) -> SubmitResult:
        try:
            who = ctx.principal(token)
        except Refused:
            return SubmitResult(False, WRONG_TOKEN)
        try:
            outcome = ctx.submit_as(who, data, filename, source="staff")
        except Refused as exc:
            return SubmitResult(False, f"未提交：{exc.message}")
        from xl_disclosure.server.buttons import outcome_year

        message = outcome.message(who.unit_name, outcome_year(data))
        return SubmitResult(True, message, str(outcome.version_id))

    return submit
