"""Property tests: random text and random HTML through every cleaner.

No exception; idempotent; never longer than the input plus what normalization adds
(paragraph breaks, NFC); every line that goes is listed in ``removed``.  Derandomized,
so CI runs the same examples every time.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from urllib.parse import urljoin

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaners.cleaning.boilerplate import strip_boilerplate
from cleaners.cleaning.language import detect_language
from cleaners.cleaning.normalize import FIXES, normalize_text, split_paragraphs
from cleaners.extraction.pagelinks import absolute_url
from cleaners.page import Page
from cleaners.pipeline import clean_page
from cleaners.record import Failure, schema_errors
from tests.conftest import LINES

FAST = settings(max_examples=150, deadline=None, derandomize=True, database=None)
SLOW = settings(max_examples=25, deadline=None, derandomize=True, database=None)
FETCHED_AT = "2024-03-13T00:00:00Z"

# characters the fixes act on, mixed into ordinary text
SPECIAL = (
    "\r\n\t \u00a0\u202f\u2009\u200b\u200c\u200d\u2060\ufeff\u00ad\u2028\u2029\x85\x00\x07"
    "\u0301\u0308\u00e2\u20ac\u2122\u201c\u201d\u00c3\u00a9\u00e9\u0645\u05d0\U0001f642"
)
CHARS = st.one_of(st.characters(), st.sampled_from(SPECIAL), st.sampled_from("abc .,\n"))
TEXT = st.text(CHARS, max_size=300)
SENTENCES = [
    "The envoys met twice in Geneva last week to discuss the ceasefire and prisoners.",
    "Talks resumed on Tuesday.",
    "Minister Visits Capital For Talks",
    "It\u00e2\u20ac\u2122s a start, the envoy said.",
    "Die Gespräche wurden am Montag in Genf fortgesetzt, sagten Diplomaten beider Seiten.",
]
BOILERPLATE = [line for line, _ in LINES]
LINE = st.one_of(
    st.sampled_from(SENTENCES), st.sampled_from(BOILERPLATE), st.text(CHARS, max_size=80)
)
PARAGRAPHS = st.lists(LINE, max_size=12)


def _visible(text: str) -> int:
    """Characters other than white space."""
    return sum(not char.isspace() for char in text)


def _bound(text: str) -> int:
    """What normalization may make of ``text`` at most, in visible characters: NFC may
    decompose a few characters, and ftfy reads C1 controls as the Windows-1252 characters
    they almost always are on the web (U+0085 is "…")."""
    c1_controls = sum("\x80" <= char <= "\x9f" for char in text)
    return max(_visible(text), _visible(unicodedata.normalize("NFC", text))) + c1_controls


@FAST
@given(TEXT)
def test_every_fix_is_idempotent_and_never_adds_visible_characters(text: str) -> None:
    for fix in FIXES:
        once = fix(text)
        assert fix(once) == once, fix.__name__
        assert _visible(once) <= _bound(text), fix.__name__


@FAST
@given(TEXT)
def test_normalize_text_is_idempotent_and_bounded(text: str) -> None:
    once = normalize_text(text)
    assert normalize_text(once) == once
    assert _visible(once) <= _bound(text)
    assert len(once) <= 2 * len(unicodedata.normalize("NFC", text))


def _normalized(lines: list[str]) -> list[str]:
    return split_paragraphs(normalize_text("\n".join(lines)))


@FAST
@given(PARAGRAPHS, st.one_of(st.none(), st.sampled_from(SENTENCES)))
def test_strip_boilerplate_lists_every_line_it_takes_out(
    lines: list[str], title: str | None
) -> None:
    paragraphs = _normalized(lines)
    result = strip_boilerplate(paragraphs, title=title)
    gone = [removal.text for removal in result.removed]
    assert Counter(result.paragraphs) + Counter(gone) == Counter(paragraphs)


@FAST
@given(PARAGRAPHS, st.sampled_from(SENTENCES))
def test_strip_boilerplate_is_idempotent_with_a_title(lines: list[str], title: str) -> None:
    first = strip_boilerplate(_normalized(lines), title=title)
    again = strip_boilerplate(first.paragraphs, title=title)
    assert again.paragraphs == first.paragraphs
    assert again.removed == []


@FAST
@given(TEXT, st.one_of(st.none(), st.sampled_from(["en", "de-DE", "x", ""])))
def test_detect_language_never_raises_and_repeats_itself(text: str, lang: str | None) -> None:
    found = detect_language(text, lang)
    assert found == detect_language(text, lang)
    assert found is None or (len(found) == 2 and found.isalpha())


@SLOW
@given(PARAGRAPHS)
def test_a_text_dump_loses_only_what_removed_lists_and_recleans_the_same(lines: list[str]) -> None:
    result = clean_page(Page("https://example.org/a", FETCHED_AT, "\n".join(lines), "text"))
    if isinstance(result, Failure):
        return
    assert schema_errors(result) == []
    kept = result["text"].split("\n\n")
    gone = [removal["text"] for removal in result["removed"]]
    assert Counter(kept) + Counter(gone) == Counter(_normalized(lines))
    body = result["title"] + "\n\n" + result["text"]
    again = clean_page(Page("https://example.org/a", FETCHED_AT, body, "text"))
    assert not isinstance(again, Failure)
    assert (again["title"], again["text"]) == (result["title"], result["text"])


TAGS = st.sampled_from(["p", "div", "article", "h1", "h2", "span", "li", "a", "nav", "footer"])
HTML_TEXT = st.one_of(
    st.sampled_from(SENTENCES), st.sampled_from(BOILERPLATE), st.text(CHARS, max_size=40)
)
ELEMENT = st.recursive(
    HTML_TEXT.map(lambda text: text.replace("<", " ").replace("&", " ")),
    lambda inner: st.tuples(TAGS, st.lists(inner, max_size=4)).map(
        lambda pair: f"<{pair[0]}>{''.join(pair[1])}</{pair[0]}>"
    ),
    max_leaves=20,
)
HTML = st.lists(ELEMENT, max_size=6).map(
    lambda parts: f"<html><head><title>Talks</title></head><body>{''.join(parts)}</body></html>"
)


@SLOW
@given(HTML)
def test_a_random_html_page_gives_a_valid_record_or_a_reason(html: str) -> None:
    result = clean_page(Page("https://example.org/a", FETCHED_AT, html, "html"))
    assert clean_page(Page("https://example.org/a", FETCHED_AT, html, "html")) == result
    if isinstance(result, Failure):
        assert result.reason
        return
    assert schema_errors(result) == []
    assert _visible(result["text"]) <= _bound(html)
    assert normalize_text(result["text"]) == result["text"]


URL_PIECES = st.sampled_from(
    [
        "/",
        "//",
        ".",
        "..",
        "a",
        "B",
        "é",
        "?",
        "#",
        ";",
        "=",
        "&",
        "%2e",
        "\t",
        "\n",
        " ",
        "\x00",
        "[",
        "]",
        ":",
        "@",
        "\\",
        "x.html",
        "http:",
        "https://h.org",
    ]
)
BASES = st.sampled_from(
    [
        "https://example.org/a/b",
        "http://Example.org:8080/",
        "HTTPS://example.org",
        "",
        "/x",
        "ftp://example.org/a",
        "https://[::1]/p",
        "https://example.org/a?q#f",
        " http://a.org/",
    ]
)


@settings(max_examples=3000, deadline=None, derandomize=True, database=None)
@given(BASES, st.booleans(), st.lists(URL_PIECES, max_size=8).map("".join))
def test_absolute_url_is_what_urljoin_gives(base: str, rooted: bool, href: str) -> None:
    """The shortcut for root-relative links gives urljoin's URL, or its refusal (a link is
    microseconds: many examples, half of them root-relative)."""
    href = "/" + href if rooted else href
    try:
        expected: str | None = urljoin(base, href.strip())
    except ValueError:
        expected = None
    assert absolute_url(base, href) == expected
