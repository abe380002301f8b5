"""A page to clean: the input of the pipeline, light enough to send to a worker process."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cleaners.extraction.pagelinks import PageLinks
from cleaners.extraction.pagetype import Verdict
from cleaners.record import Failure, Record

PageKind = Literal["html", "text"]


@dataclass(frozen=True)
class Page:
    """One page to clean: decoded text, where it came from and when it was fetched.

    ``min_words``: fewer words than this after cleaning and the page is not an article.
    ``duplicate_of``: what a crawl found this page's text to be a near-duplicate of
    (kept with the raw page in the crawl's archive, so that re-cleaning reproduces it).
    """

    url: str
    fetched_at: str
    body: str
    kind: PageKind
    min_words: int = 0
    duplicate_of: str | None = None


@dataclass(frozen=True)
class Visit:
    """A fetched HTML page for :func:`cleaners.visit.visit_page`, and what its links are
    read against: the page's base URL (its ``<base href>``, else its URL) and the file
    extensions (no dot) of links not wanted; ``clean``: False to read its links and type
    alone."""

    page: Page
    base_url: str
    skipped_extensions: frozenset[str] = frozenset()
    clean: bool = True


@dataclass(frozen=True)
class Visited:
    """Where a visited page leads, whether it is an article, and its record (or why it
    has none) when it is; ``result`` is None for a page that is no article, or that was
    not to be cleaned."""

    links: PageLinks
    verdict: Verdict
    result: Record | Failure | None
