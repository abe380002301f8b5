"""What earlier runs wrote: an SQLite store of articles, their URLs and their signatures.

A scheduled crawl re-reads feeds, sitemaps and section pages every run, but fetches an
article again only when it has never been written or when its sitemap ``lastmod`` (or its
feed date) is newer than what the store knows.  The store also keeps the bands of every
article's MinHash signature, so that wire copy written in an earlier run (or earlier in
this one) is found without comparing a body with every stored one.

Tables:

- ``articles``: one row per canonical URL written: content hash, signature, the
  ``lastmod`` its sitemap or feed gave when it was fetched, and when it was fetched;
- ``aliases``: every URL known to lead to an article (the final URL, redirects,
  print and AMP copies) and the article's canonical URL;
- ``skipped``: article pages that gave no record for a content reason, with when;
- ``bands``: the band keys of each article's signature.

The store is checked when it is opened (:func:`open_checked`): an existing file that is
empty (truncated), is no SQLite database, fails SQLite's check or has no ``articles``
table is refused with a :class:`StateError`, since reading it as an empty store would
write every article again.  A new store is made whole under another name, then renamed,
so that a run killed while making it leaves no empty file behind.

A write the store refuses (a full disk: "database or disk is full", a read-only or failing
disk) is rolled back whole; with a ``report`` the store then reports it and takes no more
writes (the run stops, :mod:`crawler.outputs`), without one it raises.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from crawler.sharedrun import SharedRun

SQLITE_HEADER = b"SQLite format 3\x00"
# what to do about a damaged store, said in every refusal
_ADVICE = "move it away to start a new state (every article is then written again)"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    canonical_url TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    minhash TEXT NOT NULL,
    lastmod TEXT,
    fetched_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS aliases (url TEXT PRIMARY KEY, canonical_url TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS skipped (url TEXT PRIMARY KEY, lastmod TEXT, fetched_at TEXT);
CREATE TABLE IF NOT EXISTS bands (key TEXT NOT NULL, canonical_url TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS bands_by_key ON bands (key);
CREATE INDEX IF NOT EXISTS bands_by_article ON bands (canonical_url);
"""


