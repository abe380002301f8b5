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

import contextlib
import json
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit, urlunsplit

import redis
from redis.client import Pipeline
from redis.typing import EncodableT, FieldT

from cleaners.cleaning.neardup import band_keys
from cleaners.record import Record
from crawler.articles import (
    MAX_CANDIDATES,
    Claim,
    StateError,
    Stored,
    changed_since,
    first_similar,
    follow_aliases,
)
from crawler.redisscripts import CLAIM, GIVE_UP, REMEMBER
from crawler.sharedrun import LEASE_MS, SharedRun

NAMESPACE = "diplomacy"
_ADVICE = "check DIPLOMACY_REDIS_URL and that the server is running"


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
        self._remember = self.db.register_script(REMEMBER)
        self._claim = self.db.register_script(CLAIM)
        self._give_up = self.db.register_script(GIVE_UP)
        self.shared: SharedRun | None = None

    def join(self, member: str, lease_ms: int = LEASE_MS) -> SharedRun:
        """This process's place in the run under way on this state (or a new run): what
        its article claims are made in (:meth:`claim`)."""
        self.shared = SharedRun(self.db, self.prefix, member, lease_ms)
        return self.shared

    def key(self, name: str) -> str:
        return self.prefix + name

    def close(self) -> None:
        """The run ended (not killed): its claims need no recovery."""
        if self.shared is not None:
            # if refused, kept: a journal only ever gives up claims that were never stored
            with contextlib.suppress(redis.RedisError):
                self.db.delete(self.journal(self.shared.member))
        self.db.close()

    def gone(self) -> bool:
        """A server's database does not vanish as a file's folder can."""
        return False

    def _write(self, change: Callable[[Pipeline], object], *watched: str) -> bool:
        """One change in one transaction; whether it was made.  With ``watched`` keys the
        change reads them first (``pipe.multi()`` starts its writes) and is made again if
        another client changed them meanwhile."""
        if not self.writable:
            return False
        try:
            if watched:

                def made(pipe: Pipeline) -> None:
                    change(pipe)

                self.db.transaction(made, *watched)
            else:
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

    def claim(self, record: Record) -> Claim:
        """The article is this process's to write in the shared run, unless another live
        process of the run claimed it first; and its near duplicate, among the articles
        stored and those claimed (by a process that may not have stored it yet)."""
        if self.shared is None:
            return Claim(None, self.near_duplicate_of(record))
        run, canonical = self.shared, record["canonical_url"]
        bands = [self.key(f"band:{key}") for key in band_keys(record["minhash"], self.threshold)]
        keys = [
            run.key("claims"), run.key("members"), self.journal(run.member), run.key("claimed"),
            self.key(f"bands-of:{canonical}"), self.key("band-order"), *bands,
        ]  # fmt: skip
        article = json.dumps(_stored(record, None))
        args: list[EncodableT] = [canonical, run.member, record["url"], article, MAX_CANDIDATES]
        claimed, found = self._claim(keys=keys, args=args)
        if not claimed:
            return Claim(str(found), None)
        rows = sorted((float(order), url) for order, url in (row.split(" ", 1) for row in found))
        candidates = (url for _, url in rows[:MAX_CANDIDATES])
        return Claim(None, first_similar(record, candidates, self._signed, self.threshold))

    def _signed(self, canonical_url: str) -> Stored | None:
        """A stored article, or one claimed in this run and not stored yet."""
        stored = self.article(canonical_url)
        if stored is None and self.shared is not None:
            found = self.db.hget(self.shared.key("claimed"), canonical_url)
            if found is not None:
                _, content_hash, minhash, lastmod, fetched_at = json.loads(str(found))
                return Stored(canonical_url, content_hash, minhash, lastmod, fetched_at)
        return stored

    def journal(self, member: str) -> str:
        """The articles a process claimed (canonical URL -> URL), for its recovery."""
        return self.key(f"claims-of:{member}")

    def forsake(self, member: str) -> list[str]:
        """A killed process's claims that it never stored given up, so that the run may
        write those articles; the URLs to fetch them again by."""
        journal = self.journal(member)
        claimed = {str(c): str(u) for c, u in self.db.hgetall(journal).items()}
        lost = [canonical for canonical in sorted(claimed) if self.article(canonical) is None]
        if lost and self.shared is not None:
            keys = [self.shared.key("claims"), self.shared.key("claimed")]
            self._give_up(keys=keys, args=[member, *lost])
        self.db.delete(journal)
        return [claimed[canonical] for canonical in lost]

    def remember(self, record: Record, aliases: Iterable[str], lastmod: str | None) -> bool:
        """A record written: store it, its URLs and its bands, in one script (so that
        another process storing the same article at once leaves no band of either)."""
        canonical = record["canonical_url"]
        urls = [url for url in dict.fromkeys([record["url"], *aliases]) if url != canonical]
        bands = [self.key(f"band:{key}") for key in band_keys(record["minhash"], self.threshold)]
        names = ["articles", "aliases", "skipped", f"bands-of:{canonical}", "band-order"]
        keys = [*map(self.key, names), *bands]
        article = json.dumps(_stored(record, lastmod))
        args: list[EncodableT] = [canonical, article, record["url"], len(urls), *urls]
        return self._write(lambda pipe: self._remember(keys=keys, args=args, client=pipe))

    def touch(self, canonical_url: str, lastmod: str | None, fetched_at: str) -> None:
        """An article fetched again and found unchanged: its dates move on (read and
        written in one optimistic transaction: another process storing a new version of it
        meanwhile is not overwritten with the old one)."""
        articles = self.key("articles")

        def move_on(pipe: Pipeline) -> None:
            found = pipe.hget(articles, canonical_url)
            if found is None:
                return
            url, content_hash, minhash, _, _ = json.loads(str(found))
            pipe.multi()
            pipe.hset(
                articles,
                canonical_url,
                json.dumps([url, content_hash, minhash, lastmod, fetched_at]),
            )

        self._write(move_on, articles)

    def remember_skipped(self, url: str, lastmod: str | None, fetched_at: str) -> None:
        """An article page that gave no record for a content reason."""
        value = json.dumps([lastmod, fetched_at])
        self._write(lambda pipe: pipe.hset(self.key("skipped"), url, value))

    def written_count(self) -> int:
        return int(self.db.hlen(self.key("articles")))


def _stored(record: Record, lastmod: str | None) -> list[str | None]:
    """What ``articles`` holds of a record (JSON)."""
    return [record["url"], record["content_hash"], record["minhash"], lastmod, record["fetched_at"]]


def masked(url: str) -> str:
    """A Redis URL as messages show it: without its password.

    >>> masked("redis://:secret@10.0.0.5:6379/0"), masked("redis://127.0.0.1:6379/2")
    ('redis://:***@10.0.0.5:6379/0', 'redis://127.0.0.1:6379/2')
    """
    parts = urlsplit(url)
    if not parts.password:
        return url
    return urlunsplit(parts._replace(netloc=parts.netloc.replace(parts.password, "***", 1)))
