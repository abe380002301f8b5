"""Seconds to clean pages of 20,000 short paragraphs: ``python -m bench.long_pages [N]``.

Three shapes of a 2 MB page (issue 15): plain short paragraphs, an ad label after each
one, and paragraphs that all open with the same ten words.  Each page is cleaned once
through the whole pipeline (no time cap) and the seconds are printed beside the cap
(``cleaners.limits.PAGE_SECONDS``, wall clock), with the CPU seconds the process took:
on a loaded machine the wall clock is the larger figure.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

from cleaners.limits import PAGE_SECONDS
from cleaners.page import Page
from cleaners.pipeline import clean_page, warm_up
from cleaners.record import Failure

WORDS = [
    "talks",
    "envoys",
    "border",
    "ceasefire",
    "trade",
    "summit",
    "treaty",
    "sanctions",
    "capital",
    "council",
]
OPENING = "The ministry of foreign affairs said on Tuesday that the "


def paragraph(number: int) -> str:
    """A short paragraph of its own: eight words picked by the digits of ``number``."""
    picked = [WORDS[(number // 10**place + place) % len(WORDS)] for place in range(8)]
    return f"Item {number}: " + " ".join(picked) + "."


SHAPES: dict[str, Callable[[int], str]] = {
    "plain": lambda number: f"<p>{paragraph(number)}</p>",
    "ad label after each": lambda number: f"<p>{paragraph(number)}</p><p>Advertisement</p>",
    "same opening": lambda number: f"<p>{OPENING}{paragraph(number)}</p>",
}


def page(shape: Callable[[int], str], count: int) -> Page:
    body = "\n".join(shape(number) for number in range(count))
    html = (
        "<html><head><title>A long page</title></head><body><article><h1>A long page</h1>"
        f"{body}</article></body></html>"
    )
    return Page("https://example.org/2024/03/12/long.html", "2024-03-12T00:00:00Z", html, "html")


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20_000
    warm_up()
    for name, shape in SHAPES.items():
        one = page(shape, count)
        start, cpu = time.perf_counter(), time.process_time()
        result = clean_page(one)
        took, cpu = time.perf_counter() - start, time.process_time() - cpu
        words = result.reason if isinstance(result, Failure) else f"{result['word_count']} words"
        size = len(one.body) / 1e6
        times = f"{took:6.1f} s, CPU {cpu:6.1f} s (cap {PAGE_SECONDS:g} s)"
        print(f"{name:>20}: {size:.1f} MB, {times}, {words}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
