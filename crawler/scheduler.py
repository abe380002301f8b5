"""The request queue on disk, in a folder of the run's own: memory does not grow with the
URLs a crawl has yet to fetch.

Scrapy keeps its queue on disk only with ``JOBDIR``, which also makes the next run resume
the queue.  Without ``JOBDIR`` (and with ``DIPLOMACY_DISK_QUEUE``, the default), each run
queues its requests in ``<prefix>.queue/``, beside its other files, and removes that folder
when it ends; a killed run leaves it, and the next run in the folder removes it as it makes
the killed run whole (:func:`crawler.recovery.recover`).  Nothing resumes from it: a run
that was stopped starts again from its start URLs, as without ``JOBDIR``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from scrapy import Request
from scrapy.core.scheduler import Scheduler
from scrapy.crawler import Crawler
from twisted.internet.defer import Deferred

from crawler.manifest import QUEUE, run_file
from crawler.outputs import deleted
from crawler.run import run_for


class RunQueueScheduler(Scheduler):
    """Scrapy's scheduler, with a disk queue in the run's own folder unless ``JOBDIR``
    names one."""

    own_queue: Path | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunQueueScheduler:
        scheduler = super().from_crawler(crawler)
        settings = crawler.settings
        prefix = settings.get("DIPLOMACY_RUN_PREFIX")
        if scheduler.dqdir is None and prefix and settings.getbool("DIPLOMACY_DISK_QUEUE"):
            scheduler.own_queue = run_file(Path(prefix), QUEUE)
            # left by a killed run of the same name: this run holds the name's lock
            shutil.rmtree(scheduler.own_queue, ignore_errors=True)
            scheduler.dqdir = scheduler._dqdir(str(scheduler.own_queue))
        return scheduler

    def failed(self, error: OSError) -> None:
        """The queue could not be written (a full disk, its folder removed): a write
        failure of the run, one line, and the crawl stops.  Once another write has failed
        the run is stopping, and its own queue is thrown away: the queue failing too as it
        closes on the same full disk is no second error."""
        assert self.crawler is not None  # made by from_crawler
        run = run_for(self.crawler)
        if self.own_queue is not None and not run.writing:
            return
        folder = self.own_queue or Path(self.dqdir or "")
        cause = deleted() if isinstance(error, FileNotFoundError) else error
        run.write_failed("the request queue", folder, cause)

    def enqueue_request(self, request: Request) -> bool:
        try:
            return super().enqueue_request(request)
        except OSError as error:
            self.failed(error)
            return False

    def next_request(self) -> Request | None:
        try:
            return super().next_request()
        except OSError as error:
            self.failed(error)
            return None

    def close(self, reason: str) -> Deferred[None] | None:
        """Whatever the reason, once the queue is closed: nothing resumes from it."""
        try:
            result = super().close(reason)
        except OSError as error:
            self.failed(error)
            result = None
        if self.own_queue is not None:
            shutil.rmtree(self.own_queue, ignore_errors=True)
        return result
