"""Item pipelines: thin adapters from Scrapy items to the :mod:`cleaners` library."""

from __future__ import annotations

import asyncio
import os
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from cleaners.extraction.pagetype import MIN_ARTICLE_WORDS
from cleaners.limits import TOO_LARGE, too_large_to_send
from cleaners.page import Page
from cleaners.pool import WORKER_DIED, BrokenProcessPool, WorkerPool, crawl_worker, warmed_context
from cleaners.record import Failure, Record
from cleaners.worker import clean_checked, release_freed_memory
from crawler.items import PageItem
from crawler.run import Run, run_for
from crawler.sources import same_site, site_path

# pages a cleaning worker handles before it is replaced by a fresh one: a guard against a
# library leaking over a long crawl.  A fresh worker is a fork of the warmed forkserver
# (cleaners.pool.warmed_context), so replacing costs little; replacing every 500 pages
# instead lowered no peak of the trafilatura dev set's 5,000-page crawl (PSS 425 MiB both)
WORKER_MAX_PAGES = 2000
# crawl stat: the most pages that were in the cleaning pool at once
MOST_IN_POOL = "diplomacy/cleaning/most_in_pool"


class CleaningPipeline:
    """A fetched page in, a valid record out; pages with too little text are dropped.

    Cleaning is CPU work: it runs in a pool of ``DIPLOMACY_CLEANING_WORKERS`` processes
    (default: one per core; 0 cleans inline) while Scrapy keeps downloading.  At most two
    pages per worker are in the pool at once; further items wait here, which holds their
    responses in Scrapy's scraper slot and so slows the downloads (back-pressure).
    """

    def __init__(self, run: Run, min_words: int, workers: int, stats: StatsCollector) -> None:
        self.run = run
        self.min_words = min_words
        self.workers = workers
        self.stats = stats
        self.pool: WorkerPool | None = None
        self.slots: asyncio.Semaphore | None = None
        self.in_pool = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleaningPipeline:
        settings = crawler.settings
        workers = settings.getint("DIPLOMACY_CLEANING_WORKERS", -1)
        return cls(
            run_for(crawler),
            settings.getint("DIPLOMACY_MIN_WORDS", MIN_ARTICLE_WORDS),
            (os.cpu_count() or 1) if workers < 0 else workers,
            crawler.stats,
        )

    def open_spider(self) -> None:
        if self.workers > 0:
            # not a plain fork: the crawl process runs a reactor and threads
            self.pool = WorkerPool(
                self.workers,
                warmed_context(),
                max_tasks_per_child=WORKER_MAX_PAGES,
                initializer=crawl_worker,
            )
            self.slots = asyncio.Semaphore(2 * self.workers)

    def close_spider(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()

    async def clean(self, page: Page) -> Record | Failure:
        if too_large_to_send(page.body):
            return Failure(TOO_LARGE)
        if self.pool is None or self.slots is None:
            return clean_checked(page)
        async with self.slots:
            self.in_pool += 1
            self.stats.max_value(MOST_IN_POOL, self.in_pool)
            try:
                result = await asyncio.wrap_future(self.pool.submit(clean_checked, page))
                # the crawl process's copies of the page (response, parse for links) are
                # gone by now; with no pool, clean_checked above has trimmed already
                release_freed_memory(len(page.body))
                return result
            except BrokenProcessPool:
                # killed (the OOM killer): the next page starts a fresh pool
                return Failure(WORKER_DIED)
            finally:
                self.in_pool -= 1

    async def process_item(self, item: PageItem) -> Record:
        self.run.pending[item.url] = item
        page = Page(item.url, item.fetched_at, item.html, "html", min_words=self.min_words)
        result = await self.clean(page)
        if isinstance(result, Failure):
            self.run.page_skipped(item, result.reason)
            raise DropItem(f"{item.url}: {result.reason}", log_level="DEBUG")
        return result


class StatePipeline:
    """One record per article, across runs; wire copy marked ``duplicate_of``.

    Dropped: a record whose canonical URL was already written in this run, or whose text
    was already written on the same site (print copies without a canonical link), or
    which is unchanged since an earlier run wrote it, or whose text is near-identical to
    an article written earlier (in this run or an earlier one) at the same path of the
    same site (origin), under another query: one article under URLs that differ by a
    session id the page echoes.  Kept and marked: a record whose text is near-identical
    to another article (the same story republished by another outlet, or again by the
    same one at another address).
    """

    def __init__(self, run: Run) -> None:
        self.run = run
        self.canonical_urls: set[str] = set()
        self.hashes: dict[tuple[str, str], str] = {}  # (host, content hash) -> canonical URL

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatePipeline:
        return cls(run_for(crawler))

    def process_item(self, record: Record) -> Record:
        canonical = record["canonical_url"]
        same_text = (urlsplit(canonical).netloc, record["content_hash"])
        if canonical in self.canonical_urls:
            raise self.drop(record, "duplicate: canonical URL already written", canonical)
        if same_text in self.hashes:
            original = self.hashes[same_text]
            raise self.drop(record, "duplicate: same text already written", original)
        state = self.run.state
        stored = state.article(canonical)
        if stored is not None and stored.content_hash == record["content_hash"]:
            item = self.run.pending.get(record["url"])
            state.touch(canonical, item.lastmod if item else None, record["fetched_at"])
            raise self.drop(record, "unchanged since an earlier run wrote it", canonical)
        near = state.near_duplicate_of(record)
        if near and same_address(near, canonical):
            raise self.drop(record, "duplicate: near-identical text already written", near)
        self.canonical_urls.add(canonical)
        self.hashes[same_text] = canonical
        record["duplicate_of"] = near
        return record

    def drop(self, record: Record, reason: str, original: str) -> DropItem:
        self.run.copy_skipped(record, reason, original)
        return DropItem(f"{record['url']}: {reason}", log_level="DEBUG")


def same_address(first: str, second: str) -> bool:
    """Whether two URLs are one path of one site, whatever their queries.

    >>> same_address("http://a.example/x.html?visit=1", "http://www.a.example/x.html?visit=2")
    True
    >>> same_address("http://a.example/x.html", "http://a.example/y.html")
    False
    """
    return same_site(first, second) and site_path(first) == site_path(second)
