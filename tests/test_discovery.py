"""Telling feeds, sitemaps and pages apart by content, and deciding which pages are articles."""

from __future__ import annotations

import pytest
from scrapy.utils.sitemap import Sitemap

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
    entries, listed = sitemap_entries(URLSET, "https://a.example/sitemap.xml")
    urls = [e.url for e in entries]
    assert urls == ["https://a.example/new", "https://a.example/old", "https://a.example/news"]
    assert listed == 3
    assert [e.url for e in sitemap_entries(INDEX, "https://a.example/")[0]] == [
        "https://a.example/sitemap-1.xml"
    ]


def test_sitemap_entries_over_the_limit_are_the_newest_and_counted() -> None:
    body = (
        b"<urlset>"
        + b"".join(
            b"<url><loc>/%d</loc><lastmod>2024-01-%02d</lastmod></url>" % (day, day)
            for day in (5, 1, 9, 3, 9, 7)
        )
        + b"<url><loc>/undated</loc></url></urlset>"
    )
    entries, listed = sitemap_entries(body, "https://a.example/", 3)
    # the newest three; the two of the same date in the order listed
    assert [(e.url, e.date) for e in entries] == [
        ("https://a.example/9", "2024-01-09"),
        ("https://a.example/9", "2024-01-09"),
        ("https://a.example/7", "2024-01-07"),
    ]
    assert listed == 7


TRUNCATED = URLSET[: URLSET.index(b"<url><loc>https://a.example/news")] + b"<url><loc>https://a.ex"


@pytest.mark.parametrize("body", [URLSET, INDEX, TRUNCATED, b"<urlset><url><loc> </loc></url>"])
def test_sitemap_entries_are_those_scrapy_reads(body: bytes) -> None:
    """The stream reads what Scrapy's whole-tree ``Sitemap`` reads (the reference)."""
    expected = [(item["loc"], item.get("lastmod", "")) for item in Sitemap(body) if item["loc"]]
    entries, _ = sitemap_entries(body, "https://a.example/")
    assert sorted((e.url, e.date) for e in entries) == sorted(expected)


@pytest.mark.parametrize("body", [XXE, LAUGHS])
def test_no_entity_expansion(body: bytes) -> None:
    for entry in feed_entries(body, "https://a.example/"):
        assert "root:" not in entry.url
        assert len(entry.url) < 200


@pytest.mark.parametrize("body", [XXE, LAUGHS])
def test_no_entity_expansion_in_sitemaps(body: bytes) -> None:
    sitemap = body.replace(b"<rss><channel><item><link>", b"<urlset><url><loc>")
    sitemap = sitemap.replace(b"</link></item></channel></rss>", b"</loc></url></urlset>")
    entries, listed = sitemap_entries(sitemap, "https://a.example/")
    assert listed == 1
    for entry in entries:
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
