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

from scrapy.core.scheduler import Scheduler
from scrapy.crawler import Crawler
from twisted.internet.defer import Deferred

from crawler.manifest import QUEUE, run_file


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

    def close(self, reason: str) -> Deferred[None] | None:
        """Whatever the reason, once the queue is closed: nothing resumes from it."""
        result = super().close(reason)
        if self.own_queue is not None:
            shutil.rmtree(self.own_queue, ignore_errors=True)
        return result
