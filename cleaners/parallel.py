"""Cleaning many pages on every core, in input order, with a bounded amount in flight."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from typing import TypeVar

from cleaners.limits import TOO_LARGE, too_large_to_send
from cleaners.page import Page
from cleaners.pipeline import clean_page_safely
from cleaners.pool import WORKER_DIED, BrokenProcessPool, WorkerPool
from cleaners.record import Failure, Record

T = TypeVar("T")
R = TypeVar("R")
# pages submitted ahead of the one being waited for, per worker
AHEAD_PER_WORKER = 4


def default_jobs() -> int:
    return os.cpu_count() or 1


def ordered_map(
    function: Callable[[T], R],
    items: Iterable[T],
    jobs: int,
    died: Callable[[T], R] | None = None,
) -> Iterator[R]:
    """``map`` in ``jobs`` processes: results in input order, at most a few items ahead.

    Unlike ``ProcessPoolExecutor.map`` it does not read the whole input first, so a
    million-page archive streams through in constant memory.  A worker that dies (killed
    by the OOM killer) costs the items in hand: each gives ``died(item)`` and the rest go
    to a fresh pool; without ``died`` the run stops with ``BrokenProcessPool``.
    """
    if jobs <= 1:
        yield from map(function, items)
        return
    pool = WorkerPool(jobs)
    try:
        pending: deque[tuple[T, Future[R]]] = deque()
        for item in items:
            pending.append((item, pool.submit(function, item)))
            if len(pending) >= jobs * AHEAD_PER_WORKER:
                yield _result(*pending.popleft(), died)
        while pending:
            yield _result(*pending.popleft(), died)
    finally:
        pool.shutdown()


def _result(item: T, future: Future[R], died: Callable[[T], R] | None) -> R:
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


def clean_all(pages: Iterable[Page | Failure], jobs: int) -> Iterator[Record | Failure]:
    """Clean pages in ``jobs`` processes, yielding results in input order."""
    return ordered_map(clean_or_pass, map(sendable, pages), jobs, died=worker_died)
