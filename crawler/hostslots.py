"""Politeness across the processes of a shared run: per-host slots on Redis.

Scrapy keeps ``CONCURRENT_REQUESTS_PER_DOMAIN`` and ``DOWNLOAD_DELAY`` per process; ten
processes would send a host ten times as much.  Here a request takes one of the host's
slots on the Redis server before it goes out, and gives it back when its response or
failure comes in: at most ``CONCURRENT_REQUESTS_PER_DOMAIN`` requests to a host are in
flight over all processes, and successive requests to it start at least ``DOWNLOAD_DELAY``
apart.  A slot is leased by the server's clock (the download timeout and then some), so a
process killed while it held one frees it when the lease runs out.
"""

from __future__ import annotations

import itertools
from typing import Any

import redis
from redis.typing import EncodableT
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet import reactor
from twisted.internet.task import deferLater

from crawler.run import run_for

SLOT = "diplomacy_host_slot"  # request meta: (host, the slot's token)
# KEYS: the host's slots, the time its next request may start; ARGV: token, limit, lease in
# ms, delay in ms.  0 when the slot is taken, else how many ms to wait before asking again.
_TAKE = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  local first = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  return math.max(1, math.min(50, tonumber(first[2]) - now))
end
local next_ = tonumber(redis.call('GET', KEYS[2]) or 0)
if now < next_ then return next_ - now end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('SET', KEYS[2], now + tonumber(ARGV[4]), 'PX', math.max(1, tonumber(ARGV[4])))
return 0
"""


class SharedHostSlots:
    """Downloader middleware (last before the download): a host slot for each request."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.run = run_for(crawler)
        shared = self.run.state.shared
        if shared is None:
            raise NotConfigured("host slots are shared by the processes of a shared run")
        self.db = shared.db
        self.member = shared.member
        self.limit = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        self.delay_ms = int(settings.getfloat("DOWNLOAD_DELAY") * 1000)
        self.lease_ms = int(settings.getfloat("DOWNLOAD_TIMEOUT") * 1000) + shared.lease_ms
        self.tokens = itertools.count()
        self._take = self.db.register_script(_TAKE)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedHostSlots:
        return cls(crawler)

    @staticmethod
    def key(host: str) -> str:
        return f"diplomacy:host-slots:{host}"

    async def process_request(self, request: Request) -> None:
        host = urlparse_cached(request).netloc
        token = f"{self.member} {next(self.tokens)}"
        keys = [self.key(host), self.key(host) + ":next"]
        args: list[EncodableT] = [token, self.limit, self.lease_ms, self.delay_ms]
        try:
            while wait := int(self._take(keys=keys, args=args)):
                await maybe_deferred_to_future(deferLater(reactor, wait / 1000))
        except redis.RedisError as error:
            self.run.write_failed("the host slots", self.run.state.path, error)
            raise IgnoreRequest(f"no host slot: {error}") from None
        request.meta[SLOT] = (host, token)

    def release(self, request: Request) -> None:
        slot = request.meta.pop(SLOT, None)
        if slot is not None:
            host, token = slot
            try:
                self.db.zrem(self.key(host), token)
            except redis.RedisError as error:  # the slot's lease frees it
                self.run.write_failed("the host slots", self.run.state.path, error)

    def process_response(self, request: Request, response: Response) -> Response:
        self.release(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> Any:
        self.release(request)
        return None
