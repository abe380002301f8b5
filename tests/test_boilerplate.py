"""Table tests for every boilerplate rule, in every language the rules cover, plus the
conservative cases: body sentences that merely quote such words must stay."""

from __future__ import annotations

import pytest

from cleaners.cleaning.boilerplate import strip_boilerplate
from cleaners.cleaning.rules import RULES, match_rule
from tests.conftest import LINES

B1 = "The two delegations met for six hours in Geneva on Tuesday, officials said."
B2 = "Neither side published a statement, but both agreed to meet again next month."
B3 = "The next round is due in May."


# bylines: (line, author it names)
BYLINES: list[tuple[str, str | None]] = [
    ("This entry was posted in by Grant Montgomery.", "Grant Montgomery"),
    (
        "This entry was posted in Asia and tagged Korea on March 3, 2024 by Jo Park. Bookmark the permalink.",
        "Jo Park",
    ),
    ("Written by How Africa", "How Africa"),
    ("Posted by Daniel Reyes at 9:30 PM", "Daniel Reyes"),
    ("Posted on March 12, 2024 by Helen Okafor", "Helen Okafor"),
    ("By Jane Roe and John Doe", "Jane Roe; John Doe"),
    ("Publié le 12 mars 2024 par Claire Dubois", "Claire Dubois"),
    ("Veröffentlicht am 12. März 2024 von Jonas Becker", "Jonas Becker"),
    ("Publicado por Lucía Ferrer a las 21:30", "Lucía Ferrer"),
    ("Pubblicato il 12 marzo 2024 da Giulia Conti", "Giulia Conti"),
    ("Publicado em 12 de março de 2024 por João Silva", "João Silva"),
    ("Geplaatst op 12 maart 2024 door Anouk de Vries", "Anouk de Vries"),
]

# body sentences that merely contain boilerplate words: they must stay
BODY: list[str] = [
    "“No comment form will decide this,” the spokesman said.",
    "The envoy declined to leave a reply to the letter until Friday.",
    "Related talks in Vienna are expected to resume next week, diplomats said.",
    "Posted by the ministry on Monday, the memo was leaked within hours.",
    "Written by hand, the note was delivered by a courier from the embassy.",
    "No responses to the letter have come from Pyongyang so far.",
    "Share of exports to the region fell by a third in the first quarter.",
    "The next round is due in May.",
    "More: https://example.org/the-full-report",
    "Today the ministry launched an app for Android that lists every consulate and its hours.",
    "Loading the ships took the whole night.",
    "By the end of the week, both sides had signed the protocol.",
    "He says: the deal is off.",
    "Officials were able to donate much-needed medical supplies to the clinic on Monday.",
    "The minister said the photos from the summit were published on Tuesday.",
    "Source: a senior diplomat who asked not to be named said the talks had stalled.",
    "Related: the summit communiqué was drafted in eleven days.",
    "The publisher sent review copies to critics only after the embargo was lifted.",
    "Thanks to the minister for providing a copy of the treaty, the talks could resume.",
    "Ce livre m’a été offert par ma grand-mère, qui l’avait lu pendant la guerre.",
]


@pytest.mark.parametrize(("line", "rule"), LINES)
def test_line_rule(line: str, rule: str) -> None:
    result = strip_boilerplate([B1, line, B2], title="T")
    assert result.paragraphs == [B1, B2]
    assert [(r.rule, r.text) for r in result.removed] == [(rule, line)]


@pytest.mark.parametrize(("line", "author"), BYLINES)
def test_byline_names_the_author(line: str, author: str) -> None:
    result = strip_boilerplate([B1, line, B2], title="T")
    assert result.paragraphs == [B1, B2]
    assert [r.rule for r in result.removed] == ["byline"]
    assert result.authors == [author]


@pytest.mark.parametrize("sentence", BODY)
def test_body_sentences_stay(sentence: str) -> None:
    result = strip_boilerplate([B1, sentence, B2], title="T")
    assert result.paragraphs == [B1, sentence, B2]
    assert result.removed == []


THREAD = [
    "3 thoughts on “Talks in Geneva”",
    "Marta Kowalczyk says:",
    "June 4, 2024 at 11:02 am",
    "Ninety days is not enough for anyone to plan a harvest season, she wrote.",
    "Reply",
    "Leave a Reply",
]


def test_comment_thread_goes_to_the_end() -> None:
    result = strip_boilerplate([B1, B2, *THREAD], title="T")
    assert result.paragraphs == [B1, B2]
    assert [r.rule for r in result.removed] == [
        "comment-thread", "comment-thread", "comment-meta", "comment-thread", "comment-meta", "comment-form",
    ]  # fmt: skip


