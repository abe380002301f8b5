"""Part 6 of the benchmark: ``reclean --archive`` on a Dask ``LocalCluster`` against local
processes, on the same archive, as whole processes (start-up included), alternated."""

from __future__ import annotations

import subprocess
import sys
import time
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from crawler.demo import ROOT

# one crawl run at its CLOSESPIDER_PAGECOUNT: start-up is a part of a run as in real use
ARCHIVE_PAGES = 5000
DATE = "2026-01-01T00:00:00Z"
RUN = "diplomacy-bench"


def write_archive(folder: Path, pages: list[tuple[str, str]], count: int) -> Path:
    """A crawl-like WARC of ``count`` HTML responses, the pages repeated under new URLs."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / f"{RUN}.warc.gz").open("wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for number in range(count):
            _, html = pages[number % len(pages)]
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"https://bench.example/{number}.html", "response",
                payload=BytesIO(html.encode("utf-8")), http_headers=headers,
                warc_headers_dict={"WARC-Date": DATE},
            )  # fmt: skip
            writer.write_record(record)
    return folder


def timed_reclean(archive: Path, output: Path, engine: list[str]) -> float:
    """Wall seconds of one ``python -m cleaners reclean --archive`` run."""
    command = [sys.executable, "-m", "cleaners", "reclean", "--archive", str(archive)]
    command += ["-o", str(output), *engine]
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def dask_against_jobs(pages: list[tuple[str, str]], jobs: int, workdir: Path) -> None:
    count = max(ARCHIVE_PAGES, len(pages))
    archive = write_archive(workdir / "archive", pages, count)
    engines = {"jobs": ["--jobs", str(jobs)], "dask": ["--dask", f"local:{jobs}"]}
    totals = dict.fromkeys(engines, 0.0)
    rounds = 2
    for _ in range(rounds):
        for name, engine in engines.items():
            totals[name] += timed_reclean(archive, workdir / name, engine)
    same = all(
        (workdir / "jobs" / path.name).read_bytes() == path.read_bytes()
        for path in (workdir / "dask").glob("*.jsonl")
    )
    jobs_s, dask_s = (totals[name] / rounds for name in engines)
    print(
        f"6. reclean --archive of {count} pages: --jobs {jobs} "
        f"{jobs_s:.1f} s, --dask local:{jobs} {dask_s:.1f} s: ratio {dask_s / jobs_s:.2f} "
        f"(records {'identical' if same else 'DIFFER'})"
    )
