"""Real crawls: `scrapy crawl diplomacy` in a subprocess against the demo site served on
127.0.0.1 by the test."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from cleaners.cleaning.topic import MIN_TOPIC_SCORE
from cleaners.record import schema_errors
from crawler.demo import SITE, SiteServer, serve
from crawler.skips import skip_counts
from crawler.workers import MOST_IN_POOL
from tests.conftest import ROOT
from tests.crawling import Crawl, crawl

EXPECTED: dict[str, Any] = json.loads((SITE / "site.json").read_text(encoding="utf-8"))


def paths(result: Crawl) -> list[str]:
    """Canonical paths of the records; the syndicated copy counts as its original
    (identical text: whichever of the two the crawl met first is kept)."""
    copy, original = EXPECTED["syndicated_copy"], EXPECTED["syndicated_of"]
    return [original if path == copy else path for path in result.canonical_paths()]


@pytest.fixture
def site() -> Iterator[SiteServer]:
    with serve(SITE) as server:
        yield server


def check_site_crawl(result: Crawl) -> None:
    """Exactly the site's articles, once each, valid and free of the site's boilerplate."""
    articles = set(EXPECTED["articles"])
    found = paths(result)
    assert sorted(found) == sorted(set(found)), "an article came out twice"
    assert set(found) == articles
    for record in result.records:
        assert schema_errors(record) == []
        leaked = [text for text in EXPECTED["boilerplate"] if text in record["text"]]
        assert leaked == [], record["url"]
    for path in EXPECTED["disallowed"]:
        assert path not in result.requested
    counts = skip_counts(result.stats)
    assert counts, "skipped pages are counted by reason"
    assert sum(counts.values()) >= len(EXPECTED["not_articles"])


def test_crawl_from_the_home_page(site: SiteServer, tmp_path: Path) -> None:
    result = crawl(site, ["/"], tmp_path)
    check_site_crawl(result)
    counts = skip_counts(result.stats)
    assert counts["not an article: home page"] == 1
    assert counts["HTTP 404"] >= 1
    for path in EXPECTED["not_articles"]:
        assert path in {urlsplit(url).path for url in site.paths()}  # followed for links
    assert not any(urlsplit(r["url"]).path in EXPECTED["not_articles"] for r in result.records)
    languages = {urlsplit(r["canonical_url"]).path: r["language"] for r in result.records}
    for path, language in EXPECTED["languages"].items():
        assert languages[path] == language


def test_crawl_from_the_feed_only(site: SiteServer, tmp_path: Path) -> None:
    check_site_crawl(crawl(site, ["/feed.xml"], tmp_path))


def test_crawl_from_the_sitemap_only(site: SiteServer, tmp_path: Path) -> None:
    check_site_crawl(crawl(site, ["/sitemap.xml"], tmp_path))


def test_duplicates_are_skipped_with_their_reason(site: SiteServer, tmp_path: Path) -> None:
    start = ["/", EXPECTED["print_copy"], EXPECTED["amp_copy"], EXPECTED["syndicated_copy"]]
    result = crawl(site, start, tmp_path)
    assert set(paths(result)) == set(EXPECTED["articles"])
    counts = skip_counts(result.stats)
    assert counts["copy of another canonical URL"] >= 2
    assert counts["duplicate: same text already written"] == 1


def test_robots_txt_is_obeyed_when_requests_race_for_it(site: SiteServer, tmp_path: Path) -> None:
    """Many start URLs on one host, several of them disallowed, all waiting for robots.txt."""
    private = EXPECTED["disallowed"][0]
    start = [EXPECTED["articles"][0], *(f"{private}?copy={n}" for n in range(6)), "/about/"]
    result = crawl(site, start, tmp_path)
    assert not [path for path in result.requested if path.startswith("/private/")]
    assert skip_counts(result.stats)["ignored: Forbidden by robots.txt"] >= 6


STOCK_ROBOTS = (
    'DOWNLOADER_MIDDLEWARES={"crawler.robots.SerializedRobotsTxtMiddleware": null, '
    '"scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": 100}'
)


def test_stock_scrapy_middleware_has_the_race(site: SiteServer, tmp_path: Path) -> None:
    """The same crawl with Scrapy's own middleware requests disallowed pages: the race our
    middleware fixes.  When this fails, Scrapy has fixed it and crawler/robots.py can go."""
    private = EXPECTED["disallowed"][0]
    start = [EXPECTED["articles"][0], *(f"{private}?copy={n}" for n in range(6)), "/about/"]
    result = crawl(site, start, tmp_path, STOCK_ROBOTS)
    assert [path for path in result.requested if path.startswith("/private/")]


def test_cleaning_in_worker_processes_gives_the_same_records(
    site: SiteServer, tmp_path: Path
) -> None:
    """Records cleaned by the pool equal records cleaned inline, apart from fetch times,
    and the pool holds a bounded number of pages."""

    # of the syndicated copy and its original, whichever the crawl meets first is kept
    pair = {EXPECTED["syndicated_copy"], EXPECTED["syndicated_of"]}

    def by_url(result: Crawl) -> dict[str, dict[str, Any]]:
        records = {r["url"]: {**r, "fetched_at": None} for r in result.records}
        return {url: r for url, r in records.items() if urlsplit(url).path not in pair}

    pooled = crawl(site, ["/feed.xml"], tmp_path, "DIPLOMACY_CLEANING_WORKERS=2", name="pool")
    inline = crawl(site, ["/feed.xml"], tmp_path, "DIPLOMACY_CLEANING_WORKERS=0", name="inline")
    assert by_url(pooled) == by_url(inline)
    assert len(by_url(pooled)) == len(EXPECTED["articles"]) - 1
    assert sorted(paths(pooled)) == sorted(paths(inline)) == sorted(EXPECTED["articles"])
    # back-pressure: at most two pages per worker are in the pool; the others wait in
    # Scrapy's slot
    assert 1 <= pooled.stats[MOST_IN_POOL] <= 2 * 2


def test_off_topic_articles_are_skipped_archived_and_brought_back(
    site: SiteServer, tmp_path: Path
) -> None:
    """A sports and a weather article on the site: skipped as off topic with their score,
    kept in the WARC, written by a re-cleaning with no minimum and by a crawl with 0."""
    result = crawl(site, ["/"], tmp_path)
    off = {urlsplit(line["url"]).path: line for line in result.skipped if "topic_score" in line}
    assert sorted(off) == sorted(EXPECTED["off_topic"])
    assert all(line["reason"] == "off topic" for line in off.values())
    assert all(line["topic_score"] < MIN_TOPIC_SCORE for line in off.values())
    assert skip_counts(result.stats)["off topic"] == len(off)
    command = [sys.executable, "-m", "cleaners", "reclean", "--archive", str(tmp_path)]
    command += ["-o", str(tmp_path / "again"), "--min-topic-score", "0", "--jobs", "1"]
    subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True, timeout=300)
    again = (tmp_path / "again" / "run.jsonl").read_text(encoding="utf-8").splitlines()
    brought_back = {urlsplit(json.loads(line)["url"]).path for line in again}
    assert set(EXPECTED["off_topic"]) <= brought_back
    everything = crawl(site, ["/"], tmp_path, "DIPLOMACY_MIN_TOPIC_SCORE=0", name="all")
    assert set(EXPECTED["off_topic"]) <= {urlsplit(r["url"]).path for r in everything.records}
