"""One run of the crawl: its files, its skips, and what it leaves for the next run.

A run writes, next to its records (``<prefix>.jsonl``, a feed export):

- ``<prefix>.warc.gz``: the raw pages that became records or were skipped for a content
  reason (:mod:`cleaners.archives.archive`), so that they can be cleaned again;
- ``<prefix>.skipped.jsonl``: one line per page that gave no record, with its reason;
- ``<prefix>.manifest.json``: start, end, finish reason, counts by outcome, and each
  output file with its size and sha256, written last: a run without a manifest did not
  end (see :mod:`crawler.manifest`);
- ``<prefix>.queue/``: its request queue while it runs (:mod:`crawler.scheduler`).

and it updates the crawl state (:mod:`crawler.state`) after each record is exported, so
that the next scheduled run fetches only what is new or changed.

A record is kept only whole: its line written, its page archived and its article in the
state; else what was written of it is cut off again, and the next run fetches it.  The first
failure to write any of the run's files or the state (a full disk, a read-only or failing
disk, a file removed mid-run) is logged as one error line for its kind of file, stops all
the run's writing and ends the crawl (finish reason ``write_failed``): the run has failed
and exits 1 (:mod:`crawler.outputs`).
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from cleaners.archives.archive import ArchiveWriter
from cleaners.record import Record, format_timestamp
from crawler.discovery import parse_time
from crawler.extensions import enabled_extension
from crawler.items import PageItem
from crawler.manifest import (
    ARCHIVE,
    MANIFEST,
    NOT_REFETCHED,
    SKIPPED,
    WRITE_FAILED,
    member_name,
    output_files,
    reserve_room,
    run_failure,
    run_file,
    write_manifest,
)
from crawler.outputs import AppendFile, deleted, error_text
from crawler.recovery import hold_run_lock, killed_runs, recover, release_run_lock
from crawler.skips import count_skip
from crawler.store import open_state

if TYPE_CHECKING:
    from crawler.sharedqueue import SharedScheduler

LOG = logging.getLogger(__name__)
# the finish reason of a crawl stopped by a failure to write
STOPPED = "write_failed"
Details = Mapping[str, object] | None  # more about a skip: an off-topic page's score


class Run:
    """The run's bookkeeping (a Scrapy extension; the spider and pipelines find it with
    :func:`run_for`)."""

    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        prefix = settings.get("DIPLOMACY_RUN_PREFIX")
        if not prefix:
            raise NotConfigured("DIPLOMACY_RUN_PREFIX is set by the diplomacy spider")
        self.crawler = crawler
        self.prefix = Path(prefix)
        self.name = str(self.prefix)  # marks the requests this run checked (middlewares.py)
        self.started = format_timestamp(datetime.now(UTC))
        self.reason = "unknown"
        self.counts: Counter[str] = Counter()
        self.pending: dict[str, PageItem] = {}
        # the dates sitemaps and feeds gave for links, whichever way a page was reached
        self.lastmods: dict[str, str] = {}
        self.write_failures: dict[str, str] = {}  # kind of file -> the error logged
        self.crawling = False
        self.files: list[AppendFile] = []
        self.records: list[AppendFile] = []  # the local feeds (crawler.feeds)
        self.member = member_name(self.prefix)
        self.queue: SharedScheduler | None = None  # the shared queue (crawler/sharedqueue.py)
        self.refetch: list[str] = []  # what a killed process of the shared run never wrote
        self.state, self.lock = open_state(
            settings, self.member,
            lambda error: self.write_failed("the crawl state", self.state.path, error),
        )  # fmt: skip
        self.run_lock = hold_run_lock(self.prefix, self.state.owner)
        self.manifest_room = reserve_room(run_file(self.prefix, MANIFEST))
        for killed in killed_runs(self.prefix.parent, self.prefix, self.state.owner):
            recover(killed, self.state)
            if lost := self.state.forsake(member_name(killed)):
                LOG.warning(
                    "%s claimed %d articles it never wrote: queued again", killed, len(lost)
                )
                self.refetch += lost
            if not self.writing:
                break
        self.skipped = self.output(run_file(self.prefix, SKIPPED), "skipped pages")
        self.archive_file: AppendFile | None = None
        self.archive: ArchiveWriter | None = None
        if settings.getbool("DIPLOMACY_ARCHIVE"):
            self.archive_file = self.output(run_file(self.prefix, ARCHIVE), "the archive")
            self.archive = ArchiveWriter(
                self.archive_file.path, settings.getint("DIPLOMACY_MIN_WORDS"),
                cast(BinaryIO, self.archive_file),
            )  # fmt: skip
            self.archive_file.commit()  # its warcinfo record

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Run:
        run = cls(crawler)
        crawler.signals.connect(run.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(run.item_error, signal=signals.item_error)
        crawler.signals.connect(run.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(run.engine_started, signal=signals.engine_started)
        crawler.signals.connect(run.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(run.engine_stopped, signal=signals.engine_stopped)
        return run

    def note_lastmod(self, url: str, date: str) -> None:
        """A sitemap or feed date for a link: the newest one a run sees is the one stored."""
        moment = parse_time(date)
        if moment is not None and (
            url not in self.lastmods or moment > (parse_time(self.lastmods[url]) or moment)
        ):
            self.lastmods[url] = date

    def lastmod_of(self, item: PageItem) -> str | None:
        """The newest sitemap or feed date seen for a page in this run, else its request's."""
        return self.lastmods.get(item.url) or item.lastmod

    def not_refetched(self) -> None:
        """A link to a stored, unchanged article, not fetched again."""
        self.crawler.stats.inc_value(NOT_REFETCHED)

    def skip(
        self, url: str, reason: str, original: str | None = None, details: Details = None
    ) -> None:
        """A page that gives no record: logged, counted, and listed in the skipped file
        (with the canonical URL of the ``original`` record, for a copy; and ``details``,
        an off-topic page's score)."""
        count_skip(self.crawler.stats, url, reason)
        now = format_timestamp(datetime.now(UTC))
        line: dict[str, object] = {"reason": reason, "time": now, "url": url, **(details or {})}
        if original:
            line["original"] = original
        self.skipped.write(json.dumps(line, ensure_ascii=False, sort_keys=True).encode() + b"\n")
        self.skipped.commit()

    def page_skipped(self, item: PageItem, reason: str, details: Details = None) -> None:
        """An article page that gave no record for a content reason: archived (so that
        re-cleaning may make a record of it, an off-topic page's at a lower minimum score)
        and remembered, so that it is fetched again only when its source says it changed."""
        self.pending.pop(item.url, None)
        self.skip(item.url, reason, details=details)
        if self.archive is not None and item.raw is not None:
            outcome = {"outcome": "skipped", "reason": reason, **(details or {})}
            self.archive.write(item.raw, outcome)
        if self.writing:
            self.state.remember_skipped(item.url, self.lastmod_of(item), item.fetched_at)
        self.settle([self.archive_file])
        self.done(item.lease)

    def copy_skipped(self, record: Record, reason: str, original: str) -> None:
        """A record not written because ``original`` already holds its article."""
        item = self.pending.pop(record["url"], None)
        self.skip(record["url"], reason, original)
        self.state.add_aliases([record["url"], *(item.aliases if item else ())], original)
        self.done(item.lease if item else None)

    def item_scraped(self, item: Any) -> None:
        """A record exported: archive its page, then remember it in the crawl state; kept
        only if all three were written, else cut off again (see the module's doc)."""
        record: Record = item
        page = self.pending.pop(record["url"], None)
        if self.writing and self.archive is not None and page and page.raw is not None:
            outcome = {"outcome": "record", "duplicate_of": record["duplicate_of"]}
            self.archive.write(page.raw, outcome)
        if self.writing:
            lastmod = self.lastmod_of(page) if page else self.lastmods.get(record["url"])
            self.state.remember(record, page.aliases if page else (), lastmod)
        if self.settle([*self.records, self.archive_file]):
            self.counts["records"] += 1
            if record["duplicate_of"]:
                self.counts["near_duplicates"] += 1
        self.done(page.lease if page else None)

    def done(self, lease: str | None) -> None:
        """A page's outcome written (its record, its skip, the requests it led to): the
        lease on its request in the shared queue is given up.  Not once a write failed:
        another process of the run fetches it again."""
        if lease is not None and self.queue is not None and self.writing:
            self.queue.ack(lease)

    def settle(self, files: list[AppendFile | None]) -> bool:
        """What was written of one page kept in ``files``, or cut off after a failure."""
        for file in files:
            if file is not None and self.writing:
                file.commit()
            elif file is not None:
                file.rollback()
        return self.writing

    def output(self, path: Path, kind: str, *, truncate: bool = False) -> AppendFile:
        """One of the run's files (the local feeds are opened by crawler.feeds)."""
        file = AppendFile(path, kind, self.write_failed, truncate=truncate)
        self.files.append(file)
        if not self.writing:
            file.stop()
        return file

    @property
    def writing(self) -> bool:
        """Whether the run still writes: no write has failed."""
        return not self.write_failures

    def write_failed(self, kind: str, path: Path | str, error: BaseException) -> None:
        """A file or the state that could not be written: one error line for its kind,
        and the run writes nothing more and stops."""
        if kind in self.write_failures:
            return
        message = f"cannot write {kind} to {path}: {error_text(error)}"
        self.write_failures[kind] = message
        LOG.error("%s", message)
        assert self.crawler.stats is not None
        if len(self.write_failures) == 1:  # the first is the run's failure
            self.crawler.stats.set_value(WRITE_FAILED, message)
        self.state.writable = False
        for file in self.files:
            file.stop()
        self.stop_crawl()

    def stop_crawl(self) -> None:
        if self.crawling:  # else when the spider opens, or it is closing already
            deferred_from_coro(self.crawler.engine.close_spider_async(reason=STOPPED))

    def item_error(self, item: Any, failure: Any) -> None:
        """A pipeline raised (a bug, not a bad page): the run will count as failed."""
        url = item.url if isinstance(item, PageItem) else item.get("url", "")
        page = self.pending.pop(url, None)
        self.done(page.lease if page else None)
        self.crawler.stats.inc_value("diplomacy/item_errors")

    def spider_opened(self) -> None:
        self.crawling = True

    def engine_started(self) -> None:
        # a file that could not even be opened: the crawl stops as soon as it runs (not as
        # the spider opens: Scrapy would then never stop the engine, nor we end the run)
        if not self.writing:
            self.stop_crawl()

    def spider_closed(self, reason: str) -> None:
        self.crawling = False
        self.reason = reason

    def engine_stopped(self) -> None:
        """After every feed is closed: close the run's files, then write its manifest."""
        for file in self.files:
            file.close()
            file.check()
        self.state.close()
        if self.state.gone():
            self.write_failed("the crawl state", self.state.path, deleted())
        self.lock.close()
        assert self.crawler.stats is not None
        failure = run_failure(self.crawler.stats.get_stats(), self.reason)
        if any(file.damaged for file in self.files):  # a piece that could not be cut off
            LOG.error("%s has no manifest: the next run makes it whole", self.prefix)
        elif not self.write_manifest(run_file(self.prefix, MANIFEST)):
            failure = failure or self.write_failures["the manifest"]
        release_run_lock(self.prefix, self.run_lock)
        if failure:
            self.crawler.stats.set_value("diplomacy/failed", failure)
        if failure and not self.write_failures:  # a write failure has had its line
            LOG.error("the run failed: %s", failure)

    def write_manifest(self, path: Path) -> bool:
        """The run's manifest; whether it could be written."""
        assert self.crawler.stats is not None
        feeds = [Path(uri) for uri in self.crawler.settings.getdict("FEEDS") if "://" not in uri]
        try:
            write_manifest(
                path, self.crawler.stats.get_stats(), self.reason, self.started, self.counts,
                output_files(self.prefix, feeds), self.manifest_room, self.shared_run(),
            )  # fmt: skip
        except OSError as error:
            self.write_failed("the manifest", path, error)
            return False
        return True

    def shared_run(self) -> dict[str, str] | None:
        """The shared run this process was one of, for its manifest."""
        shared = self.state.shared
        return {"id": shared.id, "process": self.member} if shared else None


def run_for(crawler: Crawler) -> Run:
    """The crawl's :class:`Run` extension."""
    return enabled_extension(crawler, Run)
