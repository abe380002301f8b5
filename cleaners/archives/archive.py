"""Writing a crawl's raw pages to WARC, so that they can be cleaned again later.

One file per run, gzip per record (warcio writes each record; we gzip it with ISA-L's
igzip at its level 3: on dev-set pages a fifth of the CPU of zlib at level 6 for 10% larger
files, and the crawl process compresses every page it fetches; any gzip reader reads it).
For each page: a ``request`` record, the ``response`` record (status line, headers and body
as fetched, block and payload digests), and a ``metadata`` record (JSON) that refers to the
response and says what the crawl made of it: ``record`` or ``skipped`` with the reason, and
``duplicate_of`` when the crawl found the text near-identical to an earlier article.  The
first record, ``warcinfo``, names the software and the cleaning settings (``min-words``)
that re-cleaning applies.

Bodies are stored as the crawler decoded them from the transfer: without any
``Content-Encoding`` (gzip, brotli), so that the header is dropped and ``Content-Length``
is the stored body's length; every other header is kept.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from isal import isal_zlib
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

SOFTWARE = "diplomacy-crawler"
# a crawl run's files share one prefix: <prefix>.jsonl (its records), <prefix>.warc.gz
RECORDS_SUFFIX = ".jsonl"
ARCHIVE_SUFFIX = ".warc.gz"
MIN_WORDS_FIELD = "min-words"
GZIP_LEVEL = isal_zlib.ISAL_BEST_COMPRESSION
# headers that describe the transfer, not the stored body
_TRANSFER_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}


@dataclass(frozen=True)
class Fetched:
    """A page as downloaded: what goes into the archive."""

    url: str
    fetched_at: str  # the record's fetched_at: the WARC-Date
    status: int
    headers: Sequence[tuple[str, str]]
    body: bytes
    request_headers: Sequence[tuple[str, str]]


def stored_headers(headers: Sequence[tuple[str, str]], length: int) -> list[tuple[str, str]]:
    """Response headers for a body stored decoded: no transfer headers, its own length.

    >>> stored_headers([("Content-Encoding", "gzip"), ("Content-Type", "text/html")], 5)
    [('Content-Type', 'text/html'), ('Content-Length', '5')]
    """
    kept = [(name, value) for name, value in headers if name.lower() not in _TRANSFER_HEADERS]
    return [*kept, ("Content-Length", str(length))]


class ArchiveWriter:
    """Appends pages to one WARC file; each page's records go to ``stream`` in one ``write``
    (by default the file opened for appending; the crawl gives a file that takes each
    ``write`` whole or not at all, :class:`crawler.outputs.AppendFile`)."""

    def __init__(self, path: Path, min_words: int, stream: BinaryIO | None = None) -> None:
        self.path = path
        if stream is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            stream = path.open("ab")
        self.stream = stream
        self.buffer = BytesIO()
        self.writer = WARCWriter(self.buffer, gzip=False)
        info = {"software": SOFTWARE, "format": "WARC File Format 1.0"}
        info[MIN_WORDS_FIELD] = str(min_words)
        self.append([self.writer.create_warcinfo_record(path.name, info)])

    def close(self) -> None:
        self.stream.close()

    def write(self, page: Fetched, outcome: dict[str, Any]) -> None:
        """The page's request, response and metadata records."""
        dated = {"WARC-Date": page.fetched_at}
        status = f"{page.status} {_reason(page.status)}"
        http = StatusAndHeaders(status, stored_headers(page.headers, len(page.body)), "HTTP/1.1")
        # each payload's length given: else warcio copies it to a temporary file to count it
        response = self.writer.create_warc_record(
            page.url, "response", payload=BytesIO(page.body), length=len(page.body),
            http_headers=http, warc_headers_dict=dated,
        )  # fmt: skip
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        parts = urlsplit(page.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        host = [("Host", parts.netloc)]
        request = self.writer.create_warc_record(
            page.url, "request", payload=BytesIO(b""), length=0,
            http_headers=StatusAndHeaders(
                f"GET {target} HTTP/1.1", [*host, *page.request_headers], is_http_request=True
            ),
            warc_headers_dict={**dated, "WARC-Concurrent-To": response_id},
        )  # fmt: skip
        described = json.dumps(outcome, ensure_ascii=False, sort_keys=True).encode()
        metadata = self.writer.create_warc_record(
            page.url, "metadata", payload=BytesIO(described), length=len(described),
            warc_content_type="application/json",
            warc_headers_dict={**dated, "WARC-Refers-To": response_id},
        )  # fmt: skip
        self.append([request, response, metadata])

    def append(self, records: list[ArcWarcRecord]) -> None:
        """Records to the file, each its own gzip member, in one write, flushed."""
        members = []
        for record in records:
            self.writer.write_record(record)
            compressor = isal_zlib.compressobj(
                GZIP_LEVEL, isal_zlib.DEFLATED, isal_zlib.MAX_WBITS | 16
            )
            members.append(compressor.compress(self.buffer.getvalue()) + compressor.flush())
            self.buffer.seek(0)
            self.buffer.truncate()
        self.stream.write(b"".join(members))
        self.stream.flush()


def _reason(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"
