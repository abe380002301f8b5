"""Main-text and metadata extraction with trafilatura (the only module that imports it)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml.etree import LxmlError, XPath
from lxml.html import HtmlElement, HTMLParser, fromstring
from trafilatura import bare_extraction
from trafilatura.settings import Document, Extractor
from trafilatura.utils import is_dubious_html, repair_faulty_html

from cleaners.cleaning.scripttext import drop_script_text, squeeze
from cleaners.extraction.authors import people_and_date
from cleaners.extraction.dates import page_date
from cleaners.extraction.layout import unwrap_layout_tables
from cleaners.extraction.lead import find_lead, with_lead
from cleaners.extraction.links import site_link_texts
from cleaners.extraction.nextarticle import RULE as NEXT_ARTICLE
from cleaners.extraction.nextarticle import cut_next_article
from cleaners.extraction.prune import comment_block_lines, prune_threads
from cleaners.extraction.titles import best_title, site_names
from cleaners.record import Failure, Removal


@dataclass(frozen=True)
class Extracted:
    """What trafilatura found in a page: the body as text, and the page's metadata."""

    text: str
    title: str | None
    author: str | None
    date: str | None
    sitename: str | None
    canonical_url: str | None
    description: str | None
    html_lang: str | None
    # what was cut from the tree before extraction (layout cells of links or ads, comment
    # threads in div soup)
    pruned: tuple[Removal, ...] = ()
    # lines of comment sections named in the markup, to be taken out of the text
    comment_lines: frozenset[str] = frozenset()
    # texts of the links to other pages of the site (related headlines are such links)
    link_texts: frozenset[str] = frozenset()
    # lines the page shows in <pre> or <code>: code that is content (script-text keeps them)
    code_lines: frozenset[str] = frozenset()


# trafilatura's own parser settings, with libxml2's "huge" limits: by default libxml2
# silently drops everything below 255 levels of nesting (an article after 300 nested
# <div>s is lost) and cuts text nodes at 10 MB.  Entities stay unexpanded either way:
# the HTML parser reads no DTD.  Page size is capped before parsing (cleaners.limits).
_PARSER = HTMLParser(
    collect_ids=False,
    default_doctype=False,
    encoding="utf-8",
    remove_comments=True,
    remove_pis=True,
    huge_tree=True,
)


def _parse(document: str | bytes) -> HtmlElement | None:
    try:
        return fromstring(document, parser=_PARSER)
    except (LxmlError, ValueError):  # nothing left to parse; a str declaring an encoding
        return None


def load_tree(html: str) -> HtmlElement | None:
    """Parse a page as trafilatura's ``load_html`` does, with the parser above.

    >>> deep = "<html><body>" + "<div>" * 300 + "<p>deep</p>" + "</div>" * 300
    >>> load_tree(deep).xpath("//p")[0].text
    'deep'
    """
    beginning = html[:50].lower()
    html = repair_faulty_html(html, beginning)
    tree = _parse(html)
    if tree is None or len(tree) < 1:
        tree = _parse(html.encode("utf-8", "surrogatepass"))
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        return None  # not (well-formed) HTML at all
    return tree


# extensive date search costs ~10% of a page's extraction time for little gain on pages
# that carry their date in markup, as news pages do
DATE_PARAMS: dict[str, Any] = {"original_date": True, "extensive_search": False}


def _options(
    url: str | None, max_date: str | None, fast: bool = True, metadata: bool = True
) -> Extractor:
    """A fresh options object per call: no comments, no dedup cache; ``fast`` skips
    trafilatura's comparison with its readability and jusText fallbacks."""
    date_params: dict[str, Any] = dict(DATE_PARAMS)
    if max_date:
        # htmldate rejects dates after this; pinning it to the fetch date keeps a
        # re-clean of an archived page identical whatever day it runs
        date_params["max_date"] = max_date
    return Extractor(
        output_format="python",
        fast=fast,
        precision=False,
        comments=False,
        tables=True,
        dedup=False,
        with_metadata=metadata,
        url=url,
        date_params=date_params,
    )


# trafilatura's fast mode scores as well as its default on news pages at two thirds of the
# cost; where it finds less than this share of the page's visible text, its fallback
# comparison runs too, and its text is taken only when it is this many times longer
FALLBACK_PAGE_SHARE = 0.1
FALLBACK_GAIN = 3.0
# the body's text, and the part of it no reader sees: one pass each, where a test of every
# text node's ancestors costs twice as much
_BODY_TEXT = XPath("//body//text()")
_HIDDEN_TEXT = XPath(
    "(//body//script | //body//style | //body//noscript | //body//template)//text()"
)


def visible_text_length(tree: HtmlElement) -> int:
    """Characters of text a reader sees in the page body (no scripts or styles).

    >>> visible_text_length(load_tree("<html><body><p>ab <b>cd</b></p><script>var x;</script>"))
    4
    """
    hidden = sum(len(piece.strip()) for piece in _HIDDEN_TEXT(tree))
    return sum(len(piece.strip()) for piece in _BODY_TEXT(tree)) - hidden


