"""The ``--format`` option, its choices taken from the spec folder (never typed here)."""

from __future__ import annotations

import argparse
from typing import Any


def format_help() -> str:
    """``gb2019（2019—2020年度）、gb2021（2021年度起）``: every known format with its years."""
    from xl_disclosure.spec import format_ids, load_format

    def years(fid: str) -> str:
        spec = load_format(fid)
        return (
            f"{spec.year_from}年度起"
            if spec.year_to is None
            else f"{spec.year_from}—{spec.year_to}年度"
        )

    return "、".join(f"{fid}（{years(fid)}）" for fid in format_ids())


def add_format_option(target: Any, help_text: str, **kwargs: Any) -> argparse.Action:
    """Add ``--format`` to a parser or a mutually exclusive group."""
    from xl_disclosure.spec import format_ids

    action: argparse.Action = target.add_argument(
        "--format", choices=format_ids(), help=f"{help_text}：{format_help()}", **kwargs
    )
    return action
