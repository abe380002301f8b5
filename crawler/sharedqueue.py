"""The request queue of a shared run (``DIPLOMACY_REDIS_URL``): scrapy-redis's scheduler
and duplicate filter, keyed by the run (:mod:`crawler.sharedrun`), popping with a lease
(:mod:`crawler.leases`).

Every crawl process of the run pulls from one queue and drops what any of them has queued
already, so the start URLs each process begins with are queued once per run.  A request
taken from the queue stays leased to its process until the page's outcome is written, and
the process renews its leases while it works:

- a page with a record or a content skip: when :class:`crawler.run.Run` has written it
  (``PageItem.lease``);
- any other page (a sitemap, a feed, a page that is no article): when its callback has
  ended, its skips written and the requests it made queued (:class:`QueuedOutput`);
- a download that gave no page: in the spider's errback, once its skip is written;
- a redirect or a retry: when the new request is queued.

A process killed with SIGKILL renews nothing: its requests go back to the queue when their
leases run out, and another process (or the same one started again) takes them.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import redis
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from crawler.items import LEASE, PageItem
from crawler.leases import LeasedQueue
from crawler.run import Run, run_for


class SharedScheduler(Scheduler):  # type: ignore[misc]
    """scrapy-redis's scheduler on the shared run's keys, with leases (``SCHEDULER``)."""

    run: Run
    renewer: LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        run = run_for(crawler)
        shared = run.state.shared
        if shared is None:
            raise NotConfigured("the shared queue needs DIPLOMACY_REDIS_URL")
        server = redis.Redis.from_url(crawler.settings["DIPLOMACY_REDIS_URL"])
        scheduler = cls(
            server, persist=True, queue_key=shared.key("queue"),
            queue_cls="crawler.leases.LeasedQueue",
            dupefilter=RFPDupeFilter(server, key=shared.key("seen")),
        )  # fmt: skip
        scheduler.stats = crawler.stats
        scheduler.run = run
        scheduler.lease_ms = shared.lease_ms
        return scheduler

    def open(self, spider: Spider) -> None:
        super().open(spider)
        queue: LeasedQueue = self.queue
        queue.lease_ms = self.lease_ms
        self.run.queue = self
        self.renewer = LoopingCall(self.renew)
        self.renewer.start(self.lease_ms / 3000, now=False)

    def failed(self, error: redis.RedisError) -> None:
        """The server refused or is gone: a write failure of the run, which stops (as a
        full disk does), its leases left to run out for the other processes."""
        self.run.write_failed("the shared queue", self.run.state.path, error)

    def ack(self, lease: str) -> None:
        """A page's outcome is written: the lease on its request is given up."""
        try:
            self.queue.ack(lease)
        except redis.RedisError as error:
            self.failed(error)

    def renew(self) -> None:
        try:
            self.queue.renew()
        except redis.RedisError as error:
            self.failed(error)

    def enqueue_request(self, request: Request) -> bool:
        """Queue a request once per run; a redirect or retry of a leased request gives up
        that lease once the new request is queued."""
        lease = request.meta.pop(LEASE, None)
        try:
            queued = bool(super().enqueue_request(request))
        except redis.RedisError as error:
            self.failed(error)
            return False
        if lease is not None:
            self.ack(lease)
        return queued

    def next_request(self) -> Request | None:
        if not self.run.writing:  # stopping: nothing more is taken from the others
            return None
        try:
            request: Request | None = super().next_request()
        except redis.RedisError as error:
            self.failed(error)
            return None
        return request

    def has_pending_requests(self) -> bool:
        if not self.run.writing:
            return False
        try:
            return bool(super().has_pending_requests())
        except redis.RedisError as error:
            self.failed(error)
            return False

    def close(self, reason: str) -> None:
        """The queue stays for the run's other processes (the run's last member removes
        it, :meth:`crawler.sharedrun.SharedRun.close`)."""
        if self.renewer is not None and self.renewer.running:
            self.renewer.stop()


class QueuedOutput:
    """Spider middleware (outermost): a page's requests queued as it makes them, and its
    lease given up when its callback ends, unless its article item carries the lease on
    to the run (which gives it up once the item's outcome is written)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> QueuedOutput:
        if not crawler.settings.get("DIPLOMACY_REDIS_URL"):
            raise NotConfigured("only a shared run leases its requests")
        return cls(crawler)

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        lease = response.meta.get(LEASE)
        carried = False
        try:
            async for output in result:
                if isinstance(output, Request):
                    assert self.crawler.engine is not None
                    self.crawler.engine.crawl(output)  # queued now, not after the page
                    continue
                if isinstance(output, PageItem):
                    output.lease, carried = lease, True
                yield output
        finally:
            if not carried:
                run_for(self.crawler).done(lease)
