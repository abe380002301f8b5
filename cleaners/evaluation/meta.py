"""Metadata against annotations: how often the title, author and date are exactly right.

An annotation that is an empty string means the page names none, and only no value is
right.  Titles and dates are compared after white space is normalised; authors as sets of
names (``"A; B"``), case folded, so that the order of names does not count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cleaners.evaluation.datasets import META_FIELDS, Case
from cleaners.evaluation.scoring import normalize_space


def _names(value: str) -> frozenset[str]:
    return frozenset(normalize_space(name).casefold() for name in value.split(";") if name.strip())


def meta_matches(field: str, found: str | None, expected: str) -> bool:
    """Whether a found value is the annotated one.

    >>> meta_matches("author", "Ana Ruiz; tom berg", "Tom Berg; Ana Ruiz")
    True
    >>> meta_matches("title", None, ""), meta_matches("date", "2023-03-02", "")
    (True, False)
    """
    if field == "author":
        return _names(found or "") == _names(expected)
    return normalize_space(found or "") == normalize_space(expected)


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
