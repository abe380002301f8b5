"""Layout tables unwrapped in the HTML tree, before extraction, so that trafilatura reads
their cells as the blocks they are, and their navigation and ad cells cut.

Pages laid out with ``<table>`` (the usual way before CSS, and still in many regional
sites and mail archives) hold the whole page in cells: a column of menu links, the article
in a cell of its own, a column of ads and headlines.  trafilatura writes every table as
``| a | b |`` rows, so the article comes out as one row per cell, with the menu around it.

A table is *layout* when it holds what no data table does: a block of body text (a
paragraph of ten words or more, in a ``<p>``, a ``<div>`` or the cell itself, at any
depth), or, inside a layout table, one cell per row (a column of boxes).  Its cells become
``<p>``s (``<div>``s where they hold blocks); a data table (short cells side by side) keeps
its rows.

Before that, two kinds of layout cell are cut and reported: cells of links beside the body
(``layout-links``: most of their text is link text, in three links or more, no body
paragraph among it, in a table that holds one), and ads (``advertisement``: a cell that
says only "Advertisement", "Anzeige"... by the rule of that name, with the ad it labels:
the rest of its box when it opens it, else the cell after it).
"""

from __future__ import annotations

from lxml.html import HtmlElement

from cleaners.cleaning.rules import match_rule, rule_for, rules_named
from cleaners.extraction.prune import is_body_text, own_text, text_lines
from cleaners.record import Removal

LINKS_RULE = "layout-links"
AD_RULE = "advertisement"
# a cell whose text is at least this share link text, in at least this many links, is a
# menu or a list of headlines
LINK_SHARE = 0.7
MIN_LINKS = 3
_CELLS = "./tr/td|./tr/th|./*/tr/td|./*/tr/th"
_ROWS = "./tr|./*/tr"
# blocks in which a data table's cell never holds a paragraph of body text
_TEXT_BLOCKS = ("p", "div", "blockquote", "li", "dd", "h1", "h2", "h3", "h4", "h5", "h6")
# what a paragraph cannot hold: a cell with one of these becomes a <div>, else a <p>
_BLOCKS = frozenset([*_TEXT_BLOCKS, "table", "ul", "ol", "dl", "form", "section", "article", "pre"])


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def _holds_body(element: HtmlElement) -> bool:
    """Whether an element holds a paragraph of body text: a block, or a cell's own text
    (outside its links and child blocks), of ten words or more that no rule calls
    boilerplate."""
    if element.tag in ("td", "th") and is_body_text(own_text(element)):
        return True
    blocks = (node for node in element.iter(*_TEXT_BLOCKS, "td", "th") if node is not element)
    for node in blocks:
        text = own_text(node) if node.tag in ("div", "td", "th") else node.text_content()
        if is_body_text(_squeezed(text)):
            return True
    return False


def is_layout(table: HtmlElement, in_layout: bool = False) -> bool:
    """Whether a ``<table>`` lays out a page rather than holds data: it holds body text, or
    it is a column of boxes (one cell per row) in a layout table (alone, such a table is
    the frame of a picture and its caption, or a list).

    >>> from lxml.html import fromstring
    >>> is_layout(fromstring("<table><tr><th>Round</th><th>Venue</th></tr>"
    ...                      "<tr><td>First</td><td>Vienna</td></tr></table>"))
    False
    >>> menu = fromstring("<table><tr><td><a href=/>Home</a></td></tr>"
    ...                   "<tr><td><a href=/world>World</a></td></tr></table>")
    >>> is_layout(menu), is_layout(menu, in_layout=True)
    (False, True)
    """
    rows = table.xpath(_ROWS)
    if in_layout and rows and all(len(row.xpath("./td|./th")) <= 1 for row in rows):
        return True
    return any(_holds_body(cell) for cell in table.xpath(_CELLS))


