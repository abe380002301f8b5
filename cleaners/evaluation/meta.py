"""Metadata against annotations: how often the title, author and date are exactly right.

An annotation that is an empty string means the page names none, and only no value is
right.  Values are compared as the annotators meant them, not as they were typed: case
folded, Unicode NFKC, typographic quotes and dashes folded to ASCII, soft hyphens and
zero-width characters dropped, white space collapsed; dates as the day they name, whatever
the typing ("2022-11-1", "2022-25-10" for 2022-10-25).  Authors are compared as sets of
names, whatever separates them (``;``, ``,``, ``&``, ``/``, `` and ``, `` und ``), so that
neither the order of names nor the way a page lists them counts, and the periods of
initials and underscores of user names do not count either.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cleaners.evaluation.datasets import META_FIELDS, Case
from cleaners.evaluation.scoring import normalize_space

# typographic characters a page or an annotator may type either way, and their ASCII form
_FOLD = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
        **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"),
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
    }
)
# what lists several authors: the separators annotators and pages use ("det/dpa" too)
_NAME_SEPARATOR = re.compile(r"\s*[;,&/]\s*|\s+(?:and|und)\s+")
# what a name is written with either way: "Leah C. Stokes" / "Leah C Stokes", "Herr_Rein"
_NAME_PUNCTUATION = re.compile(r"[._]")


def fold(value: str) -> str:
    """A value as compared: NFKC, case folded, quotes and dashes in ASCII, spaces collapsed.

    >>> fold("„Kleiner“ Vorverkauf –\\u00a0Deutsch\\u00adland")
    '"kleiner" vorverkauf - deutschland'
    """
    value = unicodedata.normalize("NFKC", value).translate(_FOLD)
    return normalize_space(value.casefold())


def _names(value: str) -> frozenset[str]:
    """The names of an author field, as compared.

    >>> sorted(_names("Leah C. Stokes/dpa")) == sorted(_names("dpa; Leah C Stokes"))
    True
    """
    names = _NAME_SEPARATOR.split(fold(value))
    return frozenset(" ".join(_NAME_PUNCTUATION.sub(" ", name).split()) for name in names if name)


def meta_matches(field: str, found: str | None, expected: str) -> bool:
    """Whether a found value is the annotated one.

    >>> meta_matches("author", "Ana Ruiz; tom berg", "Tom Berg; Ana Ruiz")
    True
    >>> meta_matches("author", "Ana Ruiz, Tom Berg & Li Wei", "Li Wei und Tom Berg; Ana Ruiz")
    True
    >>> meta_matches("title", "L’été – enfin", "L'été - Enfin")
    True
    >>> meta_matches("title", None, ""), meta_matches("date", "2023-03-02", "")
    (True, False)
    """
    if field == "author":
        return _names(found or "") == _names(expected)
    if field == "date":
        return _date(found or "") == _date(expected)
    return fold(found or "") == fold(expected)


# a date as typed: year, then month and day (or day and month), any separators
_TYPED_DATE = re.compile(r"\s*(\d{4})\D(\d{1,2})\D(\d{1,2})\s*")


def _date(value: str) -> str:
    """A date as the annotator meant it: YYYY-MM-DD zero-padded, day and month put back in
    their place where the month typed cannot be one.

    >>> _date("2022-25-10"), _date("2022-11-1"), _date("2022-01.26"), _date("")
    ('2022-10-25', '2022-11-01', '2022-01-26', '')
    """
    typed = _TYPED_DATE.fullmatch(value)
    if typed is None:
        return fold(value)
    year, month, day = (int(part) for part in typed.groups())
    if month > 12 >= day:
        month, day = day, month
    return f"{year:04d}-{month:02d}-{day:02d}"


@dataclass(frozen=True)
class MetaTotals:
    """Share of annotated pages whose field is exactly right, per field."""

    pages: dict[str, int]
    right: dict[str, int]

    def share(self, field: str) -> float | None:
        pages = self.pages.get(field, 0)
        return self.right.get(field, 0) / pages if pages else None


def meta_totals(cases: Sequence[Case], found: Sequence[Mapping[str, str | None]]) -> MetaTotals:
    """Score every annotated field of every case against what a system found."""
    pages = dict.fromkeys(META_FIELDS, 0)
    right = dict.fromkeys(META_FIELDS, 0)
    for case, values in zip(cases, found, strict=True):
        for field, expected in case.meta.items():
            pages[field] += 1
            right[field] += meta_matches(field, values.get(field), expected)
    return MetaTotals(pages, right)


def meta_misses(case: Case, values: Mapping[str, str | None], limit: int = 3) -> list[str]:
    """The fields a page gets wrong, as ``field: found != expected`` lines."""
    return [
        f"{field}: {values.get(field)!r} != {expected!r}"
        for field, expected in case.meta.items()
        if not meta_matches(field, values.get(field), expected)
    ][:limit]
