"""Telling feeds, sitemaps and pages apart by their content, and reading their links.

XML is parsed with entity expansion and network access off (no XXE, no billion laughs).
"""

from __future__ import annotations

import heapq
import json
import re
import struct
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from io import BytesIO
from typing import Literal

from lxml import etree
from scrapy.http import HtmlResponse, TextResponse, XmlResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.utils.gz import gunzip

from cleaners.archives.decoding import charset_given, decode_html
from cleaners.extraction.pagelinks import absolute_url

Kind = Literal["sitemapindex", "urlset", "rss", "atom", "html"]

_PROLOGUE = re.compile(rb"\s*(?:<\?[^>]*\?>|<!--.*?-->|<!DOCTYPE[^>]*>|\s)*", re.DOTALL | re.I)
_ROOT = re.compile(rb"<([A-Za-z][\w.-]*:)?([A-Za-z][\w.-]*)")
_XML_ROOTS: dict[bytes, Kind] = {
    b"sitemapindex": "sitemapindex",
    b"urlset": "urlset",
    b"rss": "rss",
    b"rdf": "rss",
    b"feed": "atom",
}
_ATOM = "{http://www.w3.org/2005/Atom}"
GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Entry:
    """A link found in a feed or sitemap, with its date when the source gives one."""

    url: str
    date: str = ""


def document_kind(body: bytes) -> Kind:
    """What a body is, by its root element: a sitemap, a feed, or (anything else) HTML.

    >>> document_kind(b'<?xml version="1.0"?><urlset xmlns="x"><url/></urlset>')
    'urlset'
    >>> document_kind(b"<!doctype html><html><body>rss feed</body></html>")
    'html'
    """
    head = body.lstrip(b"\xef\xbb\xbf")[:4096]
    start = _PROLOGUE.match(head)
    found = _ROOT.match(head, start.end() if start else 0)
    if found:
        return _XML_ROOTS.get(found.group(2).lower(), "html")
    return "html"


class Unreadable(ValueError):
    """A body the spider cannot read; its message is the skip reason."""


def maybe_gunzip(body: bytes, max_size: int) -> bytes:
    """The body, decompressed if it is a gzip file (a ``.xml.gz`` sitemap), within max_size.

    >>> maybe_gunzip(__import__("gzip").compress(b"x" * 100), 10)
    Traceback (most recent call last):
    ...
    crawler.discovery.Unreadable: too large: over DOWNLOAD_MAXSIZE
    >>> maybe_gunzip(GZIP_MAGIC + b"junk", 10)
    Traceback (most recent call last):
    ...
    crawler.discovery.Unreadable: not a valid gzip file
    """
    if not body.startswith(GZIP_MAGIC):
        return body
    try:
        return gunzip(body, max_size=max_size)
    except (OSError, EOFError, struct.error) as error:
        raise Unreadable("not a valid gzip file") from error
    except ValueError as error:  # Scrapy's own: over max_size once decompressed
        raise Unreadable("too large: over DOWNLOAD_MAXSIZE") from error


def _safe_xml(body: bytes) -> etree._Element | None:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, recover=True, huge_tree=False, load_dtd=False
    )
    try:
        return etree.fromstring(body, parser=parser)
    except etree.XMLSyntaxError:
        return None


