"""The crawl state's interface, what a run asks of it whichever store keeps it, and the
one setting that picks the store: ``DIPLOMACY_REDIS_URL`` (Redis) or else
``DIPLOMACY_STATE`` (an SQLite file, the default)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, TYPE_CHECKING, Protocol

from scrapy.settings import BaseSettings

from cleaners.record import Record
from crawler.articles import Claim, StateError, Stored
from crawler.recovery import try_lock
from crawler.state import CrawlState

if TYPE_CHECKING:
    from crawler.sharedrun import SharedRun


class StateStore(Protocol):
    """What a run asks of its crawl state: :class:`CrawlState` (SQLite, the default) and
    :class:`crawler.redisstate.RedisState` (``DIPLOMACY_REDIS_URL``) both answer it."""

    writable: bool
    owner: str
    shared: SharedRun | None  # the run this process shares with others (Redis only)

    @property
    def path(self) -> Path | str: ...

    def close(self) -> None: ...

    def gone(self) -> bool: ...

    def canonical_of(self, url: str) -> str: ...

    def article(self, canonical_url: str) -> Stored | None: ...

    def should_fetch(self, url: str, changed: str | None = None) -> bool: ...

    def add_aliases(self, urls: Iterable[str], canonical_url: str) -> None: ...

    def near_duplicate_of(self, record: Record) -> str | None: ...

    def claim(self, record: Record) -> Claim: ...

    def forsake(self, member: str) -> list[str]: ...

    def remember(self, record: Record, aliases: Iterable[str], lastmod: str | None) -> bool: ...

    def touch(self, canonical_url: str, lastmod: str | None, fetched_at: str) -> None: ...

    def remember_skipped(self, url: str, lastmod: str | None, fetched_at: str) -> None: ...

    def written_count(self) -> int: ...


class Lock(Protocol):
    """A run's hold on its state, given up by ``close``."""

    def close(self) -> None: ...


Report = Callable[[Exception], None]


def open_state(settings: BaseSettings, holder: str, report: Report) -> tuple[StateStore, Lock]:
    """The run's crawl state and its lock on it (on Redis: its place in the shared run,
    as the member ``holder``); ``report`` is told of the first write the
    store refuses (see :class:`crawler.state.CrawlState`)."""
    threshold = settings.getfloat("DIPLOMACY_NEAR_DUPLICATE_THRESHOLD")
    url = settings.get("DIPLOMACY_REDIS_URL")
    if url:
        from crawler.redisstate import RedisState  # redis: only for a run that asks for it

        shared = RedisState(url, threshold, report)
        lease_ms = int(settings.getfloat("DIPLOMACY_REDIS_LEASE_SECONDS") * 1000)
        return shared, shared.join(holder, lease_ms)
    path = Path(settings["DIPLOMACY_STATE"])
    lock = hold_lock(path.with_name(path.name + ".lock"))
    return CrawlState(path, threshold, report), lock


def hold_lock(path: Path) -> IO[str]:
    """An exclusive lock on the crawl state for the whole run: two runs at once (a slow run
    overlapping the next scheduled one) would fetch and write the same articles."""
    handle = try_lock(path)
    if handle is None:
        raise StateError(f"another run is using the crawl state ({path})")
    return handle
