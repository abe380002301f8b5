"""Bad-input cases that live in the server's behaviour and URLs more than in the body:
redirects, error statuses, a hanging server, a truncated body, odd paths."""

from __future__ import annotations

from functools import partial

from tests.badinput.case import ARTICLE, FIRST, NO_TEXT, OVER_DOWNLOAD_CAP, Case
from tests.badinput.pages import BASE, MEGABYTE, article, gzip_sitemap, utf8

LONG_PATH = "/2024/03/12/" + "very-long-slug-" * 140 + "end.html"


def _redirect(name: str, location: str, reason: str) -> Case:
    return Case(
        name,
        b"",
        expect=NO_TEXT,
        crawl=f"skip: ignored: {reason}",
        status=302,
        headers=(("Location", location), ("Content-Length", "0")),
        clean=False,
    )


def _status(name: str, status: int) -> Case:
    return Case(
        name,
        utf8(f"<html><head><title>Error {status}</title></head><body><h1>Error</h1></body></html>"),
        expect=NO_TEXT,
        crawl=f"skip: HTTP {status}",
        status=status,
        clean=False,
    )


SERVED: tuple[Case, ...] = (
    # URLs
    Case(
        "url-over-2083-chars",
        utf8(article()),
        "record",
        "skip: URL longer than URLLENGTH_LIMIT",
        path=LONG_PATH,
        url=BASE + LONG_PATH,
        contains=(FIRST,),
        language="en",
    ),
    Case(
        "dot-dot-path",
        utf8(article()),
        NO_TEXT,
        ARTICLE,
        clean=False,
        note="the URL is normalised (no ../ left) and never names a file on disk",
        path="/2024/03/../../../etc/{name}.html",
    ),
    Case(
        "encoded-dot-dot-path",
        utf8(article()),
        NO_TEXT,
        ARTICLE,
        clean=False,
        note="as dot-dot-path: %2e%2e is a dot segment too",
        path="/2024/%2e%2e/%2e%2e/%2E%2E/etc/{name}.html",
    ),
    # bodies the spider cannot parse
    Case(
        "json-body",
        b'{"articles": [{"title": "Envoys resume talks", "url": "/2024/03/12/a.html"}]}',
        NO_TEXT,
        "skip: not an HTML page",
        headers=(("Content-Type", "application/json"),),
        clean=False,
        note="Scrapy makes a JsonResponse, whose selector has no XPath",
    ),
    Case(
        "gzip-sitemap-over-cap",
        partial(gzip_sitemap, 12 * MEGABYTE),
        NO_TEXT,
        OVER_DOWNLOAD_CAP,
        headers=(("Content-Type", "application/xml"),),
        clean=False,
        path="/{name}.xml.gz",
        note="a .xml.gz sitemap of 12 MiB once unzipped (the download cap is 10 MiB)",
    ),
    # server behaviour
    _redirect("redirect-loop", "/2024/03/12/redirect-loop.html", "redirect loop"),
    _redirect("redirect-to-file", "file:///etc/passwd", "redirect to another scheme"),
    _redirect(
        "redirect-to-other-host", "{other}/2024/03/12/elsewhere.html", "redirect to another host"
    ),
    _redirect("redirect-to-no-url", "http://[not-a-host]/story", "redirect to no URL"),
    _redirect(
        "redirect-backslash-host",
        "http:\\\\{other_netloc}/2024/03/12/elsewhere.html",
        "redirect to another host",
    ),
    Case(
        "meta-refresh-other-host",
        utf8(article(head='<meta http-equiv="refresh" content="0; url=http://localhost:9/x">')),
        NO_TEXT,
        "skip: ignored: meta refresh to another host",
        clean=False,
        note="Scrapy's OffsiteMiddleware used to drop the refresh with no skip line",
    ),
    _status("http-404", 404),
    _status("http-500", 500),
    Case(
        "hanging-server",
        utf8(article()),
        NO_TEXT,
        "skip: download failed: DownloadTimeoutError",
        behaviour="hang",
        clean=False,
    ),
    Case(
        "truncated-body",
        utf8(article())[:1500],
        "record",
        "skip: download failed: ResponseDataLossError",
        behaviour="truncate",
        contains=("returned to Geneva",),
        note="the file holds the first 1500 bytes: the article is cut mid-paragraph",
    ),
)
