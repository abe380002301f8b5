"""Boilerplate removal in the HTML tree, before extraction: comment threads and author bios
that sit in plain ``<div>`` soup, where trafilatura cannot tell them from the article.

A thread is found by the same named rules as in text (``section`` and ``marker`` kinds of
``rules.toml``): a heading such as "3 Comments", or "Marta says:" followed by a comment
timestamp or a Reply link.  It is cut from the article container to the container's end,
and the text it held is returned so that the record can list it in ``removed``.

Sections named as comments in the markup (class or id) count only after two blocks of body
text, which may be ``<p>``s or ``<div>``s written with ``<br>``s; text inside a block named
as comments is never body (a live commentary's entries are often called "comment").
"""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from cleaners.cleaning.repeats import words_of
from cleaners.cleaning.rules import MARKUP, RULES, match_rule, rule_for, rules_named
from cleaners.cleaning.threads import thread_follows
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
        "br",
    ]
)

# blocks that may hold body text themselves, without a <p>
TEXT_HOLDERS = frozenset(["div", "td", "dd", "blockquote", "section", "article"])

# class prefixes of a WordPress post's categories and tags (post_class())
TAXONOMY_PREFIXES = ("category-", "tag-")

# a thread heading is never inside one of these
NOT_THREAD_TAGS = frozenset(["a", "nav", "header", "footer", "button", "label", "select", "menu"])
_CUT_RULES = tuple(rule for rule in RULES if rule.kind in CUT_KINDS)


def _short_text(element: HtmlElement) -> str | None:
    """An element's text if it is short (a heading, a marker), else None, read lazily."""
    if len(element) > MAX_MARKER_CHILDREN:
        return None
    pieces, size = [], 0
    for piece in element.itertext():
        size += len(piece.strip())
        if size > MAX_MARKER_CHARS:
            return None
        pieces.append(piece)
    text = " ".join(" ".join(pieces).split())
    return text or None


def _confirmed(elements: list[HtmlElement], index: int, rule_name: str) -> bool:
    """Whether one of the next few text blocks after ``elements[index]`` matches the rule."""
    confirm = rules_named(rule_name)
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


