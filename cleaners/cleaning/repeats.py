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


def drop_repeats(
    kept: list[tuple[int, str]], links: frozenset[tuple[str, ...]] = frozenset()
) -> tuple[list[tuple[int, str]], list[tuple[int, Removal]]]:
    """Drop paragraphs that repeat an earlier one word for word, and pull quotes.

    A copy is a paragraph of prose (twelve words or more, ending as a sentence, no list
    item or table row) said again, or a line said again that is the whole text of a link to
    another page (``links``, as words: a menu or a widget label repeated).  A pull quote is
    one sentence of at least ten words, no list item, found verbatim inside another, longer
    paragraph of the same text (before or after it); a teaser of several sentences or a
    heading quoting the text stays.

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
    words = [words_of(text) for _, text in kept]
    # every run of PULL_QUOTE_MIN_WORDS words, and the paragraphs it occurs in
    runs: dict[tuple[str, ...], set[int]] = {}
    for position, mine in enumerate(words):
        for start in range(len(mine) - PULL_QUOTE_MIN_WORDS + 1):
            runs.setdefault(mine[start : start + PULL_QUOTE_MIN_WORDS], set()).add(position)
    seen: set[tuple[str, ...]] = set()
    quoted: dict[tuple[str, ...], bool] = {}
    out: list[tuple[int, str]] = []
    removed: list[tuple[int, Removal]] = []
    for position, (index, text) in enumerate(kept):
        mine = words[position]
        label = mine in links and not is_structural(text)
        if mine in seen and (label or _copyable(text, len(mine))):
            removed.append((index, Removal("duplicate-paragraph", text)))
            continue
        seen.add(mine)
        quote = len(mine) >= PULL_QUOTE_MIN_WORDS and _one_sentence(text)
        if quote and not is_structural(text):
            if mine not in quoted:
                quoted[mine] = _inside_longer(mine, words, runs)
            if quoted[mine]:
                removed.append((index, Removal("pull-quote", text)))
                continue
        out.append((index, text))
    return out, removed


def _inside_longer(
    mine: tuple[str, ...], words: list[tuple[str, ...]], runs: dict[tuple[str, ...], set[int]]
) -> bool:
    """Whether the words ``mine`` occur inside a longer paragraph of ``words``.

    A paragraph that holds ``mine`` holds each of its runs of PULL_QUOTE_MIN_WORDS words,
    so only the paragraphs of its rarest run are compared: paragraphs that all open with
    the same ten words are then not each compared with every other (quadratic).
    """
    starts = range(len(mine) - PULL_QUOTE_MIN_WORDS + 1)
    rarest = min((runs[mine[start : start + PULL_QUOTE_MIN_WORDS]] for start in starts), key=len)
    return any(len(words[other]) > len(mine) and _contains(words[other], mine) for other in rarest)


def same_words(first: str, second: str) -> bool:
    """Whether two lines say the same words, ignoring case and punctuation.

    >>> same_words("Talks resume — in Geneva", "talks resume in Geneva.")
    True
    """
    return words_of(first) == words_of(second)
