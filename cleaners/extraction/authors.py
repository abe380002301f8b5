"""A page's authors must be people: labels stripped ("Zeige alle Beiträge von X"), and no
publisher, domain, desk or placeholder; when the metadata names none, a byline in the page
("Posted on March 3, 2023 by Ana Ruiz") gives the author and its date.  Patterns are data
(``metadata.toml``)."""

from __future__ import annotations

import re
from functools import cache

from lxml.html import HtmlElement

from cleaners.extraction.datetext import date_pattern, iso_date
from cleaners.extraction.textbyline import full_name, text_bylines
from cleaners.extraction.titles import settings, squeeze

# one or more personal names in a byline: capitalized words, with the usual particles
_NAME = (
    r"(?P<name>(?-i:[A-ZÀ-Þ][\w’'.-]*(?: (?:[A-ZÀ-Þ][\w’'.-]*|de|da|di|du|del|della|van|von|"
    r"der|den|la|le)){0,4}(?:(?:,| and| &| und| et| y| e| en) [A-ZÀ-Þ][\w’'.-]*(?: "
    r"[A-ZÀ-Þ][\w’'.-]*){0,3})*))"
)
# the separators of several names in one author field
_SEPARATOR = re.compile(r"\s*;\s*")
# quotes a field may keep from the markup it was cut out of ("'Ana Ruiz")
_QUOTES = "'\"‘’“”«» "
# how many characters a byline may have: longer text is a sentence of the body
BYLINE_MAX = 160


@cache
def _labels() -> re.Pattern[str]:
    labels = "|".join(settings()["author"]["labels"])
    return re.compile(rf"^(?:(?:{labels})(?:\s*[:：]\s*|\s+))+", re.IGNORECASE)


@cache
def _not_person() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(settings()["author"]["not_person"]) + ")", re.IGNORECASE)


@cache
def _place() -> re.Pattern[str]:
    return re.compile("(?:" + "|".join(settings()["author"]["places"]) + ")", re.IGNORECASE)


@cache
def _organisation() -> re.Pattern[str]:
    words = "|".join(settings()["author"]["organisation"])
    return re.compile(rf"(?:^|\s)(?:{words})(?:\s|$)", re.IGNORECASE)


@cache
def _domain() -> re.Pattern[str]:
    endings = "|".join(settings()["author"]["domain_endings"])
    return re.compile(rf"^(?:www[ .])?\S+(?:[ .](?:{endings}))$", re.IGNORECASE)


@cache
def _date_label() -> re.Pattern[str]:
    labels = "|".join(settings()["author"]["date_labels"])
    return re.compile(rf"(?<=\S)\s+(?:{labels})$", re.IGNORECASE)


def strip_label(name: str) -> str:
    """A name without the label before it, nor the label of a date after it.

    >>> strip_label("Zeige alle Beiträge von Petra Ruland"), strip_label("Auteur Marc Roux")
    ('Petra Ruland', 'Marc Roux')
    >>> strip_label("Sara Ruiz Stand"), strip_label("Luis Paz Hora De Publicación Del Artículo")
    ('Sara Ruiz', 'Luis Paz')
    >>> strip_label("Ana Ruiz Ein Kommentar"), strip_label("Tom Berg 12 Comments")
    ('Ana Ruiz', 'Tom Berg')
    >>> strip_label("责任编辑：孔德明"), strip_label("Autor:Jan Nowak")
    ('孔德明', 'Jan Nowak')
    """
    return _date_label().sub("", _labels().sub("", name.strip()).strip())


def is_person(name: str, sites: set[str]) -> bool:
    """Whether an author field names a person, not a site, a domain, a desk or a company.

    >>> sites = {"carnets"}
    >>> [is_person(name, sites) for name in ("Ana Ruiz", "Facebook Com", "Staff Writer", "Carnets")]
    [True, False, False, False]
    """
    squeezed = squeeze(name)
    return bool(squeezed) and not (
        squeezed in sites
        # "Jungefreiheit" for jungefreiheit.de; "Ana Ruiz" of anaruiz.net is a person
        or (" " not in squeezed and squeezed in {site.replace(" ", "") for site in sites})
        or _not_person().fullmatch(name)
        or _organisation().search(name)
        or _domain().fullmatch(name)
        or not _name_sized(name)
    )


