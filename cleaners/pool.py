"""Cleaning worker processes that a killed worker cannot take down with it.

A ``ProcessPoolExecutor`` whose worker is killed (the kernel's OOM killer sends SIGKILL)
is broken for good: every page in hand and every later one fails.  :class:`WorkerPool`
starts a fresh pool on the next page instead; the pages the broken one had in hand fail
with ``BrokenProcessPool``, which the caller turns into skips (:data:`WORKER_DIED`).

Each worker also dies with the process that started it (:func:`exit_with_parent`): a
crawl killed with SIGKILL must not leave idle workers holding their memory for ever.

No import of the cleaning pipeline here: the crawl process uses this module and leaves
trafilatura and the rest to its workers.
"""

from __future__ import annotations

import ctypes
import logging
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from multiprocessing.context import BaseContext
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

WORKER_DIED = "cleaning worker died"
# prctl(2) option: the signal a process gets when the thread that started it ends
_PR_SET_PDEATHSIG = 1
logger = logging.getLogger(__name__)

# what the forkserver of :func:`warmed_context` imports before it forks a worker
WARMED_MODULE = "cleaners.warmed"

__all__ = [
    "WORKER_DIED",
    "BrokenProcessPool",
    "WorkerPool",
    "exit_with_parent",
    "warmed_context",
]


def warmed_context() -> BaseContext:
    """A start method for workers of a process that runs threads (a crawl's reactor), where
    a plain fork is unsafe: a forkserver, a fresh interpreter that imports and warms the
    pipeline once (:mod:`cleaners.warmed`) and forks each worker from itself.

    Workers started so share the libraries' memory and start in milliseconds; the crawl
    process itself still imports no part of the pipeline.
    """
    context = get_context("forkserver")
    context.set_forkserver_preload([WARMED_MODULE])
    return context


def exit_with_parent(parent: int) -> None:
    """For a worker process: be killed when ``parent`` (the pid that started the pool) dies.

    On Linux the kernel sends the parent-death signal; then, in case the parent died
    before it was asked for, the worker checks that the parent is still there.  Elsewhere
    only that check is made (a worker then outlives a killed parent, as before).
    """
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            logger.warning(
                "cannot ask for the parent-death signal: %s", os.strerror(ctypes.get_errno())
            )
    try:
        os.kill(parent, 0)
    # PermissionError: a process of another user took the pid, so the parent is gone
    except (ProcessLookupError, PermissionError):
        os._exit(1)


def crawl_worker(parent: int) -> None:
    """Initializer of a crawl's worker: dies with the crawl; Ctrl-C (SIGINT to the whole
    process group) is for the crawl process to handle, by finishing the pages under way."""
    exit_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class WorkerPool:
    """A process pool that is started again when one of its workers dies."""

    def __init__(
        self,
        workers: int,
        context: BaseContext | None = None,
        max_tasks_per_child: int | None = None,
        initializer: Callable[[int], None] = exit_with_parent,
    ) -> None:
        self.workers = workers
        self.context = context
        self.max_tasks_per_child = max_tasks_per_child
        self.initializer = initializer
        self.replaced = 0  # pools started again after a worker died
        self.pool = self._start()

    def _start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            self.workers,
            mp_context=self.context,
            max_tasks_per_child=self.max_tasks_per_child,
            initializer=self.initializer,
            initargs=(os.getpid(),),
        )

    def submit(self, function: Callable[[T], R], item: T) -> Future[R]:
        """``function(item)`` in a worker; on a fresh pool when the current one is broken.

        A future of a pool that breaks later raises ``BrokenProcessPool``.
        """
        try:
            return self.pool.submit(function, item)
        except BrokenProcessPool:
            self._replace()
            return self.pool.submit(function, item)

    def _replace(self) -> None:
        logger.warning("a cleaning worker died: the pages it had in hand are skipped")
        # the broken pool has terminated its workers already: nothing to wait for
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._start()
        self.replaced += 1

    def shutdown(self) -> None:
        self.pool.shutdown(wait=True)