def feed_entries(body: bytes, base_url: str) -> list[Entry]:
    """Links of an RSS or Atom feed's items, in feed order (:func:`newest_first` with a
    limit keeps the newest of them)."""
    root = _safe_xml(body)
    if root is None:
        return []
    entries = []
    for item in root.iter("item", "{*}item"):
        link = item.findtext("link") or item.findtext("{*}link") or ""
        date = item.findtext("pubDate") or item.findtext("{*}date") or ""
        if link.strip() and (url := absolute_url(base_url, link)):
            entries.append(Entry(url, date.strip()))
    for item in root.iter(f"{_ATOM}entry"):
        links = [
            link.get("href", "")
            for link in item.iter(f"{_ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        date = item.findtext(f"{_ATOM}published") or item.findtext(f"{_ATOM}updated") or ""
        if links and links[0].strip() and (url := absolute_url(base_url, links[0])):
            entries.append(Entry(url, date.strip()))
    return entries


def sitemap_entries(body: bytes, base_url: str, limit: int = 0) -> tuple[list[Entry], int]:
    """Locations of a sitemap or sitemap index, newest ``lastmod`` first: the newest
    ``limit`` of them (0: all), and how many it lists in all.

    The body is read as a stream, each entry dropped once read, and only the newest
    ``limit`` are kept (a heap): a sitemap of 50,000 URLs costs no tree of 50,000 elements.

    >>> body = b"<urlset>" + b"".join(
    ...     b"<url><loc>/%d</loc><lastmod>2024-03-%02d</lastmod></url>" % (day, day)
    ...     for day in (3, 1, 2)) + b"<url><loc>/undated</loc></url></urlset>"
    >>> entries, listed = sitemap_entries(body, "https://example.org/", 2)
    >>> [entry.url for entry in entries], listed
    (['https://example.org/3', 'https://example.org/2'], 4)
    """
    listed = 0

    def counted() -> Iterator[Entry]:
        nonlocal listed
        for entry in _sitemap_stream(body, base_url):
            listed += 1
            yield entry

    return newest_first(counted(), limit), listed


def _sitemap_stream(body: bytes, base_url: str) -> Iterator[Entry]:
    """The entries of a sitemap, in document order: each child of the root element with a
    ``loc`` child (as Scrapy's ``Sitemap`` reads them), parsed as :func:`_safe_xml` parses."""
    events = etree.iterparse(
        BytesIO(body), events=("start", "end"), resolve_entities=False, no_network=True,
        recover=True, huge_tree=False, load_dtd=False, remove_comments=True, remove_pis=True,
    )  # fmt: skip
    depth, fields = 0, {}
    try:
        for event, element in events:
            if event == "start":
                depth += 1
                continue
            if depth == 3:  # a field of an entry: <loc>, <lastmod>...
                fields[etree.QName(element).localname] = (element.text or "").strip()
            elif depth == 2:  # an entry, read: yielded, then dropped with what came before
                loc = fields.get("loc")
                if loc and (url := absolute_url(base_url, loc)):
                    yield Entry(url, fields.get("lastmod", ""))
                fields = {}
                element.clear()
                while element.getprevious() is not None:
                    del element.getparent()[0]
            depth -= 1
    except etree.XMLSyntaxError:  # what was read before the error is kept
        return


# links to files (images, documents, archives) by extension: not followed
SKIPPED_EXTENSIONS = frozenset(IGNORED_EXTENSIONS)


def parse_time(value: str | None) -> datetime | None:
    """A date or time as sitemaps and Atom (ISO 8601) or RSS (RFC 2822) give it, in UTC.

    >>> print(parse_time("2024-03-12"), parse_time("2024-03-12T10:00:00+02:00"))
    2024-03-12 00:00:00+00:00 2024-03-12 08:00:00+00:00
    >>> print(parse_time("Tue, 12 Mar 2024 10:00:00 +0200"), parse_time("last Tuesday"))
    2024-03-12 08:00:00+00:00 None
    """
    if not value or not value.strip():
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        try:
            moment = parsedate_to_datetime(value.strip())
        except (TypeError, ValueError):
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def newest_first(entries: Iterable[Entry], limit: int = 0) -> list[Entry]:
    """Entries with a date, newest first, then those without, in their order: the first
    ``limit`` of that order (0: all), kept in a heap of that size as they come.

    >>> entries = [Entry("a", "2024-01-02"), Entry("b"), Entry("c", "2024-03-01")]
    >>> [entry.url for entry in newest_first(entries)], newest_first(entries, 1)[0].url
    (['c', 'a', 'b'], 'c')
    """
    keyed = (_age(entry, index) for index, entry in enumerate(entries))
    chosen = heapq.nsmallest(limit, keyed) if limit > 0 else sorted(keyed)
    return [entry for *_, entry in chosen]


def _age(entry: Entry, index: int) -> tuple[int, float, int, Entry]:
    """The sort key of :func:`newest_first`: dated before undated, newest first, then the
    order listed (the index, unique, so that entries themselves are never compared)."""
    moment = parse_time(entry.date)
    if moment is None:
        return (1, 0.0, index, entry)
    return (0, -moment.timestamp(), index, entry)


def is_json_document(response: TextResponse) -> bool:
    """Whether a page is a JSON object or array served as neither HTML nor XML (Scrapy's
    selector reads such a body as JSON, and it has no links or article to read).

    >>> is_json_document(TextResponse("https://x.org/", body=b'{"a": 1}'))
    True
    >>> is_json_document(HtmlResponse("https://x.org/", body=b'{"a": 1}'))
    False
    """
    if isinstance(response, (HtmlResponse, XmlResponse)):
        return False
    try:
        data = json.loads(response.text)
    except ValueError:
        return False
    return isinstance(data, (dict, list))


def page_html(response: TextResponse) -> str:
    """An HTML page's text, decoded as re-cleaning its archived copy decodes it: where a
    BOM or the HTTP charset decides, that is how Scrapy decoded it already (for its meta
    refresh check), so its text is taken; else :func:`decode_html` decides."""
    content_type = (response.headers.get("Content-Type") or b"").decode("latin-1")
    if charset_given(response.body, content_type):
        return response.text
    return decode_html(response.body, content_type)
