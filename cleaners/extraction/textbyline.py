"""Bylines in the page's text with no author markup around them: a label and a name on one
line ("Von Ana Ruiz", "Text: Ana Ruiz", "Blog post by Ana Ruiz") or the label alone on the
line before the name ("By" then "Ana Ruiz", as ``By <a>Ana Ruiz</a>`` reads).  The labels
are data (``metadata.toml``, per language); reader comments and hidden text do not count."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from lxml.etree import iterwalk
from lxml.html import HtmlElement

from cleaners.extraction.titles import settings

# elements whose text no reader sees
_HIDDEN = frozenset({"script", "style", "noscript", "template", "head"})
# how long a line holding a byline may be
LINE_MAX = 120
# what may follow a name on its line: a separator and whatever comes after it (a date, a
# role), or the credit of someone else ("Text von Ana Ruiz Illustration von Tom Berg")
_AFTER = r"(?:\s*(?:[,|·•–—(/]|\s-\s|$)|\s+(?=(?-i:[A-ZÄÖÜ])\w+\s+(?:von|by|par|por|di|door)\s))"


# a word that ends a sentence, not an initial ("J.R.") or a title ("Prof.")
_SENTENCE_END = re.compile(r"(?!(?:\w\.)+$)\w[\w'’-]{4,}\.")


@cache
def _labels() -> str:
    return "|".join(label for labels in settings()["text_byline"].values() for label in labels)


@cache
def _label_alone() -> re.Pattern[str]:
    return re.compile(rf"^(?:[|·•–—-]+\s*)?(?:{_labels()})\s*:?$", re.IGNORECASE)


@cache
def _label_and_name(name: str) -> re.Pattern[str]:
    return re.compile(rf"^(?:[|·•–—-]+\s*)?(?:{_labels()})\s*:?\s+{name}{_AFTER}", re.IGNORECASE)


@cache
def _comment() -> re.Pattern[str]:
    return re.compile(settings()["markup"]["comment"])


def _in_comment(element: HtmlElement) -> bool:
    marks = (" ".join((a.get("class", ""), a.get("id", ""))) for a in element.iterancestors())
    return any(_comment().search(mark) for mark in marks)


def _lines(tree: HtmlElement) -> Iterator[tuple[str, HtmlElement]]:
    """The short texts of the page's body in reading order, each with its element."""
    body = tree.find(".//body")
    hidden = 0
    for event, element in iterwalk(tree if body is None else body, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        step = 1 if event == "start" else -1
        hidden += step * (tag in _HIDDEN)
        text = (element.text if step == 1 else element.tail) or ""
        line = " ".join(text.split())
        if line and not hidden and len(line) <= LINE_MAX:
            yield line, element


def text_bylines(tree: HtmlElement, name: str) -> Iterator[str]:
    """The names of the bylines in the page's text, in reading order, outside reader
    comments; ``name`` is the expression of one or more names, with a group ``name``.

    >>> from lxml.html import document_fromstring as parse
    >>> name = "(?P<name>[A-Z][a-z]+ [A-Z][a-z]+)"
    >>> page = parse("<p>By <a href='/u'>Ana Ruiz</a></p><p>Text: Li Wei | 3</p>")
    >>> list(text_bylines(page, name))
    ['Ana Ruiz', 'Li Wei']
    """
    label_alone = False
    for line, element in _lines(tree):
        bare = line.rstrip(",:;")
        if label_alone and re.fullmatch(name, bare) and not _in_comment(element):
            yield bare
        label_alone = bool(_label_alone().match(line))
        found = None if label_alone else _label_and_name(name).match(line)
        if found and not _in_comment(element):
            yield found.group("name")


def full_name(name: str) -> bool:
    """Whether a name from a byline in the text is a person's full name: two to four words,
    the last one capitalized, no sentence ending inside (a single word is too often a
    heading, a weekday or a noun: "Von Mi", "by Newsletter").

    >>> full_name("J.R. Stone"), full_name("Newsletter"), full_name("ThemeGrill. Powered by")
    (True, False, False)
    """
    words = name.split()
    return (
        2 <= len(words) <= 4
        and words[-1][:1].isupper()
        and not any(_SENTENCE_END.fullmatch(word) for word in words[:-1])
    )
