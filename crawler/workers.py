"""The crawl's cleaning workers (a Scrapy extension): the spider hands each fetched HTML
page to them and awaits what they make of it (:func:`cleaners.worker.visit_checked`).

Page work is CPU work: it runs in a pool of ``DIPLOMACY_CLEANING_WORKERS`` processes
(default: one per core; 0 works inline) while Scrapy keeps downloading.  At most two
pages per worker are in the pool at once; further pages wait in the spider's callback,
which holds their responses in Scrapy's scraper slot and so slows the downloads
(back-pressure).
"""

from __future__ import annotations

import asyncio
import os
from dataclasses import replace

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from cleaners.extraction.pagelinks import NO_LINKS, PageLinks
from cleaners.limits import TOO_LARGE, TOO_MANY_TAGS, too_large_to_send
from cleaners.page import Visit, Visited
from cleaners.pool import WORKER_DIED, BrokenProcessPool, WorkerPool, crawl_worker, warmed_context
from cleaners.record import Failure
from cleaners.worker import release_freed_memory, visit_checked
from crawler.extensions import enabled_extension

# pages a cleaning worker handles before it is replaced by a fresh one: a guard against a
# library leaking over a long crawl.  A fresh worker is a fork of the warmed forkserver
# (cleaners.pool.warmed_context), so replacing costs little; replacing every 500 pages
# instead lowered no peak of the trafilatura dev set's 5,000-page crawl (PSS 425 MiB both)
WORKER_MAX_PAGES = 2000
# crawl stat: the most pages that were in the cleaning pool at once
MOST_IN_POOL = "diplomacy/cleaning/most_in_pool"


class CleaningWorkers:
    """The pool of cleaning workers."""

    def __init__(self, workers: int, stats: StatsCollector) -> None:
        self.workers = workers
        self.stats = stats
        self.pool: WorkerPool | None = None
        self.slots: asyncio.Semaphore | None = None
        self.in_pool = 0
        self.closed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleaningWorkers:
        workers = crawler.settings.getint("DIPLOMACY_CLEANING_WORKERS", -1)
        extension = cls((os.cpu_count() or 1) if workers < 0 else workers, crawler.stats)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def _started(self) -> tuple[WorkerPool, asyncio.Semaphore] | None:
        """The pool, started with the first page (a run stopped before any has none)."""
        if self.workers > 0 and self.pool is None and not self.closed:
            # not a plain fork: the crawl process runs a reactor and threads
            self.pool = WorkerPool(
                self.workers,
                warmed_context(),
                max_tasks_per_child=WORKER_MAX_PAGES,
                initializer=crawl_worker,
            )
            self.slots = asyncio.Semaphore(2 * self.workers)
        return None if self.pool is None or self.slots is None else (self.pool, self.slots)

    def spider_closed(self) -> None:
        self.closed = True
        if self.pool is not None:
            self.pool.shutdown()

    async def links(self, visit: Visit, failed: Failure) -> PageLinks:
        """The links of a page whose visit ``failed``, read again without cleaning it
        (none if it is too large to read, or the second reading fails too)."""
        if failed.reason in (TOO_LARGE, TOO_MANY_TAGS):
            return NO_LINKS
        visited = await self.visit(replace(visit, clean=False))
        return NO_LINKS if isinstance(visited, Failure) else visited.links

    async def visit(self, visit: Visit) -> Visited | Failure:
        """The page's links, type and record, from a worker (inline with no pool)."""
        if too_large_to_send(visit.page.body):
            return Failure(TOO_LARGE)
        if (started := self._started()) is None:
            return visit_checked(visit)
        pool, slots = started
        async with slots:
            self.in_pool += 1
            self.stats.max_value(MOST_IN_POOL, self.in_pool)
            try:
                result = await asyncio.wrap_future(pool.submit(visit_checked, visit))
                # the crawl process's copy of the page (the response) is gone by now; with
                # no pool, visit_checked above has trimmed already
                release_freed_memory(len(visit.page.body))
                return result
            except BrokenProcessPool:
                # killed (the OOM killer): the next page starts a fresh pool
                return Failure(WORKER_DIED)
            finally:
                self.in_pool -= 1


def workers_for(crawler: Crawler) -> CleaningWorkers:
    """The crawl's :class:`CleaningWorkers` extension."""
    return enabled_extension(crawler, CleaningWorkers)
