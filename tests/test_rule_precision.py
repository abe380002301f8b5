"""Rules kept strict (issue 14, rule audit): the general forms of the lines that a rule
used to remove although they are the article's own text, next to the boilerplate the same
rule must still remove."""

from __future__ import annotations

import pytest

from cleaners.cleaning.boilerplate import strip_boilerplate
from cleaners.cleaning.repeats import drop_repeats
from cleaners.cleaning.rules import match_rule

B1 = "The two delegations met for six hours in Geneva on Tuesday, officials said."
B2 = "Neither side published a statement, but both agreed to meet again next month."

# body lines that begin with a credit label glued into a longer word, or that use the word
# in a sentence, and a long caption of several sentences that ends with a credit
CREDIT_LOOKALIKES = [
    "Photovoltaik",
    "Photos get better",
    "Photographer",
    "Bronze medal",
    "Source code of the treaty database was published on Monday, so anyone",
    "Imagery from the satellite",
    "Even after the exhibition, I still cannot believe these are watercolours. "
    "Truly striking. Artwork and photos © Ann Lee",
    "Harbour Watch is a 501(c)3 nonprofit organization.",
]

CREDITS = [
    "Photo: Ann Lee",
    "Photos by Kurt Christensen",
    "Image courtesy of the ministry",
    "Fotos/Illustration: Jan Ostrowski",
    "Quellenangaben:",
    "Bildquelle: Lena Hartmann",
    "Photocredits BALTIC: Ines Vogt",
    "Image illustrative : a harbour at dusk by Tom Vale, licence Creative Commons",
    "(Credit: Mara Quinn / Portline)",
    "Quelle der Meldung: Polizei Nord",
    "3.4.2024 | Quelle: Nordhafen AG | portline.example © Portline Media GmbH",
]


@pytest.mark.parametrize("line", CREDIT_LOOKALIKES)
def test_credit_lookalikes_are_no_credit(line: str) -> None:
    matched = match_rule(line)
    assert matched is None or matched[0].name != "credit-line"


@pytest.mark.parametrize("line", CREDITS)
def test_credits_go(line: str) -> None:
    matched = match_rule(line)
    assert matched is not None and matched[0].name == "credit-line"


# the writer's own sign-off, naming whom to follow, is part of the piece
SIGN_OFFS = [
    "Follow Jane Roe on Twitter: @janeroe",
    "Follow Ilse on Twitter @ilse_writes",
    "Follow Tomas on Twitter.",
]
FOLLOW_WIDGETS = [
    "Follow us on Twitter",
    "Follow @meridianwire for breaking news.",
    "Follow The Meridian on Twitter and Instagram @meridian and on Facebook @meridianfb. "
    "Send us a message on WhatsApp.",
]


@pytest.mark.parametrize("line", SIGN_OFFS)
def test_a_sign_off_naming_whom_to_follow_stays(line: str) -> None:
    assert match_rule(line) is None


@pytest.mark.parametrize("line", FOLLOW_WIDGETS)
def test_follow_widgets_go(line: str) -> None:
    matched = match_rule(line)
    assert matched is not None and matched[0].name == "follow-us"


BODY = [
    f"Paragraph {n} of the report says the envoys will meet again in Geneva soon." for n in range(6)
]


def test_a_tag_line_above_the_whole_article_stays() -> None:
    result = strip_boilerplate(["Tags: sanctions, Iran", *BODY], title="T")
    assert result.paragraphs == ["Tags: sanctions, Iran", *BODY]


def test_a_tag_line_after_the_body_goes() -> None:
    result = strip_boilerplate([*BODY, "Tags: sanctions, Iran"], title="T")
    assert [r.rule for r in result.removed] == ["post-meta"]


QUOTE = "Both sides agreed to meet again in Geneva before the end of the month."
SOURCE = f"After six hours of talks, {QUOTE[0].lower()}{QUOTE[1:-1]}, the envoy said."
FILLER = [
    f"Line {n} of other text in the article goes here for the reader to see." for n in range(12)
]


def _kept(lines: list[str]) -> list[str]:
    kept, _ = drop_repeats(list(enumerate(lines)))
    return [text for _, text in kept]


def test_a_sentence_repeated_far_from_its_paragraph_is_no_pull_quote() -> None:
    lines = [QUOTE, *FILLER, SOURCE]  # a summary at the top, the story below
    assert _kept(lines) == lines


