"""Downloader middleware: redirects stay on their origin, stored articles are not fetched."""

from __future__ import annotations

from functools import cached_property
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import (
    BaseRedirectMiddleware,
    MetaRefreshMiddleware,
    RedirectMiddleware,
)
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from w3lib.url import safe_url_string

from crawler.run import Run, run_for
from crawler.sources import host_variants, same_site

PERMANENT = (301, 308)
REDIRECTS = (301, 302, 303, 307, 308)
# request meta: the run whose spider checked the link against the crawl state (redirects
# and requests replayed from an earlier run's JOBDIR queue are checked again here)
CHECKED = "diplomacy_state_checked"


class AlreadyStored(IgnoreRequest):
    """A request for an article the crawl state already holds, unchanged."""


class KnownArticlesMiddleware:
    """Every request meets the crawl state.

    Links are checked against the state by the spider, but a redirect makes its request in
    the downloader (a link to ``/go/latest`` that redirects to a stored article), and a
    crawl resumed from its JOBDIR replays requests queued before the articles were
    written: such requests for stored articles are dropped here.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KnownArticlesMiddleware:
        return cls(crawler)

    @cached_property
    def run(self) -> Run:
        return run_for(self.crawler)

    def process_request(self, request: Request) -> None:
        run = self.run
        if request.meta.get(CHECKED) == run.name and not request.meta.get("redirect_urls"):
            return  # the spider asked the state when it made the request, in this run
        if not run.state.should_fetch(request.url, request.meta.get("lastmod")):
            raise AlreadyStored(f"already stored: {request.url}")


class _OriginBound(BaseRedirectMiddleware):
    """Redirects (HTTP and meta refresh) stay on their origin, checked at the URL Scrapy
    would request (``safe_url_string`` reads a backslash as a slash, as browsers do); a
    permanent redirect is remembered as an alias of its target, so that the next run
    does not even ask."""

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        if problem := redirect_problem(request, redirected.url):
            raise IgnoreRequest(
                problem.replace("redirect", "meta refresh", 1)
                if reason == "meta refresh"
                else problem
            )
        if reason in PERMANENT:
            run_for(self.crawler).state.add_aliases([request.url], redirected.url)
        return super()._redirect(redirected, request, reason)


class OriginRedirectMiddleware(_OriginBound, RedirectMiddleware):
    """Scrapy's ``RedirectMiddleware``, within the origin; a ``Location`` that is no URL
    or of another scheme (which Scrapy would pass on as the 3xx response) is a skip."""

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        location = response.headers.get("Location")
        if response.status in REDIRECTS and location and not request.meta.get("dont_redirect"):
            target = redirect_target(request.url, location)
            if target is None:
                raise IgnoreRequest("redirect to no URL")
            if urlsplit(target).scheme not in ("http", "https"):
                raise IgnoreRequest("redirect to another scheme")
        return super().process_response(request, response)


def redirect_target(url: str, location: bytes) -> str | None:
    """The URL Scrapy's ``RedirectMiddleware`` requests for ``location`` (two backslashes
    read as slashes), None for no URL.

    >>> redirect_target("http://a.example:8001/x", b"http:" + bytes([92, 92]) + b"b.example/y")
    'http://b.example/y'
    >>> print(redirect_target("http://a.example/", b"http://[not-a-host]/"))
    None
    """
    try:
        target = safe_url_string(location)
        if location.startswith(b"//"):
            target = urlsplit(url).scheme + "://" + target.lstrip("/")
        joined = urljoin(url, target)
        urlsplit(joined).port  # noqa: B018 (a port that is no port raises)
    except ValueError:
        return None
    return joined


class OriginMetaRefreshMiddleware(_OriginBound, MetaRefreshMiddleware):
    """Scrapy's ``MetaRefreshMiddleware``, within the origin."""


def redirect_problem(request: Request, target: str) -> str | None:
    """Why a redirect from ``request`` to ``target`` is not followed, or None.

    >>> redirect_problem(Request("http://a.example/x"), "https://www.a.example/y") is None
    True
    >>> redirect_problem(Request("http://a.example/x"), "file:///etc/passwd")
    'redirect to another scheme'
    >>> redirect_problem(Request("http://a.example/x"), "http://b.example/x")
    'redirect to another host'
    >>> redirect_problem(Request("http://a.example:8001/x"), "https://a.example:8002/x")
    'redirect to another origin'
    """
    source, parts = urlsplit(request.url), urlsplit(target)
    if parts.scheme not in ("http", "https"):
        return "redirect to another scheme"
    if parts.hostname not in host_variants(source.hostname or ""):
        return "redirect to another host"
    if not same_site(request.url, target):
        return "redirect to another origin"
    if target == request.url or target in request.meta.get("redirect_urls", ()):
        return "redirect loop"
    return None
