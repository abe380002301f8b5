"""Output that cannot be written: a full disk, a file on a device that refuses every write,
the output folder removed mid-run.  The run fails (exit 1) with one clear error line per kind
of file and no traceback; what it wrote is whole and in the crawl state, and the next run,
with room, writes the rest: every article exactly once over both runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from bench.site import write_site
from crawler.demo import LOCAL, SiteServer, crawl_command, serve
from crawler.manifest import MANIFEST, SKIPPED, run_file
from crawler.recovery import recover
from crawler.state import CrawlState
from tests.conftest import ROOT, SAMPLES
from tests.crawling import every_article_once, written

ARTICLES = 120
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
# the room a crawl has on the full disk: records, pages and state rows of some 15 articles
ROOM = 1024 * 1024


@pytest.fixture(scope="module")
def site_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_site(tmp_path_factory.mktemp("site"), ARTICLES)


@pytest.fixture(scope="module")
def site(site_root: Path) -> Iterator[SiteServer]:
    with serve(site_root) as server:
        yield server


def command(server: SiteServer, records: Path, state: Path, stats: Path) -> list[str]:
    return crawl_command(server.base + "/sitemap.xml", records, stats, *LOCAL, state=state)


def run(
    server: SiteServer, records: Path, state: Path, stats: Path
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command(server, records, state, stats), cwd=ROOT, env=ENV, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip


def errors(log: str) -> list[str]:
    """The ERROR lines of a crawl's log, without their time and logger."""
    return [line.split(" ERROR: ", 1)[1] for line in log.splitlines() if " ERROR: " in line]


