"""The feed storage for local files: every record line reaches the file as it is exported.

Scrapy's file storage writes through Python's buffer, so a crawl killed with SIGKILL
loses the records still in it, while the crawl state already counts them as written.
Here the file is unbuffered: the JSON Lines exporter writes each record with one
``write`` call, so a killed process leaves only whole lines, and a line is in the file
before the crawl state remembers its article (see :mod:`crawler.run`).
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from scrapy import Spider
from scrapy.extensions.feedexport import FileFeedStorage


class UnbufferedFileFeedStorage(FileFeedStorage):
    def open(self, spider: Spider) -> IO[bytes]:
        path = Path(self.path)
        path.parent.mkdir(parents=True, exist_ok=True)
        return path.open(self.write_mode, buffering=0)
