"""The texts of a page's links to other pages of its own site: what related headlines are.

A run of short lines after the body is a list of other articles when each line is the whole
text of such a link; a list item of the article's own text is not (or links elsewhere).
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import SplitResult, urljoin, urlsplit

from lxml.html import HtmlElement

# a link text of fewer words is a button or a tag, not a headline
MIN_LINK_WORDS = 2
MAX_LINK_CHARS = 300


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:  # a bracketed host that is no IP address
        return None
    return _split_host(parts)


def _split_host(parts: SplitResult) -> str | None:
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return parts.hostname.removeprefix("www.")


def _site(hrefs: list[str], url: str | None, canonical: str | None) -> str | None:
    """The page's host: from its URL, else its canonical URL, else its commonest link host."""
    found = _host(url) or _host(canonical)
    if found:
        return found
    hosts = Counter(host for href in hrefs if (host := _host(href)))
    return hosts.most_common(1)[0][0] if hosts else None


def _other_page(href: str, base: str, own: SplitResult, site: str | None) -> bool:
    """Whether ``href`` leads to another page of the site (not an anchor of this one, the
    page at ``base``, split as ``own``)."""
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return False
    try:
        target = urlsplit(urljoin(base, href))
    except ValueError:
        return False
    if not target.scheme:  # a relative link on a page without a URL
        return bool(target.path)
    host = _split_host(target)
    if host is None or host != site:
        return False
    return (target.path.rstrip("/"), target.query) != (own.path.rstrip("/"), own.query)


def site_link_texts(
    tree: HtmlElement, url: str | None, canonical: str | None = None
) -> frozenset[str]:
    """The texts (spaces collapsed) of the links in ``tree`` to other pages of the site.

    >>> from lxml.html import fromstring
    >>> page = fromstring('<body><a href="/2024/talks-resume">Talks resume in Geneva</a>'
    ...   '<a href="https://example.org/a">Other site page</a><a href="#top">Back to top</a>'
    ...   '<a href="https://elsewhere.net/x">Off site link</a></body>')
    >>> sorted(site_link_texts(page, "https://example.org/2024/today"))
    ['Other site page', 'Talks resume in Geneva']
    """
    links = [(a.get("href") or "", a) for a in tree.iter("a")]
    base = (url if _host(url) else canonical) or ""
    own = urlsplit(base)
    site = _site([href for href, _ in links], url, canonical)
    texts: set[str] = set()
    for href, anchor in links:
        text = " ".join(anchor.text_content().split())
        if len(text.split()) < MIN_LINK_WORDS or len(text) > MAX_LINK_CHARS:
            continue
        if _other_page(href, base, own, site):
            texts.add(text)
    return frozenset(texts)
