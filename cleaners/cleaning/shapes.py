"""The shape of a line: does it look like a headline rather than a sentence of the body?"""

from __future__ import annotations

import re

_TERMINAL = ".!?…:;。！？"
_CLOSERS = "”’\"'»)]›"
# list items and table rows as trafilatura writes them: never a stray headline
_LIST_ITEM = re.compile(r"^(?:[-*•–|]\s|\d+[.)]\s)|\|\s*$")
_MARKER = re.compile(r"^(?:[-*•–]\s+|\d+[.)]\s+)")
_WORD = re.compile(r"\w+")
# a link title of more words is a sentence that happens to be linked
MAX_LINK_TITLE_WORDS = 25
# this many link titles in a row are a list of other pages, not a list of the text
MIN_LINK_RUN = 3


def looks_like_headline(line: str) -> bool:
    """A short line of a few words with no sentence-final punctuation.

    >>> looks_like_headline("President Zuma’s Son Charged With Homicide")
    True
    >>> looks_like_headline("The next round is due in May.")
    False
    """
    words = line.split()
    if not 2 <= len(words) <= 25 or len(line) > 200 or _LIST_ITEM.search(line):
        return False
    return line.rstrip(_CLOSERS)[-1:] not in _TERMINAL


def looks_like_title(line: str) -> bool:
    """A headline in title case: most of its longer words capitalized, four words or more.

    >>> looks_like_title("President Zuma’s Son Charged With Homicide")
    True
    >>> looks_like_title("Talks resume after a long pause in Geneva")
    False
    """
    words: list[str] = [w for w in re.findall(r"[^\W\d_][\w’'-]*", line) if len(w) >= 4]
    if len(line.split()) < 4 or not words:
        return False
    return sum(word[0].isupper() for word in words) / len(words) >= 0.7


def looks_like_teaser(line: str) -> bool:
    """A headline in sentence case: five to twenty words, no digits, colon or list marker.

    >>> looks_like_teaser("Rovers sign teenage striker in record-breaking deal")
    True
    >>> looks_like_teaser("Base Flying"), looks_like_teaser("Pressemitteilung Nr. 48/22 des BAG")
    (False, False)
    """
    words = line.split()
    return 5 <= len(words) <= 20 and not re.search(r"[\d:;|]", line) and looks_like_headline(line)


def unmarked(line: str) -> str:
    """A line without its list marker or table bars: the text a link or a copy would have.

    >>> unmarked("- Talks resume in Geneva"), unmarked("| Day | Place |"), unmarked("2. Stir")
    ('Talks resume in Geneva', 'Day | Place', 'Stir')
    """
    line = line.strip()
    if line.startswith("|") and line.endswith("|"):
        return line.strip("|").strip()
    return _MARKER.sub("", line)


def is_structural(line: str) -> bool:
    """A list item or a table row, as trafilatura writes them: part of the text's structure.

    >>> is_structural("- Preheat the oven"), is_structural("| Mon | Rome |"), is_structural("Go.")
    (True, True, False)
    """
    return bool(_LIST_ITEM.search(line.strip()))


def looks_like_link_title(line: str, links: frozenset[tuple[str, ...]]) -> bool:
    """A short line (list marker aside) that is the whole text of a link to another page.

    ``links`` holds the words of the page's link texts (see ``repeats.words_of``).

    >>> looks_like_link_title("- Talks resume in Geneva", frozenset({("talks", "resume", "in",
    ...     "geneva")}))
    True
    """
    text = unmarked(line)
    words = tuple(word.casefold() for word in _WORD.findall(text))
    return 2 <= len(words) <= MAX_LINK_TITLE_WORDS and len(text) <= 200 and words in links


def link_runs(lines: list[str], links: frozenset[tuple[str, ...]]) -> list[range]:
    """The runs of at least ``MIN_LINK_RUN`` consecutive lines that are all link titles.

    >>> links = frozenset({("a", "one"), ("b", "two"), ("c", "three")})
    >>> link_runs(["Body.", "A one", "B two", "C three", "Body."], links)
    [range(1, 4)]
    """
    runs: list[range] = []
    start = 0
    for position in range(len(lines) + 1):
        if position < len(lines) and looks_like_link_title(lines[position], links):
            continue
        if position - start >= MIN_LINK_RUN:
            runs.append(range(start, position))
        start = position + 1
    return runs
