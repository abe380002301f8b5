"""One run of the crawl shared by any number of crawl processes on Redis.

With ``DIPLOMACY_REDIS_URL`` set, the first process of a run starts it (a run id under
``diplomacy:run``), and every process started while it goes on joins it: they share its
request queue, its duplicate filter, its article claims and its robots.txt cache, all
under ``diplomacy:run:<id>:``.  Each process is a member of the run with a lease (by the
server's clock) that a thread renews; a process killed with SIGKILL stops renewing, and
once its lease has run out it no longer counts: its claims can be taken over, and the run
ends when the last live member leaves.  The run's keys go with it: the next process
starts a new run from its start URLs (nothing resumes, as without Redis).
"""

from __future__ import annotations

import logging
import threading
import uuid

import redis
from redis.typing import EncodableT

LOG = logging.getLogger(__name__)
LEASE_MS = 30_000  # a member's lease, and a request's (crawler/leases.py), unless set
# KEYS: the run key; ARGV: a new run id, the member, its lease in ms, the key prefix.
# Joins the run under way if one of its members is alive, else starts the new one.
_JOIN = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local id = redis.call('GET', KEYS[1])
local stale = false
if id then
  local members = ARGV[4] .. id .. ':members'
  redis.call('ZREMRANGEBYSCORE', members, '-inf', now)
  if redis.call('ZCARD', members) == 0 then stale = id; id = false end
end
local started = 0
if not id then
  id = ARGV[1]
  started = 1
  redis.call('SET', KEYS[1], id)
end
redis.call('ZADD', ARGV[4] .. id .. ':members', now + tonumber(ARGV[3]), ARGV[2])
return {id, started, stale}
"""
# KEYS: members; ARGV: member, lease in ms
_RENEW = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
return redis.call('ZADD', KEYS[1], 'XX', 'CH', now + tonumber(ARGV[2]), ARGV[1])
"""
# KEYS: members, the run key; ARGV: member, run id.  Whether it was the last live member.
_LEAVE = """
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
redis.call('ZREM', KEYS[1], ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end
return 1
"""


class SharedRun:
    """This process's membership of the run under way on the Redis ``db``."""

    def __init__(self, db: redis.Redis, namespace: str, member: str, lease_ms: int) -> None:
        self.db, self.member, self.lease_ms = db, member, lease_ms
        # a member's own lease is half its requests': a killed process is taken for dead
        # (its claims free) before any request it held goes back to the queue, so that the
        # process that fetches it again may write its article
        self.member_ms = lease_ms // 2
        self.runs = f"{namespace}run:"
        join = db.register_script(_JOIN)
        args: list[EncodableT] = [str(uuid.uuid4()), member, self.member_ms, self.runs]
        found = join(keys=[f"{namespace}run"], args=args)
        self.id, self.started, stale = str(found[0]), bool(found[1]), found[2]
        if stale:  # its last process was killed: its queue and claims are of no use
            self.forget(str(stale))
        way = "started" if self.started else "joined"
        LOG.info("%s the shared run %s as %s", way, self.id, member)
        self._renew = db.register_script(_RENEW)
        self._leave = db.register_script(_LEAVE)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._keep, name="shared-run", daemon=True)
        self.thread.start()

    def key(self, name: str) -> str:
        """A key of this run's own (``diplomacy:run:<id>:<name>``)."""
        return f"{self.runs}{self.id}:{name}"

    def forget(self, run_id: str) -> None:
        """Remove every key of a run that has no live member."""
        keys = list(self.db.scan_iter(match=f"{self.runs}{run_id}:*", count=1000))
        if keys:
            self.db.delete(*keys)

    def _keep(self) -> None:
        while not self.stopped.wait(self.member_ms / 3000):
            try:
                args: list[EncodableT] = [self.member, self.member_ms]
                if not self._renew(keys=[self.key("members")], args=args):
                    LOG.error("this process's lease on the shared run %s ran out", self.id)
            except redis.RedisError as error:
                LOG.error("cannot renew this process's lease on the shared run: %s", error)

    def close(self) -> None:
        """Leave the run; the last live member ends it, and its keys go."""
        self.stopped.set()
        self.thread.join()
        try:
            keys = [self.key("members"), self.runs.rstrip(":")]
            if self._leave(keys=keys, args=[self.member, self.id]):
                self.forget(self.id)
                LOG.info("the shared run %s ended", self.id)
        except redis.RedisError as error:  # its lease runs out by itself
            LOG.error("cannot leave the shared run %s: %s", self.id, error)
