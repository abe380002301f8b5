"""The shape of a line: does it look like a headline rather than a sentence of the body?"""

from __future__ import annotations

import re

_TERMINAL = ".!?…:;。！？"
_CLOSERS = "”’\"'»)]›"
# list items and table rows as trafilatura writes them: never a stray headline
_LIST_ITEM = re.compile(r"^(?:[-*•–|]\s|\d+[.)]\s)|\|\s*$")


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
