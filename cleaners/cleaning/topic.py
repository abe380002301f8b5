"""Whether an article is about diplomacy: a score from 0 to 1, and the terms that made it.

What counts is data in ``topics.toml``: per language, weighted terms and phrases (a
positive weight for the matter of diplomacy, its acts and its actors; a negative one for
what marks another beat: sport, weather, markets).  This module only counts them: the
title and the cleaned text are searched with one compiled alternation per language, each
term's count is saturated (``1 + ln(count)``, a term said ten times is not ten times the
evidence), a term in the title counts once more, and the sum is squashed to
``1 - exp(-sum / scale)``.  Pure and deterministic: the same text gives the same score.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import NamedTuple

TOPICS_FILE = "topics.toml"
FALLBACK = "en"  # the terms for a language the file does not list (or none detected)
# the crawl's default for DIPLOMACY_MIN_TOPIC_SCORE, from `python -m cleaners
# evaluate-topic` on the labeled set (README, "On topic")
MIN_TOPIC_SCORE = 0.6


OFF_TOPIC = "off topic"  # the skip reason of a record under the minimum score


def off_topic(score: float, minimum: float) -> str | None:
    """Why a record of topic score ``score`` is not kept at ``minimum``, if it is not.

    >>> off_topic(0.2, 0.5), off_topic(0.5, 0.5)
    ('off topic: topic score 0.2 < 0.5', None)
    """
    return f"{OFF_TOPIC}: topic score {score} < {minimum}" if score < minimum else None


class Topic(NamedTuple):
    """A record's topic score (0 to 1, three decimals) and the terms that counted."""

    score: float
    terms: list[str]


# only the start of a long text is read: an article says what it is about early on, and a
# page of 20,000 words would cost twenty times a news story's
SCAN_CHARACTERS = 9_000
KEY = 3  # a word can start a term only if its first characters start one (a set lookup)
WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Lexicon:
    """One language's terms, compiled: for the first characters of each term's first
    word, an alternation of the terms that start so, with the term of each group;
    ``clitics``: how many characters may come before a term in a word."""

    starts: dict[str, tuple[re.Pattern[str], tuple[int, ...]]]
    terms: tuple[str, ...]
    weights: tuple[float, ...]
    clitics: int


def _pattern(term: str) -> str:
    r"""A term of the file as a regular expression: words in order, any space or hyphen
    between them, and a final ``*`` for any ending.

    >>> _pattern("foreign minist*")
    'foreign[\\s\\-]+minist\\w*'
    """
    stem, open_end = (term[:-1], True) if term.endswith("*") else (term, False)
    words = [re.escape(word) for word in stem.split()]
    return r"[\s\-]+".join(words) + (r"\w*" if open_end else "")


def _key(term: str) -> str:
    first = WORD.match(term)
    return (first.group() if first else term)[:KEY]


def _compile(entries: dict[str, float], clitics: str) -> Lexicon:
    # longest first: a phrase wins over the word it starts with
    terms = tuple(sorted(entries, key=lambda term: (-len(term), term)))
    starts = {}
    for key in sorted({_key(term) for term in terms}):
        chosen = tuple(i for i, term in enumerate(terms) if _key(term) == key)
        groups = "|".join(f"({_pattern(terms[i])})" for i in chosen)
        starts[key] = (re.compile(rf"(?<!\w){clitics}(?:{groups})(?!\w)"), chosen)
    weights = tuple(float(entries[term]) for term in terms)
    return Lexicon(starts, terms, weights, KEY if clitics else 0)


@cache
def _settings() -> tuple[dict[str, Lexicon], tuple[float, float, float]]:
    """The lexicons by language; the scale, the title's extra weight and the length over
    which a text's sum is scaled down."""
    data = tomllib.loads(resources.files(__package__).joinpath(TOPICS_FILE).read_text("utf-8"))
    scoring = data.pop("scoring")
    lexicons = {
        language: _compile(entry["terms"], entry.get("clitics", ""))
        for language, entry in data.items()
    }
    return lexicons, (float(scoring["scale"]), float(scoring["title"]), float(scoring["length"]))


# quotation marks around a term make it a figure of speech ("dressing-room 'diplomacy'"):
# it does not count
OPENING = frozenset("\"'“‘„«‹‚「")
CLOSING = frozenset("\"'”’“»›‘」")


def _quoted(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` stands between quotation marks.

    >>> _quoted('a "diplomacy" game', 3, 12), _quoted("a diplomacy game", 2, 11)
    (True, False)
    """
    return start > 0 and end < len(text) and text[start - 1] in OPENING and text[end] in CLOSING


def _counts(lexicon: Lexicon, text: str) -> tuple[Counter[int], int]:
    """How often each term (by its index) is in the text, and how many words it has: only
    the terms that start as a word does are tried, where it starts."""
    folded, counts, end, words = text.casefold(), Counter[int](), 0, 0
    starts, reach = lexicon.starts, lexicon.clitics + 1
    for word in WORD.finditer(folded):
        words += 1
        start = word.start()
        if start < end:
            continue  # within a phrase already counted
        found = word.group()
        for skip in range(reach):
            entry = starts.get(found[skip : skip + KEY])
            if entry is not None and (match := entry[0].match(folded, start)):
                end = match.end()
                if not _quoted(folded, start, end):
                    counts[entry[1][(match.lastindex or 1) - 1]] += 1
                break
    return counts, words


def score_topic(title: str, text: str, language: str | None) -> Topic:
    """How much an article (its title and cleaned text, in ``language``) is about
    diplomacy, with the terms that counted (sorted).

    >>> score_topic("Envoys resume talks", "The foreign ministers met in Geneva.", "en").score
    0.608
    >>> score_topic("Cup final", "The striker scored twice in the league match.", "en")
    Topic(score=0.0, terms=['league', 'match', 'scored', 'striker*'])
    """
    lexicons, (scale, title_weight, length) = _settings()
    lexicon = lexicons.get(language or FALLBACK) or lexicons[FALLBACK]
    (body, words), (head, _) = _counts(lexicon, text[:SCAN_CHARACTERS]), _counts(lexicon, title)
    total = 0.0
    for index in body.keys() | head.keys():
        saturated = 1 + math.log(body[index]) if body[index] else 0.0
        total += lexicon.weights[index] * (saturated + (title_weight if head[index] else 0.0))
    # a long text says more words of every kind: its sum counts for less
    total *= min(1.0, math.sqrt(length / max(words, 1)))
    score = 1 - math.exp(-total / scale) if total > 0 else 0.0
    terms = sorted(lexicon.terms[index] for index in body.keys() | head.keys())
    return Topic(round(score, 3), terms)
