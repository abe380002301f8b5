"""A record's title, author and date: the page's heading without the site's name, people
only, and the bylines of every language the rules support."""

from __future__ import annotations

import pytest

from cleaners.evaluation.meta import meta_matches
from cleaners.extraction.extract import Extracted, extract, load_tree
from cleaners.extraction.titles import site_names

PARAGRAPH = (
    "The two delegations met for six hours on Tuesday and agreed on a short text that both "
    "capitals can present as progress, officials from both sides said afterwards in the hall."
)


def _page(head: str, top: str = "", h1: str = "Talks resume", byline: str = "") -> str:
    body = "".join(f"<p>{PARAGRAPH} ({n})</p>" for n in range(5))
    return (
        f'<!doctype html><html><head><meta charset="utf-8">{head}</head><body>{top}'
        f"<article><header><h1>{h1}</h1><div class='meta'>{byline}</div></header>{body}"
        "</article></body></html>"
    )


def _extracted(html: str) -> Extracted:
    result = extract(html, url="https://www.ledger.example/2023/talks", max_date="2024-12-31")
    assert isinstance(result, Extracted)
    return result


@pytest.mark.parametrize(
    "title",
    [
        "Talks resume - The Ledger",
        "The Ledger | Talks resume",
        "08.11.2021 | Talks resume",
        "Talks resume › ledger.example",
    ],
)
def test_the_title_loses_the_site_name(title: str) -> None:
    head = f'<title>{title}</title><meta property="og:site_name" content="The Ledger">'
    assert _extracted(_page(head)).title == "Talks resume"


def test_a_navigation_heading_is_never_the_title() -> None:
    nav = "<nav><h1>Navigation und Service</h1><a href='/'>Start</a></nav>"
    page = _page("<title>Navigation und Service</title>", top=nav)
    assert _extracted(page).title == "Talks resume"


@pytest.mark.parametrize(
    ("meta_author", "author"),
    [
        ("Zeige alle Beiträge von Petra Ruland", "Petra Ruland"),
        ("Auteur Anna Kubišta", "Anna Kubišta"),
        ("View all posts by Daniel Lemire", "Daniel Lemire"),
        ("The Ledger; Rob Picheta", "Rob Picheta"),
        ("facebook.com; Evgenia Karp", "Evgenia Karp"),
        ("Ledger Verlag GmbH", None),
        ("Staff Writer", None),
        ("Eingestellt von Ana Ruiz", "Ana Ruiz"),
        ("Frankfurt; Germany", None),
        ("Posted on", None),
        ("www.ledger-news.de", None),
        ("Grant Tinsley; PhD", "Grant Tinsley"),
        ("Ana Ruiz Stand", "Ana Ruiz"),
        ("Ana Ruiz mis à jour le", "Ana Ruiz"),
        ("'Ana Ruiz; Tom Berg", "Ana Ruiz; Tom Berg"),
        ("Diakonie Deutschland", None),
        ("Un documentaire de Kristen Falchon", None),
        ("Ledger Werbeagentur", None),
        ("Tom Berg im Gespräch mit Ana Ruiz", "Tom Berg; Ana Ruiz"),
        ("Ana Ruiz; Tom Berg y Li Wei Tiempo de lectura", "Ana Ruiz; Tom Berg; Li Wei"),
        ("Tina Berg; TB", "Tina Berg"),
        ("Ministerium für Fischerei; Forstwirtschaft", None),
    ],
)
def test_authors_are_people(meta_author: str, author: str | None) -> None:
    head = (
        '<title>Talks resume</title><meta property="og:site_name" content="The Ledger">'
        f'<meta name="author" content="{meta_author}">'
    )
    assert _extracted(_page(head)).author == author


@pytest.mark.parametrize(
    "byline",
    [
        "Posted on March 3, 2023 by Ana Ruiz",
        "March 3, 2023 · by Ana Ruiz",
        "This entry was posted in News on March 3, 2023 by Ana Ruiz.",
        "Cette entrée a été publiée le 3 mars 2023 par Ana Ruiz.",
        "Publié le 3 mars 2023 par Ana Ruiz",
        "Veröffentlicht am 3. März 2023 von Ana Ruiz",
        "3. März 2023 | von Ana Ruiz",
        "Publicado el 3 marzo 2023 por Ana Ruiz",
        "Pubblicato il 3 marzo 2023 da Ana Ruiz",
        "Publicado em 3 março 2023 por Ana Ruiz",
        "Geplaatst op 3 maart 2023 door Ana Ruiz",
    ],
)
def test_a_byline_in_the_page_gives_author_and_date(byline: str) -> None:
    found = _extracted(_page("<title>Talks resume</title>", byline=byline))
    assert (found.author, found.date) == ("Ana Ruiz", "2023-03-03")


