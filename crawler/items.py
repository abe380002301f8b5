"""What the spider hands to the pipelines: one fetched article page, what its cleaning made
of it, and its raw form."""

from __future__ import annotations

from dataclasses import dataclass

from scrapy.http import TextResponse

from cleaners.archives.archive import Fetched
from cleaners.record import Failure, Record

# request meta: the id of the request's lease in the shared queue (crawler/leases.py)
LEASE = "diplomacy_lease"


@dataclass
class PageItem:
    """An article page as fetched and cleaned.

    ``result`` is its record, or why it has none, as a cleaning worker made it of the body
    decoded by :func:`cleaners.archives.decoding.decode_html` (so that re-cleaning the
    archived response gives the same record); ``raw`` is what goes into the run's WARC;
    ``aliases`` are other URLs that led here (redirects, copies); ``lastmod`` is the date
    its sitemap or feed gave, if any.
    """

    url: str
    result: Record | Failure
    fetched_at: str
    source: str
    raw: Fetched | None = None
    aliases: tuple[str, ...] = ()
    lastmod: str | None = None
    lease: str | None = None  # its request's in the shared queue (crawler/sharedqueue.py)


def page_item(
    response: TextResponse,
    source: str,
    aliases: tuple[str, ...],
    fetched_at: str,
    result: Record | Failure,
) -> PageItem:
    """The article page for the pipelines, with what its cleaning made of it."""
    raw = Fetched(
        response.url, fetched_at, response.status, response.headers.to_tuple_list(),
        response.body, response.request.headers.to_tuple_list() if response.request else [],
    )  # fmt: skip
    return PageItem(response.url, result, fetched_at, source, raw, aliases,
                    response.meta.get("lastmod"))  # fmt: skip
