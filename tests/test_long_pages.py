"""A page of many short paragraphs cleans in time that grows with its length, not with
its square: 20,000 paragraphs are a long page (2 MB of HTML), not an attack.

Each case is bounded by a generous alarm, not timed: the old code took minutes to hours
on these (the gap is two orders of magnitude or more), the new code seconds.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator

import pytest

from bench.long_pages import paragraph
from cleaners.cleaning.boilerplate import strip_boilerplate
from cleaners.cleaning.repeats import drop_repeats

PARAGRAPHS = 20_000
ALARM_SECONDS = 60


def _too_slow(signum: int, frame: object) -> None:
    raise TimeoutError(f"over {ALARM_SECONDS} s")


@pytest.fixture
def alarm() -> Iterator[None]:
    previous = signal.signal(signal.SIGALRM, _too_slow)
    signal.alarm(ALARM_SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_many_boilerplate_lines_between_short_paragraphs(alarm: None) -> None:
    """An ad label after every paragraph: each label counted the body kept before it
    again, and copied the rest of the page (quadratic)."""
    lines = [line for number in range(PARAGRAPHS) for line in (paragraph(number), "Advertisement")]
    stripped = strip_boilerplate(lines, title="Long page", links=frozenset())
    assert len(stripped.paragraphs) == PARAGRAPHS
    assert {removal.rule for removal in stripped.removed} == {"advertisement"}


def test_many_paragraphs_that_open_alike(alarm: None) -> None:
    """Paragraphs that share their first ten words (a log of statements, each "The
    ministry said on Tuesday that ..."): each was compared with every other as a possible
    pull quote (quadratic)."""
    opening = "The ministry of foreign affairs said on Tuesday that the "
    kept = [(number, opening + paragraph(number)) for number in range(PARAGRAPHS)]
    out, removed = drop_repeats(kept)
    assert (out, removed) == (kept, [])


def test_a_pull_quote_is_still_found_among_paragraphs_that_open_alike() -> None:
    opening = "The ministry of foreign affairs said on Tuesday that the "
    kept = [(number, opening + paragraph(number)) for number in range(50)]
    quote = (50, f"“{opening.strip()}”")
    out, removed = drop_repeats([*kept, quote, (51, opening + "talks will go on.")])
    assert [(index, removal.rule) for index, removal in removed] == [(50, "pull-quote")]
    assert [index for index, _ in out] == [*range(50), 51]
