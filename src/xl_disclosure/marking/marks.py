"""The rows the 校验 button (or a marked copy) writes into the mark list.

Pure Python: the mark list sheet and its columns are described in
:mod:`xl_disclosure.layout.marks`.
"""

from __future__ import annotations

from collections.abc import Iterable

from xl_disclosure.layout.marks import CAPACITY


def list_rows(
    marks: Iterable[tuple[str, str]], saved: dict[str, str], old_rows: int
) -> list[list[object]]:
    """The block written to ``A{FIRST_ROW}:E…`` of the mark list.

    ``marks`` are (key, level); ``saved`` fingerprint -> explanation. The block is padded with
    blanks down to ``old_rows`` so that whatever the last run wrote is overwritten.
    """
    mark_list = list(dict.fromkeys(marks))
    saved_list = sorted(saved.items())
    height = max(len(mark_list), len(saved_list), old_rows)
    if max(len(mark_list), len(saved_list)) > CAPACITY:
        raise ValueError("mark list capacity exceeded")
    rows: list[list[object]] = []
    for i in range(height):
        key, level = mark_list[i] if i < len(mark_list) else (None, None)
        fp, text = saved_list[i] if i < len(saved_list) else (None, None)
        rows.append([key, level, None, fp, text])
    return rows
