"""The crawl state on Redis (``DIPLOMACY_REDIS_URL``): what :class:`crawler.state.CrawlState`
keeps in SQLite, in a Redis database that crawl processes on several machines can share.

The same questions get the same answers from both stores (``tests/test_state.py`` runs one
suite on each).  Keys, under ``diplomacy:`` (``namespace``):

- ``articles``: a hash, canonical URL -> JSON of the stored article (URL, content hash,
  signature, ``lastmod``, fetch time);
- ``aliases``: a hash, URL -> the canonical URL it leads to;
- ``skipped``: a hash, URL -> JSON of its ``lastmod`` and fetch time;
- ``band:<key>``: a sorted set of the canonical URLs whose signature has that band, scored
  by the order they were stored in (``band-order``, a counter), so that the earliest
  candidates come first as SQLite's row ids give them; ``bands-of:<canonical URL>`` the
  article's band sets, to take it out of them when it is stored again.

Each change is one ``MULTI``/``EXEC`` transaction, storing an article one script: another
process sees all of it or none of it, and two storing one article at once leave the bands
of one of them, not a mix.  A change the server refuses (out of memory, a read-only
replica, a lost connection) is reported once and the store takes no more writes, as a
refused SQLite write is.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit, urlunsplit

import redis
from redis.client import Pipeline
from redis.typing import EncodableT, FieldT

from cleaners.cleaning.neardup import band_keys
from cleaners.record import Record
from crawler.state import (
    MAX_CANDIDATES,
    StateError,
    Stored,
    changed_since,
    first_similar,
    follow_aliases,
)

NAMESPACE = "diplomacy"
LEASE_MS = 30_000  # how long the run lock lasts without being renewed (a killed run's)
RENEW_SECONDS = 10.0
# the lock is renewed, and given up, only by the run that holds it
_OWNED = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call({}) end return 0"
_RENEW = _OWNED.format("'pexpire', KEYS[1], ARGV[2]")
_RELEASE = _OWNED.format("'del', KEYS[1]")
_ADVICE = "check DIPLOMACY_REDIS_URL and that the server is running"
# KEYS: articles, aliases, skipped, the article's bands-of set, band-order, then its new
# band sets; ARGV: canonical URL, stored JSON, URL, number of aliases, the aliases.  The
# article's old band sets are read from bands-of (keys not declared: one server, no cluster).
_REMEMBER = """
local canonical = ARGV[1]
redis.call('HSET', KEYS[1], canonical, ARGV[2])
for i = 1, tonumber(ARGV[4]) do redis.call('HSET', KEYS[2], ARGV[4 + i], canonical) end
for _, old in ipairs(redis.call('SMEMBERS', KEYS[4])) do redis.call('ZREM', old, canonical) end
redis.call('DEL', KEYS[4])
local order = redis.call('INCR', KEYS[5])
for i = 6, #KEYS do
  redis.call('ZADD', KEYS[i], order, canonical)
  redis.call('SADD', KEYS[4], KEYS[i])
