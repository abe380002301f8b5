"""Is a page an article?  Markup and URL signals, decided before any cleaning.

A crawler follows links from every page but emits records only for articles; this module
says which pages are articles and, for the others, why not.  After cleaning, the crawler
also drops pages with too little body text (see ``MIN_ARTICLE_WORDS``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml.etree import ParserError
from lxml.html import HtmlElement, document_fromstring

ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
     "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle", "liveblogposting",
     "socialmediaposting", "report", "scholarlyarticle", "techarticle"}
)  # fmt: skip
# below this many words of body text a cleaned page is not kept as an article
MIN_ARTICLE_WORDS = 80
# above this share of link text among all text, a page is a list of links
MAX_LINK_DENSITY = 0.5
_DATED_PATH = re.compile(r"/(?:19|20)\d{2}[/-](?:0?[1-9]|1[0-2])(?:[/-](?:0?[1-9]|[12]\d|3[01]))?/")
_LISTING_PATH = re.compile(
    r"/(?:tags?|category|categories|topics?|section|sections|author|authors|archives?|page|"
    r"search|label|labels|rubrique|thema|themen|etiqueta|categoria|kategorie)(?:/|$)",
    re.IGNORECASE,
)
_SERVICE_PATH = re.compile(
    r"/(?:about|about-us|contact|contact-us|impressum|imprint|privacy|terms|legal|"
    r"subscribe|newsletter|login|register|a-propos|mentions-legales|kontakt|datenschutz)"
    r"(?:/|\.html?|$)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Verdict:
    """Whether a page is an article; when it is not, the reason in a few words."""

    is_article: bool
    reason: str | None = None


def jsonld_types(tree: HtmlElement) -> set[str]:
    types: set[str] = set()
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(script)
        except ValueError:
            continue
        stack = [data]
        while stack:
            node = stack.pop()
            if isinstance(node, list):
                stack.extend(node)
            elif isinstance(node, dict):
                kind = node.get("@type")
                names = kind if isinstance(kind, list) else [kind]
                types.update(name.lower() for name in names if isinstance(name, str))
                stack.extend(node.get("@graph", []) if isinstance(node.get("@graph"), list) else [])
    return types


def _text_length(elements: list[HtmlElement]) -> int:
    return sum(len(" ".join(element.text_content().split())) for element in elements)


def link_density(tree: HtmlElement) -> float:
    """Share of the body's text that sits inside links (0 for a page with no text)."""
    body = tree.find("body")
    if body is None:
        return 0.0
    total = len(" ".join(body.text_content().split()))
    return _text_length(body.xpath(".//a")) / total if total else 0.0


def has_article_markup(tree: HtmlElement, url: str) -> bool:
    """JSON-LD article type, ``og:type`` article, or a dated URL with an ``<article>``."""
    if jsonld_types(tree) & ARTICLE_TYPES:
        return True
    og_type = tree.xpath('string(//meta[@property="og:type"]/@content)').strip().lower()
    if og_type == "article":
        return True
    return bool(_DATED_PATH.search(urlsplit(url).path)) and bool(tree.xpath("//article"))


def classify(html: str | HtmlElement, url: str) -> Verdict:
    """Decide from markup and URL whether a page is an article.

    ``html`` is the page's text, or its tree when the caller has parsed it already.

    >>> page = '<html><head><meta property="og:type" content="article"></head><p>x</p></html>'
    >>> classify(page, "https://example.org/2024/03/12/talks/")
    Verdict(is_article=True, reason=None)
    >>> classify(page, "https://example.org/")
    Verdict(is_article=False, reason='home page')
    """
    path = urlsplit(url).path or "/"
    if path in ("/", "/index.html", "/index.htm"):
        return Verdict(False, "home page")
    if _LISTING_PATH.search(path):
        return Verdict(False, "tag, category or listing page")
    if _SERVICE_PATH.search(path):
        return Verdict(False, "about, contact or service page")
    if isinstance(html, str):
        try:
            tree = document_fromstring(html)
        except (ParserError, ValueError):
            return Verdict(False, "unparseable HTML")
    else:
        tree = html
    if not (has_article_markup(tree, url) or _DATED_PATH.search(path)):
        return Verdict(False, "no article markup")
    if link_density(tree) > MAX_LINK_DENSITY:
        return Verdict(False, "mostly links (listing page)")
    return Verdict(True)
