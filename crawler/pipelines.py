"""Item pipelines: thin adapters from Scrapy items to the :mod:`cleaners` library."""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from cleaners.page import Page
from cleaners.pagetype import MIN_ARTICLE_WORDS
from cleaners.record import Failure, Record
from cleaners.worker import clean_checked
from crawler.items import PageItem
from crawler.skips import count_skip


class _Pipeline:
    def __init__(self, stats: StatsCollector | None) -> None:
        self.stats = stats

    def drop(self, url: str, reason: str) -> DropItem:
        count_skip(self.stats, url, reason)
        return DropItem(f"{url}: {reason}", log_level="DEBUG")


# pages a cleaning worker handles before it is replaced by a fresh one
WORKER_MAX_PAGES = 500


class CleaningPipeline(_Pipeline):
    """A fetched page in, a valid record out; pages with too little text are dropped.

    Cleaning is CPU work: it runs in a pool of ``DIPLOMACY_CLEANING_WORKERS`` processes
    (default: one per core; 0 cleans inline) while Scrapy keeps downloading.  At most two
    pages per worker are in the pool at once; further items wait here, which holds their
    responses in Scrapy's scraper slot and so slows the downloads (back-pressure).
    """

    def __init__(self, stats: StatsCollector | None, min_words: int, workers: int) -> None:
        super().__init__(stats)
        self.min_words = min_words
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        self.slots: asyncio.Semaphore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleaningPipeline:
        settings = crawler.settings
        workers = settings.getint("DIPLOMACY_CLEANING_WORKERS", -1)
        return cls(
            crawler.stats,
            settings.getint("DIPLOMACY_MIN_WORDS", MIN_ARTICLE_WORDS),
            (os.cpu_count() or 1) if workers < 0 else workers,
        )

    def open_spider(self) -> None:
        if self.workers > 0:
            # spawn, not fork: the crawl process runs a reactor and threads
            self.pool = ProcessPoolExecutor(
                self.workers,
                mp_context=get_context("spawn"),
                # a fresh worker now and then: parsing large pages fragments the heap
                max_tasks_per_child=WORKER_MAX_PAGES,
            )
            self.slots = asyncio.Semaphore(2 * self.workers)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)

    async def clean(self, page: Page) -> Record | Failure:
        if self.pool is None or self.slots is None:
            return clean_checked(page)
        async with self.slots:
            return await asyncio.wrap_future(self.pool.submit(clean_checked, page))

    async def process_item(self, item: PageItem) -> Record:
        page = Page(item.url, item.fetched_at, item.html, "html", min_words=self.min_words)
        result = await self.clean(page)
        if isinstance(result, Failure):
            raise self.drop(item.url, result.reason)
        return result


class DuplicatesPipeline(_Pipeline):
    """One record per canonical URL and per body text within a run."""

    def __init__(self, stats: StatsCollector | None) -> None:
        super().__init__(stats)
        self.canonical_urls: set[str] = set()
        self.hashes: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DuplicatesPipeline:
        return cls(crawler.stats)

    def process_item(self, record: Record) -> Record:
        if record["canonical_url"] in self.canonical_urls:
            raise self.drop(record["url"], "duplicate: canonical URL already written")
        if record["content_hash"] in self.hashes:
            raise self.drop(record["url"], "duplicate: same text already written")
        self.canonical_urls.add(record["canonical_url"])
        self.hashes.add(record["content_hash"])
        return record
