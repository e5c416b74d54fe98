"""Placeholder, filled in below."""

from __future__ import annotations

from collections.abc import Iterator

from xl_disclosure.validate.context import Context
from xl_disclosure.validate.findings import Finding


def rules(ctx: Context) -> Iterator[Finding]:
    yield from ()
