"""HTML responses from WARC archives: whole records only, damage reported after the good records."""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from cleaners.archives.archive import MIN_WORDS_FIELD
from cleaners.archives.decoding import decode_html
from cleaners.limits import (
    TOO_LARGE,
    open_regular,
    read_at_most,
)
from cleaners.page import Page
from cleaners.record import Failure, format_timestamp

# why a WARC response gives no page: its content ends before its Content-Length, or it
# has no WARC-Date that says when it was fetched
TRUNCATED = "truncated WARC record"
NO_DATE = "no valid WARC-Date"
JUNK = f"{TRUNCATED}, or junk after the last whole record"
# what warcio raises on a WARC that is cut short or holds something else after a record
_DAMAGED = (ArchiveLoadFailed, EOFError, zlib.error, ValueError)


def is_damage(reason: str) -> bool:
    """Whether a WARC's failure says the archive itself is damaged (not a page's own).

    >>> is_damage("https://a.example/1: truncated WARC record"), is_damage("HTTP status 404")
    (True, False)
    """
    return TRUNCATED in reason or NO_DATE in reason or reason.startswith("not a valid WARC")


class DamagedWarc(Exception):
    """A WARC that stops being readable: cut short, or junk where a record should start.

    ``record_id``: the record cut short, when it is known.
    """

    def __init__(self, reason: str, record_id: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.record_id = record_id


def warc_timestamp(value: str | None) -> str | None:
    """A WARC-Date in the record's ``fetched_at`` form (None when it is missing or no date).

    >>> warc_timestamp("2024-03-12T08:00:30.123456Z"), warc_timestamp("yesterday")
    ('2024-03-12T08:00:30Z', None)
    """
    try:
        return format_timestamp(datetime.fromisoformat((value or "").replace("Z", "+00:00")))
    except ValueError:
        return None


def _warc_response(record: ArcWarcRecord, path: Path, min_words: int) -> Page | Failure | None:
    """A response record as a page (None when it is not HTML)."""
    content_type = record.http_headers.get_header("Content-Type") or ""
    if "html" not in content_type.lower():
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or path.resolve().as_uri()
    status = record.http_headers.get_statuscode()
    if status != "200":
        return Failure(f"{url}: HTTP status {status}")
    body = read_at_most(record.content_stream())
    if body is None:
        return Failure(f"{url}: {TOO_LARGE}")
    fetched = warc_timestamp(record.rec_headers.get_header("WARC-Date"))
    if fetched is None:
        return Failure(f"{url}: {NO_DATE}")
    return Page(url, fetched, decode_html(body, content_type), "html", min_words=min_words)


def _crawl_metadata(record: ArcWarcRecord) -> dict[str, Any]:
    """The JSON a crawl wrote about a response (see :mod:`cleaners.archives.archive`)."""
    try:
        loaded = json.loads(record.content_stream().read())
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _read_to_end(record: ArcWarcRecord) -> bool:
    """Read what is left of a record; whether it was all there (its Content-Length)."""
    raw = record.raw_stream
    try:
        while raw.read(1 << 16):
            pass
    except _DAMAGED as error:  # a gzip member cut short
        raise DamagedWarc(TRUNCATED, record.rec_headers.get_header("WARC-Record-ID")) from error
    return getattr(raw, "limit", 0) == 0


def _records(stream: IO[bytes]) -> Iterator[ArcWarcRecord]:
    """warcio's records, each checked whole once it has been used."""
    size = os.fstat(stream.fileno()).st_size
    records = ArchiveIterator(stream)
    while True:
        try:
            record = next(records)
        except StopIteration:
            if records.offset < size:  # warcio stops quietly at WARC headers cut short
                raise DamagedWarc(JUNK) from None
            return
        # AttributeError: warcio's, on WARC headers cut short before the target URI
        except (*_DAMAGED, AttributeError) as error:
            raise DamagedWarc(JUNK) from error
        if record.rec_type is None or record.length is None:  # WARC headers cut short
            raise DamagedWarc(TRUNCATED)
        record_id = record.rec_headers.get_header("WARC-Record-ID")
        try:
            yield record
        except _DAMAGED as error:  # the record's content could not be read to its end
            raise DamagedWarc(TRUNCATED, record_id) from error
        if not _read_to_end(record):
            raise DamagedWarc(TRUNCATED, record_id)


def warc_pages(path: Path) -> Iterator[Page | Failure]:
    """Every HTML response of a WARC file (HTTP 200), in file order.

    A WARC written by our crawl also gives each page its ``min_words`` (from ``warcinfo``)
    and its ``duplicate_of`` (from the ``metadata`` record that refers to the response),
    so that re-cleaning reproduces the crawl's records.  A response cut short is a
    failure (``truncated WARC record``), never a partial page; a file damaged after some
    records gives each whole one, then a failure that says so.
    """
    found = False
    min_words = 0
    pending: tuple[str, Page | Failure] | None = None
    damage: Failure | None = None
    with open_regular(path) as stream:
        try:
            for record in _records(stream):
                if record.rec_type == "warcinfo":
                    fields = record.content_stream().read().decode("utf-8", "replace")
                    min_words = _min_words(fields, min_words)
                elif record.rec_type == "metadata" and pending is not None:
                    pending = _with_metadata(pending, record)
                elif record.rec_type == "response" and record.http_headers is not None:
                    page = _warc_response(record, path, min_words)
                    if page is None:
                        continue
                    found = True
                    if pending is not None:
                        yield pending[1]
                    pending = (record.rec_headers.get_header("WARC-Record-ID"), page)
        except DamagedWarc as error:
            pending, damage = _damaged(pending, error, found)
    if pending is not None:
        yield pending[1]
    if damage is not None:
        yield damage
    elif not found:
        yield Failure("no HTML response in the WARC file")


def _damaged(
    pending: tuple[str, Page | Failure] | None, error: DamagedWarc, found: bool
) -> tuple[tuple[str, Page | Failure] | None, Failure | None]:
    """The page in hand and the failure to report, once a WARC stops being readable."""
    if pending is not None and error.record_id is not None and pending[0] == error.record_id:
        url = pending[1].url if isinstance(pending[1], Page) else None
        return (pending[0], Failure(f"{url}: {TRUNCATED}" if url else TRUNCATED)), None
    if not found and isinstance(error.__cause__, ArchiveLoadFailed):
        return pending, Failure(f"not a valid WARC file: {error.__cause__}")
    return pending, Failure(error.reason)


def _with_metadata(
    pending: tuple[str, Page | Failure], record: ArcWarcRecord
) -> tuple[str, Page | Failure]:
    """A page given the ``duplicate_of`` of the crawl's metadata record about it."""
    if record.rec_headers.get_header("WARC-Refers-To") == pending[0]:
        duplicate_of = _crawl_metadata(record).get("duplicate_of")
        if isinstance(pending[1], Page) and isinstance(duplicate_of, str):
            return pending[0], replace(pending[1], duplicate_of=duplicate_of)
    return pending


def _min_words(warcinfo: str, default: int) -> int:
    """The crawl's ``min-words`` field of a warcinfo record.

    >>> _min_words("software: diplomacy-crawler\\r\\nmin-words: 80\\r\\n", 0)
    80
    """
    for line in warcinfo.splitlines():
        name, _, value = line.partition(":")
        if name.strip().lower() == MIN_WORDS_FIELD and value.strip().isdigit():
            return int(value.strip())
    return default