def manifest(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def stored(state: Path) -> int:
    store = CrawlState(state, 0.7)
    try:
        return store.written_count()
    finally:
        store.close()


@contextmanager
def mounted(disk: Path, options: str) -> Iterator[Path]:
    """A real tmpfs at ``disk`` (mounting needs root: the test is skipped without it)."""
    disk.mkdir()
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(disk)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if mount.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {mount.stderr.strip()}")
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 16 MB disk."""
    with mounted(tmp_path / "disk", "size=16m") as disk:
        yield disk


def test_a_full_disk_fails_the_run_with_one_error_and_the_next_run_writes_the_rest(
    site: SiteServer, tmp_path: Path, small_disk: Path
) -> None:
    filler = small_disk / "filler"
    room = os.statvfs(small_disk)
    filler.write_bytes(bytes(room.f_bavail * room.f_frsize - ROOM))
    state = small_disk / "state.sqlite"
    first = run(site, small_disk / "first.jsonl", state, tmp_path / "first.stats.json")
    assert first.returncode == 1, first.stderr[-3000:]
    assert "Traceback" not in first.stderr, first.stderr[-3000:]
    (error,) = errors(first.stderr)
    assert error.startswith("cannot write "), error
    assert error.endswith(("No space left on device", "database or disk is full")), error
    before = written(small_disk / "first.jsonl")
    assert 0 < sum(before.values()) < ARTICLES
    assert stored(state) == sum(before.values())  # the state holds what the file holds
    ended = manifest(small_disk / "first.manifest.json")
    assert (ended["status"], ended["failure"]) == ("failed", error)

    filler.unlink()
    second = run(site, small_disk / "second.jsonl", state, tmp_path / "second.stats.json")
    assert second.returncode == 0, second.stderr[-3000:]
    every_article_once(ARTICLES, written(small_disk / "first.jsonl", small_disk / "second.jsonl"))


@pytest.mark.parametrize(("suffix", "kind"), [(".jsonl", "records"), (".warc.gz", "the archive")])
def test_a_file_that_refuses_every_write_fails_the_run_and_nothing_is_remembered(
    site: SiteServer, tmp_path: Path, suffix: str, kind: str
) -> None:
    """Records or archive on /dev/full: the state must not remember articles whose record
    or page was never written, or the next run would not write them (lost)."""
    refusing = tmp_path / f"first{suffix}"
    refusing.symlink_to("/dev/full")
    state = tmp_path / "state.sqlite"
    first = run(site, tmp_path / "first.jsonl", state, tmp_path / "first.stats.json")
    assert first.returncode == 1, first.stderr[-3000:]
    assert "Traceback" not in first.stderr, first.stderr[-3000:]
    assert errors(first.stderr) == [f"cannot write {kind} to {refusing}: No space left on device"]
    assert written(tmp_path / "first.jsonl") == Counter()
    assert stored(state) == 0
    assert manifest(tmp_path / "first.manifest.json")["status"] == "failed"

    refusing.unlink()
    second = run(site, tmp_path / "second.jsonl", state, tmp_path / "second.stats.json")
    assert second.returncode == 0, second.stderr[-3000:]
    every_article_once(ARTICLES, written(tmp_path / "second.jsonl"))


def test_an_output_folder_removed_mid_run_fails_the_run(site_root: Path, tmp_path: Path) -> None:
    """The run's files removed (its stats file, written at the end, makes the folder again):
    the manifest must not say ok."""
    output = tmp_path / "output"
    records = output / "run.jsonl"
    with serve(site_root, delay=0.02) as server:
        crawl = subprocess.Popen(
            command(server, records, output / "state.sqlite", output / "run.stats.json"),
            cwd=ROOT, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while not records.is_file() or records.read_bytes().count(b"\n") < 10:
            assert crawl.poll() is None and time.monotonic() < deadline, "the crawl ended early"
            time.sleep(0.05)
        shutil.rmtree(output)
        _, log = crawl.communicate(timeout=300)
    assert crawl.returncode == 1, log[-3000:]
    assert "Traceback" not in log, log[-3000:]
    lines = errors(log)
    assert lines and all(line.endswith(": the file was deleted") for line in lines), lines
    assert len({line.split(" to ")[0] for line in lines}) == len(lines), lines  # one per kind
    ended = manifest(output / "run.manifest.json")
    assert ended["status"] == "failed" and ended["failure"] == lines[0], ended


def test_a_read_only_disk_stops_the_run_before_it_starts_with_one_line(
    site: SiteServer, tmp_path: Path
) -> None:
    with mounted(tmp_path / "disk", "ro,size=1m") as disk:
        first = run(site, disk / "run.jsonl", disk / "state.sqlite", tmp_path / "stats.json")
    assert first.returncode == 1, first.stderr[-3000:]
    assert "Traceback" not in first.stderr, first.stderr[-3000:]
    lock = disk / "state.sqlite.lock"
    assert errors(first.stderr) == [f"cannot write the lock file {lock}: Read-only file system"]


def test_a_killed_run_is_made_whole_only_once_the_state_takes_its_records(tmp_path: Path) -> None:
    """A state that refuses writes (made read-only here) while a killed run is made whole:
    the killed run must keep no manifest, so that a later run adds its records to the state
    (with a manifest it would be left alone, and its articles written again)."""
    killed = tmp_path / "killed"
    record = json.loads(SAMPLES[0].golden.read_text(encoding="utf-8"))
    (tmp_path / "killed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    run_file(killed, SKIPPED).touch()
    refused: list[BaseException] = []
    state = CrawlState(tmp_path / "state.sqlite", 0.7, refused.append)
    state.db.execute("PRAGMA query_only = ON")
    recover(killed, state)
    state.close()
    assert [str(error) for error in refused] == ["attempt to write a readonly database"]
    assert not run_file(killed, MANIFEST).exists()
    assert stored(tmp_path / "state.sqlite") == 0


def test_a_stats_file_that_cannot_be_written_is_one_error_and_the_records_stay(
    site: SiteServer, tmp_path: Path
) -> None:
    """The stats file is written last, as the spider closes: a folder that cannot be made
    (a file is in its place) is one error line and exit 1, not a traceback; the records
    and the state are whole."""
    (tmp_path / "taken").write_text("a file, not a folder\n", encoding="utf-8")
    stats = tmp_path / "taken" / "run.stats.json"
    state = tmp_path / "state.sqlite"
    first = run(site, tmp_path / "run.jsonl", state, stats)
    assert first.returncode == 1, first.stderr[-3000:]
    assert "Traceback" not in first.stderr, first.stderr[-3000:]
    assert errors(first.stderr) == [f"cannot write the stats file {stats}: File exists"]
    every_article_once(ARTICLES, written(tmp_path / "run.jsonl"))
    assert stored(state) == ARTICLES
