"""Where a crawl starts: the sources file, or the start URLs given on the command line."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

DEFAULT_SOURCES = Path(__file__).with_name("sources.toml")
SCHEMES = ("http", "https")
PARAMETERS = Path(__file__).with_name("parameters.toml")


def _names(lists: Iterable[Iterable[str]]) -> re.Pattern[str]:
    """A pattern that matches a whole parameter name of the lists (``*``: any ending)."""
    names = (
        re.escape(name.lower()).replace(r"\*", r"[^=&;/]*") for names in lists for name in names
    )
    return re.compile("^(?:" + "|".join(names) + ")$", re.IGNORECASE)


_LISTS = tomllib.loads(PARAMETERS.read_text(encoding="utf-8"))
# parameters stripped from the query: tracking and session ids
_STRIPPED = _names((_LISTS["tracking"], _LISTS["session"]))
# session ids as path parameters: /a.html;jsessionid=0A1B
_PATH_SESSION = re.compile(r";([^;/?#=]+)(?:=[^;/?#]*)?")
_SESSION = _names((_LISTS["session"],))


DEFAULT_PORTS = {"http": 80, "https": 443}
# the port part of a site's key for http and https on their default ports: one site
DEFAULT = "default"
# URLs whose origin and normal form are remembered: a site's navigation links recur on every
# page, and a page links to the articles of the pages around it (1.05 -> 0.46 ms a page
# for the bench site's 118 links a page; a few MB at most)
LINK_CACHE = 2**14
Site = tuple[str, str]  # host, port key: see site_key


@dataclass(frozen=True)
class Source:
    """A named set of start URLs and the origins its links may be followed to.

    An origin is a host (or its ``www.`` twin) with its scheme and port, as RFC 6454 has
    it, except that http on port 80 and https on port 443 of one host are one site (a site
    moving to https stays in scope).  The extra ``hosts`` of a sources file are on the
    default ports."""

    name: str
    start_urls: tuple[str, ...]
    hosts: frozenset[str]
    sites: frozenset[Site] = frozenset()

    def allows(self, url: str) -> bool:
        return self.outside(url) is None

    def leaves_origin(self, url: str) -> bool:
        """Whether ``url`` is on one of the source's hosts, but another port or scheme."""
        return self.outside(url) == "link to another origin"

    def outside(self, url: str) -> str | None:
        """None when a link may be followed, else why not: ``""`` for another host or
        scheme (most links of a page lead elsewhere: not worth a skip line each), else a
        skip reason: a link to one of the source's hosts on another port or scheme (it
        looks like the site but is another one), or with a port that is no port.

        >>> source = sources_from_urls("http://127.0.0.1:8001/")[0]
        >>> [source.outside(url) for url in ("http://127.0.0.1:8001/a", "http://b.org/")]
        [None, '']
        >>> source.outside("http://127.0.0.1:8002/a"), source.outside("http://127.0.0.1:0x50/")
        ('link to another origin', 'not a valid URL')
        """
        try:
            key = site_key(url)
        except ValueError:
            return "not a valid URL" if _hostname(url) in self.hosts else ""
        if key in self.sites:
            return None
        return "link to another origin" if key and key[0] in self.hosts else ""


def _hostname(url: str) -> str:
    try:
        return urlsplit(url).hostname or ""
    except ValueError:
        return ""


@lru_cache(maxsize=LINK_CACHE)
def site_key(url: str) -> Site | None:
    """The host and port key of an http(s) URL's origin, None for another scheme or no URL
    at all; ValueError for a port that is no port (``scrapy.Request`` refuses those).

    >>> site_key("http://Example.org/a"), site_key("https://example.org:443/b")
    (('example.org', 'default'), ('example.org', 'default'))
    >>> site_key("http://example.org:8080/"), site_key("https://example.org:8080/")
    (('example.org', 'http:8080'), ('example.org', 'https:8080'))
    >>> site_key("ftp://example.org/"), site_key("http://[ad]/")
    (None, None)
    """
    try:
        parts = urlsplit(url)
    except ValueError:  # no URL at all (a bracketed host that is no IP address)
        return None
    port = parts.port  # ValueError: out of range, not a number
    if parts.scheme not in SCHEMES or not parts.hostname:
        return None
    if port is None or port == DEFAULT_PORTS[parts.scheme]:
        return (parts.hostname, DEFAULT)
    return (parts.hostname, f"{parts.scheme}:{port}")


def same_site(first: str, second: str) -> bool:
    """Whether two URLs are on one origin (``www.`` twins and http/https on their
    default ports counted as one).

    >>> same_site("http://example.org/a", "https://www.example.org/b")
    True
    >>> same_site("http://example.org:8001/a", "http://example.org:8002/a")
    False
    """
    try:
        one, two = site_key(first), site_key(second)
    except ValueError:
        return False
    return (
        one is not None and two is not None and one[1] == two[1] and two[0] in host_variants(one[0])
    )


def site_path(url: str) -> str:
    """A URL's path without its trailing slash, as :func:`same_page` compares them."""
    return urlsplit(url).path.rstrip("/")


