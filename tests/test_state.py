"""One suite for both crawl-state stores: the SQLite file (the default) and Redis (a real
``redis-server`` started for each test).  The same calls must give the same answers."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cleaners.cleaning.neardup import band_keys, signature
from cleaners.record import Record, content_hash
from crawler.articles import StateError
from crawler.redisstate import RedisState
from crawler.state import CrawlState
from crawler.store import StateStore
from tests.badinput.pages import PARAGRAPHS
from tests.services import free_port, redis_server

THRESHOLD = 0.7
DAY = "2024-03-12T08:00:00Z"
Opener = Callable[[], StateStore]


@pytest.fixture(params=["sqlite", "redis"])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Opener]:
    """A function that opens the test's store (again: a second connection to the same)."""
    opened: list[StateStore] = []

    def kept(store: StateStore) -> StateStore:
        opened.append(store)
        return store

    if request.param == "sqlite":
        yield lambda: kept(CrawlState(tmp_path / "state.sqlite", THRESHOLD))
    else:
        with redis_server(tmp_path) as url:
            yield lambda: kept(RedisState(url, THRESHOLD))
    for store in opened:
        store.close()


def record(url: str, text: str, canonical: str | None = None) -> Record:
    return {  # type: ignore[typeddict-item]
        "url": url,
        "canonical_url": canonical or url,
        "content_hash": content_hash(text),
        "minhash": signature(text),
        "fetched_at": DAY,
        "text": text,
    }


STORY = "\n\n".join(PARAGRAPHS)
OTHER = "\n\n".join(
    f"Unrelated paragraph {n} about the harvest and the weather." * 3 for n in range(8)
)


def test_a_new_store_fetches_every_link(opener: Opener) -> None:
    store = opener()
    assert store.should_fetch("https://news.example/a")
    assert store.written_count() == 0
    assert store.article("https://news.example/a") is None


def test_a_written_article_is_not_fetched_again_by_any_of_its_urls(opener: Opener) -> None:
    store = opener()
    written = record("https://news.example/a?page=1", STORY, "https://news.example/a")
    assert store.remember(written, ["https://news.example/amp/a"], "2024-03-01T00:00:00Z")
    for url in (
        "https://news.example/a",
        "https://news.example/a?page=1",
        "https://news.example/amp/a",
    ):
        assert not store.should_fetch(url), url
        assert store.canonical_of(url) == "https://news.example/a"
    stored = store.article("https://news.example/a")
    assert stored is not None
    assert (stored.content_hash, stored.minhash) == (written["content_hash"], written["minhash"])
    assert (stored.lastmod, stored.fetched_at) == ("2024-03-01T00:00:00Z", DAY)
    assert store.written_count() == 1


def test_a_newer_date_from_its_source_fetches_it_again(opener: Opener) -> None:
    store = opener()
    store.remember(record("https://news.example/a", STORY), [], "2024-03-01T00:00:00Z")
    assert store.should_fetch("https://news.example/a", "2024-03-02T00:00:00Z")
    assert not store.should_fetch("https://news.example/a", "2024-02-28T00:00:00Z")
    assert not store.should_fetch("https://news.example/a", "not a date")


def test_a_skipped_page_waits_until_its_source_says_it_changed(opener: Opener) -> None:
    store = opener()
    store.remember_skipped("https://news.example/short", None, DAY)
    assert not store.should_fetch("https://news.example/short")
    assert store.should_fetch("https://news.example/short", "2024-03-13T00:00:00Z")
    store.remember(record("https://news.example/short", STORY), [], None)
    assert not store.should_fetch("https://news.example/short", "2024-03-12T07:00:00Z")


def test_touch_moves_an_unchanged_articles_dates_on(opener: Opener) -> None:
    store = opener()
    written = record("https://news.example/a", STORY)
    store.remember(written, [], "2024-03-01T00:00:00Z")
    store.touch("https://news.example/a", "2024-03-05T00:00:00Z", "2024-03-06T00:00:00Z")
    stored = store.article("https://news.example/a")
    assert stored is not None
    assert (stored.lastmod, stored.fetched_at) == ("2024-03-05T00:00:00Z", "2024-03-06T00:00:00Z")
    assert stored.content_hash == written["content_hash"]
    assert not store.should_fetch("https://news.example/a", "2024-03-04T00:00:00Z")


def test_aliases_lead_to_the_canonical_url_over_several_hops(opener: Opener) -> None:
    store = opener()
    store.add_aliases(["https://news.example/print/a"], "https://news.example/amp/a")
    store.add_aliases(["https://news.example/amp/a"], "https://news.example/a")
    assert store.canonical_of("https://news.example/print/a") == "https://news.example/a"
    assert store.canonical_of("https://news.example/other") == "https://news.example/other"


def test_a_near_duplicate_is_the_earliest_stored_similar_article(opener: Opener) -> None:
    store = opener()
    store.remember(record("https://one.example/a", STORY), [], None)
    store.remember(record("https://other.example/x", OTHER), [], None)
    store.remember(record("https://two.example/b", STORY + "\n\nUpdated at noon."), [], None)
    copy = record("https://three.example/c", STORY + "\n\nWith wire reports.")
    assert store.near_duplicate_of(copy) == "https://one.example/a"
    # an article is not a near-duplicate of itself, but of the next earliest
    assert (
        store.near_duplicate_of(record("https://one.example/a", STORY)) == "https://two.example/b"
    )
    assert store.near_duplicate_of(record("https://four.example/d", OTHER + " More.")) == (
        "https://other.example/x"
    )


