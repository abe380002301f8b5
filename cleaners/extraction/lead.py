"""The lead (standfirst) that trafilatura misses: the visible summary paragraph right
before the body, put back at the top of the text (a repair: nothing is listed as removed).

A paragraph is taken as the lead only when the page shows it just before the first body
paragraph (in the markup; between the headline and the body), outside page chrome (nav,
footer, aside, a page header) and not hidden, and when something confirms it: its text is
the page's description (``og:description`` or ``description``), or its class or id names a
lead (the ``[lead]`` table of ``rules.toml``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from cleaners.cleaning.rules import match_rule, rules_data
from cleaners.cleaning.scripttext import code_rule_for, squeeze

_LEAD = rules_data()["lead"]
LEAD_CLASSES = re.compile(_LEAD["blocks"])
NOT_LEAD_CLASSES = re.compile(_LEAD["not_blocks"])
# a lead is text, not a row of links
MAX_LINK_SHARE = 0.5
# a body paragraph, and a lead: at least this many words
MIN_WORDS = 8
MAX_LEAD_WORDS = 120
# how many text blocks before the first body paragraph are looked at (short ones and
# those that are no lead included)
WINDOW = 20
# how many of the text's first long lines may be taken for its first body paragraph
FIRST_LINES = 3
BLOCKS = frozenset({"p", "div", "span", "h2", "h3", "h4", "li", "section", "summary", "header"})
INNER_BLOCKS = ".//p|.//div|.//h1|.//h2|.//h3|.//li|.//ul|.//section|.//article|.//table"
CHROME = ("nav", "footer", "aside", "form", "figure", "figcaption", "script", "style", "noscript")
HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


def _words(text: str) -> list[str]:
    """Lower-case words, punctuation stripped.

    >>> _words("The talks, in Geneva…")
    ['the', 'talks', 'in', 'geneva']
    """
    return re.findall(r"\w+", text.lower())


def _names(element: HtmlElement) -> str:
    return f"{element.get('class', '')} {element.get('id', '')}"


def _in_chrome(element: HtmlElement) -> bool:
    """Inside navigation, a footer, an aside, a form or a figure, hidden, or inside a page
    header (a ``<header>`` outside the article or main part)."""
    for node in (element, *element.iterancestors()):
        tag = node.tag if isinstance(node.tag, str) else ""
        hidden = node.get("hidden") is not None or node.get("aria-hidden") == "true"
        if tag in CHROME or hidden or HIDDEN.search(node.get("style", "")):
            return True
        if tag == "header" and not any(a.tag in ("article", "main") for a in node.iterancestors()):
            return True
    return False


def _refused(element: HtmlElement, text: str, title: str | None) -> bool:
    """A block that is no lead: a caption, a share bar, mostly links, boilerplate, the title."""
    nodes = [element, *list(element.iterancestors())[:2]]
    if any(NOT_LEAD_CLASSES.search(_names(node)) for node in nodes):
        return True
    linked = sum(len(squeeze(link.text_content())) for link in element.iter("a"))
    if linked > MAX_LINK_SHARE * len(text) or match_rule(text) or code_rule_for(text):
        return True
    return title is not None and _words(title) == _words(text)


def _confirmed(element: HtmlElement, text: str, description: str | None) -> bool:
    """The block's text is the page's description, or its markup names a lead."""
    if description:
        mine, theirs = _words(text), _words(description.rstrip(".… "))
        if theirs and (
            mine == theirs or (len(theirs) >= MIN_WORDS and mine[: len(theirs)] == theirs)
        ):
            return True
    nodes = [element, *list(element.iterancestors())[:2]]
    return any(LEAD_CLASSES.search(_names(node)) for node in nodes)


def _anchor(tree: HtmlElement, first: str) -> HtmlElement | None:
    """The element of the first body paragraph."""
    start = squeeze(first)[:80]
    for element in tree.iter("p", "div", "td", "li", "span", "blockquote"):
        own = squeeze(element.text or "")
        if own and start.startswith(own[:40]) and start in squeeze(element.text_content()):
            return element
    return None


def _first_body(
    tree: HtmlElement, text: str, title: str | None
) -> tuple[str, HtmlElement] | tuple[None, None]:
    """The first line of ``text`` that is a body paragraph (among its first long lines, not
    the title, and found in the markup as a paragraph), with its element."""
    lines = [line for line in text.split("\n") if len(line.split()) >= MIN_WORDS]
    for line in lines[:FIRST_LINES]:
        if title and _words(line) == _words(title):
            continue
        anchor = _anchor(tree, line)
        if anchor is not None:
            return line, anchor
    return None, None


def _blocks_before(anchor: HtmlElement) -> Iterator[tuple[HtmlElement, str]]:
    """The text blocks before ``anchor``, nearest first, outside chrome, up to the headline
    (an ``h1``) and at most :data:`WINDOW` of them."""
    seen = 0
    for element in reversed(anchor.xpath("preceding::*")):
        if not isinstance(element.tag, str):
            continue
        if element.tag == "h1" or seen >= WINDOW:
            return
        if element.tag not in BLOCKS or element.xpath(INNER_BLOCKS) or _in_chrome(element):
            continue
        block = squeeze(element.text_content())
        if block:
            seen += 1
            yield element, block


def find_lead(
    tree: HtmlElement, text: str, description: str | None, title: str | None = None
) -> str | None:
    """The lead the page shows right before the body of ``text`` and ``text`` lacks, or None.

    Short blocks (a byline, a date, a label) and blocks that are no lead (a caption, an
    advertisement, a share bar) are passed over; the first other block decides.
    """
    first, anchor = _first_body(tree, text, title)
    if first is None or anchor is None:
        return None
    for element, block in _blocks_before(anchor):
        if len(block.split()) < MIN_WORDS or _refused(element, block, title):
            continue
        if len(block.split()) > MAX_LEAD_WORDS or not _confirmed(element, block, description):
            return None
        same_start = _words(block)[:MIN_WORDS] == _words(first)[:MIN_WORDS]
        return None if same_start or block[:60] in squeeze(text) else block
    return None


def with_lead(text: str, lead: str, title: str | None) -> str:
    """``text`` with ``lead`` at its top (after an opening line that is the title).

    >>> with_lead("Talks\\nThe envoys met.", "A summary.", "Talks")
    'Talks\\nA summary.\\nThe envoys met.'
    """
    lines = text.split("\n")
    at = 1 if title and lines and _words(lines[0]) == _words(title) else 0
    return "\n".join([*lines[:at], lead, *lines[at:]])
