"""The diplomacy spider: navigates feeds, sitemaps and pages, and yields article pages.

It reads no page itself: each HTML page goes to a cleaning worker (:mod:`crawler.workers`),
which parses it once and says where it leads, whether it is an article (by markup, see
:mod:`cleaners.extraction.pagetype`) and, if so, what its record is.  The spider decides
where to go next and passes articles on to :mod:`crawler.pipelines`; every page it does
not pass on is counted as a skip with its reason.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.utils.response import get_base_url
from scrapy.utils.sitemap import sitemap_urls_from_robots
from twisted.python.failure import Failure

from cleaners.extraction.pagetype import MIN_ARTICLE_WORDS
from cleaners.page import Page, Visit, Visited
from cleaners.record import Failure as CleaningFailure
from cleaners.record import format_timestamp
from crawler.discovery import (
    SKIPPED_EXTENSIONS,
    Entry,
    Unreadable,
    document_kind,
    feed_entries,
    is_json_document,
    maybe_gunzip,
    newest_first,
    page_html,
    sitemap_entries,
)
from crawler.items import LEASE, PageItem, page_item
from crawler.manifest import run_prefix
from crawler.middlewares import CHECKED, AlreadyStored
from crawler.run import Run, run_for
from crawler.skips import download_failure
from crawler.sources import (
    Source,
    load_sources,
    normalize_url,
    same_page,
    sources_from_urls,
)
from crawler.workers import CleaningWorkers, workers_for


class DiplomacySpider(Spider):
    name = "diplomacy"

    def __init__(
        self, start_urls: str | None = None, sources: str | None = None, **kwargs: Any
    ) -> None:
        super().__init__(**kwargs)
        if start_urls:
            self.sources = sources_from_urls(start_urls)
        elif sources:
            self.sources = load_sources(Path(sources))
        else:
            self.sources = load_sources()
        self.by_name = {source.name: source for source in self.sources}
        self.start_urls = [url for source in self.sources for url in source.start_urls]
        self.allowed_domains = sorted({host for source in self.sources for host in source.hosts})
        # links already requested in this run: the same navigation links recur on every
        # page, and Scrapy's duplicate filter would drop them after our checks anyway
        self.requested: set[str] = set()

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        """User-Agent from our bot name and contact URL; the run's files (default feed
        unless -o/-O)."""
        super().update_settings(settings)
        agent = f"{settings['DIPLOMACY_BOT_NAME']} (+{settings['DIPLOMACY_CONTACT_URL']})"
        settings.set("USER_AGENT", agent, priority="spider")
        prefix = run_prefix(settings, cls.name)
        if not settings.getdict("FEEDS"):
            feed = {"format": "jsonlines", "encoding": "utf-8"}
            settings.set("FEEDS", {f"{prefix}.jsonl": feed}, priority="spider")
        if not settings.get("DIPLOMACY_RUN_PREFIX"):
            settings.set("DIPLOMACY_RUN_PREFIX", prefix, priority="spider")
        if settings.get("DIPLOMACY_REDIS_URL"):
            share_run(settings)

    async def start(self) -> AsyncIterator[Request]:
        """Start URLs and robots.txt (sitemaps); pages a killed process of the shared run
        claimed and never wrote (queued once per run: the shared duplicate filter)."""
        shared = bool(self.settings.get("DIPLOMACY_REDIS_URL"))  # else none to fetch again
        for url in self.run.refetch if shared else ():
            source = next((s for s in self.sources if s.outside(url) is None), None)
            if source is not None:
                yield self.request(url, source).replace(dont_filter=True)
        hosts_seen: set[str] = set()
        for source in self.sources:
            for url in source.start_urls:
                yield self.request(url, source)
            for url in source.start_urls:
                parts = urlsplit(url)
                if parts.netloc not in hosts_seen:
                    hosts_seen.add(parts.netloc)
                    robots = f"{parts.scheme}://{parts.netloc}/robots.txt"
                    yield self.request(robots, source, callback=self.parse_robots)

    @cached_property
    def run(self) -> Run:
        """This crawl's run (its files and crawl state), looked up once."""
        return run_for(self.crawler)

    @cached_property
    def workers(self) -> CleaningWorkers:
        """This crawl's cleaning workers, looked up once."""
        return workers_for(self.crawler)

    @cached_property
    def min_words(self) -> int:
        """Fewer words than this after cleaning, and a page is no article."""
        return self.settings.getint("DIPLOMACY_MIN_WORDS", MIN_ARTICLE_WORDS)

    def request(self, url: str, source: Source, callback: Any = None, priority: int = 0) -> Request:
        return Request(
            url,
            callback=callback or self.parse,
            errback=self.failed,
            cb_kwargs={"source": source.name},
            priority=priority,
        )

    def follow(
        self, url: str, source: Source, changed: str | None = None, priority: int = 0
    ) -> Iterator[Request]:
        """A request for a link, if it stays on the source's hosts and is not an article
        an earlier run wrote (unless ``changed``, its sitemap or feed date, is newer)."""
        if (outside := source.outside(url)) is not None:  # first: most links lead elsewhere
            self.refuse(url, outside)
            return
        yield from self.follow_inside(normalize_url(url), source, changed, priority)

    def refuse(self, url: str, outside: str) -> None:
        """A link off the source's hosts: a skip line for it, once, if it has a reason."""
        if outside and url not in self.requested:
            self.requested.add(url)  # once: the same link recurs on every page
            self.run.skip(url, outside)

    def follow_inside(
        self, url: str, source: Source, changed: str | None = None, priority: int = 0
    ) -> Iterator[Request]:
        """:meth:`follow` for a normalized URL on the source's hosts."""
        if url in self.requested:
            return
        if len(url) > self.settings.getint("URLLENGTH_LIMIT"):
            self.run.skip(url, "URL longer than URLLENGTH_LIMIT")
            return
        try:
            request = self.request(url, source, priority=priority)
        except ValueError:  # Scrapy refuses it: a port out of range, in hex, given twice
            self.requested.add(url)  # once: the same link recurs on every page
            self.run.skip(url, "not a valid URL")
            return
        if not self.run.state.should_fetch(url, changed):
            self.run.not_refetched()
            return
        request.meta["lastmod"] = changed
        # the downloader need not ask the state again in this run
        request.meta[CHECKED] = self.run.name
        self.requested.add(url)
        yield request

    def follow_entries(self, entries: list[Entry], source: Source) -> Iterator[Request]:
        """Links of a sitemap or feed, given newest first: fetched in that order (the queue
        is first in, first out), ahead of the links of pages."""
        for entry in entries:
            self.run.note_lastmod(normalize_url(entry.url), entry.date)
            yield from self.follow(entry.url, source, entry.date or None, priority=1)

    def follow_links(self, page_url: str, urls: list[str], source: Source) -> Iterator[Request]:
        """A page's links, the first ``DIPLOMACY_MAX_LINKS_PER_PAGE`` distinct URLs of them
        within the crawl, as requested (session ids and tracking parameters stripped: a
        thousand session variants are one); links elsewhere cost nothing, are not counted."""
        cap = self.settings.getint("DIPLOMACY_MAX_LINKS_PER_PAGE")
        taken: set[str] = set()
        over: set[str] = set()
        for url in urls:
            if (outside := source.outside(url)) is not None:
                self.refuse(url, outside)
                continue
            if (key := normalize_url(url)) not in taken:
                if 0 < cap <= len(taken):
                    over.add(key)
                    continue
                taken.add(key)
            yield from self.follow_inside(key, source)
        if over:
            message = "%s has %d links within the crawl: the first %d taken"
            message += " (DIPLOMACY_MAX_LINKS_PER_PAGE)"
            self.over_cap("page", len(over), message, page_url, cap + len(over), cap)

    def over_cap(self, kind: str, over: int, message: str, *args: object) -> None:
        """URLs of a sitemap or page left out by their cap: counted, logged once."""
        self.crawler.stats.inc_value(f"diplomacy/urls_over_cap/{kind}", over)
        self.logger.info(message, *args)

    def parse_robots(self, response: Response, source: str) -> Iterator[Request]:
        """Sitemaps named in robots.txt."""
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield from self.follow(url, self.by_name[source])

    async def parse(self, response: Response, source: str) -> AsyncIterator[Request | PageItem]:
        """Any start URL or link: sitemap, feed or page, told apart by content."""
        origin = self.by_name[source]
        try:
            body = maybe_gunzip(response.body, self.settings.getint("DOWNLOAD_MAXSIZE"))
        except Unreadable as problem:
            self.run.skip(response.url, str(problem))
            return
        kind = document_kind(body)
        if kind in ("sitemapindex", "urlset"):
            cap = self.settings.getint("DIPLOMACY_MAX_URLS_PER_SITEMAP")
            entries, listed = sitemap_entries(body, response.url, cap)
            if listed > len(entries):
                message = "%s lists %d URLs: the newest %d taken (DIPLOMACY_MAX_URLS_PER_SITEMAP)"
                self.over_cap("sitemap", listed - len(entries), message, response.url, listed, cap)
            for request in self.follow_entries(entries, origin):
                yield request
        elif kind in ("rss", "atom"):
            # a feed lists its items in its own order; a sitemap's entries come newest first
            items = feed_entries(body, response.url)
            cap = self.settings.getint("DIPLOMACY_MAX_URLS_PER_FEED")
            entries = newest_first(items, cap)
            if len(items) > len(entries):
                message = "%s lists %d items: the newest %d taken (DIPLOMACY_MAX_URLS_PER_FEED)"
                self.over_cap(
                    "feed", len(items) - len(entries), message, response.url, len(items), cap
                )
            for request in self.follow_entries(entries, origin):
                yield request
        elif isinstance(response, TextResponse):
            async for output in self.parse_page(response, origin):
                yield output
        else:
            self.run.skip(response.url, "not a text page")

    async def parse_page(
        self, response: TextResponse, source: Source
    ) -> AsyncIterator[Request | PageItem]:
        """An HTML page, read by a cleaning worker (the crawl process parses no page): its
        article, if it is one, and its links."""
        run = self.run
        if is_json_document(response):
            run.skip(response.url, "not an HTML page")
            return
        fetched_at = format_timestamp(datetime.now(UTC))
        page = Page(response.url, fetched_at, page_html(response), "html", self.min_words)
        visit = Visit(page, get_base_url(response), SKIPPED_EXTENSIONS)
        visited = await self.workers.visit(visit)
        earlier = tuple(response.meta.get("redirect_urls", ()))
        if isinstance(visited, CleaningFailure):
            yield page_item(response, source.name, earlier, fetched_at, visited)
            # its record is lost (its worker died, it ran past the time cap), not its links
            links = await self.workers.links(visit, visited)
        else:
            links = visited.links
            for output in self.article_or_skip(response, source, earlier, fetched_at, visited):
                yield output
        for url in links.feeds:
            for request in self.follow(url, source):
                yield request
        for request in self.follow_links(response.url, list(links.links), source):
            yield request

    def article_or_skip(
        self,
        response: TextResponse,
        source: Source,
        earlier: tuple[str, ...],
        fetched_at: str,
        visited: Visited,
    ) -> Iterator[Request | PageItem]:
        """The page's item if it is an article at its own address, else its skip (and its
        canonical URL, if that is another page of the source)."""
        run = self.run
        found = visited.links.canonical
        canonical = normalize_url(found) if found else None
        if canonical and not same_page(canonical, response.url) and source.leaves_origin(canonical):
            # the same host on another port or scheme is another site: neither this page's
            # article nor a link to follow
            run.skip(response.url, "canonical URL on another origin")
        elif canonical and not same_page(canonical, response.url) and source.allows(canonical):
            run.skip(response.url, "copy of another canonical URL")
            run.state.add_aliases([response.url, *earlier], canonical)
            yield from self.follow(canonical, source)
        elif visited.result is not None:  # an article
            yield page_item(response, source.name, earlier, fetched_at, visited.result)
        else:
            run.skip(response.url, f"not an article: {visited.verdict.reason}")

    def failed(self, failure: Failure) -> None:
        """Downloads that gave no page: HTTP errors, robots.txt, timeouts, size limits."""
        request = failure.request  # type: ignore[attr-defined]
        error = failure.value
        if isinstance(error, AlreadyStored):
            self.run.not_refetched()
        else:
            self.run.skip(request.url, download_failure(error) if error else "download failed")
        self.run.done(request.meta.get(LEASE))


def share_run(settings: BaseSettings) -> None:
    """The crawl as one process of a shared run on Redis: the shared queue, leases on its
    requests, per-host slots for all processes (crawler/sharedqueue.py, hostslots.py)."""
    settings.set("SCHEDULER", "crawler.sharedqueue.SharedScheduler", priority="spider")
    spider = {**settings.getdict("SPIDER_MIDDLEWARES"), "crawler.sharedqueue.QueuedOutput": 10}
    settings.set("SPIDER_MIDDLEWARES", spider, priority="spider")
    downloader = settings.getdict("DOWNLOADER_MIDDLEWARES")
    downloader["crawler.hostslots.SharedHostSlots"] = 950
    settings.set("DOWNLOADER_MIDDLEWARES", downloader, priority="spider")
