"""A page's title: its heading where one of its titles names it, else a title without the
site's name.  What separates a site's name from a headline, and which headings are navigation,
is data (``metadata.toml``)."""

from __future__ import annotations

import json
import re
import tomllib
import unicodedata
from collections.abc import Iterator
from functools import cache
from importlib.resources import files
from typing import Any
from urllib.parse import urlsplit

from lxml.html import HtmlElement


@cache
def settings() -> dict[str, Any]:
    """The metadata patterns, read once."""
    text = files("cleaners.extraction").joinpath("metadata.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


def _whole(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(patterns) + ")", re.IGNORECASE)


@cache
def _navigation() -> re.Pattern[str]:
    return _whole(settings()["title"]["navigation"])


@cache
def _not_headline() -> re.Pattern[str]:
    return _whole(settings()["title"]["not_headline"])


@cache
def _separators() -> re.Pattern[str]:
    return re.compile("|".join(re.escape(s) for s in settings()["title"]["separators"]))


def squeeze(text: str) -> str:
    """White space collapsed, NFKC, case folded, quotes and dashes ignored: how two titles are
    compared.

    >>> squeeze("„Kleiner“  Vorverkauf – Heim") == squeeze('"kleiner" vorverkauf - heim')
    True
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w\s]", " ", text).split())


def _text(element: HtmlElement) -> str:
    return " ".join(element.text_content().split())


def page_titles(tree: HtmlElement) -> list[str]:
    """The titles a page gives itself: og:title, twitter:title, <title>, JSON-LD headlines."""
    found = [
        str(value)
        for value in tree.xpath(
            '//meta[@property="og:title" or @name="og:title" or @name="twitter:title"]/@content'
            "|//head/title/text()"
        )
    ]
    found.extend(_json_ld(tree, "headline"))
    return [" ".join(title.split()) for title in found if title.strip()]


def _json_values(data: Any, key: str) -> Iterator[Any]:
    if isinstance(data, dict):
        for name, value in data.items():
            if name == key:
                yield value
            else:
                yield from _json_values(value, key)
    elif isinstance(data, list):
        for item in data:
            yield from _json_values(item, key)


def _json_ld(tree: HtmlElement, key: str) -> list[str]:
    values: list[str] = []
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(str(script))
        except ValueError:  # a page's broken JSON-LD: nothing to read
            continue
        values.extend(str(v) for v in _json_values(data, key) if isinstance(v, str | int))
    return values


def site_names(tree: HtmlElement, url: str | None, sitename: str | None) -> set[str]:
    """Squeezed names of the site: og:site_name, application-name, the JSON-LD publisher,
    the domain."""
    names = [sitename or ""]
    names += [
        str(v)
        for v in tree.xpath(
            '//meta[@property="og:site_name" or @name="application-name"'
            ' or @name="apple-mobile-web-app-title"]/@content'
        )
    ]
    names += _publishers(tree)
    host = urlsplit(url).hostname or "" if url and url.startswith("http") else ""
    host = host.removeprefix("www.")
    if host:
        labels = host.split(".")
        # the site's own label too, under a subdomain: "hejfish" of shop.hejfish.com
        names += [host, host.rsplit(".", 1)[0], labels[0], labels[-2] if len(labels) > 1 else ""]
    return {squeeze(name) for name in names if squeeze(name)}


def _publishers(tree: HtmlElement) -> list[str]:
    """The names of the publisher that the page's JSON-LD gives."""
    names: list[str] = []
    for script in tree.xpath('//script[@type="application/ld+json"]/text()'):
        try:
            data = json.loads(str(script))
        except ValueError:  # a page's broken JSON-LD: nothing to read
            continue
        for publisher in _json_values(data, "publisher"):
            for item in publisher if isinstance(publisher, list) else [publisher]:
                name = item.get("name") if isinstance(item, dict) else None
                if isinstance(name, str):
                    names.append(name)
    return names


def _is_site(part: str, sites: set[str]) -> bool:
    squeezed = squeeze(part)
    bare = squeezed.replace(" ", "")
    return not squeezed or any(
        squeezed == site or bare == site.replace(" ", "") or (len(site) > 3 and site in squeezed)
        for site in sites
    )


def strip_site(title: str, sites: set[str]) -> str:
    """A title without the parts that name the site or only give a date.

    >>> strip_site("Kondenswasser verhindern - hausinfo", {"hausinfo"})
    'Kondenswasser verhindern'
    >>> strip_site("08.11.2021 | Neue Regeln für Mieter", set())
    'Neue Regeln für Mieter'
    """
    parts = _separators().split(title)
    kept = [
        part
        for part in parts
        if not _not_headline().fullmatch(part.strip()) and not _is_site(part, sites)
    ]
    if not kept or len(kept) == len(parts):
        return title.strip()
    start, end = parts.index(kept[0]), len(parts) - parts[::-1].index(kept[-1])
    separators = _separators().findall(title)
    joined = parts[start]
    for index in range(start + 1, end):
        joined += separators[index - 1] + parts[index]
    return joined.strip()


def headings(tree: HtmlElement) -> list[str]:
    """The page's h1 headings that are no navigation."""
    found = (_text(h) for h in tree.xpath("//body//h1"))
    return [h for h in found if h and not _navigation().fullmatch(h)]


def _naming(heading: str, title: str) -> int | None:
    """How a title names a heading: 0 it is the heading, 1 it starts with it, 2 it ends with
    it, a separator between it and the rest (the site's name); 3 it is most of the title with
    a kicker or a suffix around it; None not at all.

    >>> _naming("Neue Regeln", "Neue Regeln | Mieterbund"), _naming("Neue", "Neue Regeln")
    (1, None)
    """
    head = squeeze(heading)
    if not head:
        return None
    if head == squeeze(title):
        return 0
    parts = _separators().split(title)
    for cut in range(1, len(parts)):
        if squeeze(" ".join(parts[:cut])) == head:
            return 1
        if squeeze(" ".join(parts[cut:])) == head:
            return 2
    # a kicker joined by a colon ("Kicker: Heading"), when the heading is most of the title
    whole = squeeze(title)
    if 2 * len(head) >= len(whole) and (whole.startswith(head + " ") or whole.endswith(" " + head)):
        return 3
    return None


def _named_heading(tree: HtmlElement, titles: list[str], sites: set[str]) -> str | None:
    """The heading that the page's titles name best, that is not the site's name."""
    ranked = []
    for heading in headings(tree):
        if squeeze(heading) in sites:
            continue
        namings = [n for title in titles if (n := _naming(heading, title)) is not None]
        if namings:
            ranked.append((min(namings), -len(heading), heading))
    return min(ranked)[2] if ranked else None


def best_title(
    tree: HtmlElement, url: str | None, found: str | None, sitename: str | None
) -> str | None:
    """The heading that one of the page's titles names, else the title found without the
    site's name; never a navigation heading."""
    titles = page_titles(tree) + ([found] if found else [])
    sites = site_names(tree, url, sitename)
    if heading := _named_heading(tree, titles, sites):
        return heading
    if found is None or _navigation().fullmatch(found.strip()):
        found = next((t for t in titles if not _navigation().fullmatch(t)), None)
    if found is None:  # no title but navigation: the first heading that is none
        return next(iter(headings(tree)), None)
    return strip_site(found, sites) or found