def test_a_byline_names_several_people() -> None:
    found = _extracted(
        _page("<title>T</title>", byline="Posted on March 3, 2023 by A Roe and B Li")
    )
    assert found.author == "A Roe; B Li"


@pytest.mark.parametrize(
    ("field", "found", "expected"),
    [
        ("title", "„Kleiner“ Vorverkauf – gestartet", '"Kleiner" Vorverkauf - gestartet'),
        ("title", "Deutsch\u00adland  hilft", "deutschland hilft"),
        ("author", "Lars Fischer; Alina Schadwinkel", "Lars Fischer und Alina Schadwinkel"),
        ("author", "A Roe, B Li & C Wu", "C Wu and B Li; A Roe"),
        ("author", "Leah C Stokes; dpa", "Leah C. Stokes/dpa"),
        ("author", "Herr Rein", "Herr_Rein"),
        ("date", "2022-10-25", "2022-25-10"),
        ("date", "2022-11-01", "2022-11-1"),
    ],
)
def test_the_scorer_ignores_formatting(field: str, found: str, expected: str) -> None:
    assert meta_matches(field, found, expected)


@pytest.mark.parametrize(
    "byline",
    [
        '<span class="author vcard"><a href="/u/ana">Ana Ruiz</a></span>',
        '<p class="post-author">Von: Ana Ruiz</p>',
        "<small>03.03.2023 | 13:10 Uhr | Ana Ruiz</small>",
    ],
)
def test_the_author_is_read_in_the_markup(byline: str) -> None:
    assert _extracted(_page("<title>Talks resume</title>", byline=byline)).author == "Ana Ruiz"


@pytest.mark.parametrize(
    "dateline",
    [
        "Von Ana Ruiz 27.1.2023 - Die Delegationen",
        "Pressemitteilung vom 27.01.2023",
        "January 27, 2023",
        "27 janvier 2023",
        "Publié le 27/01/2023 à 10h15",
    ],
)
def test_the_date_next_to_the_headline_wins_over_the_markup(dateline: str) -> None:
    head = '<title>T</title><meta property="article:published_time" content="2023-03-09">'
    assert _extracted(_page(head, byline=dateline)).date == "2023-01-27"


def test_a_date_above_the_headline_counts_when_none_follows_it() -> None:
    page = _page("<title>T</title>", top="<p>Ledger • 27.01.2023</p>")
    assert _extracted(page).date == "2023-01-27"


def test_a_date_in_the_body_is_not_the_page_date() -> None:
    head = '<title>T</title><meta property="article:published_time" content="2023-03-09">'
    body = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(5)) + "<p>Stand: 27.01.2023</p>"
    assert _extracted(_page(head, byline=body)).date == "2023-03-09"


def test_a_headline_date_read_the_other_way_round_keeps_the_markup_date() -> None:
    head = '<title>T</title><meta property="article:published_time" content="2023-11-08">'
    assert _extracted(_page(head, byline="11/08/2023")).date == "2023-11-08"


def test_the_publisher_is_no_author() -> None:
    publisher = (
        '{"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": "Nordpress"}}'
    )
    head = (
        f'<title>Talks resume</title><script type="application/ld+json">{publisher}</script>'
        '<meta name="author" content="Nordpress; Ana Ruiz">'
    )
    assert _extracted(_page(head)).author == "Ana Ruiz"


def test_the_site_under_a_subdomain_is_one_of_its_names() -> None:
    tree = load_tree(_page("<title>Talks resume</title>"))
    assert tree is not None and "ledger" in site_names(tree, "https://shop.ledger.example/a", None)


