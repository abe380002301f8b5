"""Session ids, through a real crawl of a local server: a thousand ``?sid=``,
``?PHPSESSID=`` and ``;jsessionid=`` links to one article are one fetch and one record,
and a near-identical body under another URL of the same site is a copy, not a record."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.demo import Handler, serve
from tests.badinput.pages import PARAGRAPHS, article
from tests.crawling import Crawl, crawl
from tests.faultsite import write_files

ARTICLE = "/2024/03/12/talks.html"
VARIANTS = 1000
# one story under a session parameter the list does not know, echoed in the page
SUMMIT = "/2024/03/13/summit.html"
ECHOED = (SUMMIT + "?visitor=4711", SUMMIT + "?visitor=4712")
SUMMIT_TEXT = (
    "Leaders of twelve coastal states opened a two-day summit in Lisbon on Wednesday with a "
    "call for shared patrols of the fishing grounds they dispute.",
    "The host government proposed a joint fund for port inspections, financed by a levy on "
    "licences that each member would collect and pay into every quarter.",
    "Two delegations objected to the levy before the opening session had ended, saying "
    "their fleets already carried most of the cost of the existing inspections.",
    "A draft communique seen by reporters leaves the size of the fund blank and puts off "
    "any decision on the patrols until ministers meet again in the autumn.",
    "Environmental groups outside the conference hall asked for a moratorium on trawling "
    "in the spawning areas, which the draft does not mention at all.",
    "The summit closes on Thursday afternoon with a news conference by the host prime "
    "minister and the secretary of the regional fisheries commission.",
)


def session_links() -> list[str]:
    names = ("sid", "PHPSESSID", "sessionid", "session_id")
    links = [f"{ARTICLE}?{names[n % 4]}={n:08x}" for n in range(VARIANTS - VARIANTS // 4)]
    links += [f"{ARTICLE};jsessionid={n:016X}" for n in range(VARIANTS // 4)]
    return links


def _site(root: Path) -> Path:
    links = session_links() + list(ECHOED)
    files = {
        "index.html": "<html><head><title>Home</title></head><body>"
        + "".join(f'<a href="{link}">story</a> ' for link in links)
        + "</body></html>",
        ARTICLE: article(PARAGRAPHS),
    }
    return write_files(root, files)


class EchoingHandler(Handler):
    """The summit page as a site that echoes the visitor's session in the page serves it."""

    def respond(self) -> None:
        path, _, query = self.path.partition("?")
        if path != SUMMIT:
            super().respond()
            return
        visitor = query.rpartition("=")[2]
        echo = f"The delegation with badge number {visitor} arrived late on Wednesday evening."
        page = article((*SUMMIT_TEXT[:3], echo, *SUMMIT_TEXT[3:]), title="Summit opens")
        self.send(200, "text/html; charset=utf-8", page.encode())


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Crawl, list[str]]:
    tmp_path = tmp_path_factory.mktemp("session-ids")
    with serve(_site(tmp_path / "site"), handler=EchoingHandler) as server:
        result = crawl(server, ["/"], tmp_path)
    return result, [urlsplit(path).path for path in server.paths()]


def test_session_ids_are_one_article(crawled: tuple[Crawl, list[str]]) -> None:
    result, fetched = crawled
    assert sum(1 for path in fetched if path.startswith(ARTICLE)) == 1, fetched[:5]
    assert [urlsplit(r["url"]).path for r in result.records].count(ARTICLE) == 1


def test_a_near_identical_body_on_the_same_site_is_a_copy(
    crawled: tuple[Crawl, list[str]],
) -> None:
    result, _ = crawled
    paths = sorted(address(record["url"]) for record in result.records)
    assert len(paths) == 2 and paths[0] == ARTICLE and paths[1] in ECHOED, paths
    (copy,) = [skip for skip in result.skipped if address(skip["url"]) in ECHOED]
    assert copy["reason"] == "duplicate: near-identical text already written"
    assert address(copy["original"]) == paths[1]


def address(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")
