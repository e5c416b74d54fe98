"""Placeholder."""

from __future__ import annotations

from collections.abc import Iterator

from xl_disclosure.validate.context import Context
from xl_disclosure.validate.findings import Finding


def metadata(ctx: Context) -> Iterator[Finding]:
    yield from ()


def format_and_period(ctx: Context) -> Iterator[Finding]:
    yield from ()


def sections_present(ctx: Context) -> Iterator[Finding]:
    yield from ()


def narrative(ctx: Context) -> Iterator[Finding]:
    yield from ()
