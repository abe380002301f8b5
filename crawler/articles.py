"""What both crawl-state stores know of an article, and the questions they answer alike:
the article as stored, its aliases, whether its source says it changed, its near
duplicate among candidates, a claim on it; and the error that stops a run's state."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import NamedTuple

from cleaners.cleaning.neardup import similarity
from cleaners.record import Record
from crawler.discovery import parse_time

MAX_CANDIDATES = 200  # band matches compared for a near duplicate, the earliest stored


@dataclass(frozen=True)
class Stored:
    """An article as an earlier run wrote it."""

    canonical_url: str
    content_hash: str
    minhash: str
    lastmod: str | None
    fetched_at: str


def follow_aliases(url: str, target: Callable[[str], str | None]) -> str:
    """The canonical URL an alias leads to, ``target`` giving each alias's (a few hops).

    >>> follow_aliases("a", {"a": "b", "b": "c"}.get), follow_aliases("x", {}.get)
    ('c', 'x')
    """
    for _ in range(5):
        found = target(url)
        if found is None or found == url:
            break
        url = found
    return url


def changed_since(changed: str | None, lastmod: str | None, fetched_at: str | None) -> bool:
    """Whether a sitemap or feed date ``changed`` is newer than what the store knows of a
    page (its ``lastmod``, else when it was fetched).  A date without a time of day says
    only which day: it is compared by day (a sitemap's ``2024-03-12`` and a feed's
    ``Tue, 12 Mar 2024 09:30:00 +0000`` are one date, whichever a run saw first).

    >>> changed_since("2024-03-02", "2024-03-01", None), changed_since(None, "2024-03-01", None)
    (True, False)
    >>> changed_since("Tue, 12 Mar 2024 09:30:00 +0000", "2024-03-12", None)
    False
    """
    known_text = lastmod if parse_time(lastmod) else fetched_at
    known, moment = parse_time(known_text), parse_time(changed)
    if moment is None or known is None:
        return False
    if ":" not in (changed or "") or ":" not in (known_text or ""):
        return moment.date() > known.date()  # both in UTC
    return moment > known


def first_similar(
    record: Record,
    candidates: Iterable[str],
    article: Callable[[str], Stored | None],
    threshold: float,
) -> str | None:
    """The first stored candidate (in the order given, each once) whose signature is at
    least ``threshold`` similar to the record's."""
    for canonical_url in dict.fromkeys(candidates):
        stored = article(canonical_url)
        if stored and similarity(record["minhash"], stored.minhash) >= threshold:
            return canonical_url
    return None


class StateError(RuntimeError):
    """The crawl state cannot be used: the run stops before it fetches anything."""


class Claim(NamedTuple):
    """What a store says of a record about to be written: another crawl process's name
    (``taken_by``) when that process writes the article, else its near duplicate, if any."""

    taken_by: str | None
    near_duplicate_of: str | None
