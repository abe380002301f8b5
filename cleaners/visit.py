"""What a crawl needs of each page it fetches, from one parse of it: where the page leads
(canonical URL, feeds, links), whether it is an article, and if so its record.

The crawl process hands the decoded page to a cleaning worker and parses nothing itself;
the worker parses the page once, reads its links and type from the tree, and then cleans
the same tree (:func:`cleaners.pipeline.clean_page` would parse the page again).
Re-cleaning an archived page parses it as this does, so the record is the same.
"""

from __future__ import annotations

from lxml.html import fromstring

from cleaners.extraction.extract import load_tree
from cleaners.extraction.pagelinks import NO_LINKS, links_of
from cleaners.extraction.pagetype import classify
from cleaners.limits import size_problem
from cleaners.page import Visit, Visited
from cleaners.pipeline import clean_page
from cleaners.record import Failure

_BLANK = fromstring("<html><body></body></html>")


def visit_page(visit: Visit) -> Visited | Failure:
    """Links, verdict and record of a page; a Failure when the page is too large to read.

    >>> from cleaners.page import Page
    >>> page = Page("https://example.org/", "2024-01-01T00:00:00Z",
    ...     '<html><body><a href="/2024/talks">Talks</a></body></html>', "html")
    >>> visited = visit_page(Visit(page, page.url))
    >>> visited.links.links, visited.verdict.reason, visited.result
    (('https://example.org/2024/talks',), 'home page', None)
    """
    page = visit.page
    if problem := size_problem(page.body, markup=True):
        return Failure(problem)
    tree = load_tree(page.body) if page.body.strip() else None
    if tree is None:  # blank, or no markup at all: no links, and a type from the URL alone
        verdict = classify(_BLANK, page.url)
        cleaned = verdict.is_article and visit.clean
        return Visited(NO_LINKS, verdict, clean_page(page) if cleaned else None)
    links = links_of(tree, page.url, visit.base_url, visit.skipped_extensions)
    verdict = classify(tree, page.url)
    cleaned = verdict.is_article and visit.clean
    return Visited(links, verdict, clean_page(page, tree) if cleaned else None)
