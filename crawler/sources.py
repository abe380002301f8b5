"""Where a crawl starts: the sources file, or the start URLs given on the command line."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

DEFAULT_SOURCES = Path(__file__).with_name("sources.toml")
SCHEMES = ("http", "https")
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|igshid|yclid)$")


@dataclass(frozen=True)
class Source:
    """A named set of start URLs and the hosts its links may be followed to."""

    name: str
    start_urls: tuple[str, ...]
    hosts: frozenset[str]

    def allows(self, url: str) -> bool:
        try:
            parts = urlsplit(url)
        except ValueError:  # no URL at all (a bracketed host that is no IP address)
            return False
        return parts.scheme in SCHEMES and (parts.hostname or "") in self.hosts


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


def normalize_url(url: str) -> str:
    """The URL without tracking parameters (``utm_*``, ``fbclid``…), fragment, or dot
    segments (``..``, also written ``%2e%2e``), as RFC 3986 normalizes them.

    >>> normalize_url("https://example.org/a/?id=3&utm_source=x&utm_medium=y#top")
    'https://example.org/a/?id=3'
    >>> normalize_url("http://example.org/2024/%2e%2e/%2E%2E/../etc/x.html")
    'http://example.org/etc/x.html'
    """
    parts = urlsplit(url)
    query = [
        (k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)
    ]
    path = remove_dot_segments(parts.path)
    return urlunsplit((parts.scheme, parts.netloc, path, urlencode(query), ""))


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
    """Whether two URLs name the same page, whatever the scheme, trailing slash or tracking.

    >>> same_page("http://example.org/a/?utm_source=x", "https://example.org/a")
    True
    """

    def key(url: str) -> tuple[str, str, str]:
        parts = urlsplit(normalize_url(url))
        return ((parts.hostname or "").removeprefix("www."), parts.path.rstrip("/"), parts.query)

    return key(first) == key(second)


def _check(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme not in SCHEMES or not parts.hostname:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return url.strip()


def sources_from_urls(urls: str) -> list[Source]:
    """One source for ``-a start_urls=URL[,URL...]``, allowed to follow links on their hosts."""
    start = tuple(_check(url) for url in urls.split(",") if url.strip())
    if not start:
        raise ValueError("start_urls is empty")
    hosts = {variant for url in start for variant in host_variants(urlsplit(url).hostname or "")}
    return [Source("start_urls", start, frozenset(hosts))]


def load_sources(path: Path = DEFAULT_SOURCES) -> list[Source]:
    """The sources of a TOML file with ``[[source]]`` tables (name, start_urls, hosts)."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    sources = []
    for entry in data.get("source", []):
        start = tuple(_check(url) for url in entry["start_urls"])
        hosts = set(entry.get("hosts") or []) | {urlsplit(url).hostname or "" for url in start}
        sources.append(Source(entry["name"], start, frozenset(hosts)))
    if not sources:
        raise ValueError(f"{path}: no [[source]] entries")
    return sources
