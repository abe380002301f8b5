"""The feed storage for local files: every record line reaches the file whole, or not at all.

Scrapy's file storage writes through Python's buffer, so a crawl killed with SIGKILL
loses the records still in it, while the crawl state already counts them as written; and
a full disk leaves half a line, then one traceback per page.  Here the file is a
:class:`crawler.outputs.AppendFile`: the JSON Lines exporter writes each record with one
``write`` call, which lands whole (so a killed process leaves only whole lines) or fails
for the run, once; the line is in the file before the crawl state remembers its article,
and is cut off again when the article cannot be archived or remembered (see
:mod:`crawler.run`).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any, Self, cast

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.extensions.feedexport import FileFeedStorage

from crawler.run import run_for


class UnbufferedFileFeedStorage(FileFeedStorage):
    crawler: Crawler

    @classmethod
    def from_crawler(
        cls, crawler: Crawler, uri: str, *, feed_options: dict[str, Any] | None = None
    ) -> Self:
        storage = cls(uri, feed_options=feed_options)
        storage.crawler = crawler
        return storage

    def open(self, spider: Spider) -> IO[bytes]:
        run = run_for(self.crawler)
        file = run.output(Path(self.path), "records", truncate=self.write_mode == "wb")
        run.records.append(file)
        return cast(IO[bytes], file)