def _checked(db: sqlite3.Connection, path: Path) -> None:
    """Refuse a store that SQLite finds damaged or that is not a crawl state."""
    try:
        problems = [str(row[0]) for row in db.execute("PRAGMA quick_check")]
        tables = {str(row[0]) for row in db.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise StateError(f"crawl state {path} is damaged ({error}): {_ADVICE}") from None
    if problems != ["ok"]:
        raise StateError(f"crawl state {path} is damaged ({problems[0]}): {_ADVICE}")
    if "articles" not in tables:
        raise StateError(f"crawl state {path} has no articles table: {_ADVICE}")


def _created(path: Path) -> None:
    """A new, empty store at ``path``, made under another name and renamed."""
    partial = path.with_name(path.name + ".new")
    partial.unlink(missing_ok=True)
    db = sqlite3.connect(partial, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.executescript(_SCHEMA)
    db.close()
    partial.replace(path)


def open_checked(path: Path) -> sqlite3.Connection:
    """The store at ``path`` (made if there is none), checked before it is used."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        _created(path)
    with path.open("rb") as stream:
        header = stream.read(len(SQLITE_HEADER))
    if not header:
        raise StateError(f"crawl state {path} is empty (0 bytes, truncated?): {_ADVICE}")
    if header != SQLITE_HEADER:
        raise StateError(f"crawl state {path} is not an SQLite database: {_ADVICE}")
    db = sqlite3.connect(path, isolation_level=None)  # autocommit: each write lands
    try:
        _checked(db, path)
        db.execute("PRAGMA journal_mode=WAL")
        # WAL with NORMAL sync: a commit survives the process being killed (what the crash
        # tests check), not a power cut, and costs no fsync per record
        db.execute("PRAGMA synchronous=NORMAL")
        db.executescript(_SCHEMA)  # the tables a store made by an earlier version lacks
    except StateError:
        db.close()
        raise
    return db


class CrawlState:
    """The store, opened for one run (one connection, used from the crawl's event loop);
    ``report`` is told of the first write the store refuses."""

    def __init__(
        self, path: Path, threshold: float, report: Callable[[sqlite3.Error], None] | None = None
    ) -> None:
        self.path = path
        self.owner = str(path.resolve())  # what a run's lock file names as its crawl state
        self.threshold = threshold
        self.report = report
        self.writable = True  # False after a refused write, or when the run stops writing
        self.shared: SharedRun | None = None  # one process at a time: no shared run
        self.db = open_checked(path)
        info = os.stat(path)
        self.identity = (info.st_dev, info.st_ino)

    def close(self) -> None:
        self.db.close()

    def gone(self) -> bool:
        """Whether the store's path no longer leads to it (its folder removed mid-run)."""
        try:
            info = os.stat(self.path)
        except OSError:
            return True
        return (info.st_dev, info.st_ino) != self.identity

    def _write(self, change: Callable[[], object]) -> bool:
        """One change in one transaction; whether it was made (see the module's doc)."""
        if not self.writable:
            return False
        try:
            with self.db:
                self.db.execute("BEGIN")
                change()
        except sqlite3.Error as error:
            if self.report is None:
                raise
            self.writable = False
            if self.db.in_transaction:  # a COMMIT that failed may leave it open
                self.db.rollback()
            self.report(error)
            return False
        return True

    def canonical_of(self, url: str) -> str:
        """The canonical URL an alias leads to (following a few hops of aliases)."""
        return follow_aliases(url, self._alias_target)

    def _alias_target(self, url: str) -> str | None:
        row = self.db.execute("SELECT canonical_url FROM aliases WHERE url = ?", (url,)).fetchone()
        return None if row is None else str(row[0])

    def article(self, canonical_url: str) -> Stored | None:
        row = self.db.execute(
            "SELECT canonical_url, content_hash, minhash, lastmod, fetched_at"
            " FROM articles WHERE canonical_url = ?",
            (canonical_url,),
        ).fetchone()
        return Stored(*row) if row else None

    def should_fetch(self, url: str, changed: str | None = None) -> bool:
        """Whether a link must be downloaded: never written (nor skipped) before, or its
        sitemap or feed date ``changed`` is newer than the store's date for it."""
        stored = self.article(self.canonical_of(url))
        if stored is not None:
            return changed_since(changed, stored.lastmod, stored.fetched_at)
        row = self.db.execute(
            "SELECT lastmod, fetched_at FROM skipped WHERE url = ?", (url,)
        ).fetchone()
        return row is None or changed_since(changed, row[0], row[1])

    def add_aliases(self, urls: Iterable[str], canonical_url: str) -> None:
        self._write(lambda: self._aliases(urls, canonical_url))

    def _aliases(self, urls: Iterable[str], canonical_url: str) -> None:
        self.db.executemany(
            "INSERT OR REPLACE INTO aliases VALUES (?, ?)",
            [(url, canonical_url) for url in urls if url != canonical_url],
        )

    def claim(self, record: Record) -> Claim:
        """One process writes to this file (the lock): no other claims an article."""
        return Claim(None, self.near_duplicate_of(record))

    def forsake(self, member: str) -> list[str]:
        """No claims are made in this store: none to give up."""
        return []

    def near_duplicate_of(self, record: Record) -> str | None:
        """The earliest stored article (other than this one) whose body is near-identical.

        Candidates share a band of the signature; at most ``MAX_CANDIDATES`` band matches,
        the earliest stored, are compared, so a story copied thousands of times costs no
        more than one copied a hundred times.
        """
        keys = band_keys(record["minhash"], self.threshold)
        marks = ",".join("?" * len(keys))
        rows = self.db.execute(
            f"SELECT canonical_url FROM bands WHERE key IN ({marks}) AND canonical_url != ?"
            " ORDER BY rowid LIMIT ?",
            [*keys, record["canonical_url"], MAX_CANDIDATES],
        ).fetchall()
        candidates = (str(canonical_url) for (canonical_url,) in rows)
        return first_similar(record, candidates, self.article, self.threshold)

    def remember(self, record: Record, aliases: Iterable[str], lastmod: str | None) -> bool:
        """A record written: store it, its URLs and its bands, in one transaction; whether
        it was stored."""
        return self._write(lambda: self._remember(record, aliases, lastmod))

    def _remember(self, record: Record, aliases: Iterable[str], lastmod: str | None) -> None:
        canonical = record["canonical_url"]
        self.db.execute(
            "INSERT OR REPLACE INTO articles VALUES (?, ?, ?, ?, ?, ?)",
            (canonical, record["url"], record["content_hash"], record["minhash"],
             lastmod, record["fetched_at"]),
        )  # fmt: skip
        self._aliases([record["url"], *aliases], canonical)
        self.db.execute("DELETE FROM bands WHERE canonical_url = ?", (canonical,))
        self.db.executemany(
            "INSERT INTO bands VALUES (?, ?)",
            [(key, canonical) for key in band_keys(record["minhash"], self.threshold)],
        )
        self.db.execute("DELETE FROM skipped WHERE url = ?", (record["url"],))

    def touch(self, canonical_url: str, lastmod: str | None, fetched_at: str) -> None:
        """An article fetched again and found unchanged: its dates move on."""
        self._write(
            lambda: self.db.execute(
                "UPDATE articles SET lastmod = ?, fetched_at = ? WHERE canonical_url = ?",
                (lastmod, fetched_at, canonical_url),
            )
        )

    def remember_skipped(self, url: str, lastmod: str | None, fetched_at: str) -> None:
        """An article page that gave no record for a content reason: not fetched again
        until its sitemap or feed says it changed."""
        self._write(
            lambda: self.db.execute(
                "INSERT OR REPLACE INTO skipped VALUES (?, ?, ?)", (url, lastmod, fetched_at)
            )
        )

    def written_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])
