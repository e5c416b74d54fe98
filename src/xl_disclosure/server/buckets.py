"""Rate limits shared by the processes of ``xl-disclosure serve --workers N``.

Each process of a multi-process server would otherwise keep its own token bucket, and an
access token could make N times the requests ``--rate`` allows. :class:`SharedRateLimit`
keeps each token's bucket in the server's database instead (table ``rate_buckets``), counted
and updated in one write transaction per request, so every process draws on the same budget:
on SQLite the first statement takes the database's write lock, on PostgreSQL the bucket's row
is locked (``FOR UPDATE``) until the transaction ends. Buckets are counted on the wall clock,
the one all processes share: a clock set back adds nothing to a bucket, and it fills again
from the new time on (never locked out until the clock catches up).

A one-process server keeps :class:`~xl_disclosure.server.safety.RateLimit` in memory: the
same arithmetic (:func:`~xl_disclosure.server.safety.refill`), no write per request.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, select, update

from xl_disclosure.server.db import Database, rate_buckets
from xl_disclosure.server.safety import refill, too_many


def _insert_new(conn: Connection) -> Any:
    """``INSERT … ON CONFLICT DO NOTHING`` into :data:`rate_buckets` for the connection's
    database."""
    from sqlalchemy.dialects import postgresql, sqlite

    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(rate_buckets).on_conflict_do_nothing(index_elements=["token_id"])


class SharedRateLimit:
    """Token bucket per key in the database: ``rate`` requests a second, bursts of ``burst``,
    for all the server's processes together."""

    def __init__(
        self, db: Database, rate: float, burst: int, clock: Callable[[], float] = time.time
    ) -> None:
        self.db = db
        self.rate = rate
        self.burst = burst
        self._clock = clock

    def check(self, key: int) -> None:
        """Take one request from ``key``'s bucket, or raise ``Refused`` 429."""
        if self.rate <= 0:
            return
        with self.db.write() as conn:
            # A write first: on SQLite it takes the write lock, so no other process reads the
            # bucket between this read and the update below.
            now = self._clock()
            conn.execute(_insert_new(conn).values(token_id=key, tokens=self.burst, stamp=now))
            found = conn.execute(
                select(rate_buckets.c.tokens, rate_buckets.c.stamp)
                .where(rate_buckets.c.token_id == key)
                .with_for_update()
            ).one()
            tokens = refill(found.tokens, now - found.stamp, self.rate, self.burst)
            allowed = tokens >= 1
            conn.execute(
                update(rate_buckets)
                .where(rate_buckets.c.token_id == key)
                .values(tokens=tokens - 1 if allowed else tokens, stamp=now)
            )
        if not allowed:
            raise too_many(tokens, self.rate)
