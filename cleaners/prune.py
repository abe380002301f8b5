"""Boilerplate removal in the HTML tree, before extraction: comment threads and author bios
that sit in plain ``<div>`` soup, where trafilatura cannot tell them from the article.

A thread is found by the same named rules as in text (``section`` and ``marker`` kinds of
``rules.toml``): a heading such as "3 Comments", or "Marta says:" followed by a comment
timestamp or a Reply link.  It is cut from the article container to the container's end,
and the text it held is returned so that the record can list it in ``removed``.
"""

from __future__ import annotations

from lxml.html import HtmlElement

from cleaners.boilerplate import RULES, match_rule, rule_for
from cleaners.record import Removal

CUT_KINDS = ("section", "marker")
MAX_MARKER_CHARS = 200
MAX_MARKER_CHILDREN = 5
BODY_WORDS = 10
MIN_BODY_BEFORE = 2
CONFIRM_WINDOW = 3
BLOCKS = frozenset(
    [
        "p",
        "div",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "section",
        "article",
        "aside",
        "header",
        "footer",
        "form",
        "label",
        "button",
        "textarea",
        "table",
        "tr",
        "td",
        "th",
        "dl",
        "dt",
        "dd",
        "time",
    ]
)

_CUT_RULES = tuple(rule for rule in RULES if rule.kind in CUT_KINDS)


def _short_text(element: HtmlElement) -> str | None:
    if len(element) > MAX_MARKER_CHILDREN:
        return None
    text = " ".join(element.text_content().split())
    return text if 0 < len(text) <= MAX_MARKER_CHARS else None


def _confirmed(elements: list[HtmlElement], index: int, rule_name: str) -> bool:
    """Whether one of the next few text blocks after ``elements[index]`` matches the rule."""
    confirm = [rule for rule in RULES if rule.name == rule_name]
    inside = set(elements[index].iter())
    seen = 0
    for element in elements[index + 1 :]:
        if element in inside or not (element.text or "").strip():
            continue
        text = _short_text(element)
        if text is not None and match_rule(text, confirm):
            return True
        seen += 1
        if seen >= CONFIRM_WINDOW:
            return False
    return False


def _block_lines(element: HtmlElement) -> list[str]:
    """The text of an element (about to be removed), one line per block element."""
    for block in element.iter():
        if isinstance(block.tag, str) and block.tag in BLOCKS:
            block.text = "\n" + (block.text or "")
            block.tail = "\n" + (block.tail or "")
    return [" ".join(line.split()) for line in element.text_content().split("\n") if line.strip()]


def _cut(start: HtmlElement, body_before: list[HtmlElement]) -> list[str] | None:
    """Cut from ``start``'s branch to the end of the article container holding it."""
    branch = start
    for container in start.iterancestors():
        inside = set(container.iter())
        if sum(paragraph in inside for paragraph in body_before) >= MIN_BODY_BEFORE:
            doomed = [branch, *branch.itersiblings()]
            lines = [line for element in doomed for line in _block_lines(element)]
            for element in doomed:
                container.remove(element)
            return lines
        branch = container
    return None


def prune_threads(tree: HtmlElement) -> list[Removal]:
    """Remove the first comment thread or author bio found after the body; report its lines.

    >>> from lxml.html import fromstring
    >>> body = "<p>" + "The envoys met again in Geneva on Tuesday. " * 3 + "</p>"
    >>> page = fromstring("<div>" + body * 2 + "<div>2 Comments</div><div><div>Ann says:</div>"
    ...                   "<div>March 12, 2024 at 10:14 am</div><p>Great piece.</p></div></div>")
    >>> [(removal.rule, removal.text) for removal in prune_threads(page)]
    [('comment-thread', '2 Comments'), ('comment-thread', 'Ann says:'), \
('comment-meta', 'March 12, 2024 at 10:14 am'), ('comment-thread', 'Great piece.')]
    >>> len(page.xpath("//p"))
    2
    """
    elements = [element for element in tree.iter() if isinstance(element.tag, str)]
    body_before: list[HtmlElement] = []
    for index, element in enumerate(elements):
        if element.tag == "p" and len(element.text_content().split()) >= BODY_WORDS:
            body_before.append(element)
        if len(body_before) < MIN_BODY_BEFORE:
            continue
        text = _short_text(element)
        matched = match_rule(text, _CUT_RULES) if text else None
        if matched is None:
            continue
        rule = matched[0]
        if rule.kind == "marker" and not (
            rule.confirm and _confirmed(elements, index, rule.confirm)
        ):
            continue
        lines = _cut(element, body_before)
        if lines is not None:
            return [Removal(rule_for(line, rule.name), line) for line in lines]
    return []
