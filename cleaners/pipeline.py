"""From a decoded page to a record: extract, normalize, strip boilerplate, tag the language."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache
from typing import TypeVar

from lxml.html import HtmlElement

from cleaners.cleaning.boilerplate import Stripped, strip_boilerplate
from cleaners.cleaning.language import detect_language
from cleaners.cleaning.neardup import signature
from cleaners.cleaning.normalize import normalize_text, split_paragraphs
from cleaners.cleaning.topic import score_topic
from cleaners.extraction.authors import clean_authors
from cleaners.extraction.extract import Extracted, extract
from cleaners.extraction.titles import squeeze
from cleaners.limits import PAGE_SECONDS, PageTimeout, size_problem, time_limit, too_slow
from cleaners.page import Page
from cleaners.record import (
    SCHEMA_VERSION,
    Failure,
    Record,
    Removal,
    RemovedLine,
    content_hash,
    count_words,
)

LOG = logging.getLogger(__name__)
R = TypeVar("R")


def _clean_field(value: str | None) -> str | None:
    if value is None:
        return None
    value = " ".join(normalize_text(value).split())
    return value or None


def _authors(found: list[str], sitename: str | None) -> str | None:
    """The people that the body's bylines name, once each, the site's name not among them."""
    unique = list(dict.fromkeys(name for names in found for name in names.split("; ")))
    return clean_authors("; ".join(unique), {squeeze(sitename or "")} - {""})


def _removals(stripped: Stripped, meta: Extracted | None) -> list[Removal]:
    """What the text cleaners removed, then what was cut from the HTML tree after the body."""
    pruned = meta.pruned if meta else ()
    cut = [
        Removal(r.rule, line) for r in pruned for line in split_paragraphs(normalize_text(r.text))
    ]
    return stripped.removed + cut


def _record(page: Page, stripped: Stripped, meta: Extracted | None) -> Record | Failure:
    text = "\n\n".join(stripped.paragraphs)
    if not text:
        return Failure("no body text left after cleaning")
    if not stripped.title:
        return Failure("no title found")
    words = count_words(text)
    if words < page.min_words:
        return Failure("not an article: too little text after cleaning")
    author = _clean_field(meta.author) if meta else None
    language = detect_language(text, meta.html_lang if meta else None)
    topic = score_topic(stripped.title, text, language)
    # keys in sorted order, as in every JSON form of a record (a crawl's feed export too)
    return Record(
        author=author or _authors(stripped.authors, meta.sitename if meta else None),
        canonical_url=(meta.canonical_url if meta else None) or page.url,
        content_hash=content_hash(text),
        date=meta.date if meta else None,
        description=_clean_field(meta.description) if meta else None,
        duplicate_of=page.duplicate_of,
        fetched_at=page.fetched_at,
        language=language,
        minhash=signature(text),
        removed=[RemovedLine(rule=r.rule, text=r.text) for r in _removals(stripped, meta)],
        schema=SCHEMA_VERSION,
        sitename=_clean_field(meta.sitename) if meta else None,
        text=text,
        title=stripped.title,
        topic_score=topic.score,
        topic_terms=topic.terms,
        url=page.url,
        word_count=words,
    )


def clean_page(page: Page, tree: HtmlElement | None = None) -> Record | Failure:
    """Turn one page into a record, or say why it cannot be one (``tree``: the HTML page
    as :func:`cleaners.extraction.extract.load_tree` parsed it, if the caller has)."""
    if too_large := size_problem(page.body, markup=page.kind == "html"):
        return Failure(too_large)
    meta: Extracted | None = None
    title: str | None = None
    body = page.body
    if page.kind == "html":
        extracted = extract(page.body, url=page.url, max_date=page.fetched_at[:10], tree=tree)
        if isinstance(extracted, Failure):
            return extracted
        meta, body = extracted, extracted.text
        title = _clean_field(extracted.title)
    known = "\n".join(meta.comment_lines) if meta else ""
    comments = frozenset(split_paragraphs(normalize_text(known)))
    paragraphs = split_paragraphs(normalize_text(body))
    links = meta.link_texts if meta else None
    stripped = strip_boilerplate(paragraphs, title=title, comments=comments, links=links)
    return _record(page, stripped, meta)


# A small page through every step (extraction, rules, language), cleaned once per process
# before the first page under a time cap: libraries that set up global state on first use
# must not be cut off halfway by the cap (langdetect loads its profiles into a module-level
# factory that stays half-loaded for good if interrupted).  Its body is long enough for
# trafilatura's own extraction: a shorter one sends it to the jusText fallback, which builds
# a stoplist of every language (about 25 MiB a worker, and built again if cut off, not
# half-loaded) that a crawl of pages with enough text never needs.
_WARM_UP = Page(
    url="https://example.org/warm-up",
    fetched_at="2024-01-01T00:00:00Z",
    body="<html><head><title>Warm-up</title></head><body><article><p>The envoys met in "
    "Geneva on Tuesday and agreed to meet again next month.</p><p>Both delegations said "
    "that the talks had been frank, and that the ceasefire along the border would hold "
    "while their foreign ministers prepared a written agreement on prisoners, trade and "
    "the return of the ambassadors withdrawn last spring.</p></article></body></html>",
    kind="html",
)


@cache
def warm_up() -> None:
    """Clean :data:`_WARM_UP` once in this process, with no time cap."""
    clean_page(_WARM_UP)


def clean_page_safely(page: Page, seconds: float = PAGE_SECONDS) -> Record | Failure:
    """:func:`clean_page` within ``seconds`` (see :func:`run_safely`)."""
    return run_safely(clean_page, page, seconds)


def run_safely(work: Callable[[Page], R], page: Page, seconds: float = PAGE_SECONDS) -> R | Failure:
    """``work(page)`` (cleaning it, or more) within ``seconds``, with any unexpected error
    turned into a logged failure.

    This is the one boundary where a failure of a library (trafilatura, lxml, langdetect)
    on one page becomes a skip instead of a crash of the whole run, and where a page that
    runs past its time cap is given up.
    """
    try:
        warm_up()
        with time_limit(seconds):
            return work(page)
    except PageTimeout:
        LOG.warning("cleaning %s took over %g s: skipped", page.url, seconds)
        return Failure(too_slow(seconds))
    except Exception as error:  # boundary
        LOG.exception("cleaning %s failed", page.url)
        # the message is in the log; the reason stays one per kind of error (stats count it)
        return Failure(f"internal error: {type(error).__name__}")
