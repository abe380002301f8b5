"""HTML and bytes for the bad-input cases: a normal article to wrap, and generators for the
large bodies (made at test time, never committed)."""

from __future__ import annotations

import gzip
import io
import random
from pathlib import Path

import brotli

TITLE = "Envoys resume ceasefire talks in Geneva"
PARAGRAPHS = (
    "Negotiators from both governments returned to Geneva on Tuesday for a third round of "
    "talks on a ceasefire, officials from the host country said.",
    "The delegations spent the morning on the exchange of prisoners, a question that had "
    "stalled the previous round in the spring, according to two diplomats present.",
    "A spokesperson for the mediators said the sides had agreed on an agenda but not yet on "
    "a timetable for the withdrawal of heavy weapons from the front line.",
    "Observers from the regional security organisation will be asked to monitor any "
    "agreement, a role they already play along a shorter stretch of the border.",
    "The foreign ministers of three neighbouring states issued a joint statement welcoming "
    "the resumption and offering to host a later round if the talks move forward.",
    "Humanitarian agencies urged both sides to open corridors for aid convoys before winter, "
    "warning that several towns near the front have been cut off for weeks.",
    "Talks are expected to continue until Friday, when the mediators plan to brief the "
    "press on what, if anything, the delegations have signed.",
)
BASE = "http://127.0.0.1:8000"
MEGABYTE = 1024 * 1024


def article(
    paragraphs: tuple[str, ...] = PARAGRAPHS,
    title: str = TITLE,
    lang: str = "en",
    head: str = "",
    before: str = "",
    after: str = "",
) -> str:
    """A news article page with ``before`` and ``after`` around the ``<article>``."""
    body = "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">{head}'
        f"<title>{title}</title>"
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2024-03-12T08:00:00Z">'
        f"</head><body>{before}<article><h1>{title}</h1>\n{body}\n</article>{after}"
        "</body></html>"
    )


def layout_tables(paragraphs: tuple[str, ...] = PARAGRAPHS) -> str:
    """An article laid out with nested tables, as before CSS: a column of menu links, the
    body in a cell (its paragraphs in a table of their own), a column with an ad box."""
    menu = "".join(
        f'<tr><td><a href="/{name.lower()}/">{name}</a></td></tr>'
        for name in ("Home", "World", "Region", "Sport", "Archive")
    )
    body = "".join(f"<tr><td><p>{paragraph}</p></td></tr>" for paragraph in paragraphs)
    ads = (
        '<tr><td>Advertisement</td></tr><tr><td><a href="/ads/1"><img src="/ads/1.gif" '
        'alt=""></a></td></tr><tr><td>Anzeige</td></tr><tr><td><a href="/ads/2">Cheap '
        "flights to Geneva</a></td></tr>"
    )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{TITLE}</title>"
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2024-03-12T08:00:00Z">'
        '</head><body><table width="100%"><tr>'
        f'<td width="150"><table>{menu}</table></td>'
        f"<td><h1>{TITLE}</h1><table>{body}</table></td>"
        f'<td width="160"><table>{ads}</table></td>'
        "</tr></table></body></html>"
    )


def utf8(text: str) -> bytes:
    return text.encode("utf-8")


def distinct_paragraphs(size: int) -> str:
    """About ``size`` characters of ``<p>`` paragraphs, each one different."""
    parts: list[str] = []
    total = 0
    index = 0
    while total < size:
        part = f"<p>Report {index}: {PARAGRAPHS[index % len(PARAGRAPHS)]}</p>\n"
        parts.append(part)
        total += len(part)
        index += 1
    return "".join(parts)


def large_page(size: int) -> bytes:
    """A legitimate article of about ``size`` bytes: many distinct paragraphs."""
    return utf8(article(after=f"<section>{distinct_paragraphs(size)}</section>"))


def padded_response(size: int) -> bytes:
    """An article followed by ``size`` bytes of filler in a hidden block."""
    return utf8(article(after='<div hidden="hidden">' + "x" * size + "</div>"))


def tiny_elements(count: int) -> bytes:
    """An article after ``count`` empty ``<br>`` elements."""
    return utf8(article(before="<br>" * count))


def single_text_node(size: int) -> bytes:
    """One paragraph that is a single text node of ``size`` bytes."""
    words = " ".join(f"word{index % 1000}" for index in range(size // 8))
    return utf8(article(paragraphs=(words[:size],)))


def nested(levels: int) -> bytes:
    """``levels`` nested ``<div>`` elements, closed, then a normal article."""
    return utf8(article(before="<div>" * levels + "</div>" * levels))


def random_bytes(size: int, seed: int = 7) -> bytes:
    return random.Random(seed).randbytes(size)


def _zeros(total: int, chunk: int = MEGABYTE) -> list[bytes]:
    block = bytes(chunk)
    return [block] * (total // chunk)


def gzip_bomb(expanded: int) -> bytes:
    """A gzip stream that expands to ``expanded`` zero bytes (about 1000x smaller)."""
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0) as stream:
        for block in _zeros(expanded):
            stream.write(block)
    return buffer.getvalue()


def brotli_bomb(expanded: int) -> bytes:
    """A brotli stream that expands to ``expanded`` zero bytes."""
    compressor = brotli.Compressor(quality=5)
    parts = [compressor.process(block) for block in _zeros(expanded)]
    parts.append(compressor.finish())
    return b"".join(parts)


def with_nuls(html: str) -> bytes:
    """The page with NUL bytes inside the text and between tags."""
    return utf8(html.replace(" the ", " the\x00 ").replace("<p>", "\x00<p>"))


def with_invalid_utf8(html: str) -> bytes:
    """The page in UTF-8 with invalid byte sequences inside words."""
    return (
        utf8(html)
        .replace(b" talks ", b" ta\xffl\xc3\x28ks ")
        .replace(b" said", b" sa\xed\xa0\x80id")
    )


def gzip_sitemap(size: int) -> bytes:
    """A ``.xml.gz`` sitemap of about ``size`` bytes once unzipped."""
    entry = f"<url><loc>{BASE}/2024/03/16/never.html</loc></url>\n"
    head = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    return gzip.compress((head + entry * (size // len(entry)) + "</urlset>").encode())


BIG_URL = "http://127.0.0.1/2024/03/12/big.html"


def big_warc(path: Path, size: int) -> None:
    """A ``.warc.gz`` of one HTML response of ``size`` bytes, written in pieces."""
    chunk = b"<p>Die Gespraeche ueber den Waffenstillstand wurden fortgesetzt.</p>\n" * 16384
    count = size // len(chunk)
    http = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        + f"Content-Length: {count * len(chunk)}\r\n\r\n".encode()
    )
    warc = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {BIG_URL}\r\nWARC-Date: 2024-03-12T08:00:00Z\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
        "Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(http) + count * len(chunk)}\r\n\r\n"
    ).encode()
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(warc + http)
        for _ in range(count):
            out.write(chunk)
        out.write(b"\r\n\r\n")
