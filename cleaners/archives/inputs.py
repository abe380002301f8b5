"""Files to pages: HTML and text dumps from disk, and HTML responses from WARC archives."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from warcio.exceptions import ArchiveLoadFailed

from cleaners.archives.decoding import decode_html, decode_text
from cleaners.archives.warc import warc_pages
from cleaners.limits import (
    NOT_REGULAR,
    TOO_LARGE,
    NotRegularFile,
    read_capped,
)
from cleaners.page import Page
from cleaners.record import Failure, format_timestamp

HTML_SUFFIXES = (".html", ".htm")
TEXT_SUFFIXES = (".txt",)
WARC_SUFFIXES = (".warc", ".warc.gz")


def file_fetched_at(path: Path) -> str:
    """A file's modification time as the record's ``fetched_at``."""
    return format_timestamp(datetime.fromtimestamp(path.stat().st_mtime, tz=UTC))


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