@pytest.mark.parametrize(
    "byline",
    [
        "<p>By <a href='/u/ana'>Ana Ruiz</a></p>",
        "<p>Text: Ana Ruiz</p>",
        "<p>Written by: <span>Ana Ruiz</span></p>",
        "<p>Blog Beitrag von Ana Ruiz</p>",
        "<p><b>Autor:</b> <span>Ana Ruiz</span></p>",
        "<p>Par <a href='/u/ana'>Ana Ruiz</a>, 21 juin 2018</p>",
        "<p>Escrito por Ana Ruiz</p>",
        "<p>A cura di Ana Ruiz</p>",
        "<p>Door <a href='/u/ana'>Ana Ruiz</a></p>",
        "<p>Autorka: Ana Ruiz</p>",
        "<p>Text von Ana Ruiz Illustration von Tom Berg</p>",
    ],
)
def test_a_byline_in_the_text_names_the_author(byline: str) -> None:
    assert _extracted(_page("<title>Talks resume</title>", byline=byline)).author == "Ana Ruiz"


@pytest.mark.parametrize(
    "byline",
    [
        "<p>Von <a href='/mi'>Mi</a></p>",
        "<p>By <a href='/news'>Newsletter</a></p>",
        "<p>von Künstlern, Bands und DJs</p>",
        "<div class='comments'><p>By <a href='/u/ana'>Ana Ruiz</a></p></div>",
    ],
)
def test_a_byline_label_before_no_full_name_gives_no_author(byline: str) -> None:
    assert _extracted(_page("<title>Talks resume</title>", byline=byline)).author is None


@pytest.mark.parametrize(
    "dateline",
    [
        "Publicado el 27 de enero de 2023",
        "27 gennaio 2023",
        "27 janeiro 2023",
        "27 stycznia 2023",
        "27. 1. 2023.",
        "27.1.2023 - " + PARAGRAPH,
    ],
)
def test_the_headline_date_is_read_in_every_language(dateline: str) -> None:
    head = '<title>T</title><meta property="article:published_time" content="2023-03-09">'
    assert _extracted(_page(head, byline=dateline)).date == "2023-01-27"


def test_a_labelled_date_counts_when_no_other_is_found() -> None:
    body = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(5))
    page = _page("<title>T</title>", byline=body + "<p>Veröffentlicht am</p><p>18.10.2023</p>")
    found = extract(page, url="https://www.ledger.example/talks", max_date="2024-12-31")
    assert isinstance(found, Extracted) and found.date == "2023-10-18"


def test_a_date_only_of_a_change_is_no_page_date() -> None:
    head = '<title>T</title><meta property="article:modified_time" content="2023-03-09">'
    assert _extracted(_page(head)).date is None


def test_a_date_of_a_change_gives_way_to_a_labelled_date() -> None:
    head = '<title>T</title><meta property="article:modified_time" content="2023-03-09">'
    body = "".join(f"<p>{PARAGRAPH}</p>" for _ in range(5)) + "<p>Datum: 18.10.2023</p>"
    assert _extracted(_page(head, byline=body)).date == "2023-10-18"


def test_a_date_in_the_page_address_is_its_own() -> None:
    head = '<title>T</title><meta property="article:modified_time" content="2023-03-09">'
    page = _page(head)
    found = extract(page, url="https://www.ledger.example/2023/03/09/talks", max_date="2024-12-31")
    assert isinstance(found, Extracted) and found.date == "2023-03-09"


def _typed(kind: str) -> str:
    data = f'{{"@context": "https://schema.org", "@type": "{kind}", "datePublished": "2023-03-09"}}'
    return f'<title>T</title><script type="application/ld+json">{data}</script>'


@pytest.mark.parametrize(
    ("kind", "date"), [("WebPage", None), ("Recipe", None), ("NewsArticle", "2023-03-09")]
)
def test_a_page_that_is_no_article_and_shows_no_date_has_none(kind: str, date: str | None) -> None:
    """The markup's date of a web page, recipe or product that shows none is when the site's
    system made the page; an article's is when it was published."""
    found = extract(
        _page(_typed(kind)), url="https://www.ledger.example/talks", max_date="2024-12-31"
    )
    assert isinstance(found, Extracted) and found.date == date


def test_a_page_that_is_no_article_keeps_the_date_of_its_address() -> None:
    page = _page(_typed("WebPage"))
    found = extract(page, url="https://www.ledger.example/2023/03/talks", max_date="2024-12-31")
    assert isinstance(found, Extracted) and found.date == "2023-03-09"
