"""The date a reader sees next to the headline: the first date in the few lines after the
page's first ``<h1>`` (a dateline, "Von Ana Ruiz 27.1.2022", "Pressemitteilung vom
20.01.2022"), else in the line or two just above it.  It says when the article appeared
better than the markup's dates, which are often those of an update, of the site's template
or of a neighbouring teaser."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from functools import cache

from htmldate.extractors import try_date_expr
from lxml.etree import iterwalk
from lxml.html import HtmlElement

from cleaners.extraction.datetext import text_date
from cleaners.extraction.pagetype import ARTICLE_TYPES, jsonld_types
from cleaners.extraction.titles import settings

# how many characters of text after and before the headline may hold its date
AFTER_HEADLINE = 600
BEFORE_HEADLINE = 150
# a text longer than this is a paragraph, whose dates are those of what it tells
LINE_MAX = 100
# how much of a longer paragraph may open with its dateline ("27.1.2022 - Die Stadt ...")
DATELINE = 30
# the earliest date a page of the web can have
MIN_DATE = datetime(1995, 1, 1)
# the year and month an address is filed under: /2019/08/, /2023-11/
_URL_MONTH = re.compile(r"/((?:19|20)\d\d)[/-](\d\d?)(?=[/-]|$)")
# elements whose text no reader sees
_HIDDEN = frozenset({"script", "style", "noscript", "template"})


def _lines(tree: HtmlElement) -> list[tuple[str, bool]]:
    """The texts of the page's body in reading order, each with whether it is part of an
    ``<h1>``; a tail is read in the context of its element's parent."""
    body = tree.find(".//body")
    lines: list[tuple[str, bool]] = []
    hidden = in_h1 = 0
    for event, element in iterwalk(tree if body is None else body, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        step = 1 if event == "start" else -1
        hidden += step * (tag in _HIDDEN)
        in_h1 += step * (tag == "h1")
        line = " ".join(((element.text if step == 1 else element.tail) or "").split())
        if line and not hidden:
            lines.append((line, in_h1 > 0))
    return lines


def _line_date(line: str, latest: datetime) -> str | None:
    """The date a short line gives, or the date that opens a paragraph (a dateline)."""
    text = line if len(line) <= LINE_MAX else line[:DATELINE]
    found = try_date_expr(text, "%Y-%m-%d", False, MIN_DATE, latest) or text_date(text)
    if found is None or not MIN_DATE <= datetime.fromisoformat(found) <= latest:
        return None
    return found


def _first_date(lines: Iterable[str], budget: int, latest: datetime) -> str | None:
    seen = 0
    for line in lines:
        if seen > budget:
            return None
        if found := _line_date(line, latest):
            return found
        seen += len(line)
    return None


@cache
def _label() -> re.Pattern[str]:
    labels = "|".join(settings()["date"]["labels"])
    return re.compile(rf"^(?:{labels})\s*:?(?:\s+(?P<rest>.+))?$", re.IGNORECASE)


def labelled_date(lines: list[str], latest: datetime) -> str | None:
    """The first date that a label names ("Datum: 18.10.2021", "Mise en ligne | 23 mai 2019"),
    on the label's line or on the next one.

    >>> labelled_date(["Start", "Veröffentlicht am", "3. März 2023"], datetime(2024, 1, 1))
    '2023-03-03'
    """
    for index, line in enumerate(lines):
        found = _label().match(line) if len(line) <= LINE_MAX else None
        if found is None:
            continue
        rest = found.group("rest") or (lines[index + 1] if index + 1 < len(lines) else "")
        if len(rest) <= LINE_MAX and (date := _line_date(rest, latest)):
            return date
    return None


def headline_date(tree: HtmlElement, max_date: str | None = None) -> str | None:
    """The date printed next to the page's first headline, as YYYY-MM-DD, or None.

    >>> from lxml.html import document_fromstring as fromstring
    >>> page = "<body><h1>Neue Brücke</h1><p>Von Ana Ruiz 27.1.2022 - Die Stadt</p></body>"
    >>> headline_date(fromstring(page))
    '2022-01-27'
    >>> headline_date(fromstring("<body><p>27.1.2022</p><h2>Neue Brücke</h2></body>")) is None
    True
    """
    latest = datetime.fromisoformat(max_date[:10]) if max_date else datetime.now()
    return _headline_date(_lines(tree), latest)


def _headline_date(lines: list[tuple[str, bool]], latest: datetime) -> str | None:
    inside = [index for index, (_, in_h1) in enumerate(lines) if in_h1]
    if not inside:
        return None
    start = end = inside[0]
    while end + 1 < len(lines) and lines[end + 1][1]:
        end += 1
    after = (line for line, _ in lines[end + 1 :])
    before = (line for line, _ in reversed(lines[:start]))
    return _first_date(after, AFTER_HEADLINE, latest) or _first_date(
        before, BEFORE_HEADLINE, latest
    )


def _swapped(one: str, other: str) -> bool:
    """Whether two dates differ only by day and month read the other way round (11/08).

    >>> _swapped("2023-08-11", "2023-11-08"), _swapped("2023-08-11", "2023-08-12")
    (True, False)
    """
    year, month, day = one.split("-")
    return one != other and f"{year}-{day}-{month}" == other


def _url_month(url: str | None) -> str | None:
    """The year and month in an address's path, as YYYY-MM.

    >>> _url_month("https://example.org/blog/2019/8/02/parsing"), _url_month("https://x.org/a")
    ('2019-08', None)
    """
    found = _URL_MONTH.search(url or "")
    return f"{found[1]}-{int(found[2]):02d}" if found and 1 <= int(found[2]) <= 12 else None


# markup that states when a page was published, as opposed to when it was last changed
_PUBLISHED = (
    "//meta[re:test(concat(@property, ' ', @name, ' ', @itemprop),"
    " 'publish|pubdate|creat|issued|(^|[ .:])date( |$)', 'i')]/@content"
    "|//*[re:test(@itemprop, 'datePublished|dateCreated', 'i')]/@datetime|//time/@datetime"
)
_NAMESPACES = {"re": "http://exslt.org/regular-expressions"}
# a publication stamp in a script's data: "datePublished": "2023-03-09T...", "published_at"
_STAMP = r"(?:publish|creat|issued)\w*[\"']?\s*:\s*[\"']{date}"


def _attested(
    tree: HtmlElement, url: str | None, date: str, texts: list[str], latest: datetime
) -> bool:
    """Whether the page states a date as its own: in the markup or the scripts' data of its
    publication (not of its last change), in its own address, or in its text; a date that
    htmldate found only in a modification stamp or in a link to another page is weak.

    >>> from lxml.html import document_fromstring as parse
    >>> page = '<head><meta property="article:modified_time" content="2023-03-09"></head>'
    >>> _attested(parse(page), None, "2023-03-09", [], datetime(2024, 1, 1))
    False
    >>> _attested(parse(page), "https://x.org/2023/3/09/a", "2023-03-09", [], datetime(2024, 1, 1))
    True
    """
    stamps = [str(value) for value in tree.xpath(_PUBLISHED, namespaces=_NAMESPACES)]
    if any(date in stamp for stamp in stamps):
        return True
    year, month, day = (int(part) for part in date.split("-"))
    if re.search(rf"/{year}[/-]0?{month}[/-]0?{day}(?!\d)", url or ""):
        return True
    scripts = " ".join(str(text) for text in tree.xpath("//script/text()"))
    if re.search(_STAMP.format(date=date), scripts, re.IGNORECASE):
        return True
    return any(_line_date(line, latest) == date for line in texts)


def _undated_non_article(tree: HtmlElement, texts: list[str], latest: datetime) -> bool:
    """A page whose text shows no date and whose structured data describes it as something
    other than an article (a web page, a recipe, a product): its markup's dates are when
    the page was made in the site's system, not when something was published.

    >>> from lxml.html import document_fromstring as parse
    >>> data = '<script type="application/ld+json">{"@type": "%s"}</script>'
    >>> page = "<html><head>" + data + "</head><body><h1>Kredit</h1><p>Zinsen</p></body></html>"
    >>> [_undated_non_article(parse(page % kind), ["Kredit", "Zinsen"], datetime(2024, 1, 1))
    ...  for kind in ("WebPage", "NewsArticle")]
    [True, False]
    """
    types = jsonld_types(tree)
    if not types or types & ARTICLE_TYPES:
        return False
    return not any(_line_date(line, latest) for line in texts)


def page_date(
    tree: HtmlElement, url: str | None, found: str | None, max_date: str | None = None
) -> str | None:
    """The page's date: the one next to the headline, unless it is the date found in the
    markup with day and month swapped, or the address files the page under the month of
    the markup's date and not under its own.  With no date next to the headline, the
    markup's date if the page states it as its own, but none for a page that shows no
    date, is no article by its structured data and is not filed under that date's month.

    >>> from lxml.html import document_fromstring as parse
    >>> tree = parse("<body><h1>Neue Brücke</h1><p>11/08/2023</p></body>")
    >>> page_date(tree, None, "2023-11-08"), page_date(tree, None, "2023-01-02")
    ('2023-11-08', '2023-08-11')
    >>> page_date(tree, "https://example.org/2023/11/bridge", "2023-11-09")
    '2023-11-09'
    """
    latest = datetime.fromisoformat(max_date[:10]) if max_date else datetime.now()
    lines = _lines(tree)  # the page's text, walked once for every test below
    texts = [line for line, _ in lines]
    head = _headline_date(lines, latest)
    month = _url_month(url)
    filed = bool(found and month and found.startswith(month))
    if head is None and found and _attested(tree, url, found, texts, latest):
        return None if not filed and _undated_non_article(tree, texts, latest) else found
    if head is None:
        return labelled_date(texts, latest)
    if found and _swapped(head, found):
        return found
    if filed and month and not head.startswith(month):
        return found
    return head
