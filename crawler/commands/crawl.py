"""``scrapy crawl`` as Scrapy runs it, but exiting with status 1 when the run failed.

Scrapy's own command exits 0 whatever happened during the crawl, which a scheduler (cron,
scrapyd) cannot act on.  A run fails when it ends other than normally (killed, shut down,
an unhandled error), when nothing could be downloaded, or when the crawl's own code raised
an exception: see :func:`crawler.manifest.run_failure`.  A page that gives no record (an
HTTP error, a retry given up) is a skip, not a failure.  The reason is in the manifest.
"""

from __future__ import annotations

import argparse

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.exceptions import UsageError


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("expected exactly one spider name")
        assert self.crawler_process is not None
        crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        stats = crawler.stats.get_stats() if crawler.stats is not None else {}
        if self.crawler_process.bootstrap_failed or stats.get("diplomacy/failed"):
            self.exitcode = 1
