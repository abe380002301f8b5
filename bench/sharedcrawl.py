"""Part 7 of the benchmark: ``scrapy crawl diplomacy`` as 2 processes of one shared run on
Redis against 1, on the same generated local site, as whole processes (start-up included);
and 1 process on Redis against 1 on the SQLite state (what the shared path costs)."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from bench.site import write_site
from crawler.demo import ROOT, crawl_command, serve
from tests.services import redis_server

SITE_PAGES = 1000
# as part 3: a local server needs no politeness, and one host takes all the requests
LOCAL = ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
         "LOG_LEVEL=WARNING", "CLOSESPIDER_PAGECOUNT=0", "DIPLOMACY_MIN_TOPIC_SCORE=0")  # fmt: skip


def timed_crawl(site: Path, workdir: Path, processes: int, redis_url: str | None) -> float:
    """Articles written per second by ``processes`` crawl processes started at once."""
    shared = (f"DIPLOMACY_REDIS_URL={redis_url}",) if redis_url else ()
    started, outputs = [], []
    with serve(site) as server:
        begin = time.perf_counter()
        for number in range(processes):
            output = workdir / f"crawl-{number}.jsonl"
            command = crawl_command(
                server.base + "/sitemap.xml", output, workdir / f"crawl-{number}.json",
                *LOCAL, *shared, state=workdir / "state.sqlite",
            )  # fmt: skip
            started.append(subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL))
            outputs.append(output)
        for process in started:
            process.wait()
        elapsed = time.perf_counter() - begin
    written = sum(sum(1 for _ in output.open(encoding="utf-8")) for output in outputs)
    return written / elapsed


def shared_against_one(templates: list[str], workdir: Path) -> None:
    site = write_site(workdir / "site", SITE_PAGES, templates)
    rates: dict[str, float] = {}
    for name, processes, on_redis in (("sqlite", 1, False), ("one", 1, True), ("two", 2, True)):
        folder = workdir / name
        (folder / "redis").mkdir(parents=True)
        with redis_server(folder / "redis") as url:  # a fresh state for each
            rates[name] = timed_crawl(site, folder, processes, url if on_redis else None)
    print(
        f"7. shared crawl on Redis, {SITE_PAGES} pages: 2 processes {rates['two']:.1f} pages/s,"
        f" 1 process {rates['one']:.1f}: ratio {rates['two'] / rates['one']:.2f}; 1 process on"
        f" SQLite {rates['sqlite']:.1f} pages/s: Redis/SQLite {rates['one'] / rates['sqlite']:.2f}"
    )