def test_a_pull_quote_next_to_its_paragraph_goes() -> None:
    lines = [FILLER[0], SOURCE, QUOTE, *FILLER[1:]]
    assert QUOTE not in _kept(lines)


def test_a_paragraph_said_again_far_away_alone_stays() -> None:
    motto = "You have to make an effort to remember where you came from, always."
    lines = [motto, *FILLER, motto]
    assert _kept(lines) == lines


def test_a_block_said_twice_goes() -> None:
    block = FILLER[:3]
    lines = [*block, *FILLER[3:], *block]
    assert _kept(lines) == FILLER


def test_a_paragraph_said_again_right_after_goes() -> None:
    lines = [FILLER[0], B1, B2, B1, *FILLER[1:]]
    assert _kept(lines) == [FILLER[0], B1, B2, *FILLER[1:]]


def test_a_link_label_said_again_far_away_stays() -> None:
    label = "Harbour News"
    lines = [label, *FILLER, label]
    assert _kept_with_links(lines, label) == lines


def test_a_link_label_said_again_close_by_goes() -> None:
    label = "Harbour News"
    lines = [label, FILLER[0], label, *FILLER[1:]]
    assert _kept_with_links(lines, label) == [label, *FILLER]


def _kept_with_links(lines: list[str], label: str) -> list[str]:
    kept, _ = drop_repeats(list(enumerate(lines)), frozenset({("harbour", "news")}))
    return [text for _, text in kept]


# forms of the families that the rules had missed, in the languages of the rules (our text)
MORE_LINES = [
    ("PUEDES VER: Así se votó la reforma del puerto", "read-more-link"),
    ("Mira: El ministro visita la frontera norte", "read-more-link"),
    ("Contenido relacionado", "related-headlines"),
    ("Weitere Beiträge aus der Kolumne:", "related-headlines"),
    ("Das Thema könnte dich auch interessieren:", "related-headlines"),
    ("Kategorie: Hafen", "post-meta"),
    ("Teilen Sie dies mit:", "share-widget"),
    ("Du musst angemeldet sein, um Kommentare zu schreiben.", "comment-form"),
    (
        "If you enjoyed reading this story, would you consider supporting our work? Thanks!",
        "donation-prompt",
    ),
    ("Weitere Informationen zum Hafenausbau in Kiel:", "label-line"),
    ("Quelle: Hafenverband Nord, 02. März 2024, Kiel", "credit-line"),
    (
        "Mit der Registrierung stimmen Sie unseren Datenschutzhinweisen zu. Wir geben Ihre "
        "Adresse an niemanden weiter, und Sie können sich mit einem Klick wieder abmelden, "
        "wann immer Sie möchten, ganz ohne Angabe von Gründen.",
        "newsletter-prompt",
    ),
    (
        "Neugierig geworden? Lass dir die besten Geschichten aus dem Hafen jede Woche in dein "
        "Postfach liefern und melde dich hier für unseren Newsletter an!",
        "newsletter-prompt",
    ),
    (
        "Hafenblatt bleibt frei: Seit der ersten Ausgabe gibt es bei uns keine Bezahlschranke, "
        "und dabei bleibt es, solange genug Leserinnen und Leser uns mit einem Beitrag helfen.",
        "donation-prompt",
    ),
    (
        "This post contains references to products from our partners, and we may be paid when "
        "you follow links to them. Conditions apply to every offer on this page; our policy page "
        "explains how the offers are chosen, who checks them, and how long each of them runs "
        "before it is taken down again.",
        "affiliate-notice",
    ),
]


@pytest.mark.parametrize(("line", "rule"), MORE_LINES)
def test_more_forms_of_the_families(line: str, rule: str) -> None:
    result = strip_boilerplate([B1, line, B2], title="T")
    assert [(r.rule, r.text) for r in result.removed] == [(rule, line)]


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("March 3, 2024 at 9:45 AM | categories: Ports, Trade", "post-meta"),
        ("Top-Themen bei Hafenblatt", "related-headlines"),
        ("Kommentare insgesamt: 0", "comment-thread"),
    ],
)
def test_labelled_footers_led_by_a_field(line: str, rule: str) -> None:
    result = strip_boilerplate([B1, B2, line], title="T")
    assert [(r.rule, r.text) for r in result.removed] == [(rule, line)]
