"""One bad-input case: what is served, where it applies, and what must come of it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

Body = bytes | Callable[[], bytes]
# how the server behaves: answer, answer then stall without a body, or send part of the
# body under a Content-Length that promises more and hang up
Behaviour = Literal["respond", "hang", "truncate"]
HTML_UTF8 = (("Content-Type", "text/html; charset=utf-8"),)
ANY = "any"
# outcomes written next to the cases
EMPTY = "skip: empty page"
NO_TEXT = "skip: no main text found by trafilatura"
NOT_HTML = "skip: unparseable HTML"
NOTHING_LEFT = "skip: no body text left after cleaning"
ARTICLE = "record"
OVER_DOWNLOAD_CAP = "skip: too large: over DOWNLOAD_MAXSIZE"
TOO_LITTLE = "skip: not an article: too little text after cleaning"
# a document the crawl reads for its links (a sitemap, a feed): neither a record nor a skip
FOLLOWED = "followed: "
FIRST = "Negotiators from both governments returned to Geneva"
LAST = "press on what, if anything, the delegations have signed."


@dataclass(frozen=True)
class Case:
    """A bad input, served over HTTP by the crawl tests and, where it means anything for a
    file, written to disk for ``python -m cleaners clean``.

    ``expect`` is the outcome of ``clean``: ``"record"`` (then ``contains``, ``absent`` and
    ``language`` are checked on the record's text) or ``"skip: <reason>"``, the reason
    printed as ``PATH: reason``.  ``crawl`` is the outcome of a crawl that finds the case
    linked from a home page: ``"record"`` (the same checks; or its text was already
    written for another case, and that record passes them), ``"skip: <reason>"`` as the
    run's skipped file lists it, or ``"followed: <why>"`` for a document read for its links.
    """

    name: str
    body: Body
    expect: str
    crawl: str
    status: int = 200
    headers: tuple[tuple[str, str], ...] = HTML_UTF8
    behaviour: Behaviour = "respond"
    # the case applies to `clean` (files) as well as to the crawl
    clean: bool = True
    suffix: str = ".html"
    # the URL path the crawl fetches it at; `{name}` is filled in
    path: str = "/2024/03/12/{name}.html"
    # `clean --url`: the URL a record must carry (None: the file's URI)
    url: str | None = None
    contains: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    language: str | None = ANY
    note: str = ""
    tags: frozenset[str] = field(default_factory=frozenset)

    def payload(self) -> bytes:
        """The body bytes as sent on the wire (compressed where the case says so)."""
        return self.body() if callable(self.body) else self.body

    @property
    def url_path(self) -> str:
        return self.path.format(name=self.name)

    @property
    def skip_reason(self) -> str | None:
        """The named reason of an expected skip, or None when a record is expected."""
        if self.expect == "record":
            return None
        if not self.expect.startswith("skip: "):
            raise ValueError(f"{self.name}: expect must be 'record' or 'skip: <reason>'")
        return self.expect.removeprefix("skip: ")

    @property
    def large(self) -> bool:
        """Generated at run time and run in a process of its own (time and memory)."""
        return callable(self.body)
