"""Cleaning on a Dask cluster (``--dask SCHEDULER``) instead of local processes.

``SCHEDULER`` is a running scheduler's address (``tcp://HOST:8786``) or ``local:N``, a
``distributed.LocalCluster`` of N worker processes started for the run and stopped after.
The items (pages read by this process, so the workers need no access to its files) go out
in batches of :data:`BATCH`, a few batches per worker thread in flight, and the results come
back in input order: the same records, in the same order, as :func:`ordered_map` gives.

A worker that dies (SIGKILL, the OOM killer, a lost machine) has its batches run again on
another worker by the scheduler; a result is taken once, when its batch completes, so
nothing is written twice.  A batch whose workers keep dying (the scheduler's
``allowed-failures``, 3 by default) gives ``died(item)`` for each item, as a local worker's
death does.  Dask runs tasks in worker threads, where the per-page time cap
(:func:`cleaners.limits.time_limit`, a signal of the main thread) cannot be set: each Dask
worker cleans in a cleaning process of its own (:class:`CleaningProcess`), where it can.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from typing import TypeVar

import dask
from distributed import Client, Future, KilledWorker, LocalCluster, Worker, WorkerPlugin

from cleaners.parallel import local_workers, result_or_died
from cleaners.pool import BrokenProcessPool, WorkerPool, warmed_context

T = TypeVar("T")
R = TypeVar("R")

BATCH = 16  # items a task: a few seconds of cleaning, so the scheduler's cost is small
AHEAD_PER_THREAD = 3  # batches in flight per worker thread
LOG = logging.getLogger(__name__)
PLUGIN = "diplomacy-cleaning-process"


@contextmanager
def dask_client(scheduler: str) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, or of a local cluster for the run."""
    workers = local_workers(scheduler)
    if workers is None:
        with Client(scheduler) as client:
            client.register_plugin(CleaningProcess(), name=PLUGIN)
            if client.dashboard_link:
                LOG.warning("Dask dashboard, with the run's progress: %s", client.dashboard_link)
            yield client
        return
    # the scheduler runs in this process: its start and stop are not the run's news
    logging.getLogger("distributed").setLevel(logging.WARNING)
    # a worker that is a daemon process may start no cleaning process of its own
    with (
        dask.config.set({"distributed.worker.daemon": False}),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # a free port: never one another cluster holds
            silence_logs=logging.ERROR,
        ) as cluster,
        Client(cluster) as client,
    ):
        client.register_plugin(CleaningProcess(), name=PLUGIN)
        yield client


_POOL: list[WorkerPool] = []  # a Dask worker's own cleaning process
_FAILED: list[str] = []  # or why it could not start
_READY = threading.Event()
_STARTED = threading.Event()
_STARTING = threading.Lock()


def _keep_pool() -> None:
    """Start the cleaning process, then stay: the warmed forkserver dies when the thread
    that started it ends (:func:`cleaners.pool.exit_with_parent`), so that thread must
    last as long as the Dask worker; a task's thread may not."""
    try:
        pool = WorkerPool(1, context=warmed_context())
        pool.submit(int, 0).result()  # started now: the forkserver imports the pipeline
        _POOL.append(pool)
    # AssertionError: multiprocessing's, in a worker that is a daemon process
    except (AssertionError, OSError, BrokenProcessPool) as error:
        _FAILED.append(f"{type(error).__name__}: {error}")
    finally:
        _READY.set()
    threading.Event().wait()


def _start_pool() -> None:
    """Start the thread that starts and keeps the cleaning process, once per worker."""
    with _STARTING:
        if not _STARTED.is_set():
            _STARTED.set()
            threading.Thread(target=_keep_pool, name="cleaning-process", daemon=True).start()


def _pool() -> WorkerPool:
    """The Dask worker's cleaning process, once it has started."""
    _start_pool()
    _READY.wait()
    if not _POOL:
        raise CleaningProcessError(
            f"a Dask worker could not start its cleaning process ({', '.join(_FAILED)}): "
            "start the workers with DASK_DISTRIBUTED__WORKER__DAEMON=False"
        )
    return _POOL[0]


class CleaningProcessError(RuntimeError):
    """A Dask worker that cannot clean: the run stops with this message."""


class CleaningProcess(WorkerPlugin):
    """Starts each worker's cleaning process when the worker joins: the second or so
    that the forkserver takes to import and warm the pipeline then overlaps with the
    cluster's start and the reading of the first pages."""

    def setup(self, worker: Worker) -> None:
        _start_pool()

    def teardown(self, worker: Worker) -> None:
        """Stop the cleaning process with the worker, which would otherwise wait for it."""
        for pool in _POOL:
            pool.shutdown()


def apply_all(
    function: Callable[[T], R], batch: tuple[T, ...], died: Callable[[T], R] | None
) -> list[R]:
    """A task: ``function`` of each item of a batch, in order, in the Dask worker's own
    cleaning process: the main thread of a process of its own, where the per-page time
    cap can be set (Dask runs tasks in threads) and where a crash on one page costs the
    batch's items in hand (``died(item)`` each), not the Dask worker."""
    pool = _pool()
    futures = [pool.submit(function, item) for item in batch]
    return [result_or_died(item, future, died) for item, future in zip(batch, futures, strict=True)]


def dask_map(
    function: Callable[[T], R],
    items: Iterable[T],
    client: Client,
    died: Callable[[T], R] | None = None,
) -> Iterator[R]:
    """``map`` on a Dask cluster: results in input order, a bounded number of items ahead."""
    threads = max(1, sum(client.nthreads().values()))
    pending: deque[tuple[tuple[T, ...], Future[list[R]]]] = deque()
    stream = iter(items)
    for batch in iter(lambda: tuple(islice(stream, BATCH)), ()):
        task = client.submit(apply_all, function, batch, died, pure=False)
        pending.append((batch, task))
        if len(pending) >= threads * AHEAD_PER_THREAD:
            yield from _results(*pending.popleft(), died)
    while pending:
        yield from _results(*pending.popleft(), died)


def _results(
    batch: tuple[T, ...], future: Future[list[R]], died: Callable[[T], R] | None
) -> list[R]:
    try:
        results = future.result()
    except KilledWorker:
        if died is None:
            raise
        LOG.warning("a batch of %d pages killed its Dask workers: skipped", len(batch))
        return [died(item) for item in batch]
    finally:
        future.release()
    return results
