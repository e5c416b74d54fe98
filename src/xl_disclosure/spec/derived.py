"""Caches of what is worked out from the loaded formats, forgotten whenever the formats change.

A module that derives something from a format (a compiled schema validator, cell positions,
import anchors ...) caches it per format id with :func:`derived_cache` instead of
``functools.cache``: when a folder of formats or a profile is registered, or a registered
profile is replaced by another version, :func:`forget_derived` drops every such cache together
with the loaded formats, so no module keeps answering for the old version.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar, cast

F = TypeVar("F", bound=Callable[..., Any])

_clearers: list[Callable[[], None]] = []


def derived_cache(fn: F) -> F:
    """``functools.cache`` for a function of the loaded formats (see the module docstring)."""
    cached = cache(fn)
    _clearers.append(cached.cache_clear)
    return cast(F, cached)


def forget_derived() -> None:
    """Drop every :func:`derived_cache` result."""
    for clear in _clearers:
        clear()
