"""Crawl processes sharing one run on a real redis-server: one queue, one crawl state, one
politeness budget per host; a process killed with SIGKILL loses nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from bench.site import article_path, write_site
from crawler.demo import LOCAL, SiteServer, crawl_command, serve
from crawler.parts import run_parts
from tests.conftest import ROOT
from tests.crawling import ENV, every_article_once, written
from tests.services import redis_server

ARTICLES = 300
PRIVATE = 5  # pages in the sitemap that robots.txt disallows
PER_HOST = 2
# records of the process to kill before it is killed: half its share of two (a quarter)
# less a margin, as the other process may take more than half on a loaded machine
HALF_WAY = ARTICLES // 6


def shared_site(root: Path) -> Path:
    """300 articles, and a few more that robots.txt forbids, all in the sitemap."""
    write_site(root, ARTICLES)
    sitemap = root / "sitemap.xml"
    private = "".join(f"<url><loc>{{{{BASE}}}}/private/{n}/</loc></url>" for n in range(PRIVATE))
    sitemap.write_text(sitemap.read_text().replace("</urlset>", private + "</urlset>"))
    for n in range(PRIVATE):
        page = root / "private" / str(n) / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text((root / article_path(0).strip("/") / "index.html").read_text())
    (root / "robots.txt").write_text("User-agent: *\nDisallow: /private/\n")
    return root


@pytest.fixture
def site(tmp_path: Path) -> Iterator[SiteServer]:
    """A server that answers each page after 20 ms: requests overlap, and a crawl lasts
    long enough to be killed half-way."""
    with serve(shared_site(tmp_path / "site"), delay=0.02) as server:
        yield server


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    folder = tmp_path / "redis"
    folder.mkdir()
    with redis_server(folder) as url:
        yield url


@pytest.fixture
def started() -> Iterator[list[subprocess.Popen[str]]]:
    """The crawl processes a test starts, killed (with their workers) if still running."""
    processes: list[subprocess.Popen[str]] = []
    yield processes
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=30)


def start(server: SiteServer, folder: Path, name: str, url: str) -> subprocess.Popen[str]:
    """A crawl process of the shared run, in a process group of its own."""
    command = crawl_command(
        server.base + "/sitemap.xml", folder / f"{name}.jsonl", folder / f"{name}.stats.json",
        *LOCAL, f"DIPLOMACY_REDIS_URL={url}", "DIPLOMACY_REDIS_LEASE_SECONDS=3",
        f"CONCURRENT_REQUESTS_PER_DOMAIN={PER_HOST}", "DIPLOMACY_CLEANING_WORKERS=1",
    )  # fmt: skip
    log = (folder / f"{name}.log").open("w")
    return subprocess.Popen(
        command, cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=log, text=True,
        start_new_session=True,
    )  # fmt: skip


def wait_for_records(process: subprocess.Popen[str], output: Path, count: int) -> None:
    deadline = time.monotonic() + 180
    while not output.exists() or output.read_bytes().count(b"\n") < count:
        written = output.read_bytes().count(b"\n") if output.exists() else 0
        assert process.poll() is None, f"the crawl ended after {written} records, not killed"
        assert time.monotonic() < deadline, f"only {written} records in 180 s"
        time.sleep(0.05)


def finish(process: subprocess.Popen[str], folder: Path, name: str) -> dict[str, object]:
    """Wait for a crawl process to end well; its manifest."""
    process.wait(timeout=300)
    log = (folder / f"{name}.log").read_text()
    assert process.returncode == 0, log[-3000:]
    manifest: dict[str, object] = json.loads((folder / f"{name}.manifest.json").read_text())
    return manifest


def test_two_processes_write_each_article_once_and_keep_the_host_limit_together(
    site: SiteServer, redis_url: str, tmp_path: Path, started: list[subprocess.Popen[str]]
) -> None:
    first = start(site, tmp_path, "a", redis_url)
    second = start(site, tmp_path, "b", redis_url)
    started += [first, second]
    manifests = [finish(first, tmp_path, "a"), finish(second, tmp_path, "b")]
    paths = written(tmp_path / "a.jsonl", tmp_path / "b.jsonl")
    every_article_once(ARTICLES, paths)
    by_process = [written(tmp_path / f"{name}.jsonl").total() for name in "ab"]
    assert min(by_process) > 0, f"one process did all the work: {by_process}"
    assert not [path for path in site.paths() if path.startswith("/private/")]
    assert 0 < site.max_in_flight <= PER_HOST
    requested = [path for path in site.paths() if "/story-" in path]
    assert len(requested) == len(set(requested)) == ARTICLES, "an article fetched twice"
    assert site.paths().count("/sitemap.xml") == 1, "start URLs are queued once per run"
    # one fetch for the rules (by one process, for both) and one for its sitemaps
    assert site.paths().count("/robots.txt") == 2, "robots.txt is read once for all"
    # one run, of two parts: what python -m crawler.parts lists
    (run, parts), *others = run_parts([tmp_path]).items()
    assert others == [] and run == manifests[0]["shared_run"]["id"]  # type: ignore[index]
    assert sorted(path.name for path, _ in parts) == ["a.manifest.json", "b.manifest.json"]
    listed = subprocess.run(
        [sys.executable, "-m", "crawler.parts", str(tmp_path)],
        cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert listed.stdout.startswith(f"{run}: 2 parts, {ARTICLES} records\n"), listed.stdout
    assert not redis.Redis.from_url(redis_url).keys("diplomacy:run:*"), "the run ended"


def test_a_process_killed_half_way_and_started_again_loses_nothing(
    site: SiteServer, redis_url: str, tmp_path: Path, started: list[subprocess.Popen[str]]
) -> None:
    first = start(site, tmp_path, "killed", redis_url)
    second = start(site, tmp_path, "other", redis_url)
    started += [first, second]
    wait_for_records(first, tmp_path / "killed.jsonl", HALF_WAY)
    os.killpg(first.pid, signal.SIGKILL)  # the crawl process and its cleaning worker
    first.wait(timeout=30)
    again = start(site, tmp_path, "again", redis_url)
    started.append(again)
    finish(second, tmp_path, "other")
    finish(again, tmp_path, "again")
    files = [tmp_path / f"{name}.jsonl" for name in ("killed", "other", "again")]
    every_article_once(ARTICLES, written(*files))
    killed = json.loads((tmp_path / "killed.manifest.json").read_text())
    assert killed["finish_reason"] == "killed", "the restarted process made it whole"


def test_a_redis_server_that_goes_away_fails_the_run_without_hanging(
    site: SiteServer, redis_url: str, tmp_path: Path, started: list[subprocess.Popen[str]]
) -> None:
    crawl = start(site, tmp_path, "orphan", redis_url)
    started.append(crawl)
    wait_for_records(crawl, tmp_path / "orphan.jsonl", 20)
    redis.Redis.from_url(redis_url).shutdown(nosave=True)
    crawl.wait(timeout=120)
    log = (tmp_path / "orphan.log").read_text()
    assert crawl.returncode == 1, log[-3000:]
    assert "cannot write the" in log and "redis://127.0.0.1" in log, log[-3000:]
    records = (tmp_path / "orphan.jsonl").read_text().splitlines()
    assert all(json.loads(line)["canonical_url"] for line in records), "whole records only"
