"""What a cleaning worker process runs for one page: read and clean it, then check the record.

Kept apart from :mod:`cleaners.pipeline` so that a crawl process can hand pages to its
workers without importing trafilatura, langdetect and the rest itself: the pipeline is
imported here, in the worker, on first use.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

from cleaners.page import Visit, Visited
from cleaners.record import Failure, Record, schema_errors


def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's ``malloc_trim``, or None where the C library has none."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL(None).malloc_trim
    except AttributeError:  # musl
        return None
    return trim


_MALLOC_TRIM = _malloc_trim()
# pages of at least this many characters are followed by a trim of the heap: a fifth of
# the trafilatura dev set's pages, 3% of Dragnet's
TRIM_AFTER_CHARS = 200_000


def release_freed_memory(page_chars: int) -> None:
    """After a large page, hand the C heap's free pages back to the system.

    A large page's parse trees are freed when its cleaning ends, but glibc keeps the
    freed memory in the process, spread between live blocks, so that a process's resident
    size grows towards that of the largest pages it has seen.  A trim costs about 0.3 ms
    and as much again in page faults when the memory is used again: after every page that
    is 4% of the cleaning, after the large ones only a fifth of that.
    """
    if _MALLOC_TRIM is not None and page_chars >= TRIM_AFTER_CHARS:
        _MALLOC_TRIM(0)


def visit_checked(visit: Visit) -> Visited | Failure:
    """:func:`cleaners.visit.visit_page` (any failure turned into a skip), its record
    checked against the schema."""
    from cleaners.pipeline import run_safely  # imported in the worker, on first use
    from cleaners.visit import visit_page

    visited = run_safely(lambda page: visit_page(visit), visit.page)
    release_freed_memory(len(visit.page.body))
    if isinstance(visited, Failure) or visited.result is None:
        return visited
    return Visited(visited.links, visited.verdict, checked(visited.result))


def checked(result: Record | Failure) -> Record | Failure:
    """A record the schema rejects, as a failure."""
    if isinstance(result, Failure):
        return result
    if errors := schema_errors(result):
        return Failure(f"invalid record: {errors[0]}")
    return result
