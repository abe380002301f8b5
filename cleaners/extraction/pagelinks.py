"""Where a page leads: its canonical URL, its feeds and its links, read from its tree.

A crawler needs these of every page it fetches; the cleaning worker reads them from the
tree it parses for extraction anyway, so that the crawl process parses no page itself.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Collection
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urldefrag, urljoin, urlsplit

from lxml.html import HtmlElement

FEED_LINKS = '//link[@rel="alternate"][contains(@type, "rss") or contains(@type, "atom")]/@href'
CANONICAL = '//head/link[@rel="canonical"]/@href'
_SKIPPED_SCHEMES = ("#", "mailto:", "javascript:", "tel:", "data:", "sms:", "about:")


@dataclass(frozen=True)
class PageLinks:
    """A page's ``<link rel=canonical>`` (absolute), its feeds' and its links' URLs."""

    canonical: str | None
    feeds: tuple[str, ...]
    links: tuple[str, ...]


NO_LINKS = PageLinks(None, (), ())


def absolute_url(base_url: str, href: str) -> str | None:
    """``href`` made absolute against ``base_url``; None when it is no URL (Python refuses
    a bracketed host that is no IP address, or an unclosed bracket), as some pages have.

    >>> absolute_url("https://example.org/a/", " ../b "), absolute_url("https://x.org/", "http://[ad]/")
    ('https://example.org/b', None)
    """
    href = href.strip()
    if (origin := _origin(base_url)) and href.startswith("/") and _plain_path(href):
        return origin + href  # what urljoin gives, at a fifth of its cost (most links)
    try:
        return urljoin(base_url, href)
    except ValueError:
        return None


@lru_cache(maxsize=64)
def _origin(base_url: str) -> str | None:
    """``scheme://host`` of an http(s) base URL with a host, which a root-relative link is
    appended to; None for any other base (urljoin decides)."""
    try:
        parts = urlsplit(base_url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}"


# what urljoin would change or read in a root-relative link: a second slash (another
# host), a query, fragment or parameters, a dot segment, the characters it drops
_NOT_PLAIN = re.compile(r"^//|[?#;\t\r\n]|/\.\.?(?:/|$)")


def _plain_path(href: str) -> bool:
    """Whether a root-relative link is a bare path that urljoin keeps as it is.

    >>> [_plain_path(href) for href in ("/a/b.html", "//x.org/", "/a?b", "/a/../b", "/.well")]
    [True, False, False, False, True]
    """
    return _NOT_PLAIN.search(href) is None


def page_links(tree: HtmlElement, base_url: str, skipped: Collection[str] = ()) -> list[str]:
    """The distinct absolute URLs a page's ``<a>`` and ``<area>`` point to, in page order,
    without fragments or links to files whose extension is in ``skipped`` (no dot)."""
    found: dict[str, None] = {}
    # each distinct href once: menus and teasers repeat a page's links
    for href in dict.fromkeys(str(href).strip() for href in tree.xpath("//a/@href | //area/@href")):
        if not href or href.lower().startswith(_SKIPPED_SCHEMES):
            continue
        absolute = absolute_url(base_url, href)
        if absolute is None:
            continue
        url = urldefrag(absolute)[0]
        extension = posixpath.splitext(urlsplit(url).path)[1].lower().lstrip(".")
        if extension not in skipped:
            found[url] = None
    return list(found)


def links_of(tree: HtmlElement, url: str, base_url: str, skipped: Collection[str]) -> PageLinks:
    """The canonical URL (against ``url``), feeds (against ``url``) and links (against
    ``base_url``, the page's ``<base href>`` if any) of a parsed page.

    >>> from lxml.html import fromstring
    >>> tree = fromstring('<html><head><link rel="canonical" href="/a"><link rel="alternate"'
    ...     ' type="application/rss+xml" href="feed.xml"></head><body><a href="b#top">b</a>'
    ...     '<a href="c.pdf">c</a><a href="mailto:x@example.org">x</a></body></html>')
    >>> links_of(tree, "https://example.org/x/", "https://example.org/x/", {"pdf"})
    PageLinks(canonical='https://example.org/a', feeds=('https://example.org/x/feed.xml',), links=('https://example.org/x/b',))
    """
    canonical = next((str(href) for href in tree.xpath(CANONICAL)), None)
    feeds = (absolute_url(url, str(href)) for href in tree.xpath(FEED_LINKS))
    return PageLinks(
        canonical=absolute_url(url, canonical) if canonical else None,
        feeds=tuple(feed for feed in feeds if feed),
        links=tuple(page_links(tree, base_url, skipped)),
    )
