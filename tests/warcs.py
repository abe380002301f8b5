"""Writing WARC files of HTML responses for the tests, with warcio (as a crawl writes them)."""

from __future__ import annotations

from collections.abc import Iterable
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DATE = "2024-03-12T08:00:30Z"
HTML = "text/html; charset=utf-8"


def write_warc(path: Path, responses: Iterable[tuple[str, bytes, str, str | None]]) -> None:
    """One response record per (url, body, content type, WARC-Date or None for none);
    gzipped when the name ends in ``.gz``."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=path.name.endswith(".gz"))
        for url, body, content_type, date in responses:
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": date} if date is not None else {},
            )  # fmt: skip
            if date is None:
                record.rec_headers.remove_header("WARC-Date")
            writer.write_record(record)
