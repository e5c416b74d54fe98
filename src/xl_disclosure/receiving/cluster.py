"""Run one per-file function over many items: here, on every core, or on a Dask cluster.

The same function runs in all three places, so a cluster run gives what a local run gives.
Items travel in chunks (a task per file would cost more in scheduling than a JSON file costs
to check) and only a bounded window of chunks is in flight: results come back in input order
and memory does not grow with the number of items.

Example:
    >>> list(map_ordered(abs, [-1, 2, -3]))
    [1, 2, 3]
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any, TypeVar

from xl_disclosure.errors import InputError

T = TypeVar("T")
R = TypeVar("R")

#: Seconds to wait for a Dask scheduler before giving up.
CONNECT_TIMEOUT = 20
#: Chunks in flight per worker (enough to keep every worker busy, few enough to stay small).
_AHEAD = 4


def workers_for(jobs: int) -> int:
    """``jobs`` as a worker count: ``0`` means one per CPU core."""
    return (os.cpu_count() or 1) if jobs <= 0 else jobs


def run_chunk(fn: Callable[[T], R], chunk: Sequence[T]) -> list[R]:
    """Apply ``fn`` to each item of ``chunk`` (the unit of work sent to a worker)."""
    return [fn(item) for item in chunk]


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def map_ordered(
    fn: Callable[[T], R],
    items: Iterable[T],
    *,
    jobs: int = 1,
    dask: str | None = None,
    chunk: int = 16,
    initializer: Callable[[], None] | None = None,
    on_error: Callable[[T, BaseException], R] | None = None,
) -> Iterator[R]:
    """``fn`` over ``items``, results in input order.

    Args:
        fn: a module-level function (it is pickled to the workers).
        jobs: local worker processes; ``1`` runs in this process, ``0`` one per core.
        dask: address of a Dask scheduler (``tcp://host:8786``); overrides ``jobs``.
        chunk: items per task.
        initializer: run once in each local worker process (warm caches).
        on_error: on a cluster, the result for an item whose task failed (its worker died,
            say); the other items of its chunk are run again one by one. Without it the
            error is raised.

    Raises:
        InputError: the Dask scheduler cannot be reached, or ``distributed`` is not installed.
    """
    if dask:
        yield from _dask_map(fn, items, dask, chunk, on_error)
        return
    workers = workers_for(jobs)
    if workers == 1:
        yield from map(fn, items)
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=initializer) as pool:
        pending: deque[Future[list[R]]] = deque()
        source = _chunks(items, chunk)
        for part in islice(source, workers * _AHEAD):
            pending.append(pool.submit(run_chunk, fn, part))
        while pending:
            done = pending.popleft().result()
            for part in islice(source, 1):
                pending.append(pool.submit(run_chunk, fn, part))
            yield from done


def dask_client(address: str) -> Any:
    """A connected ``distributed.Client`` (a clear Chinese error when that cannot be)."""
    try:
        from distributed import Client
    except ImportError as exc:
        raise InputError(
            "未安装 Dask 分布式组件，不能使用 --dask。",
            hint='请安装：pip install "xl-disclosure[cluster]"',
        ) from exc
    try:
        return Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)  # type: ignore[no-untyped-call]
    except (OSError, TimeoutError, ValueError) as exc:
        raise InputError(
            f"无法连接 Dask 调度器“{address}”。",
            hint="请确认调度器已启动（dask scheduler），地址形如 tcp://主机:8786，且本机可以访问。",
        ) from exc


def _dask_map(
    fn: Callable[[T], R],
    items: Iterable[T],
    address: str,
    chunk: int,
    on_error: Callable[[T, BaseException], R] | None,
) -> Iterator[R]:
    client = dask_client(address)
    try:
        width = max(1, len(client.scheduler_info().get("workers", {}))) * _AHEAD
        pending: deque[tuple[list[T], Any]] = deque()
        source = _chunks(items, chunk)
        for part in islice(source, width):
            pending.append((part, client.submit(run_chunk, fn, part, pure=False)))
        while pending:
            part, future = pending.popleft()
            for more in islice(source, 1):
                pending.append((more, client.submit(run_chunk, fn, more, pure=False)))
            try:
                done: list[R] = future.result()
            except Exception:
                if on_error is None:
                    raise
                done = [_one(client, fn, item, on_error) for item in part]
            yield from done
    finally:
        client.close()


def _one(
    client: Any, fn: Callable[[T], R], item: T, on_error: Callable[[T, BaseException], R]
) -> R:
    try:
        result: list[R] = client.submit(run_chunk, fn, [item], pure=False).result()
    except Exception as exc:
        return on_error(item, exc)
    return result[0]


__all__ = ["dask_client", "map_ordered", "run_chunk", "workers_for"]
