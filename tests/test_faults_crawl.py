"""Faults that real sites serve, through a real crawl of a small site of our own on
127.0.0.1: each bad thing costs only itself (a skip with its reason), and the run goes on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crawler.demo import ROOT, SiteServer, serve
from crawler.skips import skip_counts
from tests.badinput.texts import CHINESE, JAPANESE
from tests.crawling import Crawl, crawl
from tests.faultsite import (
    AFTER_FEED,
    AFTER_PAGE,
    AFTER_SITEMAP,
    BAD_LINKS,
    CHINESE_ARTICLE,
    GZ_SITEMAP,
    JAPANESE_ARTICLE,
    JSON_BODY,
    UNAVAILABLE,
    write_site,
)

CAP = f"DOWNLOAD_MAXSIZE={1024 * 1024}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    with serve(write_site(tmp_path_factory.mktemp("fault-site"))) as server:
        yield server


@pytest.fixture(scope="module")
def result(site: SiteServer, tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    # faults, not subjects: the Chinese and Japanese pages (no terms of their own in
    # topics.toml, scored with the English ones) are not left out as off topic
    folder = tmp_path_factory.mktemp("fault-crawl")
    return crawl(site, ["/", "/feed.xml"], folder, CAP, "DIPLOMACY_MIN_TOPIC_SCORE=0")


def result_base(result: Crawl) -> str:
    return "/".join(result.records[0]["url"].split("/", 3)[:3])


def record_paths(result: Crawl) -> set[str]:
    return {record["url"].split("/", 3)[3] for record in result.records}


def test_the_crawl_ends_normally(result: Crawl) -> None:
    assert result.manifest["status"] == "ok"
    assert "Spider error processing" not in result.log, result.log[-3000:]
    assert not any(key.startswith("spider_exceptions/") for key in result.stats)


def test_links_scrapy_refuses_are_skips_and_the_later_links_are_followed(result: Crawl) -> None:
    """A page, a feed and a sitemap each list the bad links before a good one."""
    found = record_paths(result)
    for path in (AFTER_PAGE, AFTER_FEED, AFTER_SITEMAP):
        assert path.lstrip("/") in found, sorted(found)
    # each distinct bad link once, wherever it was found
    assert skip_counts(result.stats)["not a valid URL"] == len(BAD_LINKS)


def skip_reasons(result: Crawl, site: SiteServer) -> dict[str, str]:
    """The skip reason of each skipped URL's path."""
    return {skip["url"].removeprefix(site.base): skip["reason"] for skip in result.skipped}


def test_bodies_the_spider_cannot_parse_are_skips(result: Crawl, site: SiteServer) -> None:
    """A JSON body (Scrapy's JsonResponse, whose selector has no xpath) and a gzip sitemap
    over the download cap once unzipped."""
    reasons = skip_reasons(result, site)
    assert reasons[JSON_BODY] == "not an HTML page"
    assert reasons[GZ_SITEMAP] == "too large: over DOWNLOAD_MAXSIZE"
    assert "/2024/03/16/never.html" not in site.paths()


@pytest.mark.parametrize(
    ("path", "paragraphs"), [(CHINESE_ARTICLE, CHINESE), (JAPANESE_ARTICLE, JAPANESE)]
)
def test_articles_written_without_spaces_are_counted_by_characters(
    result: Crawl, path: str, paragraphs: tuple[str, ...]
) -> None:
    """A few hundred characters of Chinese or Japanese are a few paragraphs, not a
    handful of "words": the record is written, its word count one per character."""
    records = {record["url"].removeprefix(result_base(result)): record for record in result.records}
    assert path in records, [skip for skip in result.skipped if skip["url"].endswith(path)]
    ideographs = sum(1 for paragraph in paragraphs for char in paragraph if char.isalpha())
    assert records[path]["word_count"] >= ideographs


def test_a_retry_given_up_is_a_skip_and_the_run_is_ok(result: Crawl, site: SiteServer) -> None:
    """One page a server cannot give, retried then given up, is that page's loss: a skip
    with its reason, logged as a warning; the run is ok (exit status 0, checked by crawl)."""
    assert site.paths().count(UNAVAILABLE) == 2  # asked, and asked again
    assert skip_reasons(result, site)[UNAVAILABLE] == "HTTP 503"
    given_up = [line for line in result.log.splitlines() if "Gave up retrying" in line]
    assert given_up and all("WARNING" in line for line in given_up), given_up
    assert " ERROR: " not in result.log, result.log[-3000:]


def test_the_readme_gives_the_rule_the_exit_status_follows() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rule = readme[readme.index("`scrapy crawl diplomacy` exits with status 1") :][:800]
    assert "errors were logged" not in rule
    for condition in ("ended other than", "nothing could be downloaded", "exception"):
        assert condition in rule, rule
    assert "retry given up" in rule
