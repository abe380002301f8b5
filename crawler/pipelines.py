"""Item pipelines: thin adapters from Scrapy items to the :mod:`cleaners` library."""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from cleaners.cleaning.topic import OFF_TOPIC, off_topic
from cleaners.record import Failure, Record
from crawler.items import PageItem
from crawler.run import Run, run_for
from crawler.sources import same_site, site_path


class CleaningPipeline:
    """An article page's record out, valid (the spider had it cleaned by a worker,
    :mod:`crawler.workers`); a page with none (too little text...) is a skip, and so is
    one whose topic score is under ``DIPLOMACY_MIN_TOPIC_SCORE`` ("off topic")."""

    def __init__(self, run: Run, min_topic: float) -> None:
        self.run = run
        self.min_topic = min_topic

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CleaningPipeline:
        return cls(run_for(crawler), crawler.settings.getfloat("DIPLOMACY_MIN_TOPIC_SCORE"))

    def process_item(self, item: PageItem) -> Record:
        self.run.pending[item.url] = item
        if isinstance(item.result, Failure):
            self.run.page_skipped(item, item.result.reason)
            raise DropItem(f"{item.url}: {item.result.reason}", log_level="DEBUG")
        score = item.result["topic_score"]
        if off_topic(score, self.min_topic):  # archived, so that reclean may bring it back
            self.run.page_skipped(item, OFF_TOPIC, {"topic_score": score})
            raise DropItem(f"{item.url}: {OFF_TOPIC} ({score})", log_level="DEBUG")
        return item.result


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
        taken_by, near = state.claim(record)
        if taken_by is not None:  # another process of the shared run writes it
            raise self.drop(record, "duplicate: canonical URL already written", canonical)
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
