"""Scrapy's own cost per page: a spider that fetches every page of a sitemap and parses
nothing, run with ``scrapy runspider`` outside the project (none of its settings,
middlewares or pipelines)."""

from __future__ import annotations

import resource
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scrapy.http import Response
from scrapy.spiders import SitemapSpider


class FetchOnly(SitemapSpider):
    """Every page a sitemap lists, fetched; a one-field item each, written as JSON Lines."""

    name = "fetch-only"

    def __init__(self, sitemap: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.sitemap_urls = [sitemap]

    def parse(self, response: Response, **kwargs: Any) -> Iterator[dict[str, int]]:
        yield {"bytes": len(response.body)}


def fetch_only_cpu(sitemap: str, workdir: Path) -> float:
    """Milliseconds of CPU per page that Scrapy alone takes to fetch the sitemap's pages,
    as many at a time as the benchmark's crawl fetches them."""
    output = workdir / "fetch-only.jsonl"
    settings = ("DOWNLOAD_DELAY=0", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "LOG_LEVEL=WARNING")
    command = [sys.executable, "-m", "scrapy", "runspider", __file__, "-a", f"sitemap={sitemap}"]
    command += ["-O", str(output), *(part for setting in settings for part in ("-s", setting))]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, cwd=workdir, check=True, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    pages = sum(1 for _ in output.open(encoding="utf-8"))
    return 1000 * seconds / max(pages, 1)
