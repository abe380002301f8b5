"""Files to pages: HTML and text dumps from disk, and HTML responses from WARC archives."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from w3lib.encoding import html_to_unicode
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord

from cleaners.archives.archive import MIN_WORDS_FIELD
from cleaners.limits import (
    NOT_REGULAR,
    TOO_LARGE,
    NotRegularFile,
    open_regular,
    read_at_most,
    read_capped,
)
from cleaners.page import Page
from cleaners.record import Failure, format_timestamp

HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)
WARC_SUFFIXES = (".warc", ".warc.gz")


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode an HTML body as Scrapy would: BOM, then HTTP charset, then ``<meta>``, then sniffing.

    >>> decode_html('<meta charset="windows-1252"><p>caf\\xe9</p>'.encode("cp1252"))
    '<meta charset="windows-1252"><p>café</p>'
    """
    _, text = html_to_unicode(content_type, body)
    return text


def decode_text(body: bytes) -> str:
    """Decode a text dump: UTF-8 (with or without BOM), else Windows-1252.

    >>> decode_text(b"caf\\xc3\\xa9"), decode_text(b"caf\\xe9")
    ('café', 'café')
    """
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def file_fetched_at(path: Path) -> str:
    """A file's modification time as the record's ``fetched_at``."""
    return format_timestamp(datetime.fromtimestamp(path.stat().st_mtime, tz=UTC))


def warc_timestamp(value: str) -> str:
    """A WARC-Date in the record's ``fetched_at`` form.

    >>> warc_timestamp("2024-03-12T08:00:30.123456Z")
    '2024-03-12T08:00:30Z'
    """
    return format_timestamp(datetime.fromisoformat(value.replace("Z", "+00:00")))


def kind_of(path: Path) -> str | None:
    """``html``, ``text`` or ``warc`` by the file's name, or None."""
    name = path.name.lower()
    if name.endswith(HTML_SUFFIXES):
        return "html"
    if name.endswith(TEXT_SUFFIXES):
        return "text"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
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
    return Page(url, fetched, decode_html(body, content_type), "html", min_words=min_words)


def _crawl_metadata(record: ArcWarcRecord) -> dict[str, Any]:
    """The JSON a crawl wrote about a response (see :mod:`cleaners.archives.archive`)."""
    try:
        loaded = json.loads(record.content_stream().read())
    except ValueError:
        return {}
    return loaded if isinstance(loaded, dict) else {}


def warc_pages(path: Path) -> Iterator[Page | Failure]:
    """Every HTML response of a WARC file (HTTP 200), in file order.

    A WARC written by our crawl also gives each page its ``min_words`` (from ``warcinfo``)
    and its ``duplicate_of`` (from the ``metadata`` record that refers to the response),
    so that re-cleaning reproduces the crawl's records.
    """
    found = False
    min_words = 0
    pending: tuple[str, Page | Failure] | None = None
    with open_regular(path) as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type == "warcinfo":
                fields = record.content_stream().read().decode("utf-8", "replace")
                min_words = _min_words(fields, min_words)
            elif record.rec_type == "metadata" and pending is not None:
                if record.rec_headers.get_header("WARC-Refers-To") == pending[0]:
                    duplicate_of = _crawl_metadata(record).get("duplicate_of")
                    if isinstance(pending[1], Page) and isinstance(duplicate_of, str):
                        pending = (pending[0], replace(pending[1], duplicate_of=duplicate_of))
            elif record.rec_type == "response" and record.http_headers is not None:
                page = _warc_response(record, path, min_words)
                if page is None:
                    continue
                found = True
                if pending is not None:
                    yield pending[1]
                pending = (record.rec_headers.get_header("WARC-Record-ID"), page)
    if pending is not None:
        yield pending[1]
    if not found:
        yield Failure("no HTML response in the WARC file")


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


def pages_from_path(
    path: Path, url: str | None = None, fetched_at: str | None = None
) -> Iterator[Page | Failure]:
    """The pages a file holds, or the reason it holds none."""
    kind = kind_of(path)
    if kind is None:
        yield Failure("unsupported file type (expected .html, .htm, .txt, .warc or .warc.gz)")
        return
    try:
        if kind == "warc":
            yield from warc_pages(path)
            return
        body = read_capped(path)
        when = fetched_at or file_fetched_at(path)
    except NotRegularFile:
        yield Failure(NOT_REGULAR)
        return
    except OSError as error:
        yield Failure(f"cannot read: {error.strerror or error}")
        return
    except ArchiveLoadFailed as error:
        yield Failure(f"not a valid WARC file: {error}")
        return
    if body is None:
        yield Failure(TOO_LARGE)
        return
    page_url = url or path.resolve().as_uri()
    if kind == "html":
        yield Page(page_url, when, decode_html(body), "html")
    else:
        yield Page(page_url, when, decode_text(body), "text")
