"""Cleaning on a real Dask cluster (``--dask local:2``: a ``distributed.LocalCluster`` of two
worker processes): the same bytes as local processes, also when a worker is killed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from tests.badinput.pages import PARAGRAPHS, article
from tests.conftest import ROOT
from tests.crawling import ENV, cpu_seconds, descendants, parent_of
from tests.faultsite import SLOW_PARAGRAPHS
from tests.services import dask_processes
from tests.warcs import DATE, HTML, write_warc

SAMPLES = sorted((ROOT / "samples").glob("*/page.html"))
LOCAL = "local:2"


def cleaners(*args: str | Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "cleaners", *map(str, args)]
    return subprocess.run(
        command, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=timeout, check=False
    )


def archive_of(run: Path, pages: Sequence[tuple[str, bytes]]) -> Path:
    run.mkdir(parents=True)
    write_warc(run / "diplomacy-run.warc.gz", [(url, body, HTML, DATE) for url, body in pages])
    return run


def summary(out: str) -> list[str]:
    """What reclean printed, but for the line that names the output folder."""
    return [line for line in out.splitlines() if not line.startswith("new records in ")]


def test_reclean_archive_on_a_local_cluster_writes_the_bytes_of_one_process(
    tmp_path: Path,
) -> None:
    pages = [
        (f"https://news.example/{n}/{p.parent.name}", p.read_bytes())
        for n in range(2)
        for p in SAMPLES
    ]
    run = archive_of(tmp_path / "run", pages)
    alone = cleaners("reclean", "--archive", run, "-o", tmp_path / "one", "--jobs", "1")
    dask = cleaners("reclean", "--archive", run, "-o", tmp_path / "dask", "--dask", LOCAL)
    assert alone.returncode == dask.returncode == 0, dask.stderr[-3000:]
    written = (tmp_path / "one" / "diplomacy-run.jsonl").read_bytes()
    assert written.count(b"\n") == len(pages)  # every page in the archive gives a record
    assert (tmp_path / "dask" / "diplomacy-run.jsonl").read_bytes() == written
    assert summary(dask.stdout) == summary(alone.stdout)


def test_clean_on_a_local_cluster_prints_the_records_of_one_process() -> None:
    alone = cleaners("clean", *SAMPLES, "--jobs", "1", "--fetched-at", DATE)
    dask = cleaners("clean", *SAMPLES, "--dask", LOCAL, "--fetched-at", DATE)
    assert alone.stdout.count("\n") >= len(SAMPLES) - 2, alone.stderr[-3000:]
    assert (dask.returncode, dask.stdout) == (alone.returncode, alone.stdout)


def dask_worker_cleaning_slowly(pid: int, deadline: float) -> int:
    """The Dask worker (a child of ``pid``) whose cleaning process (forkserver's child)
    has been on one page for over a second of CPU: the slow page's worker (it takes about
    five)."""
    while time.monotonic() < deadline:
        for process in descendants(pid):
            if cpu_seconds(process) > 1 and parent_of(parent_of(process)) != pid:
                worker = parent_of(parent_of(process))
                if parent_of(worker) == pid:
                    return worker
        time.sleep(0.1)
    raise AssertionError("no Dask worker took up the slow page")


def test_a_killed_dask_worker_has_its_batch_run_again_and_nothing_twice(tmp_path: Path) -> None:
    """The slow page (seconds of cleaning) holds one worker; that worker is killed with SIGKILL before its batch is done (nothing written yet), the scheduler runs
    the batch again on a worker that is alive, and the records are still those of one
    local process, each once."""
    slow = article(tuple(f"P {n}: {PARAGRAPHS[n % 5]}" for n in range(SLOW_PARAGRAPHS)))
    pages = [("https://news.example/slow", slow.encode())]
    pages += [
        (f"https://news.example/{n}", article(tuple(f"{n}: {p}" for p in PARAGRAPHS)).encode())
        for n in range(24)
    ]
    run = archive_of(tmp_path / "run", pages)
    alone = cleaners("reclean", "--archive", run, "-o", tmp_path / "one", "--jobs", "1")
    command = [sys.executable, "-m", "cleaners", "reclean", "--archive", str(run)]
    command += ["-o", str(tmp_path / "dask"), "--dask", LOCAL]
    process = subprocess.Popen(command, cwd=ROOT, env=ENV, stdout=subprocess.PIPE, text=True)
    try:
        worker = dask_worker_cleaning_slowly(process.pid, time.monotonic() + 120)
        partial = tmp_path / "dask" / "diplomacy-run.jsonl.partial"
        assert not partial.exists() or partial.stat().st_size == 0, "the batch was done already"
        os.kill(worker, signal.SIGKILL)
        out, _ = process.communicate(timeout=300)
    finally:
        process.kill()
    assert process.returncode == alone.returncode == 0, out
    written = (tmp_path / "one" / "diplomacy-run.jsonl").read_bytes()
    # every page, or all but the slow one where a loaded machine takes it past the 10 s cap
    assert written.count(b"\n") >= len(pages) - 1
    assert (tmp_path / "dask" / "diplomacy-run.jsonl").read_bytes() == written
    assert summary(out) == summary(alone.stdout)


def test_reclean_on_a_running_scheduler_writes_the_bytes_of_one_process(tmp_path: Path) -> None:
    pages = [(f"https://news.example/{p.parent.name}", p.read_bytes()) for p in SAMPLES]
    run = archive_of(tmp_path / "run", pages)
    alone = cleaners("reclean", "--archive", run, "-o", tmp_path / "one", "--jobs", "1")
    with dask_processes(2, daemon=False) as address:
        dask = cleaners("reclean", "--archive", run, "-o", tmp_path / "dask", "--dask", address)
    assert dask.returncode == alone.returncode == 0, dask.stderr[-3000:]
    written = (tmp_path / "one" / "diplomacy-run.jsonl").read_bytes()
    assert (tmp_path / "dask" / "diplomacy-run.jsonl").read_bytes() == written
    assert "Dask dashboard" in dask.stderr


def test_workers_that_are_daemons_stop_the_run_with_what_to_do(tmp_path: Path) -> None:
    run = archive_of(tmp_path / "run", [("https://news.example/a", SAMPLES[0].read_bytes())])
    with dask_processes(1, daemon=True) as address:
        dask = cleaners("reclean", "--archive", run, "-o", tmp_path / "dask", "--dask", address)
    assert dask.returncode == 1
    assert "DASK_DISTRIBUTED__WORKER__DAEMON=False" in dask.stderr, dask.stderr[-3000:]
    assert not (tmp_path / "dask" / "diplomacy-run.jsonl").exists()
