"""Dates as pages print them, in every language of the rules: "3. März 2023", "March 3,
2023", "3 de mayo de 2022", "12 listopada 2022", "27.1.2022"; the month names are data
(``metadata.toml``).  htmldate reads English, French and German month names only."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

from cleaners.extraction.titles import settings

# what some languages put between day, month and year: "3 de mayo de 2022", "3. März 2023"
_OF = r"(?: de| del| do| da)?"


@cache
def date_pattern() -> str:
    """A date in a text, as a regular expression with one group, ``date`` (case insensitive)."""
    months = "|".join(month for names in settings()["months"].values() for month in names)
    return (
        rf"(?P<date>\d{{1,2}}\.?{_OF} (?:{months})\.?{_OF},? \d{{4}}"
        rf"|(?:{months})\.? \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}"
        rf"|\d{{1,2}}(?:\. ?|/)\d{{1,2}}(?:\. ?|/)\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})"
        r"(?:,? (?:um |à |at |alle |às |om |o )?\d{1,2}[:.]\d{2}(?: ?(?:uhr|h|am|pm))?)?"
    )


@cache
def _dated() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){date_pattern()}(?!\w)", re.IGNORECASE)


def _month(text: str) -> int | None:
    for names in settings()["months"].values():
        for number, month in enumerate(names, start=1):
            if re.search(rf"(?<!\w)(?:{month})(?!\w)", text, re.IGNORECASE):
                return number
    return None


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:  # 31 February, month 13: no date
        return None


def iso_date(found: str) -> str | None:
    """A date matched by :func:`date_pattern` as YYYY-MM-DD.

    >>> iso_date("March 3, 2023"), iso_date("12 mars 2023"), iso_date("3. März 2023")
    ('2023-03-03', '2023-03-12', '2023-03-03')
    >>> iso_date("03.04.2022"), iso_date("3 de mayo de 2022"), iso_date("31.02.2022")
    ('2022-04-03', '2022-05-03', None)
    >>> iso_date("4. 2. 2022")
    '2022-02-04'
    """
    found = found.strip()
    if iso := re.match(r"(\d{4})-(\d{2})-(\d{2})", found):
        return _valid(*(int(group) for group in iso.groups()))
    if numeric := re.match(r"(\d{1,2})(?:\. ?|/)(\d{1,2})(?:\. ?|/)(\d{4})", found):
        day, month, year = (int(group) for group in numeric.groups())
        return _valid(year, month, day)
    year_match = re.search(r"\b(\d{4})\b", found)
    day_match = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", found)
    named = _month(found)
    if year_match and day_match and named:
        return _valid(int(year_match.group(1)), named, int(day_match.group(1)))
    return None


def text_date(text: str) -> str | None:
    """The first date written out in a text, as YYYY-MM-DD.

    >>> text_date("Publicado el 5 de mayo de 2022, 10:15"), text_date("12 listopada 2022")
    ('2022-05-05', '2022-11-12')
    >>> text_date("Seite 3 von 12") is None
    True
    """
    found = _dated().search(text)
    return iso_date(found.group("date")) if found else None
