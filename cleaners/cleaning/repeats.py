"""Repeated text inside one article: paragraphs said twice, pull quotes, a repeated title.

Only words are compared (case folded, punctuation ignored), so a pull quote set in quote
marks, or a title without its final period, still counts as the same text.
"""

from __future__ import annotations

import re

from cleaners.cleaning.shapes import is_structural
from cleaners.record import Removal

_WORD = re.compile(r"\w+")
# A shorter paragraph found inside a longer one is a pull quote only from this length on.
PULL_QUOTE_MIN_WORDS = 10
# A paragraph said again is a copy only from this length on: shorter repeats are structure
# (headings of recipe sections, table headers, answers of an interview, refrains).
COPY_MIN_WORDS = 12
# A copy or a pull quote sits this close to the paragraph it repeats (in paragraphs); a
# sentence said again further away is a summary or a recap of the text, not a copy
REPEAT_NEAR = 8
# a copy ends as a sentence does (not as a question: interview questions come back)
_INNER_END = re.compile(r"[.!?…。！？][”’\"'»)\]]*\s+\S")
_SENTENCE_END = re.compile(r"[.!…。！][\s”’\"'»)\]]*$")


def words_of(text: str) -> tuple[str, ...]:
    """The words of a text, case folded: what 'the same text' compares."""
    return tuple(word.casefold() for word in _WORD.findall(text))


def _contains(long: tuple[str, ...], short: tuple[str, ...]) -> bool:
    size = len(short)
    return any(long[start : start + size] == short for start in range(len(long) - size + 1))


def _copyable(text: str, size: int) -> bool:
    """Whether a paragraph is prose that a copy or a pull quote may repeat: long enough, and
    no list item, table row, heading or question.

    >>> _copyable("- Stir the sauce for ten minutes on a low heat until it is thick.", 14)
    False
    """
    return size >= COPY_MIN_WORDS and not is_structural(text) and bool(_SENTENCE_END.search(text))


def _one_sentence(text: str) -> bool:
    """A pull quote is one sentence: no sentence end inside it.

    >>> _one_sentence("“We will meet again,” he said."), _one_sentence("Talks end. A deal is near.")
    (True, False)
    """
    return not _INNER_END.search(text)


def _copies(
    words: list[tuple[str, ...]], texts: list[str], links: frozenset[tuple[str, ...]]
) -> set[int]:
    """The positions of the paragraphs that repeat an earlier one and go: a link label or
    prose said again close to where it was first said, or as part of a block of paragraphs
    said again (a paragraph repeated alone far away is a refrain, a recap, a heading)."""
    first: dict[tuple[str, ...], int] = {}
    repeats: dict[int, int] = {}  # position of a repeat -> its distance from the first
    for position, (mine, text) in enumerate(zip(words, texts, strict=True)):
        if mine not in first:
            first[mine] = position
        elif (mine in links and not is_structural(text)) or _copyable(text, len(mine)):
            repeats[position] = position - first[mine]
    return {
        position
        for position, distance in repeats.items()
        if distance <= REPEAT_NEAR or position - 1 in repeats or position + 1 in repeats
    }


def _pull_quote(words: list[tuple[str, ...]], text: str, position: int) -> bool:
    """One sentence of prose found verbatim inside a longer paragraph close to it (only
    the paragraphs within ``REPEAT_NEAR`` are compared: linear in the page's length)."""
    mine = words[position]
    if len(mine) < PULL_QUOTE_MIN_WORDS or not _one_sentence(text) or is_structural(text):
        return False
    near = range(max(0, position - REPEAT_NEAR), min(len(words), position + REPEAT_NEAR + 1))
    return any(
        other != position and len(words[other]) > len(mine) and _contains(words[other], mine)
        for other in near
    )


def drop_repeats(
    kept: list[tuple[int, str]], links: frozenset[tuple[str, ...]] = frozenset()
) -> tuple[list[tuple[int, str]], list[tuple[int, Removal]]]:
    """Drop paragraphs that repeat an earlier one word for word, and pull quotes.

    A copy is a line that is the whole text of a link to another page (``links``, as words:
    a menu or a widget label), or a paragraph of prose (twelve words or more, ending as a
    sentence, no list item or table row), said again within ``REPEAT_NEAR`` paragraphs of
    where it was first said, or next to another copy (a block said twice).  A pull quote
    is one sentence of at least ten words, no list item, found verbatim inside another,
    longer paragraph within ``REPEAT_NEAR`` paragraphs of it (before or after); a teaser of
    several sentences, a heading quoting the text or a summary far from its story stays.

    >>> body = "Both sides agreed to meet again in Geneva before the end of the month."
    >>> kept, removed = drop_repeats([(0, body), (1, "Talks go on."), (2, body.upper()),
    ...     (3, "Ingredients"), (4, "“sides agreed to meet again in Geneva before the end”"),
    ...     (5, "Ingredients")])
    >>> [text for _, text in kept]
    ['Both sides agreed to meet again in Geneva before the end of the month.', 'Talks go on.', \
'Ingredients', 'Ingredients']
    >>> [(index, removal.rule) for index, removal in removed]
    [(2, 'duplicate-paragraph'), (4, 'pull-quote')]
    """
    texts = [text for _, text in kept]
    words = [words_of(text) for text in texts]
    copies = _copies(words, texts, links)
    out: list[tuple[int, str]] = []
    removed: list[tuple[int, Removal]] = []
    for position, (index, text) in enumerate(kept):
        if position in copies:
            removed.append((index, Removal("duplicate-paragraph", text)))
        elif _pull_quote(words, text, position):
            removed.append((index, Removal("pull-quote", text)))
        else:
            out.append((index, text))
    return out, removed


def same_words(first: str, second: str) -> bool:
    """Whether two lines say the same words, ignoring case and punctuation.

    >>> same_words("Talks resume — in Geneva", "talks resume in Geneva.")
    True
    """
    return words_of(first) == words_of(second)
