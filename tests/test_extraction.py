"""Extraction with real trafilatura: metadata, reasons instead of None, no state between calls."""

from __future__ import annotations

from cleaners.extraction.extract import Extracted, extract, load_tree, visible_text_length
from cleaners.record import Failure
from tests.conftest import SAMPLES

PARAGRAPH = (
    "The two delegations met for six hours in Geneva on Tuesday and agreed on a short text "
    "that both capitals can present as progress, officials from both sides said afterwards."
)
PAGE = f"""<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<title>Talks in Geneva | The Ledger</title>
<link rel="canonical" href="/2024/03/12/talks-in-geneva/">
<meta property="og:site_name" content="The Ledger">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-03-12T09:00:00+00:00">
</head><body><article><h1>Talks in Geneva</h1>
{"".join(f"<p>{PARAGRAPH} ({n})</p>" for n in range(5))}
</article></body></html>"""


def test_metadata() -> None:
    result = extract(PAGE, url="https://ledger.example/a?utm_source=x", max_date="2024-12-31")
    assert isinstance(result, Extracted)
    assert result.canonical_url == "https://ledger.example/2024/03/12/talks-in-geneva/"
    assert result.html_lang == "en-GB"
    assert (result.author, result.date, result.sitename) == ("Jane Roe", "2024-03-12", "The Ledger")
    assert result.title is not None and result.title.startswith("Talks in Geneva")
    assert result.text.count(PARAGRAPH) == 5


def test_same_page_twice_gives_the_same_text() -> None:
    """trafilatura's dedup cache is off: a second extraction of a page is not discarded."""
    first, second = extract(PAGE), extract(PAGE)
    assert isinstance(first, Extracted) and first == second


def test_reasons_instead_of_none() -> None:
    assert extract("") == Failure("empty page")
    assert extract("   \n") == Failure("empty page")
    assert extract("<html><body><script>start()</script><img src=x></body></html>") == Failure(
        "no main text found by trafilatura"
    )


def test_div_soup_comment_thread_is_cut_and_reported() -> None:
    sample = next(s for s in SAMPLES if s.name == "div-soup-comments")
    result = extract(sample.page.read_text(encoding="utf-8"), url=sample.meta["url"])
    assert isinstance(result, Extracted)
    assert "Ninety days is not enough" not in result.text
    cut = [removal.text for removal in result.pruned]
    assert cut[0] == "3 Comments"
    assert any(text.startswith("Ninety days is not enough") for text in cut)


def test_default_mode_runs_when_fast_mode_finds_little_of_the_page() -> None:
    """trafilatura's fast mode keeps one of twelve repeated verses; the page shows all of
    them, so the default mode runs too and its much longer text is taken."""
    verse = "We walk the long road home tonight, and the river sings the same old song again"
    html = "<html><body>" + f"<p>{verse}.</p>" * 12 + "</body></html>"
    found = extract(html)
    assert isinstance(found, Extracted)
    assert found.text.count(verse) == 12


def test_visible_text_leaves_out_scripts_and_styles() -> None:
    tree = load_tree(
        PAGE.replace("</body>", "<script>var x = 1;</script><style>p{}</style></body>")
    )
    assert tree is not None
    assert visible_text_length(tree) == len("Talks in Geneva") + 5 * len(PARAGRAPH + " (0)")


def test_link_texts_are_those_of_other_pages_of_the_site() -> None:
    links = (
        '<a href="/2024/03/11/envoys-named">Envoys named for the Geneva round</a>'
        '<a href="https://ledger.example/world">World news today</a>'
        '<a href="https://elsewhere.example/x">A page of another site</a>'
        '<a href="#comments">Jump to comments</a>'
        '<a href="https://ledger.example/2024/03/12/talks-in-geneva/">This very page</a>'
    )
    result = extract(PAGE.replace("</article>", f"</article>{links}"), url=None)
    assert isinstance(result, Extracted)
    # no URL given: the site is that of the canonical URL, or else of most links
    assert sorted(result.link_texts) == ["Envoys named for the Geneva round", "World news today"]
