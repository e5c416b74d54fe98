"""What every route shares: the database, the rate limit, the roll-up cache, the clock.

:meth:`Context.submit` is the one entry for any page or endpoint that receives a report for
the holder of a token (the staff web page mounts on the app and calls it): the report is
checked and stored as a new version of the token's own unit.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from xl_disclosure.server.auth import Principal, bearer, principal_for
from xl_disclosure.server.db import Database
from xl_disclosure.server.rollup import RollupCache
from xl_disclosure.server.safety import Limiter, Refused
from xl_disclosure.server.workflow import Outcome, submit, utc_now

UNAUTHORISED = "未授权：缺少或错误的访问令牌（请求头 Authorization: Bearer 令牌）。"


@dataclass
class Context:
    db: Database
    limiter: Limiter
    clock: Callable[[], datetime] = utc_now
    cache: RollupCache = field(default_factory=RollupCache)

    def principal(self, token: str) -> Principal:
        """The caller of ``token`` (rate-limited), or :class:`Refused` 401."""
        found = principal_for(self.db, token)
        if found is None:
            raise Refused(401, UNAUTHORISED, "unauthorised")
        self.limiter.check(found.token_id)
        return found

    async def caller(self, request: Request) -> Principal:
        """The bearer of the request's ``Authorization`` header (read before any body)."""
        token = bearer(request.headers.get("authorization", ""))
        if not token:
            raise Refused(401, UNAUTHORISED, "unauthorised")
        return await run_in_threadpool(self.principal, token)

    def submit(
        self, data: bytes, filename: str, token: str, *, reason: str = "", source: str = "staff"
    ) -> Outcome:
        """Check ``data`` and store it as a new version of the token's unit.

        Raises :class:`~xl_disclosure.server.safety.Refused` (Chinese message, HTTP status)
        when the token is invalid, the report is refused or the case is closed.
        """
        who = self.principal(token)
        return self.submit_as(who, data, filename, reason=reason, source=source)

    def submit_as(
        self, who: Principal, data: bytes, filename: str, *, reason: str = "", source: str = "api"
    ) -> Outcome:
        return submit(
            self.db, who, data, filename, reason=reason or "", source=source, clock=self.clock
        )
