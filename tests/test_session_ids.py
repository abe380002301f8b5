"""Session ids, through a real crawl of a local server: a thousand ``?sid=``,
``?PHPSESSID=`` and ``;jsessionid=`` links to one article are one fetch and one record,
and a near-identical body under another URL of the same site is a copy, not a record."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.demo import serve
from tests.badinput.pages import PARAGRAPHS, article
from tests.crawling import Crawl, crawl

ARTICLE = "/2024/03/12/talks.html"
VARIANTS = 1000
# one story, at two URLs, as a site that echoes the session in the page serves it
ECHOED = ("/2024/03/13/summit.html", "/2024/03/13/summit-2.html")
SUMMIT = (
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
    for number, echoed in enumerate(ECHOED):
        echo = f"Your reading session is number {number + 4711}, welcome back."
        files[echoed] = article((*SUMMIT[:3], echo, *SUMMIT[3:]), title="Summit opens")
    for name, content in files.items():
        path = root / name.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Crawl, list[str]]:
    tmp_path = tmp_path_factory.mktemp("session-ids")
    with serve(_site(tmp_path / "site")) as server:
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
    paths = sorted(urlsplit(record["url"]).path for record in result.records)
    assert len(paths) == 2 and paths[0] == ARTICLE and paths[1] in ECHOED, paths
    (copy,) = [skip for skip in result.skipped if urlsplit(skip["url"]).path in ECHOED]
    assert copy["reason"] == "duplicate: near-identical text already written"
    assert urlsplit(copy["original"]).path == paths[1]