def test_comment_thread_without_heading_is_found_by_its_markers() -> None:
    result = strip_boilerplate([B1, B2, *THREAD[1:]], title="T")
    assert result.paragraphs == [B1, B2]


@pytest.mark.parametrize(
    "heading",
    [
        "2 Gedanken zu „Gespräche in Genf“",
        "Une réflexion sur « Les sanctions »",
        "12 Responses to Informal Dialogue",
    ],
)
def test_translated_thread_headings(heading: str) -> None:
    comment = "Sehr interessanter Artikel, danke für die ausführliche Darstellung der Lage."
    result = strip_boilerplate([B1, B2, heading, comment], title="T")
    assert result.paragraphs == [B1, B2]


def test_section_needs_body_before_it() -> None:
    """A "5 Comments" link above the article is a line, not the start of a thread."""
    result = strip_boilerplate(["5 Comments", B1, B2], title="T")
    assert result.paragraphs == [B1, B2]


def test_marker_without_confirmation_stays() -> None:
    quote = "The minister says:"
    result = strip_boilerplate([B1, B2, quote, B3], title="T")
    assert result.paragraphs == [B1, B2, quote, B3]


def test_related_list_inside_body_takes_only_headlines() -> None:
    lines = [B1, "Related:", "Iran talks stall again", "Envoy named for Sudan", B2, B3]
    result = strip_boilerplate(lines, title="T")
    assert result.paragraphs == [B1, B2, B3]
    assert [r.rule for r in result.removed] == ["related-headlines"] * 3


def test_trailing_headline_run_goes() -> None:
    lines = [
        B1,
        B2,
        "Women Call For A Ban Ahead Of Kenya’s Rerun",
        "Zuma’s Son Charged With Homicide",
    ]
    result = strip_boilerplate(lines, title="T")
    assert result.paragraphs == [B1, B2]
    assert [r.rule for r in result.removed] == ["headline-run", "headline-run"]


def test_single_trailing_line_stays_unless_after_boilerplate() -> None:
    closing = "Talks to resume after Easter"
    assert strip_boilerplate([B1, B2, closing], title="T").paragraphs == [B1, B2, closing]
    after_form = strip_boilerplate([B1, B2, "Leave a Reply", closing], title="T")
    assert after_form.paragraphs == [B1, B2]


def test_repeated_title_and_duplicates_and_pull_quotes() -> None:
    pull = "both agreed to meet again next month"
    lines = ["Talks in Geneva", B1, "Neither side published a statement, but both agreed", B2, B1]
    lines.insert(2, pull.capitalize() + " and to keep talking.")
    result = strip_boilerplate(lines, title="Talks in Geneva")
    rules = [r.rule for r in result.removed]
    assert result.paragraphs[0] == B1
    assert "repeated-title" in rules and "duplicate-paragraph" in rules
    assert B2 in result.paragraphs


def test_pull_quote_is_dropped() -> None:
    pull = "“Neither side published a statement, but both agreed to meet again”"
    result = strip_boilerplate([B1, pull, B2], title="T")
    assert result.paragraphs == [B1, B2]
    assert [r.rule for r in result.removed] == ["pull-quote"]


def test_text_dump_title_is_the_first_real_line() -> None:
    result = strip_boilerplate(["in ,", "Talks in Geneva", B1, B2])
    assert result.title == "Talks in Geneva"
    assert [r.rule for r in result.removed] == ["empty-byline", "repeated-title"]


CASES = [[B1, line, B2] for line, _ in LINES] + [[B1, B2, *THREAD], [B1, *BODY, B2]]


@pytest.mark.parametrize("lines", CASES)
def test_idempotent(lines: list[str]) -> None:
    once = strip_boilerplate(lines, title="T")
    twice = strip_boilerplate(once.paragraphs, title="T")
    assert twice.paragraphs == once.paragraphs
    assert twice.removed == []


def test_every_rule_is_covered_by_a_table_row() -> None:
    tested = {rule for _, rule in LINES} | {"byline", "comment-thread", "related-headlines"}
    assert {rule.name for rule in RULES} - {"author-bio"} <= tested
    assert match_rule("About the author") is not None


def test_short_real_closing_line_stays() -> None:
    assert strip_boilerplate([B1, B2, B3], title="T").paragraphs == [B1, B2, B3]
    after_widget = strip_boilerplate([B1, B2, "Share this:", B3], title="T")
    assert after_widget.paragraphs == [B1, B2, B3]


