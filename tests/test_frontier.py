"""The crawl's frontier is bounded: a sitemap gives at most its newest
``DIPLOMACY_MAX_URLS_PER_SITEMAP`` URLs, a feed its newest ``DIPLOMACY_MAX_URLS_PER_FEED``,
a page at most ``DIPLOMACY_MAX_LINKS_PER_PAGE`` links within the crawl, each overflow counted in the stats; and the request queue is on
disk, in a folder of the run's own that is gone when the run ends (issue 15, item 10)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawler.demo import Handler, SiteServer, serve
from tests.crawling import crawl
from tests.faultsite import write_files

ENTRIES = 30
# dates out of order, none twice: the newest are not simply the first listed
DAYS = [(7 * number) % ENTRIES + 1 for number in range(ENTRIES)]


def _sitemap() -> str:
    urls = "".join(
        f"<url><loc>{{{{BASE}}}}/2024/03/story-{day}.html</loc>"
        f"<lastmod>2024-03-{day:02d}</lastmod></url>"
        for day in DAYS
    )
    return (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{urls}</urlset>"
    )


def _feed() -> str:
    items = "".join(
        f"<item><title>{day}</title><link>{{{{BASE}}}}/2024/05/item-{day}.html</link>"
        f"<pubDate>{day:02d} May 2024 10:00:00 +0000</pubDate></item>"
        for day in DAYS
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>'
    )


def _page() -> str:
    """Links within the site, with links to another host between them (not counted)."""
    links = "".join(
        f'<a href="/2024/04/link-{number}.html">{number}</a>'
        f'<a href="http://elsewhere.example/{number}">x</a>'
        for number in range(ENTRIES)
    )
    return f"<html><head><title>All</title></head><body>{links}</body></html>"


class QueueWatcher(Handler):
    """Notes, at each request, whether the run's queue folder holds a disk queue."""

    queue: Path
    seen: list[bool]

    def respond(self) -> None:
        QueueWatcher.seen.append((QueueWatcher.queue / "requests.queue").is_dir())
        super().respond()


@pytest.fixture
def site(tmp_path: Path) -> Iterator[SiteServer]:
    root = write_files(
        tmp_path / "site", {"sitemap.xml": _sitemap(), "feed.xml": _feed(), "links.html": _page()}
    )
    QueueWatcher.queue, QueueWatcher.seen = tmp_path / "run.queue", []
    with serve(root, handler=QueueWatcher) as server:
        yield server


def _requested(server: SiteServer, prefix: str) -> list[str]:
    return [urlsplit(path).path for path in server.paths() if path.startswith(prefix)]


def test_a_sitemap_over_the_cap_gives_only_its_newest_urls(
    site: SiteServer, tmp_path: Path
) -> None:
    run = crawl(site, ["/sitemap.xml"], tmp_path, "DIPLOMACY_MAX_URLS_PER_SITEMAP=5")
    newest = [f"/2024/03/story-{day}.html" for day in range(ENTRIES, ENTRIES - 5, -1)]
    assert sorted(_requested(site, "/2024/03/")) == sorted(newest)
    assert run.stats["diplomacy/urls_over_cap/sitemap"] == ENTRIES - 5
    assert "lists 30 URLs: the newest 5 taken (DIPLOMACY_MAX_URLS_PER_SITEMAP)" in run.log


def test_a_feed_over_the_cap_gives_only_its_newest_items(site: SiteServer, tmp_path: Path) -> None:
    run = crawl(site, ["/feed.xml"], tmp_path, "DIPLOMACY_MAX_URLS_PER_FEED=5")
    newest = [f"/2024/05/item-{day}.html" for day in range(ENTRIES, ENTRIES - 5, -1)]
    assert sorted(_requested(site, "/2024/05/")) == sorted(newest)
    assert run.stats["diplomacy/urls_over_cap/feed"] == ENTRIES - 5
    assert "lists 30 items: the newest 5 taken (DIPLOMACY_MAX_URLS_PER_FEED)" in run.log


def test_a_page_over_the_cap_gives_its_first_links_within_the_crawl(
    site: SiteServer, tmp_path: Path
) -> None:
    run = crawl(site, ["/links.html"], tmp_path, "DIPLOMACY_MAX_LINKS_PER_PAGE=10")
    first = [f"/2024/04/link-{number}.html" for number in range(10)]
    assert sorted(_requested(site, "/2024/04/")) == sorted(first)
    assert run.stats["diplomacy/urls_over_cap/page"] == ENTRIES - 10
    assert "has 30 links within the crawl: the first 10 taken" in run.log


def test_the_queue_is_on_disk_while_the_run_goes_and_gone_after(
    site: SiteServer, tmp_path: Path
) -> None:
    run = crawl(site, ["/links.html"], tmp_path)
    assert QueueWatcher.seen and all(QueueWatcher.seen)
    assert run.stats["scheduler/enqueued/disk"] == run.stats["scheduler/enqueued"]
    assert "scheduler/unserializable" not in run.stats
    assert not (tmp_path / "run.queue").exists()