def test_an_article_stored_again_keeps_only_its_new_bands(opener: Opener) -> None:
    store = opener()
    store.remember(record("https://one.example/a", STORY), [], None)
    store.remember(record("https://one.example/a", OTHER), [], None)
    assert store.near_duplicate_of(record("https://two.example/b", STORY)) is None
    assert (
        store.near_duplicate_of(record("https://two.example/b", OTHER)) == "https://one.example/a"
    )
    assert store.written_count() == 1


def test_a_second_connection_sees_what_the_first_wrote_at_once(opener: Opener) -> None:
    first, second = opener(), opener()
    first.remember(record("https://one.example/a", STORY), ["https://one.example/amp/a"], None)
    first.remember_skipped("https://one.example/short", None, DAY)
    assert not second.should_fetch("https://one.example/amp/a")
    assert not second.should_fetch("https://one.example/short")
    assert (
        second.near_duplicate_of(record("https://two.example/b", STORY)) == "https://one.example/a"
    )
    assert second.written_count() == 1


def test_a_redis_store_that_cannot_be_reached_stops_the_run(tmp_path: Path) -> None:
    with pytest.raises(StateError, match="cannot be reached"):
        RedisState(f"redis://127.0.0.1:{free_port()}/0", THRESHOLD)


def test_a_write_the_redis_server_refuses_is_reported_once_then_none_is_tried(
    tmp_path: Path,
) -> None:
    refused: list[BaseException] = []
    with redis_server(tmp_path) as url:
        store = RedisState(url, THRESHOLD, refused.append)
        store.db.config_set("maxmemory", 1)  # the server now refuses every write (OOM)
        assert not store.remember(record("https://one.example/a", STORY), [], None)
        store.remember_skipped("https://one.example/b", None, DAY)
        assert len(refused) == 1 and "maxmemory" in str(refused[0])
        assert not store.writable
        store.db.config_set("maxmemory", 0)
        assert store.written_count() == 0 and store.should_fetch("https://one.example/b")
        store.close()


def test_processes_on_one_redis_state_share_one_run_until_the_last_leaves(
    tmp_path: Path,
) -> None:
    with redis_server(tmp_path) as url:
        first, second = RedisState(url, THRESHOLD), RedisState(url, THRESHOLD)
        started = first.join("host:output/diplomacy-first")
        joined = second.join("host:output/diplomacy-second")
        assert started.started and not joined.started and joined.id == started.id
        first.db.set(started.key("queue"), "x")
        started.close()
        assert first.db.exists(started.key("queue")), "the second process is still in it"
        joined.close()
        assert not first.db.exists(started.key("queue")), "the last one ends the run"
        # a run whose only process was killed (its lease is cut short here instead of
        # waiting for it): the next process starts a new run, without the old one's keys
        killed = first.join("host:output/diplomacy-killed", lease_ms=200)
        killed.stopped.set()
        killed.thread.join()
        first.db.set(killed.key("queue"), "x")
        time.sleep(0.3)
        after = second.join("host:output/diplomacy-next")
        assert after.started and after.id != killed.id
        assert not first.db.exists(killed.key("queue"))
        after.close()
        first.close()
        second.close()


def test_an_article_is_claimed_by_one_live_process_of_the_run(tmp_path: Path) -> None:
    with redis_server(tmp_path) as url:
        first, second = RedisState(url, THRESHOLD), RedisState(url, THRESHOLD)
        mine = first.join("host:one", lease_ms=300)
        theirs = second.join("host:two")
        story = record("https://one.example/a", STORY)
        assert first.claim(story) == (None, None)
        # the other process sees the claim, and the claimed text as a near duplicate
        assert second.claim(story).taken_by == "host:one"
        copy = record("https://two.example/b", STORY + "\n\nSyndicated.")
        assert second.claim(copy) == (None, "https://one.example/a")
        # the first process is killed before it stores the article: once its lease runs
        # out the claim is the other's, and a restart gives up what it never stored
        mine.stopped.set()
        mine.thread.join()
        time.sleep(0.4)
        assert second.claim(story) == (None, "https://two.example/b")
        assert first.forsake("host:one") == ["https://one.example/a"]
        assert first.claim(story).taken_by == "host:two", "what is given up is one's own"
        theirs.close()
        first.close()
        second.close()


def test_two_processes_storing_one_article_at_once_leave_the_bands_of_one(tmp_path: Path) -> None:
    """Each store's own connection, from its own thread, as two crawl processes would."""
    texts = (STORY, OTHER)
    with redis_server(tmp_path) as url:
        stores = [RedisState(url, THRESHOLD), RedisState(url, THRESHOLD)]

        def store_often(store: RedisState, text: str) -> None:
            for n in range(60):
                store.remember(record("https://one.example/a", f"{text}\n\nVersion {n}."), [], None)

        threads = [
            threading.Thread(target=store_often, args=(store, text))
            for store, text in zip(stores, texts, strict=True)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        db = stores[0].db
        stored = stores[0].article("https://one.example/a")
        assert stored is not None
        expected = {stores[0].key(f"band:{key}") for key in band_keys(stored.minhash, THRESHOLD)}
        holding = {
            key
            for key in db.scan_iter(stores[0].key("band:*"))
            if db.zscore(key, "https://one.example/a") is not None
        }
        assert holding == expected
        for store in stores:
            store.close()
