"""Downloader middleware that keeps redirects from fetching articles an earlier run wrote."""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from crawler.run import run_for

PERMANENT = (301, 308)


class AlreadyStored(IgnoreRequest):
    """A request for an article the crawl state already holds, unchanged."""


class KnownArticlesMiddleware:
    """Redirects meet the crawl state too.

    Links are checked against the state by the spider, but a redirect makes its request in
    the downloader: a link to ``/go/latest`` that redirects to a stored article would fetch
    it again.  So a redirected request for a stored article is dropped here, and a
    permanent redirect (301, 308) is remembered as an alias of its target, so that the
    next run does not even ask.  Must come after RedirectMiddleware in process_response
    order (a higher number), to see the redirect responses.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KnownArticlesMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if not request.meta.get("redirect_urls"):
            return
        if not run_for(self.crawler).state.should_fetch(request.url, request.meta.get("lastmod")):
            raise AlreadyStored(f"already stored: {request.url}")

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if response.status in PERMANENT and location:
            target = urljoin(request.url, location.decode("latin-1"))
            run_for(self.crawler).state.add_aliases([request.url], target)
        return response
