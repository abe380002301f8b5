"""The crawl state and the runs beside it, trusted only when they can be: a damaged state is
refused with one line, and a run still going is never taken for a killed one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bench.site import write_site
from crawler.demo import LOCAL, SiteServer, crawl_command, serve
from crawler.state import CrawlState
from tests.conftest import ROOT
from tests.crawling import crawl

ARTICLES = 120
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    with serve(write_site(tmp_path_factory.mktemp("site"), ARTICLES)) as server:
        yield server


def command(server: SiteServer, folder: Path, name: str, state: Path) -> list[str]:
    return crawl_command(
        server.base + "/sitemap.xml", folder / f"{name}.jsonl", folder / f"{name}.stats.json",
        *LOCAL, state=state,
    )  # fmt: skip


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def truncated(state: Path) -> None:
    state.write_bytes(b"")


def junk(state: Path) -> None:
    state.write_bytes(b"not a database\n" * 1000)


def damaged(state: Path) -> None:
    """The header kept, the pages after the first overwritten (a bad disk, a bad copy)."""
    size = state.stat().st_size
    with state.open("r+b") as stream:
        stream.seek(4096)
        stream.write(b"\xa5" * (size - 4096))


def no_tables(state: Path) -> None:
    state.unlink()
    subprocess.run(["python3", "-c", f"import sqlite3; sqlite3.connect({str(state)!r}).execute"
                    "('CREATE TABLE x (a)').connection.commit()"], check=True)  # fmt: skip


@pytest.mark.parametrize("spoil", [truncated, junk, damaged, no_tables])
def test_a_damaged_state_is_refused_with_one_line(
    site: SiteServer, tmp_path: Path, spoil: Callable[[Path], None]
) -> None:
    """Read as an empty store, it would have every article written again."""
    state = tmp_path / "state.sqlite"
    first = crawl(site, ["/sitemap.xml"], tmp_path, name="first", state=state)
    assert len(first.records) == ARTICLES
    for leftover in tmp_path.glob("state.sqlite-*"):  # the WAL, checkpointed when it closed
        leftover.unlink()
    spoil(state)
    result = subprocess.run(
        command(site, tmp_path, "again", state), cwd=ROOT, env=ENV, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr[-3000:]
    assert "Traceback" not in result.stderr, result.stderr[-3000:]
    errors = [line for line in result.stderr.splitlines() if "ERROR" in line]
    assert len(errors) == 1 and f"crawl state {state}" in errors[0], result.stderr[-3000:]
    assert lines(tmp_path / "again.jsonl") == []


def test_a_new_state_is_made_whole_before_it_is_used(tmp_path: Path) -> None:
    CrawlState(tmp_path / "new" / "state.sqlite", 0.7).close()
    CrawlState(tmp_path / "new" / "state.sqlite", 0.7).close()  # and opens again
    assert sorted(path.name for path in (tmp_path / "new").iterdir())[0] == "state.sqlite"


def test_a_run_still_going_in_the_folder_is_not_taken_for_a_killed_one(
    site: SiteServer, tmp_path: Path
) -> None:
    """Two crawl states in one output folder: the second run must neither cut the first
    run's files nor adopt its records into its own state."""
    first = subprocess.Popen(
        command(site, tmp_path, "first", tmp_path / "first.sqlite"), cwd=ROOT, env=ENV,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while len(lines(tmp_path / "first.jsonl")) < 10:
        assert first.poll() is None and time.monotonic() < deadline, "the first run ended early"
        time.sleep(0.05)
    second = crawl(site, ["/sitemap.xml"], tmp_path, name="second", state=tmp_path / "b.sqlite")
    _, log = first.communicate(timeout=300)
    assert first.returncode == 0, log[-3000:]
    assert "was killed" not in second.log
    assert len(second.records) == ARTICLES  # its own state had none of them
    manifest = json.loads((tmp_path / "first.manifest.json").read_text(encoding="utf-8"))
    assert manifest["finish_reason"] == "finished"
    assert len(lines(tmp_path / "first.jsonl")) == ARTICLES
    assert not (tmp_path / "first.lock").exists()  # the run's lock goes with it


def test_a_killed_run_is_made_whole_by_its_own_state_only(site: SiteServer, tmp_path: Path) -> None:
    """A run of another state in the folder leaves the killed run alone (it cannot know
    which of its records the killed run's state lacks); the killed run's own state's next
    run makes it whole, and every article is written once over both of its runs."""
    first = subprocess.Popen(
        command(site, tmp_path, "first", tmp_path / "a.sqlite"), cwd=ROOT, env=ENV,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while len(lines(tmp_path / "first.jsonl")) < 10:
        assert first.poll() is None and time.monotonic() < deadline, "the first run ended early"
        time.sleep(0.05)
    first.kill()
    first.wait()
    other = crawl(site, ["/sitemap.xml"], tmp_path, name="other", state=tmp_path / "b.sqlite")
    assert "was killed" in other.log and "left to it" in other.log, other.log[-3000:]
    assert not (tmp_path / "first.manifest.json").exists()
    again = crawl(site, ["/sitemap.xml"], tmp_path, name="again", state=tmp_path / "a.sqlite")
    assert "first was killed: made whole" in again.log, again.log[-3000:]
    manifest = json.loads((tmp_path / "first.manifest.json").read_text(encoding="utf-8"))
    assert manifest["finish_reason"] == "killed"
    urls = [json.loads(line)["canonical_url"] for name in ("first", "again")
            for line in lines(tmp_path / f"{name}.jsonl")]  # fmt: skip
    assert len(urls) == len(set(urls)) == ARTICLES


def test_the_manifest_reads_no_output_that_is_not_a_regular_file(tmp_path: Path) -> None:
    """Records sent to a device (here a link to /dev/zero): the manifest must not hash it
    for ever, as it did at the end of a run whose records file was a link to /dev/full."""
    records = tmp_path / "run.jsonl"
    records.symlink_to("/dev/zero")
    entry = subprocess.run(  # in a process of its own: before the fix it never returned
        [sys.executable, "-c", "import json, sys; from pathlib import Path; from crawler."
         "manifest import file_entry; print(json.dumps(file_entry(Path(sys.argv[1]))))",
         str(records)], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=20,
    )  # fmt: skip
    assert json.loads(entry.stdout) == {"path": str(records), "not_regular": True}, entry.stderr