@cache
def _particles() -> frozenset[str]:
    return frozenset(settings()["author"]["particles"])


def _name_sized(name: str) -> bool:
    """Whether a name has the size and shape of a person's: at most five words, no country
    among several words ("Diakonie Deutschland"), and no word in lower case in three words
    or more but the particles of names ("Un documentaire de Kristen Falchon").

    >>> _name_sized("Ana de la Cruz"), _name_sized("Hecho en Bolivia con Drupal")
    (True, False)
    >>> _name_sized("Induux Germany"), _name_sized("Mobasir hassan")
    (False, True)
    """
    words = name.split()
    if len(words) > 5 or (len(words) > 1 and any(_place().fullmatch(word) for word in words)):
        return False
    lower = (word for word in words if word[:1].islower() and word not in _particles())
    return len(words) < 3 or next(lower, None) is None


def _once(name: str) -> str:
    """A name that a page wrote twice in a row, once ("jesusfreak jesusfreak").

    >>> _once("jesusfreak jesusfreak"), _once("Ana Ana Ruiz")
    ('jesusfreak', 'Ana Ana Ruiz')
    """
    words = name.split()
    return words[0] if len(words) > 1 and len(set(words)) == 1 else name


def clean_authors(found: str | None, sites: set[str]) -> str | None:
    """The people among ``"A; B"``, labels stripped, in order and once each."""
    if not found:
        return None
    found = _joiner().sub("; ", found)
    names = [_once(strip_label(name.strip(_QUOTES))) for name in _SEPARATOR.split(found)]
    if any(_place().fullmatch(name) for name in names) or _names_site(names, sites):
        return None  # an address, or the site's name cut at its "und" ("Wild; Hund")
    people = [name for name in names if is_person(name, sites)]
    if any(_organisation().search(name) or not _name_sized(name) for name in names):
        # the words of an organisation's name cut at its "und", not people: "Bundesministerium
        # für Wirtschaft; Klimaschutz"
        people = [name for name in people if len(name.split()) > 1]
    initials = {"".join(word[0] for word in name.split()).upper() for name in people}
    # the initials of a name the field already gives ("Tina Klostermeier; TK") are no one
    people = [name for name in people if len(name.split()) > 1 or name.upper() not in initials]
    return "; ".join(dict.fromkeys(people)) or None


def _names_site(names: list[str], sites: set[str]) -> bool:
    """Whether names are the parts of the site's name cut at its "and" ("Fisch; Fang" of
    fischundfang.de).

    >>> _names_site(["Fisch", "Fang Seminare"], {"fischundfang"}), _names_site(["Ana"], set())
    (True, False)
    """
    bare = [squeeze(name).replace(" ", "") for name in names]
    if len(bare) < 2:
        return False
    return any(
        whole.startswith(site) and len(site) > len(bare[0] + joiner)
        for joiner in ("und", "and", "et", "y", "")
        for whole in [joiner.join(bare)]
        for site in sites
    )


@cache
def _joiner() -> re.Pattern[str]:
    joiners = "|".join(settings()["author"]["joiners"])
    return re.compile(rf"\s+(?:{joiners})\s+", re.IGNORECASE)


@cache
def _bylines() -> list[re.Pattern[str]]:
    patterns = [p for language in settings()["byline"].values() for p in language]
    return [
        re.compile(p.replace("<DATE>", date_pattern()).replace("<NAME>", _NAME) + r"\.?", re.I)
        for p in patterns
    ]


def _no_period(name: str) -> str:
    """A name without the period that ends the byline's sentence (an initial keeps its own).

    >>> _no_period("Marie Lefèvre. "), _no_period("Leah C.")
    ('Marie Lefèvre', 'Leah C.')
    """
    name = name.strip()
    last = name.split()[-1] if name.split() else ""
    return name[:-1] if name.endswith(".") and len(last) > 2 else name


