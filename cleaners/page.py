"""A page to clean: the input of the pipeline, light enough to send to a worker process."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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
