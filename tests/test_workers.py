"""Cleaning workers that die: killed (as the OOM killer does) they cost only the pages in
hand, and a crawl killed with SIGKILL takes its workers with it.  Real crawls and real
``clean`` runs against a page that keeps a worker busy up to the time cap."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cleaners.pool import WORKER_DIED
from crawler.demo import SiteServer, serve
from tests.badinput.pages import PARAGRAPHS, article
from tests.conftest import ROOT
from tests.crawling import ENV, cleaning_workers, crawled, descendants, is_running, start_crawl
from tests.faultsite import CHAIN, SLOW_ARTICLE, SLOW_PARAGRAPHS, write_worker_site
from tests.warcs import DATE, HTML, write_warc

ONE_WORKER = "DIPLOMACY_CLEANING_WORKERS=1"


@pytest.fixture
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """A server of its own for each test: the tests go by the requests it saw."""
    with serve(write_worker_site(tmp_path_factory.mktemp("worker-site"))) as server:
        yield server


def wait_for(condition: Callable[[], object], seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def busy_workers(process: subprocess.Popen[bytes], site: SiteServer) -> list[int]:
    """The crawl's workers once the slow page is in their hands: asked for, then given a
    few seconds to arrive and go to the pool (where it stays for 10 s; its links are
    followed only once it is cleaned)."""
    wait_for(lambda: SLOW_ARTICLE in site.paths() or process.poll() is not None)
    time.sleep(4)
    wait_for(lambda: cleaning_workers(process.pid) or process.poll() is not None)
    assert process.poll() is None, "the crawl ended before the slow page was in hand"
    assert CHAIN[0] not in site.paths(), "the slow page was cleaned already"
    return cleaning_workers(process.pid)


def test_a_killed_worker_costs_the_pages_in_hand_and_the_crawl_goes_on(
    site: SiteServer, tmp_path: Path
) -> None:
    process = start_crawl(site, ["/"], tmp_path, ONE_WORKER)
    try:
        for worker in busy_workers(process, site):
            os.kill(worker, signal.SIGKILL)
        process.wait(timeout=300)
    finally:
        process.kill()
    log = (tmp_path / "run.log").read_text(encoding="utf-8")
    assert process.returncode == 0, log[-3000:]
    result = crawled(site, tmp_path, "run", log)
    reasons = {skip["url"].removeprefix(site.base): skip["reason"] for skip in result.skipped}
    assert reasons[SLOW_ARTICLE] == WORKER_DIED, reasons
    # the pool holds two pages a worker: at most one more was in hand
    assert list(reasons.values()).count(WORKER_DIED) <= 2, reasons
    # the chain is asked for once the slow page is out of the pool, so after the kill
    written = {record["url"].removeprefix(site.base) for record in result.records}
    assert set(CHAIN) <= written, (sorted(written), reasons)
    assert "Traceback" not in log, log[-3000:]


def test_a_crawl_killed_with_sigkill_leaves_no_worker_running(
    site: SiteServer, tmp_path: Path
) -> None:
    process = start_crawl(site, ["/"], tmp_path, ONE_WORKER)
    try:
        workers = busy_workers(process, site)
        assert workers
        # the workers, their forkserver and multiprocessing's resource tracker
        helpers = descendants(process.pid)
    finally:
        process.kill()
        process.wait()
    deadline = time.monotonic() + 10
    while any(map(is_running, helpers)) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = [pid for pid in helpers if is_running(pid)]
    for pid in left:  # not to leave them to the next tests
        os.kill(pid, signal.SIGKILL)
    assert not left, f"processes still running 10 s after the crawl was killed: {left}"


def slow_and_others(folder: Path) -> tuple[Path, list[Path]]:
    """The slow page, and more pages than a pool of two takes ahead of it (8)."""
    slow = folder / "0-slow.html"  # first in name order too (evaluate goes by id)
    slow.write_text(article(tuple(f"P {n}: {PARAGRAPHS[n % 5]}" for n in range(SLOW_PARAGRAPHS))))
    others = []
    for number in range(16):
        page = folder / f"page-{number:02d}.html"
        page.write_text(article(tuple(f"{number}: {p}" for p in PARAGRAPHS)), encoding="utf-8")
        others.append(page)
    return slow, others


def url_of(page: Path) -> str:
    return f"https://news.example/2024/03/12/{page.name}"


def run_killing_a_worker(*args: str | Path) -> tuple[int, str, str]:
    """``python -m cleaners ARGS --jobs 2`` with one worker killed once both are busy."""
    command = [sys.executable, "-m", "cleaners", *map(str, args), "--jobs", "2"]
    process = subprocess.Popen(
        command, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        wait_for(lambda: len(cleaning_workers(process.pid)) == 2 or process.poll() is not None)
        time.sleep(2)
        assert process.poll() is None, process.communicate()
        os.kill(cleaning_workers(process.pid)[0], signal.SIGKILL)
        out, err = process.communicate(timeout=300)
    finally:
        process.kill()
    return process.returncode, out, err


def test_clean_jobs_2_goes_on_after_a_worker_is_killed(tmp_path: Path) -> None:
    """Those after the slow one's result go to a fresh pool and give records."""
    slow, others = slow_and_others(tmp_path)
    _, out, err = run_killing_a_worker("clean", slow, *others)
    assert f"{slow}: {WORKER_DIED}" in err.splitlines(), err[-3000:]
    urls = {json.loads(line)["url"] for line in out.splitlines()}
    assert {page.as_uri() for page in others[8:]} <= urls, err[-3000:]


def test_reclean_archive_goes_on_after_a_worker_is_killed(tmp_path: Path) -> None:
    """The pages in hand are listed as not re-cleaned (exit 1); the later ones are."""
    slow, others = slow_and_others(tmp_path)
    run = tmp_path / "output"
    run.mkdir()
    responses = [(url_of(p), p.read_bytes(), HTML, DATE) for p in [slow, *others]]
    write_warc(run / "diplomacy-run.warc.gz", responses)
    status, out, err = run_killing_a_worker("reclean", "--archive", run, "-o", tmp_path / "new")
    assert status == 1, out + err[-3000:]
    assert f"  died     {url_of(slow)}: {WORKER_DIED}" in out.splitlines(), out
    urls = {json.loads(line)["url"] for line in (tmp_path / "new" / "diplomacy-run.jsonl").open()}
    assert {url_of(page) for page in others[8:]} <= urls, out + err[-3000:]


def test_evaluate_goes_on_after_a_worker_is_killed(tmp_path: Path) -> None:
    """The pages in hand score empty, and the report says how many and why."""
    (tmp_path / "html").mkdir()
    slow, others = slow_and_others(tmp_path / "html")
    truth = {p.stem: {"articleBody": "\n".join(PARAGRAPHS), "url": ""} for p in [slow, *others]}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    status, out, err = run_killing_a_worker("evaluate", tmp_path)
    assert status == 0, out + err[-3000:]
    assert re.search(rf"WARNING this pipeline: [1-8] pages scored empty, {WORKER_DIED}", out), out
    assert "17 pages" in out, out
