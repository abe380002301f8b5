"""Telling feeds, sitemaps and pages apart by content, and deciding which pages are articles."""

from __future__ import annotations

import pytest

from cleaners.extraction.pagetype import classify
from crawler.discovery import document_kind, feed_entries, sitemap_entries

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<!-- a comment first --><rss version="2.0"><channel><title>x</title>
<item><title>A</title><link>https://a.example/2024/01/02/a/</link><pubDate>Tue, 02 Jan 2024</pubDate></item>
<item><title>B</title><link> /2024/01/03/b/ </link></item></channel></rss>"""
ATOM = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>A</title>
<link rel="alternate" href="https://a.example/a"/><link rel="edit" href="https://a.example/edit"/>
<updated>2024-01-02T00:00:00Z</updated></entry></feed>"""
URLSET = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://a.example/old</loc><lastmod>2023-01-01</lastmod></url>
<url><loc>https://a.example/new</loc><lastmod>2024-05-01</lastmod></url>
<url><loc>https://a.example/news</loc><news:news><news:title>T</news:title></news:news></url></urlset>"""
INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://a.example/sitemap-1.xml</loc></sitemap></sitemapindex>"""
XXE = b"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<rss><channel><item><link>https://a.example/&x;</link></item></channel></rss>"""
LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY a "aaaaaaaaaa">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">]>
<rss><channel><item><link>https://a.example/&e;</link></item></channel></rss>"""


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (RSS, "rss"), (ATOM, "atom"), (URLSET, "urlset"), (INDEX, "sitemapindex"),
        (b"\xef\xbb\xbf<?xml version='1.0'?><rdf:RDF xmlns:rdf='x'></rdf:RDF>", "rss"),
        (b"<!DOCTYPE html><html><body><p>sitemap urlset rss</p></body></html>", "html"),
        (b"", "html"), (b"plain text", "html"),
    ],
)  # fmt: skip
def test_document_kind_by_content(body: bytes, kind: str) -> None:
    assert document_kind(body) == kind


def test_feed_entries() -> None:
    assert [e.url for e in feed_entries(RSS, "https://a.example/feed")] == [
        "https://a.example/2024/01/02/a/",
        "https://a.example/2024/01/03/b/",
    ]
    assert [e.url for e in feed_entries(ATOM, "https://a.example/")] == ["https://a.example/a"]


def test_sitemap_entries_newest_first() -> None:
    urls = [e.url for e in sitemap_entries(URLSET, "https://a.example/sitemap.xml")]
    assert urls == ["https://a.example/new", "https://a.example/old", "https://a.example/news"]
    assert [e.url for e in sitemap_entries(INDEX, "https://a.example/")] == [
        "https://a.example/sitemap-1.xml"
    ]


@pytest.mark.parametrize("body", [XXE, LAUGHS])
def test_no_entity_expansion(body: bytes) -> None:
    for entry in feed_entries(body, "https://a.example/"):
        assert "root:" not in entry.url
        assert len(entry.url) < 200


ARTICLE = '<html><head><meta property="og:type" content="article"></head><body><article><p>{}</p></article></body></html>'
TEXT = "The envoys met again. " * 30


@pytest.mark.parametrize(
    ("html", "url", "reason"),
    [
        (ARTICLE.format(TEXT), "https://a.example/2024/03/12/talks/", None),
        ('<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle"}]}</script><p>x</p>', "https://a.example/talks", None),
        (f"<article><p>{TEXT}</p></article>", "https://a.example/2024/03/talks.html", None),
        (ARTICLE.format(TEXT), "https://a.example/", "home page"),
        (ARTICLE.format(TEXT), "https://a.example/tag/sanctions/", "tag, category or listing page"),
        (ARTICLE.format(TEXT), "https://a.example/about/", "about, contact or service page"),
        (f"<article><p>{TEXT}</p></article>", "https://a.example/talks", "no article markup"),
        (f"<div><div>{TEXT}</div></div>", "https://a.example/2024/03/12/talks.html", None),
        (ARTICLE.format("".join(f'<a href="/{n}">Headline number {n}</a> ' for n in range(40))), "https://a.example/2024/01/01/x/", "mostly links (listing page)"),
    ],
)  # fmt: skip
def test_classify(html: str, url: str, reason: str | None) -> None:
    verdict = classify(html, url)
    assert (verdict.is_article, verdict.reason) == (reason is None, reason)
