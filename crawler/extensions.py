"""The crawl's own extensions found by their class; a crawl's stats as a JSON file, for
the demo summary and for tests."""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TypeVar

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.outputs import error_text

LOG = logging.getLogger(__name__)
E = TypeVar("E")


def enabled_extension(crawler: Crawler, kind: type[E]) -> E:
    """The crawl's extension of class ``kind`` (LookupError when it is not enabled)."""
    assert crawler.extensions is not None
    for extension in crawler.extensions.middlewares:
        if isinstance(extension, kind):
            return extension
    raise LookupError(f"the {kind.__module__}.{kind.__qualname__} extension is not enabled")


class StatsFile:
    """Write the final crawl stats to ``DIPLOMACY_STATS_FILE`` when the spider closes."""

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.crawler = crawler
        self.path = path

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StatsFile:
        path = crawler.settings.get("DIPLOMACY_STATS_FILE")
        if not path:
            raise NotConfigured
        extension = cls(crawler, Path(path))
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        assert self.crawler.stats is not None
        stats = {key: str(value) if not isinstance(value, int | float) else value
                 for key, value in self.crawler.stats.get_stats().items()}  # fmt: skip
        stats["finish_reason"] = reason
        partial = self.path.with_name(self.path.name + ".partial")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial.write_text(json.dumps(stats, indent=2, sort_keys=True) + "\n", "utf-8")
            partial.replace(self.path)
        except OSError as error:
            # the last file of the run: one line, and the run fails (exit 1)
            message = f"cannot write the stats file {self.path}: {error_text(error)}"
            LOG.error("%s", message)
            self.crawler.stats.set_value("diplomacy/failed", message)
            if partial.is_file():
                partial.unlink()