end
redis.call('HDEL', KEYS[3], ARGV[3])
return 1
"""
LOG = logging.getLogger(__name__)


class RedisState:
    """The state on the Redis server at ``url`` (``redis://HOST:PORT/DB``); the interface
    of :class:`crawler.state.CrawlState`."""

    def __init__(
        self,
        url: str,
        threshold: float,
        report: Callable[[redis.RedisError], None] | None = None,
        namespace: str = NAMESPACE,
    ) -> None:
        self.path = masked(url)  # what messages name the store by
        self.owner = self.path  # what a run's lock file names as its crawl state
        self.threshold = threshold
        self.report = report
        self.writable = True
        self.prefix = namespace + ":"
        try:
            self.db = redis.Redis.from_url(url, decode_responses=True)
            self.db.ping()
        except (redis.RedisError, ValueError) as error:
            raise StateError(f"crawl state {url} cannot be reached ({error}): {_ADVICE}") from None
        self._remember = self.db.register_script(_REMEMBER)

    def run_lock(self, holder: str) -> RunLock:
        """The lock that keeps a second run off this state while this one runs."""
        return RunLock(self.db, self.key("run-lock"), f"{holder} {uuid.uuid4()}", self.path)

    def key(self, name: str) -> str:
        return self.prefix + name

    def close(self) -> None:
        self.db.close()

    def gone(self) -> bool:
        """A server's database does not vanish as a file's folder can."""
        return False

    def _write(self, change: Callable[[Pipeline], object]) -> bool:
        """One change in one transaction; whether it was made."""
        if not self.writable:
            return False
        try:
            with self.db.pipeline(transaction=True) as pipe:
                change(pipe)
                pipe.execute()
        except redis.RedisError as error:
            if self.report is None:
                raise
            self.writable = False
            self.report(error)
            return False
        return True

    def canonical_of(self, url: str) -> str:
        """The canonical URL an alias leads to (following a few hops of aliases)."""
        return follow_aliases(url, self._alias_target)

    def _alias_target(self, url: str) -> str | None:
        found = self.db.hget(self.key("aliases"), url)
        return None if found is None else str(found)

    def article(self, canonical_url: str) -> Stored | None:
        found = self.db.hget(self.key("articles"), canonical_url)
        if found is None:
            return None
        _, content_hash, minhash, lastmod, fetched_at = json.loads(str(found))
        return Stored(canonical_url, content_hash, minhash, lastmod, fetched_at)

    def should_fetch(self, url: str, changed: str | None = None) -> bool:
        """Whether a link must be downloaded (as :meth:`CrawlState.should_fetch`)."""
        stored = self.article(self.canonical_of(url))
        if stored is not None:
            return changed_since(changed, stored.lastmod, stored.fetched_at)
        found = self.db.hget(self.key("skipped"), url)
        return found is None or changed_since(changed, *json.loads(str(found)))

    def add_aliases(self, urls: Iterable[str], canonical_url: str) -> None:
        aliases: dict[FieldT, EncodableT] = {u: canonical_url for u in urls if u != canonical_url}
        if aliases:
            self._write(lambda pipe: pipe.hset(self.key("aliases"), mapping=aliases))

    def near_duplicate_of(self, record: Record) -> str | None:
        """The earliest stored article (other than this one) whose body is near-identical,
        among the first ``MAX_CANDIDATES`` band matches in the order they were stored."""
        rows: list[tuple[float, str]] = []
        with self.db.pipeline(transaction=False) as pipe:
            for key in band_keys(record["minhash"], self.threshold):
                pipe.zrange(self.key(f"band:{key}"), 0, MAX_CANDIDATES, withscores=True)
            for members in pipe.execute():
                rows += [(order, url) for url, order in members if url != record["canonical_url"]]
        candidates = (url for _, url in sorted(rows)[:MAX_CANDIDATES])
        return first_similar(record, candidates, self.article, self.threshold)

    def remember(self, record: Record, aliases: Iterable[str], lastmod: str | None) -> bool:
        """A record written: store it, its URLs and its bands, in one script (so that
        another process storing the same article at once leaves no band of either)."""
        canonical = record["canonical_url"]
        stored = [record["url"], record["content_hash"], record["minhash"], lastmod]
        urls = [url for url in dict.fromkeys([record["url"], *aliases]) if url != canonical]
        bands = [self.key(f"band:{key}") for key in band_keys(record["minhash"], self.threshold)]
        names = ["articles", "aliases", "skipped", f"bands-of:{canonical}", "band-order"]
        keys = [*map(self.key, names), *bands]
        article = json.dumps([*stored, record["fetched_at"]])
        args: list[EncodableT] = [canonical, article, record["url"], len(urls), *urls]
        return self._write(lambda pipe: self._remember(keys=keys, args=args, client=pipe))

    def touch(self, canonical_url: str, lastmod: str | None, fetched_at: str) -> None:
        """An article fetched again and found unchanged: its dates move on."""
        found = self.db.hget(self.key("articles"), canonical_url)
        if found is None:
            return
        url, content_hash, minhash, _, _ = json.loads(str(found))
        value = json.dumps([url, content_hash, minhash, lastmod, fetched_at])
        self._write(lambda pipe: pipe.hset(self.key("articles"), canonical_url, value))

    def remember_skipped(self, url: str, lastmod: str | None, fetched_at: str) -> None:
        """An article page that gave no record for a content reason."""
        value = json.dumps([lastmod, fetched_at])
        self._write(lambda pipe: pipe.hset(self.key("skipped"), url, value))

    def written_count(self) -> int:
        return int(self.db.hlen(self.key("articles")))


class RunLock:
    """ "This run is alone on the state": a key set if absent, with a lease of
    :data:`LEASE_MS` that a thread renews every :data:`RENEW_SECONDS`; a run killed with
    SIGKILL holds it for at most the lease."""

    def __init__(self, db: redis.Redis, key: str, token: str, location: str) -> None:
        self.db, self.key, self.token = db, key, token
        if not db.set(key, token, nx=True, px=LEASE_MS):
            holder = str(db.get(key) or "").rsplit(" ", 1)[0]
            raise StateError(f"another run is using the crawl state ({location}): {holder}")
        self.renew = db.register_script(_RENEW)
        self.release = db.register_script(_RELEASE)
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._keep, name="state-lock", daemon=True)
        self.thread.start()

    def _keep(self) -> None:
        while not self.stopped.wait(RENEW_SECONDS):
            try:
                if not self.renew(keys=[self.key], args=[self.token, LEASE_MS]):
                    LOG.error("the crawl state's run lock was lost (its lease ran out)")
            except redis.RedisError as error:
                LOG.error("cannot renew the crawl state's run lock: %s", error)

    def close(self) -> None:
        self.stopped.set()
        self.thread.join()
        try:
            self.release(keys=[self.key], args=[self.token])
        except redis.RedisError as error:  # its lease runs out by itself
            LOG.error("cannot give up the crawl state's run lock: %s", error)


def masked(url: str) -> str:
    """A Redis URL as messages show it: without its password.

    >>> masked("redis://:secret@10.0.0.5:6379/0"), masked("redis://127.0.0.1:6379/2")
    ('redis://:***@10.0.0.5:6379/0', 'redis://127.0.0.1:6379/2')
    """
    parts = urlsplit(url)
    if not parts.password:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(parts.password, "***", 1)))
