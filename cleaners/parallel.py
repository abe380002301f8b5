"""Cleaning many pages on every core, in input order, with a bounded amount in flight."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from cleaners.limits import TOO_LARGE, too_large_to_send
from cleaners.page import Page
from cleaners.pipeline import clean_page_safely
from cleaners.pool import WORKER_DIED, BrokenProcessPool, WorkerPool
from cleaners.record import Failure, Record

if TYPE_CHECKING:
    from distributed import Client

T = TypeVar("T")
R = TypeVar("R")
# pages submitted ahead of the one being waited for, per worker
AHEAD_PER_WORKER = 4


def default_jobs() -> int:
    return os.cpu_count() or 1


LOCAL = "local:"


def local_workers(scheduler: str) -> int | None:
    """N of ``local:N`` (None for a scheduler's address).

    >>> local_workers("local:2"), local_workers("tcp://10.0.0.5:8786")
    (2, None)
    """
    if not scheduler.startswith(LOCAL):
        return None
    count = scheduler.removeprefix(LOCAL)
    if not count.isdigit() or int(count) < 1:
        raise ValueError(f"{scheduler!r}: local:N takes a number of workers, 1 or more")
    return int(count)


@contextmanager
def engine(scheduler: str | None) -> Iterator[Client | None]:
    """A Dask client for ``--dask SCHEDULER`` (:mod:`cleaners.cluster`, which needs the
    ``cluster`` extra), or None: local processes."""
    if scheduler is None:
        yield None
        return
    from cleaners.cluster import CleaningProcessError, dask_client  # only when asked for

    try:
        with dask_client(scheduler) as client:
            yield client
    except CleaningProcessError as error:
        raise SystemExit(f"--dask {scheduler}: {error}") from None


def ordered_map(
    function: Callable[[T], R],
    items: Iterable[T],
    jobs: int,
    died: Callable[[T], R] | None = None,
    dask: Client | None = None,
) -> Iterator[R]:
    """``map`` in ``jobs`` processes: results in input order, at most a few items ahead.

    Unlike ``ProcessPoolExecutor.map`` it does not read the whole input first, so a
    million-page archive streams through in constant memory.  A worker that dies (killed
    by the OOM killer) costs the items in hand: each gives ``died(item)`` and the rest go
    to a fresh pool; without ``died`` the run stops with ``BrokenProcessPool``.

    ``dask``: a client of the Dask cluster to run on instead of ``jobs`` local processes
    (:func:`engine`).
    """
    if dask is not None:
        from cleaners.cluster import dask_map

        yield from dask_map(function, items, dask, died)
        return
    if jobs <= 1:
        yield from map(function, items)
        return
    pool = WorkerPool(jobs)
    try:
        pending: deque[tuple[T, Future[R]]] = deque()
        for item in items:
            pending.append((item, pool.submit(function, item)))
            if len(pending) >= jobs * AHEAD_PER_WORKER:
                yield result_or_died(*pending.popleft(), died)
        while pending:
            yield result_or_died(*pending.popleft(), died)
    finally:
        pool.shutdown()


def result_or_died(item: T, future: Future[R], died: Callable[[T], R] | None) -> R:
    try:
        return future.result()
    except BrokenProcessPool:
        if died is None:
            raise
        return died(item)


def clean_or_pass(page: Page | Failure) -> Record | Failure:
    """Clean a page; a failure to read it passes through."""
    return page if isinstance(page, Failure) else clean_page_safely(page)


def worker_died(page: Page | Failure) -> Failure:
    """What a page gives when the worker that had it in hand died."""
    return Failure(WORKER_DIED)


def sendable(page: Page | Failure) -> Page | Failure:
    """A page, or a failure when it is too large to send to a worker."""
    if isinstance(page, Page) and too_large_to_send(page.body):
        return Failure(TOO_LARGE)
    return page


def clean_all(
    pages: Iterable[Page | Failure], jobs: int, dask: Client | None = None
) -> Iterator[Record | Failure]:
    """Clean pages in ``jobs`` processes (or on Dask), yielding results in input order."""
    return ordered_map(clean_or_pass, map(sendable, pages), jobs, died=worker_died, dask=dask)