@pytest.mark.parametrize("heading", ["Comments", "24 Comments", "Join the conversation"])
def test_bare_comments_heading_inside_the_body_cuts_nothing_more(heading: str) -> None:
    """A share bar's "24 Comments" link or a tooltip between body paragraphs, with no
    comment entries after it, takes only itself."""
    more = ["Both sides agreed to publish a joint statement after the second round of talks.",
            "Observers from three neighbouring states were invited to attend the next meeting."]  # fmt: skip
    body = [B1, B2, heading, B3, *more]
    result = strip_boilerplate(body, title="T")
    assert result.paragraphs == [B1, B2, *body[3:]]
    assert [(r.rule, r.text) for r in result.removed] == [("comment-thread", heading)]


def test_bare_comments_heading_with_a_thread_after_it_cuts_to_the_end() -> None:
    thread = ["Comments", "Ana Ruiz", "June 3, 2024 at 9:14 am", "A fine summary of the talks.",
              "Tom Berg", "June 3, 2024 at 10:01 am", "I disagree with the second point."]  # fmt: skip
    result = strip_boilerplate([B1, B2, *thread], title="T")
    assert result.paragraphs == [B1, B2]
    assert len(result.removed) == len(thread)


def test_comment_entries_far_below_a_bare_heading_do_not_confirm_it() -> None:
    """Timestamps that come only after a long run of body text belong to something else."""
    late = ["June 3, 2024 at 9:14 am", "Reply", "June 3, 2024 at 10:01 am"]
    body = [f"{B3} Paragraph {n} of the article goes on." for n in range(8)]
    result = strip_boilerplate([B1, B2, "Comments", *body, *late], title="T")
    assert result.paragraphs[: 2 + len(body)] == [B1, B2, *body]


TOUR = ["March 14 – Lyon, Salle Rameau", "March 16 – Geneva, Victoria Hall"]
RELATED = [
    "Brass band festival returns to the old market square",
    "Lighthouse keepers documentary gets its premiere date",
    "Organ restoration appeal passes its first target",
]


def test_body_list_at_the_end_stays_when_no_line_is_a_link() -> None:
    """Tour dates in title case after the body are a list of the text, not headlines."""
    result = strip_boilerplate([B1, B2, *TOUR], title="T", links=frozenset({"Home page link"}))
    assert result.paragraphs == [B1, B2, *TOUR]


def test_trailing_site_links_go_as_headline_run() -> None:
    links = frozenset(RELATED[:2])
    result = strip_boilerplate([B1, B2, *TOUR, *RELATED[:2]], title="T", links=links)
    assert result.paragraphs == [B1, B2, *TOUR]
    assert [r.rule for r in result.removed] == ["headline-run", "headline-run"]


def test_unlabelled_run_of_site_links_inside_the_body_goes() -> None:
    lines = [B1, *(f"- {line}" for line in RELATED), B2, B3]
    result = strip_boilerplate(lines, title="T", links=frozenset(RELATED))
    assert result.paragraphs == [B1, B2, B3]
    assert [r.rule for r in result.removed] == ["linked-headlines"] * 3


def test_two_links_inside_the_body_stay() -> None:
    lines = [B1, *RELATED[:2], B2]
    assert strip_boilerplate(lines, title="T", links=frozenset(RELATED)).paragraphs == lines


def test_repeated_structure_stays() -> None:
    """Recipe headings and steps, table header rows, interview answers and questions."""
    section = ["Ingredients", "- 1 onion, chopped", "Method", "- Soften the onion in butter."]
    qa = ["What will you miss?", "No.", "| Step | Time |"]
    lines = [B1, *section, *qa, B2, *section, *qa]
    assert strip_boilerplate(lines, title="T").paragraphs == lines


def test_teaser_of_two_sentences_is_no_pull_quote() -> None:
    lead = "Talks resumed in Geneva on Tuesday after a long pause. Both sides sent new envoys."
    body = lead + " The next round is due in May, officials said, and a deal may follow."
    assert strip_boilerplate([B1, lead, body], title="T").paragraphs == [B1, lead, body]


def test_a_text_of_links_only_stays() -> None:
    """A listing page given to clean is taken as an article: its links are its text."""
    result = strip_boilerplate(RELATED, title="T", links=frozenset(RELATED))
    assert result.paragraphs == RELATED


@pytest.mark.parametrize(
    "head", ["#1 Kommentar von Naru", "Comment #2 by Ann Lee", "#3 commentaire de Luc"]
)
def test_numbered_comment_entry_starts_a_thread_after_a_short_post(head: str) -> None:
    post = ["Das zweite Kapitel ist nun online, und am Freitag folgt wie angekündigt das dritte.",
            "Viel Spass"]  # fmt: skip
    result = strip_boilerplate([*post, head, "Danke für das Kapitel!"], title="T")
    assert result.paragraphs == post
