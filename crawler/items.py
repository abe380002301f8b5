"""What the spider hands to the pipelines: one fetched article page, decoded, with its raw form."""

from __future__ import annotations

from dataclasses import dataclass

from cleaners.archives.archive import Fetched


@dataclass
class PageItem:
    """An article page as fetched.

    ``html`` is the body as :func:`cleaners.archives.decoding.decode_html` decodes it (so that
    re-cleaning the archived response gives the same text); ``raw`` is what goes into the
    run's WARC; ``aliases`` are other URLs that led here (redirects, copies); ``lastmod``
    is the date its sitemap or feed gave, if any.
    """

    url: str
    html: str
    fetched_at: str
    source: str
    raw: Fetched | None = None
    aliases: tuple[str, ...] = ()
    lastmod: str | None = None
