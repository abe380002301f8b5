"""Downloader middleware: redirects stay on their host, stored articles are not fetched."""

from __future__ import annotations

from functools import cached_property
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawler.discovery import absolute_url
from crawler.run import Run, run_for
from crawler.sources import host_variants

PERMANENT = (301, 308)
# request meta: the run whose spider checked the link against the crawl state (redirects
# and requests replayed from an earlier run's JOBDIR queue are checked again here)
CHECKED = "diplomacy_state_checked"
REDIRECTS = (301, 302, 303, 307, 308)


class AlreadyStored(IgnoreRequest):
    """A request for an article the crawl state already holds, unchanged."""


class KnownArticlesMiddleware:
    """Every request meets the crawl state, and redirects stay on their host.

    Links are checked against the state by the spider, but a redirect makes its request in
    the downloader (a link to ``/go/latest`` that redirects to a stored article), and a
    crawl resumed from its JOBDIR replays requests queued before the articles were
    written: such requests for stored articles are dropped here.  A permanent redirect
    (301, 308) is remembered as an alias of its target, so that the next run does not even
    ask.  A redirect to another host (other than its ``www.`` twin) is not followed, so
    nothing meant for one site is sent to another.  Must come after RedirectMiddleware in
    process_response order (a higher number), to see the redirect responses.
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

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if response.status not in REDIRECTS or not location:
            return response
        target = absolute_url(request.url, location.decode("latin-1"))
        if target is None:
            raise IgnoreRequest("redirect to no URL")
        if problem := redirect_problem(request, target):
            raise IgnoreRequest(problem)
        if response.status in PERMANENT:
            self.run.state.add_aliases([request.url], target)
        return response


def redirect_problem(request: Request, target: str) -> str | None:
    """Why a redirect from ``request`` to ``target`` is not followed, or None.

    >>> redirect_problem(Request("http://a.example/x"), "https://www.a.example/y") is None
    True
    >>> redirect_problem(Request("http://a.example/x"), "file:///etc/passwd")
    'redirect to another scheme'
    >>> redirect_problem(Request("http://a.example/x"), "http://b.example/x")
    'redirect to another host'
    """
    source, parts = urlsplit(request.url), urlsplit(target)
    if parts.scheme not in ("http", "https"):
        return "redirect to another scheme"
    if parts.hostname not in host_variants(source.hostname or "") or (
        parts.port != source.port and parts.scheme == source.scheme
    ):
        return "redirect to another host"
    if target == request.url or target in request.meta.get("redirect_urls", ()):
        return "redirect loop"
    return None
