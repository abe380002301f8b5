"""Item pipelines: thin adapters from Scrapy items to the :mod:`cleaners` library."""

from __future__ import annotations

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from cleaners.pagetype import MIN_ARTICLE_WORDS
from cleaners.pipeline import Page, clean_page_safely
from cleaners.record import Failure, Record, schema_errors
from crawler.items import PageItem
from crawler.skips import count_skip


class _Pipeline:
    def __init__(self, stats: StatsCollector | None) -> None:
        self.stats = stats

    def drop(self, url: str, reason: str) -> DropItem:
        count_skip(self.stats, url, reason)
        return DropItem(f"{url}: {reason}", log_level="DEBUG")


class CleaningPipeline(_Pipeline):
    """A fetched page in, a valid record out; pages with too little text are dropped."""

    def __init__(self, stats: StatsCollector | None, min_words: int) -> None:
        super().__init__(stats)
        self.min_words = min_words

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleaningPipeline:
        return cls(crawler.stats, crawler.settings.getint("DIPLOMACY_MIN_WORDS", MIN_ARTICLE_WORDS))

    def process_item(self, item: PageItem) -> Record:
        result = clean_page_safely(Page(item.url, item.fetched_at, item.html, "html"))
        if isinstance(result, Failure):
            raise self.drop(item.url, result.reason)
        if result["word_count"] < self.min_words:
            raise self.drop(item.url, "not an article: too little text after cleaning")
        if errors := schema_errors(result):
            raise self.drop(item.url, f"invalid record: {errors[0]}")
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
