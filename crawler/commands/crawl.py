"""``scrapy crawl`` as Scrapy runs it, but exiting with status 1 when the run failed.

Scrapy's own command exits 0 whatever happened during the crawl, which a scheduler (cron,
scrapyd) cannot act on.  A run fails when it ends other than normally (killed, shut down,
an unhandled error), when nothing could be downloaded, or when the crawl's own code raised
an exception: see :func:`crawler.manifest.run_failure`.  A page that gives no record (an
HTTP error, a retry given up) is a skip, not a failure.  The reason is in the manifest.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from twisted.internet.defer import Deferred
from twisted.python.failure import Failure

from crawler.articles import StateError
from crawler.sources import SourcesError

# what the crawl cannot start with, refused in one line of the log
REFUSED = (StateError, SourcesError)

LOG = logging.getLogger(__name__)


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("expected exactly one spider name")
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        started = self.crawler_process.crawl(crawler, **opts.spargs)
        if isinstance(started, Deferred):
            started.addErrback(refused_state)
        elif isinstance(started, asyncio.Future):
            started.add_done_callback(refused_state_task)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or run_stats(crawler).get("diplomacy/failed"):
            self.exitcode = 1


def run_stats(crawler: Crawler) -> dict[str, Any]:
    """The crawl's stats; none when it did not get as far as starting."""
    try:
        return crawler.stats.get_stats() if crawler.stats is not None else {}
    except RuntimeError:  # Scrapy: "Crawler.stats is not set yet"
        return {}


def refused_state(failure: Failure) -> Failure | None:
    """A crawl state or start URLs the run cannot use: one line in the log, not a traceback."""
    if isinstance(failure.value, REFUSED):
        LOG.error("%s", failure.value)
        return None
    return failure


def refused_state_task(task: asyncio.Future[Any]) -> None:
    """:func:`refused_state` for the asyncio task that starts the crawl."""
    error = None if task.cancelled() else task.exception()  # retrieved: asyncio logs no more
    if isinstance(error, REFUSED):
        LOG.error("%s", error)
    elif error is not None:
        task.get_loop().call_exception_handler(
            {"message": "the crawl could not start", "exception": error, "future": task}
        )
