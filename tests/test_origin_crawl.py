"""Another port is another site: two servers on 127.0.0.1, one crawled, the other linked,
named as canonical, listed in a sitemap, and redirected and refreshed to, on its own port.
Nothing of the second is fetched, and each way out is a skip with its reason."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from crawler.demo import LOCAL, SiteServer, crawl_command, serve
from tests.badinput.pages import PARAGRAPHS, article
from tests.conftest import ROOT
from tests.crawling import ENV, Crawl, crawl
from tests.faultsite import write_files

HOME_ARTICLE = "/2024/03/12/home.html"
OTHER_ARTICLE = "/2024/03/12/other-port.html"
CANONICAL_ELSEWHERE = "/2024/03/12/canonical-elsewhere.html"
REFRESH_PORT = "/2024/03/12/refresh-port.html"
REFRESH_HOST = "/2024/03/12/refresh-host.html"
TO_HTTPS_PORT = "/go/https-port"
BACKSLASH = "/go/backslash"


def _paragraphs(tag: str) -> tuple[str, ...]:
    return tuple(f"{tag}: {paragraph}" for paragraph in PARAGRAPHS)


def _refresh(url: str) -> str:
    return article(_paragraphs(url), head=f'<meta http-equiv="refresh" content="0; url={url}">')


def home_site(root: Path, other: str, port: int) -> Path:
    """The crawled site: every way out leads to ``other`` (the same host, another port)."""
    links = (HOME_ARTICLE, other + OTHER_ARTICLE, CANONICAL_ELSEWHERE, REFRESH_PORT,
             REFRESH_HOST, TO_HTTPS_PORT, BACKSLASH, "/sitemap.xml")  # fmt: skip
    return write_files(
        root,
        {
            "index.html": "<html><head><title>Home</title></head><body><ul>"
            + "".join(f'<li><a href="{link}">{link}</a></li>' for link in links)
            + "</ul></body></html>",
            HOME_ARTICLE: article(_paragraphs("Home")),
            CANONICAL_ELSEWHERE: article(
                _paragraphs("Canonical"),
                head=f'<link rel="canonical" href="{other}{OTHER_ARTICLE}">',
            ),
            REFRESH_PORT: _refresh(other + OTHER_ARTICLE),
            REFRESH_HOST: _refresh(f"http://localhost:{port}{OTHER_ARTICLE}"),
            "sitemap.xml": '<?xml version="1.0"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{other}/2024/03/13/in-sitemap.html</loc></url></urlset>",
            # an http -> https change of port, and a backslash that Scrapy reads as a slash
            "_redirects": f"{TO_HTTPS_PORT} https://127.0.0.1:{port}{OTHER_ARTICLE} 302\n"
            f"{BACKSLASH} http:\\\\127.0.0.1:{port}{OTHER_ARTICLE} 302\n",
        },
    )


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SiteServer, SiteServer]]:
    other_root = write_files(
        tmp_path_factory.mktemp("other-port"),
        {
            OTHER_ARTICLE: article(_paragraphs("Other")),
            "2024/03/13/in-sitemap.html": article(_paragraphs("Sitemap")),
        },
    )
    with serve(other_root) as other:
        port = other.server_address[1]
        root = home_site(tmp_path_factory.mktemp("home-port"), other.base, port)
        with serve(root) as home:
            yield home, other


@pytest.fixture(scope="module")
def result(sites: tuple[SiteServer, SiteServer], tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    home, _ = sites
    return crawl(home, ["/", "/sitemap.xml"], tmp_path_factory.mktemp("origin-crawl"))


def test_nothing_is_fetched_from_the_other_port(
    result: Crawl, sites: tuple[SiteServer, SiteServer]
) -> None:
    home, other = sites
    assert other.requests == []
    assert [record["url"] for record in result.records] == [home.base + HOME_ARTICLE]
    assert result.manifest["status"] == "ok"


def test_each_way_out_of_the_origin_is_a_skip_with_its_reason(
    result: Crawl, sites: tuple[SiteServer, SiteServer]
) -> None:
    home, other = sites
    reasons = {skip["url"]: skip["reason"] for skip in result.skipped}
    expected = {
        other.base + OTHER_ARTICLE: "link to another origin",
        other.base + "/2024/03/13/in-sitemap.html": "link to another origin",
        home.base + CANONICAL_ELSEWHERE: "canonical URL on another origin",
        home.base + REFRESH_PORT: "ignored: meta refresh to another origin",
        home.base + REFRESH_HOST: "ignored: meta refresh to another host",
        home.base + TO_HTTPS_PORT: "ignored: redirect to another origin",
        home.base + BACKSLASH: "ignored: redirect to another origin",
    }
    assert {url: reasons.get(url) for url in expected} == expected


@pytest.mark.parametrize("start", ["http://127.0.0.1:99999/", "http://127.0.0.1:0x50/"])
def test_a_start_url_that_is_no_url_is_refused_in_one_line(tmp_path: Path, start: str) -> None:
    """Scrapy would raise while starting (a traceback and then a second one for the stats)."""
    output, stats = tmp_path / "run.jsonl", tmp_path / "run.stats.json"
    command = crawl_command(start, output, stats, *LOCAL, f"DIPLOMACY_STATE={tmp_path / 's'}")
    result = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 1 and f"not a valid start URL: {start!r}" in errors[0], errors
