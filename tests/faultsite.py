"""A small site of our own for the fault tests, written to a folder and served by
:class:`crawler.demo.SiteServer`: pages and feeds with links Scrapy refuses, bodies the
spider cannot parse, and articles in scripts written without spaces."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tests.badinput.pages import PARAGRAPHS, article, gzip_sitemap
from tests.badinput.texts import CHINESE, JAPANESE

# links that `scrapy.Request` refuses: a port out of range, in hex, given twice
BAD_LINKS = (
    "http://127.0.0.1:99999/2024/03/12/x.html",
    "http://127.0.0.1:0x50/2024/03/12/y.html",
    "http://127.0.0.1:80:80/2024/03/12/z.html",
)
AFTER_PAGE = "/2024/03/12/after-bad-links.html"
AFTER_FEED = "/2024/03/13/after-bad-feed-item.html"
AFTER_SITEMAP = "/2024/03/14/after-bad-sitemap-entry.html"

CHINESE_ARTICLE = "/2024/03/15/zh-talks.html"
JAPANESE_ARTICLE = "/2024/03/15/ja-talks.html"
JSON_BODY = "/api/articles.json"
GZ_SITEMAP = "/sitemap-huge.xml.gz"
# answers 503 (a _redirects rule with that status): retried, then given up
UNAVAILABLE = "/2024/03/17/unavailable.html"
GZ_SITEMAP_SIZE = 3 * 1024 * 1024  # unzipped; the crawl of the tests caps downloads at 1 MiB


def write_files(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Each file under ``root`` by its path (text as UTF-8), folders made as needed."""
    for name, content in files.items():
        path = root / name.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    return root


def _numbered(tag: str) -> tuple[str, ...]:
    """The English article's paragraphs, made distinct from the other articles' by ``tag``."""
    return tuple(f"{tag}: {paragraph}" for paragraph in PARAGRAPHS)


def _links(paths: tuple[str, ...]) -> str:
    return "".join(f'<li><a href="{path}">{path}</a></li>' for path in paths)


def write_site(root: Path) -> Path:
    """The fault site under ``root``; its home page is ``/``."""
    files: dict[str, str | bytes] = {
        "index.html": "<html><head><title>Home</title>"
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body><ul>'
        + _links((*BAD_LINKS, AFTER_PAGE, "/sitemap.xml", JSON_BODY, GZ_SITEMAP))
        + _links((CHINESE_ARTICLE, JAPANESE_ARTICLE, UNAVAILABLE))
        + "</ul></body></html>",
        "feed.xml": '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
        + "".join(f"<item><link>{link}</link></item>" for link in BAD_LINKS)
        + f"<item><link>{{{{BASE}}}}{AFTER_FEED}</link></item></channel></rss>",
        "sitemap.xml": '<?xml version="1.0"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>{link}</loc></url>" for link in BAD_LINKS)
        + f"<url><loc>{{{{BASE}}}}{AFTER_SITEMAP}</loc></url></urlset>",
        AFTER_PAGE: article(_numbered("Page")),
        AFTER_FEED: article(_numbered("Feed")),
        AFTER_SITEMAP: article(_numbered("Sitemap")),
        CHINESE_ARTICLE: article(CHINESE, title="日内瓦停火会谈恢复", lang="zh"),
        JAPANESE_ARTICLE: article(JAPANESE, title="ジュネーブで停戦協議再開", lang="ja"),
        JSON_BODY: '{"articles": [{"title": "Talks resume", "url": "/2024/03/12/a.html"}]}',
        GZ_SITEMAP: gzip_sitemap(GZ_SITEMAP_SIZE),
        "_redirects": f"{UNAVAILABLE} /elsewhere.html 503\n",
    }
    return write_files(root, files)


# a page that keeps a cleaning worker busy up to the time cap (10 s): many paragraphs
SLOW_ARTICLE = "/2024/03/18/slow.html"
SLOW_PARAGRAPHS = 20_000
# articles in a chain, each linked from the one before, the first from the slow page
# (three: the crawl of the tests goes four links deep)
CHAIN = tuple(f"/2024/03/18/after-{number}.html" for number in range(1, 4))


def write_worker_site(root: Path) -> Path:
    """A home page that links to the slow page; the slow page starts the chain."""
    slow = tuple(
        f"Paragraph {n}: {PARAGRAPHS[n % len(PARAGRAPHS)]}" for n in range(SLOW_PARAGRAPHS)
    )
    files = {
        "index.html": f"<html><body><a href='{SLOW_ARTICLE}'>slow</a></body></html>",
        SLOW_ARTICLE: article(slow, after=_links(CHAIN[:1])),
    }
    for path, following in zip(CHAIN, (*CHAIN[1:], None), strict=True):
        files[path] = article(_numbered(path), after=_links((following,)) if following else "")
    for name, content in files.items():
        target = root / name.lstrip("/")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return root
