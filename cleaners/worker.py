"""What a cleaning worker process runs for one page: clean it, then check the record.

Kept apart from :mod:`cleaners.pipeline` so that a crawl process can hand pages to its
workers without importing trafilatura, langdetect and the rest itself: the pipeline is
imported here, in the worker, on first use.
"""

from __future__ import annotations

from cleaners.page import Page
from cleaners.record import Failure, Record, schema_errors


def clean_checked(page: Page) -> Record | Failure:
    """The page's record, or why there is none (including a record the schema rejects)."""
    from cleaners.pipeline import clean_page_safely  # imported in the worker, on first use

    result = clean_page_safely(page)
    if isinstance(result, Failure):
        return result
    if errors := schema_errors(result):
        return Failure(f"invalid record: {errors[0]}")
    return result