def _link_share(element: HtmlElement) -> tuple[float, int]:
    """The share of an element's text that is link text, and how many links hold text."""
    total = len(_squeezed(element.text_content()))
    links = [_squeezed(link.text_content()) for link in element.iter("a")]
    links = [text for text in links if text]
    return (sum(map(len, links)) / total if total else 0.0), len(links)


def _is_link_cell(cell: HtmlElement) -> bool:
    share, links = _link_share(cell)
    return share >= LINK_SHARE and links >= MIN_LINKS and not _holds_body(cell)


def _is_ad_label(cell: HtmlElement) -> bool:
    text = _squeezed(cell.text_content())
    return bool(text) and len(text) < 40 and match_rule(text, rules_named(AD_RULE)) is not None


def _ad_box(label: HtmlElement, table: HtmlElement) -> list[HtmlElement]:
    """An ad label with the ad it labels: the whole box (its table) when the label opens
    it, else the label and the cell after it (beside it, or below it in the next row)."""
    texts = [cell for cell in table.xpath(_CELLS) if _squeezed(cell.text_content())]
    if texts and texts[0] is label and not _holds_body(table):
        return [table]
    row = label.getparent()
    after = label.getnext()
    if after is None and row is not None and len(row) == 1:
        after = row.getnext()
    return [label] if after is None or _holds_body(after) else [label, after]


def _cut(elements: list[HtmlElement], rule: str) -> list[Removal]:
    removed = []
    for element in elements:
        removed += [Removal(rule_for(line, rule), line) for line in text_lines(element)]
        parent = element.getparent()
        if parent is not None:
            parent.remove(element)
    return removed


def _cut_cells(table: HtmlElement) -> list[Removal]:
    """Cut the link cells and ad boxes of one layout table (already cut ones skipped).
    Cells of links are cut only beside the body: in a table that holds body text (a data
    table of links, such as a wiki's, may be a layout table by its single column)."""
    removed: list[Removal] = []
    beside_body = _holds_body(table)
    for cell in table.xpath(_CELLS):
        if cell.getparent() is None or table not in cell.iterancestors():
            continue  # cut with an earlier box
        if beside_body and _is_link_cell(cell):
            removed += _cut([cell], LINKS_RULE)
        elif _is_ad_label(cell):
            removed += _cut(_ad_box(cell, table), AD_RULE)
    return removed


def _unwrap(table: HtmlElement) -> None:
    """Cells to ``<div>``s; the table, its row groups and rows dropped, their content kept."""
    for cell in table.xpath(_CELLS):
        # a cell of text alone is a paragraph (trafilatura drops the bare text of a <div>)
        blocks = any(child.tag in _BLOCKS for child in cell.iterdescendants())
        cell.tag = "div" if blocks else "p"
        for name in ("colspan", "rowspan", "width", "valign", "align"):
            cell.attrib.pop(name, None)
    for caption in table.xpath("./caption"):
        caption.tag = "div"
    for element in table.xpath("./colgroup|./col"):
        table.remove(element)
    for element in [*table.xpath(_ROWS), *table.xpath("./thead|./tbody|./tfoot")]:
        element.drop_tag()
    table.drop_tag()


def unwrap_layout_tables(tree: HtmlElement) -> list[Removal]:
    """Cut the link and ad cells of the page's layout tables, then unwrap those tables;
    return what was cut, by rule.  Data tables, and tables inside them, stay as they are.
    """
    layout: list[HtmlElement] = []
    found: set[HtmlElement] = set()
    for table in tree.iter("table"):  # outer tables first
        in_layout = any(ancestor in found for ancestor in table.iterancestors("table"))
        if is_layout(table, in_layout):
            layout.append(table)
            found.add(table)
    removed: list[Removal] = []
    for table in layout:
        if _in_tree(table, tree):  # else cut with a cell of an outer table
            removed += _cut_cells(table)
    for table in reversed(layout):
        if _in_tree(table, tree):
            _unwrap(table)
    return removed


def _in_tree(element: HtmlElement, tree: HtmlElement) -> bool:
    return element is tree or tree in element.iterancestors()
