"""Crash safety: a crawl of a few hundred articles killed or interrupted half-way, then run
again, ends with every article written exactly once."""

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

from bench.site import write_site
from crawler.demo import LOCAL, SiteServer, crawl_command, serve
from crawler.store import hold_lock
from tests.conftest import ROOT
from tests.crawling import crawl, every_article_once, written

ARTICLES = 300
HALF_WAY = ARTICLES // 2  # records written before the crawl is stopped


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    root = write_site(tmp_path_factory.mktemp("site"), ARTICLES)
    with serve(root) as server:
        yield server


def start(server: SiteServer, folder: Path, name: str, *settings: str) -> subprocess.Popen[str]:
    """A crawl of the site's sitemap in the background, in its own process group."""
    command = crawl_command(
        server.base + "/sitemap.xml", folder / f"{name}.jsonl", folder / f"{name}.stats.json",
        *LOCAL, *settings, state=folder / "state.sqlite",
    )  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        text=True, start_new_session=True,
    )  # fmt: skip


def wait_for_records(process: subprocess.Popen[str], output: Path, count: int) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if output.exists() and output.read_bytes().count(b"\n") >= count:
            return
        assert process.poll() is None, "the crawl ended before it could be stopped"
        time.sleep(0.05)
    pytest.fail("the crawl wrote too few records in time")


def test_a_crawl_killed_half_way_loses_nothing_and_writes_nothing_twice(
    site: SiteServer, tmp_path: Path
) -> None:
    first = start(site, tmp_path, "killed")
    wait_for_records(first, tmp_path / "killed.jsonl", HALF_WAY)
    os.killpg(first.pid, signal.SIGKILL)  # the crawl process and its cleaning workers
    first.wait(timeout=30)
    assert not (tmp_path / "killed.manifest.json").exists()
    assert (tmp_path / "killed.queue" / "requests.queue").is_dir()  # left by the kill

    second = crawl(site, ["/sitemap.xml"], tmp_path, name="again", state=tmp_path / "state.sqlite")
    every_article_once(ARTICLES, written(tmp_path / "killed.jsonl", tmp_path / "again.jsonl"))
    # ... and removed by the next run, with its own
    assert not (tmp_path / "killed.queue").exists() and not (tmp_path / "again.queue").exists()
    # the next run made the killed one whole: its manifest, and an archive that checks
    manifest = json.loads((tmp_path / "killed.manifest.json").read_text(encoding="utf-8"))
    assert manifest["finish_reason"] == "killed" and manifest["status"] == "failed"
    check = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", str(tmp_path / "killed.warc.gz")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert len(second.records) < ARTICLES


@pytest.mark.parametrize("stop", ["SIGINT to the process group", "SIGTERM to the crawl"])
def test_an_interrupted_crawl_resumes_from_its_jobdir(
    site: SiteServer, tmp_path: Path, stop: str
) -> None:
    jobdir = f"JOBDIR={tmp_path / 'job'}"
    first = start(site, tmp_path, "stopped", jobdir)
    wait_for_records(first, tmp_path / "stopped.jsonl", HALF_WAY)
    if stop.startswith("SIGINT"):
        os.killpg(first.pid, signal.SIGINT)  # as Ctrl-C in a terminal does
    else:
        first.send_signal(signal.SIGTERM)
    _, log = first.communicate(timeout=180)
    assert first.returncode == 1, log[-3000:]  # stopped early: the run failed
    manifest = json.loads((tmp_path / "stopped.manifest.json").read_text(encoding="utf-8"))
    assert manifest["finish_reason"] == "shutdown"
    assert manifest["failure"] == "ended early: shutdown"
    # the queue is JOBDIR's, kept for the next run, not one of the run's own
    assert (tmp_path / "job" / "requests.queue").is_dir()
    assert not (tmp_path / "stopped.queue").exists()

    resumed = start(site, tmp_path, "resumed", jobdir)
    _, log = resumed.communicate(timeout=300)
    assert resumed.returncode == 0, log[-3000:]
    every_article_once(ARTICLES, written(tmp_path / "stopped.jsonl", tmp_path / "resumed.jsonl"))


def test_two_runs_cannot_share_a_crawl_state_at_once(tmp_path: Path) -> None:
    """A slow run overlapping the next scheduled one: the second stops at once."""
    lock = tmp_path / "state.sqlite.lock"
    first = hold_lock(lock)
    with pytest.raises(RuntimeError, match="another run is using the crawl state"):
        hold_lock(lock)
    first.close()
    hold_lock(lock).close()  # free again once the first run ends