def _looks_short(text: str, tree: HtmlElement) -> bool:
    """Whether the fast text is a small share of the page: a cheap upper bound of the
    page's text first, the visible text only when that bound does not settle it."""
    found = len(text.strip())
    if found >= FALLBACK_PAGE_SHARE * len(tree.text_content()):
        return False
    return found < FALLBACK_PAGE_SHARE * visible_text_length(tree)


def _main_text(tree: HtmlElement, url: str | None, max_date: str | None) -> Document | None:
    """trafilatura in fast mode, and in its default mode where fast looks short."""
    document = bare_extraction(tree, options=_options(url, max_date))
    if not isinstance(document, Document):  # nothing found fast: the default mode's turn
        full = bare_extraction(tree, options=_options(url, max_date, fast=False))
        return full if isinstance(full, Document) else None
    text = document.text or ""
    if _looks_short(text, tree):
        full = bare_extraction(tree, options=_options(url, max_date, fast=False, metadata=False))
        if isinstance(full, Document) and len(full.text or "") > FALLBACK_GAIN * len(text):
            document.text = full.text
    return document


def _first(tree: HtmlElement, xpath: str) -> str | None:
    for value in tree.xpath(xpath):
        value = str(value).strip()
        if value:
            return value
    return None


def canonical_url(tree: HtmlElement, url: str | None) -> str | None:
    """``<link rel=canonical>``, else ``og:url``, made absolute against ``url``."""
    found = _first(
        tree, '//head/link[contains(concat(" ", normalize-space(@rel), " "), " canonical ")]/@href'
    ) or _first(tree, '//head/meta[@property="og:url"]/@content')
    if found is None:
        return None
    try:
        urlsplit(found)
    except ValueError:  # no URL at all (a bracketed host that is no IP address): ignored
        return None
    return urljoin(url, found) if url else found


def extract(
    html: str, url: str | None = None, max_date: str | None = None, tree: HtmlElement | None = None
) -> Extracted | Failure:
    """Extract the main text and metadata of a decoded HTML page.

    ``tree``: the page as :func:`load_tree` parsed it, when the caller has (a crawl reads
    the page's links from it first); it is pruned in place.
    """
    if not html.strip():
        return Failure("empty page")
    tree = load_tree(html) if tree is None else tree
    if tree is None:
        return Failure("unparseable HTML")
    layout = unwrap_layout_tables(tree)
    pruned = prune_threads(tree)
    comments = comment_block_lines(tree)
    canonical = canonical_url(tree, url)
    links = site_link_texts(tree, url, canonical)
    document = _main_text(tree, url, max_date)
    if document is None or not (document.text or "").strip():
        return Failure("no main text found by trafilatura")
    code = code_block_lines(tree)
    text, repaired = repair(tree, document, code)
    sites = site_names(tree, url, document.sitename)
    author, date = people_and_date(tree, sites, document.author, document.date)
    return Extracted(
        text=text,
        title=best_title(tree, url, document.title, document.sitename),
        author=author,
        date=page_date(tree, url, date, max_date),
        sitename=document.sitename or None,
        canonical_url=canonical,
        description=document.description or None,
        html_lang=_first(tree, "/html/@lang") or _first(tree, "//@xml:lang"),
        pruned=(*layout, *pruned, *repaired),
        comment_lines=comments,
        link_texts=links,
        code_lines=code,
    )


def code_block_lines(tree: HtmlElement) -> frozenset[str]:
    """The lines of the page's ``<pre>`` and ``<code>`` elements, white space squeezed."""
    lines = (
        squeeze(line)
        for block in tree.iter("pre", "code")
        for line in block.text_content().split("\n")
    )
    return frozenset(line for line in lines if line)


def repair(
    tree: HtmlElement, document: Document, code: frozenset[str]
) -> tuple[str, list[Removal]]:
    """trafilatura's text, repaired: the next article cut, script text dropped, a missed
    lead put back; and what was cut, by rule."""
    text, cut = cut_next_article(tree, document.text or "", document.title)
    removed = [Removal(NEXT_ARTICLE, line) for line in cut]
    kept, script = drop_script_text(text.split("\n"), code)
    removed += [Removal(rule, line) for rule, line in script]
    text = "\n".join(kept)
    lead = find_lead(tree, text, document.description, document.title)
    if lead is not None:
        text = with_lead(text, lead, document.title)
    return text, removed


def baseline(html: str, url: str | None = None, fast: bool = False) -> dict[str, str | None]:
    """Bare trafilatura (default settings, or its ``fast`` mode) with comments off and
    nothing of ours: the text, title, author and date we measure the pipeline against."""
    options = _options(url, None, fast=fast)
    document = bare_extraction(html, options=options)
    if not isinstance(document, Document):
        return {"text": "", "title": None, "author": None, "date": None}
    return {
        "text": document.text or "",
        "title": document.title or None,
        "author": document.author or None,
        "date": document.date or None,
    }
