"""The next story that an infinite-scroll page appends after the body: cut where it begins.

A page that loads the next story below the one it is about holds two stories: its first
``<h1>`` is the page's title, and a second outer ``<article>`` with its own headline, or a
second ``<h1>``, follows, with a byline or a date under it.  When the extracted text runs
on into that story (its headline, or its first paragraph when trafilatura dropped the
headline) after the body has begun, the text stops there; what is cut is listed as
``next-article``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from cleaners.cleaning.rules import MARKUP, match_rule
from cleaners.cleaning.scripttext import squeeze

RULE = "next-article"
MIN_HEADLINE_WORDS = 3
# lines of body text (of at least BODY_WORDS words) the text must have before the cut
MIN_BODY_LINES = 2
BODY_WORDS = 8
# text blocks after a headline among which its byline or date must be
BYLINE_WINDOW = 3
BYLINE_CLASSES = re.compile(
    r"(?i)(?:^|[\s_-])(?:byline|author|dateline|date|posted-on)(?:$|[\s_-])"
)
BLOCKS = ("p", "div", "span", "time", "li", "address")


def _key(text: str) -> tuple[str, ...]:
    """Lower-case words of a line, for comparing markup with a line of text.

    >>> _key("Talks resume — in Geneva!")
    ('talks', 'resume', 'in', 'geneva')
    """
    return tuple(re.findall(r"\w+", text.lower()))


def _outer_articles(tree: HtmlElement) -> list[HtmlElement]:
    return [
        a for a in tree.iter("article") if not any(p.tag == "article" for p in a.iterancestors())
    ]


def later_headlines(tree: HtmlElement) -> list[HtmlElement]:
    """Headlines of the stories after the first: the first ``h1``/``h2`` of each outer
    ``<article>`` after the first, and every ``h1`` after the first (a headline cut short
    with an ellipsis is a teaser's, not a story's)."""
    heads: list[HtmlElement] = []
    for article in _outer_articles(tree)[1:]:
        heads.extend(article.xpath("(.//h1|.//h2)[1]")[:1])
    heads.extend(list(tree.iter("h1"))[1:])
    return [
        head
        for head in dict.fromkeys(heads)
        if len(_key(head.text_content())) >= MIN_HEADLINE_WORDS
        and not head.text_content().strip().endswith(("...", "…"))
    ]


def _following_blocks(head: HtmlElement) -> Iterator[tuple[HtmlElement, str]]:
    for element in head.xpath("following::*"):
        if element.tag in BLOCKS and not element.xpath(".//p|.//div|.//li"):
            text = squeeze(element.text_content())
            if text:
                yield element, text


def story_start(head: HtmlElement) -> tuple[str, ...] | None:
    """The first paragraph of the story under ``head`` (as words), when a byline or a date
    follows the headline; else None."""
    bylined = False
    for seen, (element, text) in enumerate(_following_blocks(head)):
        if seen < BYLINE_WINDOW and not bylined:
            found = match_rule(text)
            names = f"{element.get('class', '')} {element.get('id', '')}"
            bylined = (
                element.tag == "time"
                or bool(BYLINE_CLASSES.search(names))
                or bool(found and (found[0].kind == "byline" or found[0].name == "dateline"))
            )
        elif len(text.split()) >= BODY_WORDS:
            return _key(text) if bylined else None
        if seen >= BYLINE_WINDOW and not bylined:
            return None
    return None


def _about_first_story(tree: HtmlElement, title: str | None) -> bool:
    """The page is about its first story: its first ``h1`` is (part of) the page's title."""
    first = next(tree.iter("h1"), None)
    if first is None or not title:
        return False
    words = " ".join(_key(first.text_content()))
    return bool(words) and f" {words} " in f" {' '.join(_key(title))} "


def _starts(tree: HtmlElement, title: str | None) -> set[tuple[str, ...]]:
    """The lines (as words) where a later story begins: its headline, its first paragraph."""
    found: set[tuple[str, ...]] = set()
    if not _about_first_story(tree, title):
        return found
    for head in later_headlines(tree):
        if MARKUP["comment_blocks"].search(f"{head.get('class', '')} {head.get('id', '')}"):
            continue
        first = story_start(head)
        if first is not None:
            found |= {_key(head.text_content()), first}
    return found


def cut_next_article(tree: HtmlElement, text: str, title: str | None) -> tuple[str, list[str]]:
    """``text`` up to where a following story begins, and the lines cut (only on a page
    whose title is its first story's headline)."""
    starts = _starts(tree, title)
    if not starts:
        return text, []
    lines = text.split("\n")
    body = 0
    for index, line in enumerate(lines):
        if body >= MIN_BODY_LINES and _key(line) in starts:
            return "\n".join(lines[:index]), [
                squeeze(rest) for rest in lines[index:] if rest.strip()
            ]
        body += len(line.split()) >= BODY_WORDS
    return text, []
