"""A generated site of many article pages, made from the bundled HTML samples."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from lxml.html import HtmlElement, HTMLParser, document_fromstring, tostring

from cleaners.cleaning.topic import MIN_TOPIC_SCORE
from cleaners.record import count_words
from crawler.demo import ROOT


def _numbered(html: str, number: int, count: int) -> str:
    """The page at its own URL, every body paragraph made unique: else the crawl drops the
    copies as duplicates.  Its links within the site lead to the next articles of the site,
    as a news site's do: a real page's own relative links would lead nowhere here (about 28
    dead links a page on the trafilatura dev set, each a request that the crawl makes and
    that cleaning alone does not)."""
    url = "{{BASE}}" + article_path(number)
    tree = document_fromstring(html.encode("utf-8"), parser=_PARSER)
    for link in tree.xpath('//link[@rel="canonical"]'):
        link.set("href", url)
    for meta in tree.xpath('//meta[@property="og:url"]'):
        meta.set("content", url)
    anchors = [anchor for anchor in tree.xpath("//a[@href] | //area[@href]") if _local(anchor)]
    for step, anchor in enumerate(anchors, start=1):
        anchor.set("href", article_path((number + step) % count))
    for paragraph in tree.iter("p"):
        content = paragraph.text_content()
        # a body paragraph: 120 characters, or 40 words where words are characters (Chinese)
        if len(content) >= 120 or count_words(content) >= 40:
            text = _CONTROL.sub("", paragraph.text or "")
            paragraph.text = f"Report {number}: {text}"
    serialized: str = tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")
    return serialized


def _local(anchor: HtmlElement) -> bool:
    """Whether a link leads within the site (relative, not a fragment or another scheme)."""
    try:
        parts = urlsplit(anchor.get("href", "").strip())
    except ValueError:  # not a URL (a bracketed host that is no IP address): left as it is
        return False
    return not parts.scheme and not parts.netloc and bool(parts.path)


def article_path(number: int) -> str:
    return f"/2024/{number % 12 + 1:02d}/{number % 28 + 1:02d}/story-{number}/"


_PARSER = HTMLParser(encoding="utf-8")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def sample_templates() -> list[str]:
    """The bundled HTML samples that are about diplomacy (their golden record's topic score
    at the crawl's default minimum): a generated site's every page is then an article the
    crawl writes, as the tests that count them expect."""
    templates = []
    for path in sorted((ROOT / "samples").glob("*/page.html")):
        golden = json.loads((path.parent / "expected.json").read_text(encoding="utf-8"))
        if golden["topic_score"] >= MIN_TOPIC_SCORE:
            templates.append(path.read_text(encoding="utf-8"))
    return templates


def write_site(root: Path, count: int, templates: list[str] | None = None) -> Path:
    """``count`` article pages (each template in turn, made unique; by default the bundled
    HTML samples) and a sitemap of them."""
    templates = templates or sample_templates()
    locations = []
    for number in range(count):
        path = article_path(number)
        html = _numbered(templates[number % len(templates)], number, count)
        target = root / path.strip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        locations.append(f"<url><loc>{{{{BASE}}}}{path}</loc></url>")
    sitemap = '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    (root / "sitemap.xml").write_text(sitemap + "".join(locations) + "</urlset>", encoding="utf-8")
    return root
