"""Pages that give no record: logged with their URL and reason, counted in the crawl stats."""

from __future__ import annotations

import logging

from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.statscollectors import StatsCollector

LOG = logging.getLogger("crawler.skips")
STATS_PREFIX = "diplomacy/skipped/"


def count_skip(stats: StatsCollector | None, url: str, reason: str) -> None:
    """Log why ``url`` gives no record and count the reason in the stats."""
    LOG.info("skipped %s: %s", url, reason)
    if stats is not None:
        stats.inc_value(STATS_PREFIX + reason)


def skip_counts(stats: dict[str, object]) -> dict[str, int]:
    """The skip reasons of a finished crawl's stats, with their counts."""
    return {
        key[len(STATS_PREFIX) :]: int(value)  # type: ignore[call-overload]
        for key, value in stats.items()
        if key.startswith(STATS_PREFIX)
    }


def download_failure(error: BaseException) -> str:
    """The skip reason for a download that gave no page: one reason per kind of failure
    (crawl stats count skips by reason), never a message with the page's own numbers.

    >>> download_failure(IgnoreRequest("Forbidden by robots.txt"))
    'ignored: Forbidden by robots.txt'
    """
    if isinstance(error, HttpError):
        return f"HTTP {error.response.status}"
    if "DOWNLOAD_MAXSIZE" in str(error) or isinstance(error, DownloadCancelledError):
        # over the cap by its Content-Length, while downloading, or while decompressing
        return "too large: over DOWNLOAD_MAXSIZE"
    if type(error) is IgnoreRequest:
        return f"ignored: {error}"
    return f"download failed: {type(error).__name__}"