def _split_names(names: str) -> list[str]:
    """The names a byline lists.

    >>> _split_names("Ana Ruiz, Tom Berg und Li Wei.")
    ['Ana Ruiz', 'Tom Berg', 'Li Wei']
    """
    found = re.split(r",| and | und | et | y | e | en | & ", names)
    return [_no_period(name) for name in found if name.strip()]


def page_byline(tree: HtmlElement) -> tuple[str, str | None] | None:
    """The first byline in the page's body that gives a date and a name: (names, date)."""
    # short elements with a digit only, selected in libxml2: a byline has a date
    short = (
        f"//body//*[not(self::script or self::style)][string-length(normalize-space(.)) <= "
        f"{BYLINE_MAX}][translate(normalize-space(.), '0123456789', '') != normalize-space(.)]"
    )
    for element in tree.xpath(short):
        text = " ".join(element.text_content().split())
        for pattern in _bylines():
            if found := pattern.match(text):
                authors = "; ".join(_split_names(found.group("name")))
                return authors, iso_date(found.group("date"))
    return None


# a name in markup that is longer than this is a biography, not a byline
MARKUP_MAX = 60


@cache
def _markup() -> tuple[re.Pattern[str], re.Pattern[str]]:
    markup = settings()["markup"]
    return re.compile(markup["author"]), re.compile(markup["comment"])


def _in_comment(element: HtmlElement, comment: re.Pattern[str]) -> bool:
    marks = (" ".join((a.get("class", ""), a.get("id", ""))) for a in element.iterancestors())
    return any(comment.search(mark) for mark in marks)


# a name in markup: one to four words, none of them a label, a number or a date
_NAME_SHAPE = re.compile(r"(?:[^\W\d_][\w.'’-]*)(?: [^\W\d_][\w.'’-]*){0,3}")


def _name_shaped(text: str) -> bool:
    """Whether markup text can be a name: one to four words, no label left, no date.

    >>> _name_shaped("Alex Roth"), _name_shaped("Von"), _name_shaped("09.10.2021")
    (True, False, False)
    """
    return bool(_NAME_SHAPE.fullmatch(text)) and not _labels().match(text + " ")


def markup_author(tree: HtmlElement, sites: set[str]) -> str | None:
    """The first person that an element marked as the author (class, itemprop or rel
    "author", "byline"...) names, outside comment sections.

    >>> from lxml.html import fromstring
    >>> markup_author(fromstring('<div><span class="byline">von Alex Roth</span></div>'), set())
    'Alex Roth'
    """
    author, comment = _markup()
    for element in tree.xpath("//body//*[@class or @itemprop or @rel]"):
        marks = " ".join(element.get(name, "") for name in ("class", "itemprop", "rel"))
        if not author.search(marks):
            continue
        text = " ".join(element.text_content().split())
        name = _no_period(strip_label(text)) if 0 < len(text) <= MARKUP_MAX else ""
        if _name_shaped(name) and is_person(name, sites) and not _in_comment(element, comment):
            return name
    return None


def people_and_date(
    tree: HtmlElement, sites: set[str], author: str | None, date: str | None
) -> tuple[str | None, str | None]:
    """The people among the authors found, and the date; what is missing read from a byline
    in the page."""
    people = clean_authors(author, sites)
    if people and date:
        return people, date
    byline = page_byline(tree)
    if byline is not None:
        people, date = people or clean_authors(byline[0], sites), date or byline[1]
    return people or markup_author(tree, sites) or _text_author(tree, sites), date


def _text_author(tree: HtmlElement, sites: set[str]) -> str | None:
    """The people of the first byline in the page's text that names any."""
    for found in text_bylines(tree, _NAME):
        names = _split_names(found)
        if all(full_name(name) for name in names) and (
            people := clean_authors("; ".join(names), sites)
        ):
            return people
    return None
