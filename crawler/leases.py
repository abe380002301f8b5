"""A shared request queue that loses no request when a crawl process dies: scrapy-redis's
priority queue, with a lease on every request a process takes.

scrapy-redis pops a request from Redis before the request is fetched, so a process killed
with SIGKILL loses what it had in hand.  Here a pop also leases the request: the lease, an
id of its own, goes into ``<key>:leases`` scored by when it runs out (by the server's
clock), with the request and its priority beside it.  The process acknowledges the lease
(:meth:`LeasedQueue.ack`) once the page's outcome is written, and renews its leases while
it works (:meth:`LeasedQueue.renew`).  A lease that runs out unacknowledged (its process
died) puts the request back in the queue, with the priority it had, at the next pop of any
process: all in one script, so two processes never both take it.

The queue counts the requests leased as well as those waiting: a process does not take
the crawl for done while another process's lease may yet give a request back.
"""

from __future__ import annotations

from typing import Any

from redis import Redis
from scrapy import Request, Spider
from scrapy_redis.queue import PriorityQueue

from crawler.items import LEASE

LEASE_MS = 120_000  # twice the download timeout and cleaning time cap, and then some

# KEYS: queue, leases, leased requests, their priorities, lease counter; ARGV: lease in ms.
# Leases that ran out put their requests back first; a lease has an id of its own, so that
# a late acknowledgement of a lease that ran out cannot end another process's lease.
_POP = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
for _, lease in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)) do
  local request = redis.call('HGET', KEYS[3], lease)
  if request then
    redis.call('ZADD', KEYS[1], redis.call('HGET', KEYS[4], lease) or 0, request)
  end
  redis.call('ZREM', KEYS[2], lease)
  redis.call('HDEL', KEYS[3], lease)
  redis.call('HDEL', KEYS[4], lease)
end
local head = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #head == 0 then return false end
local lease = tostring(redis.call('INCR', KEYS[5]))
redis.call('ZREM', KEYS[1], head[1])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[1]), lease)
redis.call('HSET', KEYS[3], lease, head[1])
redis.call('HSET', KEYS[4], lease, head[2])
return {lease, head[1]}
"""
# KEYS: queue, counter; ARGV: priority, request.  Scored by priority, then first in first
# out (as the single-machine queue: sitemap and feed entries in their order, pages breadth
# first), not by the request's bytes as scrapy-redis's own push leaves it.
_PUSH = """
local order = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], -tonumber(ARGV[1]) * 1e12 + order, ARGV[2])
return order
"""
# KEYS: leases; ARGV: lease in ms, then the lease ids to renew (only those still held)
_RENEW = """
local clock = redis.call('TIME')
local until_ = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000) + ARGV[1]
local renewed = 0
for i = 2, #ARGV do
  renewed = renewed + redis.call('ZADD', KEYS[1], 'XX', 'CH', until_, ARGV[i])
end
return renewed
"""


class LeasedQueue(PriorityQueue):  # type: ignore[misc]
    """scrapy-redis's ``PriorityQueue`` whose pop is a lease (``SCHEDULER_QUEUE_CLASS``)."""

    lease_ms = LEASE_MS

    def __init__(self, server: Redis, spider: Spider, key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.leases = f"{self.key}:leases"
        self.leased = f"{self.key}:leased"
        self.priorities = f"{self.key}:priorities"
        self.counter = f"{self.key}:lease-ids"
        self.in_hand: set[str] = set()  # the ids of this process's leases not acknowledged
        self.order = f"{self.key}:order"
        self._push = server.register_script(_PUSH)
        self._pop = server.register_script(_POP)
        self._renew = server.register_script(_RENEW)

    def __len__(self) -> int:
        """Requests waiting, and leased (by any process) but not acknowledged."""
        with self.server.pipeline(transaction=True) as pipe:
            waiting, leased = pipe.zcard(self.key).zcard(self.leases).execute()
        return int(waiting) + int(leased)

    def push(self, request: Request) -> None:
        self._push(
            keys=[self.key, self.order], args=[request.priority, self._encode_request(request)]
        )

    def pop(self, timeout: int = 0) -> Request | None:
        """The next request, leased to this process for :attr:`lease_ms`."""
        keys = [self.key, self.leases, self.leased, self.priorities, self.counter]
        taken = self._pop(keys=keys, args=[self.lease_ms])
        if not taken:
            return None
        lease, data = taken
        request: Request = self._decode_request(data)
        lease = lease.decode() if isinstance(lease, bytes) else str(lease)
        request.meta[LEASE] = lease
        self.in_hand.add(lease)
        return request

    def ack(self, lease: str) -> bool:
        """The outcome of the request leased as ``lease`` is written: the lease is given up
        for good; whether it was still this process's (False: it ran out and went back to
        the queue)."""
        self.in_hand.discard(lease)
        with self.server.pipeline(transaction=True) as pipe:
            pipe.zrem(self.leases, lease).hdel(self.leased, lease).hdel(self.priorities, lease)
            removed = pipe.execute()[0]
        return bool(removed)

    def renew(self) -> int:
        """Extend every lease this process holds by :attr:`lease_ms`; how many it still
        held (a lease that ran out is not taken back)."""
        if not self.in_hand:
            return 0
        return int(self._renew(keys=[self.leases], args=[self.lease_ms, *self.in_hand]))

    def clear(self) -> None:
        keys = (self.key, self.leases, self.leased, self.priorities, self.counter, self.order)
        self.server.delete(*keys)
