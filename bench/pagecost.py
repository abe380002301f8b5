"""Part 1 of the benchmark: CPU per page of the whole pipeline against bare
``trafilatura.extract``, and the floor under it.

The floor is what any pipeline that writes our record pays before a step of its own:
trafilatura's cheapest extraction (``fast=True``, with the title, author and date the
record needs, and without them, as if our own code found those for free) and the language of the
body as :func:`cleaners.cleaning.language.detect_language` tells it (langdetect on a
bounded sample, at the shortest that keeps 99% agreement with the whole text).
What the per-page target leaves over that floor is all that parsing, pruning, metadata,
rules, normalization, hashing and the record may cost together.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import trafilatura

from cleaners.cleaning.language import detect_language
from cleaners.extraction.extract import DATE_PARAMS
from cleaners.page import Page
from cleaners.pipeline import clean_page
from cleaners.record import Failure, Record

TIME = "2026-01-01T00:00:00Z"
TARGET = 1.3  # issue 16: the whole pipeline within this many bare extracts

Loop = Callable[[tuple[str, str]], object]


def seconds(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def bare(page: tuple[str, str]) -> object:
    return trafilatura.extract(page[1], url=page[0])


def full(page: tuple[str, str]) -> Record | Failure:
    return clean_page(Page(page[0], TIME, page[1], "html"))


def bare_with_metadata(page: tuple[str, str]) -> object:
    return trafilatura.extract(page[1], url=page[0], with_metadata=True)


def fast(page: tuple[str, str]) -> str:
    return trafilatura.extract(page[1], url=page[0], fast=True) or ""


def fast_with_metadata(page: tuple[str, str]) -> object:
    """With the pipeline's own date settings: no extensive date search."""
    return trafilatura.extract(
        page[1],
        url=page[0],
        fast=True,
        with_metadata=True,
        date_extraction_params=dict(DATE_PARAMS),
    )


# The shortest sample that still agrees with detection on the whole text on 99% of the
# dev sets' pages (2,397 of their 2,401 at 150 characters, 2,398 at the pipeline's 600):
# the floor takes the language step at its cheapest acceptable setting.
FLOOR_SAMPLE = 150


def language_loop(pages: list[tuple[str, str]]) -> Loop:
    """Detecting the language of each page's fast text (extracted once, untimed) from
    :data:`FLOOR_SAMPLE` characters."""
    texts = {url: fast((url, html)) for url, html in pages}
    return lambda page: detect_language(texts[page[0]], limit=FLOOR_SAMPLE)


def per_page_cost(pages: list[tuple[str, str]], calls: int = 300) -> None:
    """Alternate the loops so that machine noise hits them alike.

    Each loop first runs once on one page, untimed: one-off start-up (langdetect loading
    its profiles, about 0.3 s) is not a per-page cost, and charged to the first round it
    would add about 6 ms a page on the 15 samples.  At least three rounds, more on few
    pages: about ``calls`` timed calls a loop, so that noise averages out.
    """
    rounds = max(3, -(-calls // len(pages)))
    loops: dict[str, Loop] = {"bare": bare, "metadata": bare_with_metadata, "full": full}
    loops |= {"fast": fast, "fast+meta": fast_with_metadata, "language": language_loop(pages)}
    for function in loops.values():
        function(pages[0])
    totals = dict.fromkeys(loops, 0.0)
    for _ in range(rounds):
        for name, function in loops.items():
            totals[name] += seconds(lambda f=function: [f(page) for page in pages])  # type: ignore[misc]
    ms = {name: 1000 * total / (rounds * len(pages)) for name, total in totals.items()}
    print(
        f"1. per page ({len(pages)} pages x {rounds}): full pipeline {ms['full']:.1f} ms; "
        f"trafilatura.extract {ms['bare']:.1f} ms: ratio {ms['full'] / ms['bare']:.2f}; "
        f"with_metadata=True {ms['metadata']:.1f} ms: ratio {ms['full'] / ms['metadata']:.2f}"
    )
    for name, label in (("fast+meta", "fast=True, with_metadata=True"), ("fast", "fast=True")):
        floor = ms[name] + ms["language"]
        print(
            f"   floor: extract({label}) {ms[name]:.1f} ms + language {ms['language']:.1f} ms"
            f" = {floor / ms['bare']:.2f} x extract; {TARGET} x extract leaves"
            f" {TARGET * ms['bare'] - floor:.1f} ms for every step of ours"
        )
