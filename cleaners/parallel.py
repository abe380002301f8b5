"""Cleaning many pages on every core, in input order, with a bounded amount in flight."""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

from cleaners.page import Page
from cleaners.pipeline import clean_page_safely
from cleaners.record import Failure, Record

T = TypeVar("T")
R = TypeVar("R")
# pages submitted ahead of the one being waited for, per worker
AHEAD_PER_WORKER = 4


def default_jobs() -> int:
    return os.cpu_count() or 1


def ordered_map(function: Callable[[T], R], items: Iterable[T], jobs: int) -> Iterator[R]:
    """``map`` in ``jobs`` processes: results in input order, at most a few items ahead.

    Unlike ``ProcessPoolExecutor.map`` it does not read the whole input first, so a
    million-page archive streams through in constant memory.
    """
    if jobs <= 1:
        yield from map(function, items)
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) >= jobs * AHEAD_PER_WORKER:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def clean_or_pass(page: Page | Failure) -> Record | Failure:
    """Clean a page; a failure to read it passes through."""
    return page if isinstance(page, Failure) else clean_page_safely(page)


def clean_all(pages: Iterable[Page | Failure], jobs: int) -> Iterator[Record | Failure]:
    """Clean pages in ``jobs`` processes, yielding results in input order."""
    return ordered_map(clean_or_pass, pages, jobs)