def start_sites(
    start: Iterable[str], extra_hosts: Iterable[str] = ()
) -> frozenset[tuple[str, str]]:
    """The sites a source's links may lead to: its start URLs' origins (with their
    ``www.`` twins), and its extra hosts on the default ports."""
    sites = {(host, DEFAULT) for host in extra_hosts}
    for url in start:
        key = site_key(url)  # start URLs are checked: no bad port
        if key is not None:
            sites.update((variant, key[1]) for variant in host_variants(key[0]))
    return frozenset(sites)


_DOT_DOT = re.compile(r"(?<=/)%2e%2e(?=/|$)", re.I)
_DOT = re.compile(r"(?<=/)%2e(?=/|$)", re.I)


def host_variants(host: str) -> set[str]:
    """A host with and without ``www.``.

    >>> sorted(host_variants("www.example.org"))
    ['example.org', 'www.example.org']
    """
    bare = host.removeprefix("www.")
    if "." not in bare or bare.replace(".", "").isdigit():
        return {host}
    return {bare, "www." + bare}


@lru_cache(maxsize=LINK_CACHE)
def normalize_url(url: str) -> str:
    """The URL without tracking parameters (``utm_*``, ``fbclid``…) or session ids
    (``sid``, ``PHPSESSID``, ``;jsessionid=``…; both lists in ``parameters.toml``),
    fragment, or dot segments (``..``, also written ``%2e%2e``), as RFC 3986 normalizes them.

    >>> normalize_url("https://example.org/a/?id=3&utm_source=x&utm_medium=y#top")
    'https://example.org/a/?id=3'
    >>> normalize_url("http://example.org/a.html;jsessionid=0A1B?PHPSESSID=9f&p=2&SID=4")
    'http://example.org/a.html?p=2'
    >>> normalize_url("http://example.org/2024/%2e%2e/%2E%2E/../etc/x.html")
    'http://example.org/etc/x.html'
    """
    parts = urlsplit(url)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _STRIPPED.match(k)
    ]
    path = remove_dot_segments(_PATH_SESSION.sub(_keep_unless_session, parts.path))
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query), ""))


def _keep_unless_session(found: re.Match[str]) -> str:
    return "" if _SESSION.match(found.group(1)) else found.group(0)


def remove_dot_segments(path: str) -> str:
    """A URL path with ``.`` and ``..`` segments resolved (never above the root).

    >>> remove_dot_segments("/a/b/../c/./d/"), remove_dot_segments("/../x"), remove_dot_segments("")
    ('/a/c/d/', '/x', '')
    """
    path = _DOT_DOT.sub("..", _DOT.sub(".", path))
    if "/." not in path:
        return path
    kept: list[str] = []
    segments = path.split("/")
    for segment in segments[1:]:
        if segment == "..":
            if kept:
                kept.pop()
        elif segment != ".":
            kept.append(segment)
    trailing = "/" if segments[-1] in (".", "..") else ""
    return "/" + "/".join(kept) + trailing


def same_page(first: str, second: str) -> bool:
    """Whether two URLs name the same page, whatever the scheme (on the default ports),
    trailing slash or tracking.

    >>> same_page("http://example.org/a/?utm_source=x", "https://example.org/a")
    True
    >>> same_page("http://example.org:8001/a", "http://example.org:8002/a")
    False
    """

    def key(url: str) -> tuple[str, str, str, str]:
        parts = urlsplit(normalize_url(url))
        try:
            port = (site_key(url) or ("", ""))[1]
        except ValueError:
            port = "no port"
        host = (parts.hostname or "").removeprefix("www.")
        return (host, port, parts.path.rstrip("/"), parts.query)

    return key(first) == key(second)


class SourcesError(ValueError):
    """Start URLs or a sources file the crawl cannot start from; the message says why."""


def _check(url: str) -> str:
    """A start URL, stripped, or SourcesError for one the crawl cannot request.

    >>> _check(" http://127.0.0.1:8001/ ")
    'http://127.0.0.1:8001/'
    >>> _check("http://127.0.0.1:99999/")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    crawler.sources.SourcesError: not a valid start URL: 'http://127.0.0.1:99999/' (Port out...)
    """
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 (ValueError: out of range, not a number)
    except ValueError as error:
        raise SourcesError(f"not a valid start URL: {url!r} ({error})") from None
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise SourcesError(f"not an http(s) URL: {url!r}")
    return url.strip()


def sources_from_urls(urls: str) -> list[Source]:
    """One source for ``-a start_urls=URL[,URL...]``, allowed to follow links on their hosts."""
    start = tuple(_check(url) for url in urls.split(",") if url.strip())
    if not start:
        raise SourcesError("start_urls is empty")
    hosts = {variant for url in start for variant in host_variants(urlsplit(url).hostname or "")}
    return [Source("start_urls", start, frozenset(hosts), start_sites(start))]


def load_sources(path: Path = DEFAULT_SOURCES) -> list[Source]:
    """The sources of a TOML file with ``[[source]]`` tables (name, start_urls, hosts)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    sources = []
    for entry in data.get("source", []):
        start = tuple(_check(url) for url in entry["start_urls"])
        hosts = set(entry.get("hosts") or []) | {urlsplit(url).hostname or "" for url in start}
        extra = entry.get("hosts") or []
        sources.append(Source(entry["name"], start, frozenset(hosts), start_sites(start, extra)))
    if not sources:
        raise SourcesError(f"{path}: no [[source]] entries")
    return sources