def text_lines(element: HtmlElement) -> list[str]:
    """The text of an element, one line per block element, without changing the tree."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        for piece in "".join(current).split("\n"):
            line = " ".join(piece.split())
            if line:
                lines.append(line)
        current.clear()

    for event, node in etree.iterwalk(element, events=("start", "end")):
        if not isinstance(node.tag, str):
            if event == "end" and node is not element and node.tail:
                current.append(node.tail)
            continue
        block = node.tag in BLOCKS
        if event == "start":
            if block:
                flush()
            current.append(node.text or "")
        else:
            if block:
                flush()
            if node is not element:
                current.append(node.tail or "")
    flush()
    return lines


def _doomed(start: HtmlElement, body_before: list[HtmlElement]) -> list[HtmlElement] | None:
    """``start``'s branch and the branches after it, up to the end of the container that
    holds the body: the highest ancestor of ``start`` that holds no body paragraph."""
    body = set(body_before)
    branch = start
    for parent in start.iterancestors():
        if any(element in body for element in parent.iter()):
            return [branch, *branch.itersiblings()]
        branch = parent
    return None


def _marked_lines(doomed: list[HtmlElement]) -> set[tuple[str, ...]]:
    """The lines of comment-named blocks among ``doomed``, as :func:`words_of` gives them."""
    marked: set[tuple[str, ...]] = set()
    for branch in doomed:
        for element in branch.iter():
            if isinstance(element.tag, str) and _comment_block(element):
                marked.update(words_of(line) for line in text_lines(element))
    return marked


def _cut(doomed: list[HtmlElement]) -> list[str]:
    """Remove the doomed branches from the tree; return the lines they held."""
    lines = [line for element in doomed for line in text_lines(element)]
    for element in doomed:
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    return lines


def own_text(element: HtmlElement) -> str:
    """The text an element holds itself, outside its child elements (``<br>``-split lines).

    >>> from lxml.html import fromstring
    >>> own_text(fromstring("<div>Step one.<br>Step two <a href=x>link</a> done.</div>"))
    'Step one. Step two done.'
    """
    pieces = [element.text or "", *(child.tail or "" for child in element)]
    return " ".join(" ".join(pieces).split())


def _is_body_paragraph(element: HtmlElement) -> bool:
    """A ``<p>`` of ten words or more that no rule calls boilerplate."""
    if element.tag != "p":
        return False
    return is_body_text(" ".join(element.text_content().split()))


def is_body_text(text: str) -> bool:
    return len(text.split()) >= BODY_WORDS and match_rule(text) is None


def _is_body_block(element: HtmlElement) -> bool:
    """A body paragraph, or a text block (a ``<div>``, a cell) that holds ten such words
    itself, outside its links and child blocks: pages that write their body in ``<div>``s
    and ``<br>``s have no ``<p>`` at all."""
    if element.tag in TEXT_HOLDERS:
        return is_body_text(own_text(element))
    return _is_body_paragraph(element)


def _can_start_thread(element: HtmlElement) -> bool:
    """Not a link, a menu entry or a page header: a count of comments there is not a thread."""
    if element.tag in NOT_THREAD_TAGS:
        return False
    return not any(ancestor.tag in NOT_THREAD_TAGS for ancestor in element.iterancestors())


def _thread_free(tree: HtmlElement) -> set[HtmlElement]:
    """The elements where no thread starts (see :func:`_can_start_thread`), found at once:
    the links, menus and page headers of a page and everything inside them."""
    return {inner for outer in tree.iter(*NOT_THREAD_TAGS) for inner in outer.iter()}


def _comment_block(element: HtmlElement) -> bool:
    """Whether an element's class or id names a comment section.

    WordPress adds a post's categories and tags to its classes: an opinion piece filed
    under "Kommentar" is no comment section.

    >>> from lxml.html import fromstring
    >>> _comment_block(fromstring('<div id="comments" class="post category-news"></div>'))
    True
    >>> _comment_block(fromstring('<div class="post category-kommentar tag-kommentare"></div>'))
    False
    """
    named = f"{element.get('class') or ''} {element.get('id') or ''}"
    pattern = MARKUP["comment_blocks"]
    if pattern.search(named) is None:  # most elements: their names match in no order
        return False
    names = [name for name in named.split() if not name.startswith(TAXONOMY_PREFIXES)]
    return bool(names) and bool(pattern.search(" ".join(names)))


def comment_block_lines(tree: HtmlElement) -> frozenset[str]:
    """The text lines of elements named as comment sections (class or id) after the body.

    The tree is left as it is: cutting these blocks out before extraction can change what
    trafilatura picks as the main text, so their lines are removed from its output instead.
    """
    lines: set[str] = set()
    body_before = 0
    inside: set[HtmlElement] = set()
    for element in tree.iter(etree.Element):
        if element in inside:
            continue
        if _comment_block(element) and _can_start_thread(element):
            # a comment-named block before the body is not cut, but its text is no body
            inside = set(element.iter())
            if body_before >= MIN_BODY_BEFORE:
                lines.update(text_lines(element))
        elif body_before < MIN_BODY_BEFORE and _is_body_block(element):
            body_before += 1
    return frozenset(lines)


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
    elements = list(tree.iter(etree.Element))  # no comments or processing instructions
    thread_free = _thread_free(tree)
    body_before: list[HtmlElement] = []
    # paragraphs after the first body ones, checked only when a cut needs them: the rules
    # run over every paragraph once (in the text) rather than twice
    unchecked: list[HtmlElement] = []
    for index, element in enumerate(elements):
        if len(body_before) >= MIN_BODY_BEFORE:
            if element.tag == "p":
                unchecked.append(element)
        elif _is_body_paragraph(element):
            body_before.append(element)
        if len(body_before) < MIN_BODY_BEFORE:
            continue
        if element in thread_free:
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
        body_before += filter(_is_body_paragraph, unchecked)
        unchecked.clear()
        doomed = _doomed(element, body_before)
        if doomed is None:
            continue
        if rule.kind == "section" and rule.confirm:
            lines = [line for branch in doomed for line in text_lines(branch)][1:]
            if not thread_follows(lines, _marked_lines(doomed) - {()}):
                continue  # a "Comments" heading or link with no thread after it
        return [Removal(rule_for(line, rule.name), line) for line in _cut(doomed)]
    return []
