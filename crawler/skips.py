"""Pages that give no record: logged with their URL and reason, counted in the crawl stats."""

from __future__ import annotations

import logging

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
