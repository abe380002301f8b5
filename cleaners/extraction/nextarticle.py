"""The next story that an infinite-scroll page appends after the body: cut at its headline.

A page that loads the next story below the one it is about holds two articles: a second
``<article>`` element with its own headline, or a second ``<h1>``.  When the extracted text
reaches that headline after the body has begun, the text stops there; what is cut is
listed as ``next-article``.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from cleaners.cleaning.boilerplate import match_rule
from cleaners.cleaning.scripttext import squeeze

RULE = "next-article"
# words of a headline, and lines of body text before the cut
MIN_HEADLINE_WORDS = 3
MIN_BODY_LINES = 2
BODY_WORDS = 8
BYLINE_WINDOW = 2


def _key(text: str) -> tuple[str, ...]:
    """Lower-case words of a line, for comparing a headline with a line of text.

    >>> _key("Talks resume — in Geneva!")
    ('talks', 'resume', 'in', 'geneva')
    """
    return tuple(re.findall(r"\w+", text.lower()))


def _outer_articles(tree: HtmlElement) -> list[HtmlElement]:
    return [
        a for a in tree.iter("article") if not any(p.tag == "article" for p in a.iterancestors())
    ]


def _keys(heads: list[HtmlElement]) -> set[tuple[str, ...]]:
    # a headline cut short ("…") is a teaser's, not a story's
    texts = (head.text_content().strip() for head in heads)
    keys = {_key(text) for text in texts if not text.endswith(("...", "…"))}
    return {key for key in keys if len(key) >= MIN_HEADLINE_WORDS}


def later_headlines(tree: HtmlElement) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """Headlines of the articles after the first: the first ``h1``/``h2`` of each outer
    ``<article>`` after the first, and every ``h1`` after the first."""
    heads: list[HtmlElement] = []
    for article in _outer_articles(tree)[1:]:
        heads.extend(article.xpath("(.//h1|.//h2)[1]")[:1])
    return _keys(heads), _keys(list(tree.iter("h1"))[1:])


def _byline_follows(lines: list[str], index: int) -> bool:
    """A byline or a date among the few lines after ``index``."""
    for line in lines[index + 1 : index + 1 + BYLINE_WINDOW]:
        found = match_rule(squeeze(line))
        if found and (found[0].kind == "byline" or found[0].name == "dateline"):
            return True
    return False


def cut_next_article(tree: HtmlElement, text: str) -> tuple[str, list[str]]:
    """``text`` up to the headline of a following article, and the lines cut.

    The cut needs body before it (two lines of at least eight words), and a byline or a
    date right after the headline: a story's opening, not a teaser or a section heading.
    """
    articles, h1s = later_headlines(tree)
    if not articles and not h1s:
        return text, []
    lines = text.split("\n")
    body = 0
    for index, line in enumerate(lines):
        key = _key(line)
        headline = key in articles | h1s and _byline_follows(lines, index)
        if body >= MIN_BODY_LINES and headline and index + 1 < len(lines):
            return "\n".join(lines[:index]), [
                squeeze(rest) for rest in lines[index:] if rest.strip()
            ]
        body += len(line.split()) >= BODY_WORDS
    return text, []
