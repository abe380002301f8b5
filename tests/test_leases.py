"""The leased request queue on a real redis-server: what a process takes and never
acknowledges (it was killed) goes back to the queue when its lease runs out."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from redis import Redis
from scrapy import Request, Spider

from crawler.items import LEASE as META
from crawler.leases import LeasedQueue
from tests.conftest import ROOT
from tests.crawling import ENV
from tests.services import redis_server

KEY = "diplomacy:test:requests"
SPIDER = Spider(name="diplomacy")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with redis_server(tmp_path) as url:
        yield url


def queue(url: str, lease_ms: int = 60_000) -> LeasedQueue:
    leased = LeasedQueue(Redis.from_url(url), SPIDER, KEY)
    leased.lease_ms = lease_ms
    return leased


def test_requests_come_out_by_priority_and_count_until_acknowledged(server: str) -> None:
    first = queue(server)
    for path, priority in (("/low", 0), ("/high", 5), ("/mid", 2)):
        first.push(Request(f"https://news.example{path}", priority=priority))
    taken = first.pop()
    assert taken is not None and taken.url == "https://news.example/high"
    assert len(first) == 3, "a leased request still counts"
    assert first.ack(taken.meta[META])
    assert len(first) == 2
    assert [r.url for r in (first.pop(), first.pop())] == [  # type: ignore[union-attr]
        "https://news.example/mid",
        "https://news.example/low",
    ]
    assert first.pop() is None


def test_a_lease_that_runs_out_gives_the_request_to_another_process(server: str) -> None:
    first, second = queue(server, lease_ms=200), queue(server, lease_ms=200)
    first.push(Request("https://news.example/a", priority=3))
    first.push(Request("https://news.example/b"))
    taken = first.pop()
    assert taken is not None and taken.url == "https://news.example/a"
    time.sleep(0.3)
    again = second.pop()
    assert again is not None and again.url == "https://news.example/a", "with its priority"
    assert not first.ack(taken.meta[META]), "the first process's lease had run out"
    assert second.ack(again.meta[META])
    assert len(second) == 1


def test_renewing_keeps_a_lease(server: str) -> None:
    first, second = queue(server, lease_ms=300), queue(server, lease_ms=300)
    first.push(Request("https://news.example/a"))
    taken = first.pop()
    for _ in range(4):
        time.sleep(0.15)
        assert first.renew() == 1
    assert second.pop() is None
    assert taken is not None and first.ack(taken.meta[META])
    assert len(second) == 0


def test_requests_of_one_priority_come_out_first_in_first_out(server: str) -> None:
    """As the single-machine queue: a sitemap's entries in its order (newest first)."""
    leased = queue(server)
    paths = ["/z", "/a", "/m", "/b"]
    for path in paths:
        leased.push(Request(f"https://news.example{path}", priority=1))
    leased.push(Request("https://news.example/page"))
    taken = [leased.pop() for _ in range(5)]
    assert [urlsplit(r.url).path for r in taken if r] == [*paths, "/page"]


TAKER = """
import sys, time
from redis import Redis
from scrapy import Spider
from crawler.leases import LeasedQueue
leased = LeasedQueue(Redis.from_url(sys.argv[1]), Spider(name="diplomacy"), sys.argv[2])
leased.lease_ms = 1000
request = leased.pop()
print(request.url, flush=True)
time.sleep(600)
"""


def test_a_request_in_the_hands_of_a_process_killed_with_sigkill_is_not_lost(
    server: str,
) -> None:
    mine = queue(server)
    mine.push(Request("https://news.example/a"))
    command = [sys.executable, "-c", TAKER, server, KEY]
    taker = subprocess.Popen(command, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, text=True)
    try:
        assert taker.stdout is not None
        assert taker.stdout.readline().strip() == "https://news.example/a"
        taker.kill()
        taker.wait(timeout=30)
    finally:
        taker.kill()
    assert mine.pop() is None, "leased to the killed process for a second yet"
    assert len(mine) == 1
    time.sleep(1.2)
    again = mine.pop()
    assert again is not None and again.url == "https://news.example/a"
    assert mine.ack(again.meta[META])
    assert len(mine) == 0
