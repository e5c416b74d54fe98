"""map_ordered with a local quick answer (receiving/cluster.py): what this process answers
stays here, the rest goes to the worker processes, and results keep the input order."""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from xl_disclosure.receiving.cluster import map_ordered


def where(item: tuple[int, bool]) -> tuple[int, int]:
    """The item's number and the process that answered it."""
    return item[0], os.getpid()


def quick(item: tuple[int, bool]) -> tuple[int, int] | None:
    return (item[0], -1) if item[1] else None


@settings(max_examples=15, deadline=None)
@given(st.lists(st.booleans(), max_size=300), st.sampled_from([1, 3, 16]))
def test_local_answers_stay_here_and_the_order_is_kept(hits: list[bool], chunk: int) -> None:
    items = list(enumerate(hits))
    got = list(map_ordered(where, items, jobs=2, chunk=chunk, local=quick))
    assert [n for n, _ in got] == list(range(len(items)))  # input order, nothing lost
    for (n, pid), (_, hit) in zip(got, items, strict=True):
        assert (pid == -1) == hit, n  # answered here exactly when local had an answer
        assert pid != os.getpid()  # the rest ran in a worker


def test_a_long_run_of_worker_items_behind_local_ones_is_bounded() -> None:
    """More items than the window (2 workers x 4 chunks x 2 items) with a worker item first:
    local answers queue up behind it until the window is full, then wait for it."""
    items = [(0, False)] + [(i, True) for i in range(1, 100)] + [(100, False)]
    got = list(map_ordered(where, items, jobs=2, chunk=2, local=quick))
    assert [n for n, _ in got] == list(range(101))
    assert got[0][1] not in (-1, os.getpid()) and got[1][1] == -1
