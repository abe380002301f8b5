"""Benchmarks, printed as ratios measured in one run: ``python -m bench [DIR...]``.

1. per-page cost of the whole cleaning pipeline against bare ``trafilatura.extract``;
2. re-cleaning throughput of N processes against 1;
3. crawl throughput of ``scrapy crawl diplomacy`` on a generated local site (made from the
   pages given on the command line, else from the samples) against the single-core cleaning
   rate of the same pages, and the CPU per page of Scrapy alone fetching them (``bench.floor``);
4. peak memory (RSS, crawl process plus its cleaning workers) of 1,000- and 5,000-page crawls;
5. language on a bounded sample against the whole text;
6. ``reclean --archive`` on a Dask ``LocalCluster`` against ``--jobs N`` on the same archive;
7. 2 crawl processes of one shared run on Redis against 1, on the same local site;
8. the cost of the topic score a page.

``--only 3`` runs the crawls alone (they also give 4).  DIR arguments add folders of
``*.html``/``*.html.gz`` pages to the bundled samples; the crawled site is then made from
them.  Figures vary with the machine: compare ratios.
"""

from __future__ import annotations

import argparse
import gzip
import os
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from bench.cluster import dask_against_jobs
from bench.floor import fetch_only_cpu
from bench.pagecost import full, per_page_cost, seconds
from bench.sharedcrawl import shared_against_one
from bench.site import article_path, sample_templates, write_site
from bench.topiccost import topic_cost
from cleaners.archives.decoding import decode_html
from cleaners.cleaning.language import detect_language
from cleaners.parallel import default_jobs, ordered_map
from cleaners.record import Failure
from crawler.demo import ROOT, crawl_command, serve


def load_pages(folders: list[Path]) -> list[tuple[str, str]]:
    """(url, html) of the HTML samples and of every page in the given folders."""
    paths = sorted((ROOT / "samples").glob("*/page.html"))
    for folder in folders:
        folder = folder.resolve()
        paths += sorted(folder.rglob("*.html")) + sorted(folder.rglob("*.html.gz"))
    pages = []
    for path in paths:
        raw = path.read_bytes()
        pages.append(
            (path.as_uri(), decode_html(gzip.decompress(raw) if path.suffix == ".gz" else raw))
        )
    return pages


def throughput(pages: list[tuple[str, str]], jobs: int) -> float:
    """Pages per second of the full pipeline in ``jobs`` processes."""
    # enough pages that starting the processes (imports, warm-up) is a small part, as in
    # a real archive
    work = pages * max(1, 1500 // len(pages))
    elapsed = seconds(lambda: list(ordered_map(full, work, jobs)))
    return len(work) / elapsed


def recleaning(pages: list[tuple[str, str]], jobs: int) -> None:
    one = throughput(pages, 1)
    many = throughput(pages, jobs)
    print(
        f"2. re-cleaning: 1 process {one:.1f} pages/s, {jobs} processes {many:.1f} pages/s: "
        f"ratio {many / one:.2f}"
    )


class FamilySampler:
    """Peaks of the summed RSS and PSS of a process and its descendants, and the CPU time
    of each, sampled from /proc.

    RSS counts the pages of a shared library once per process that maps it (lxml and
    numpy in each cleaning worker); PSS shares them out, so its sum is what the crawl
    takes of the machine's memory.
    """

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak = 0
        self.peak_pss = 0
        self.cpu: dict[int, float] = {}  # seconds, as last seen
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    @staticmethod
    def family(pid: int) -> list[int]:
        found, stack = [], [pid]
        while stack:
            current = stack.pop()
            found.append(current)
            for task in Path(f"/proc/{current}/task").glob("*/children"):
                stack += [int(child) for child in task.read_text().split()]
        return found

    @staticmethod
    def kib_field(path: str, name: str) -> int:
        """A ``Name: N kB`` line of a /proc file, in bytes (0 when absent)."""
        for line in Path(path).read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1]) * 1024
        return 0

    def rss(self, pid: int) -> int:
        return self.kib_field(f"/proc/{pid}/status", "VmRSS")

    def pss(self, pid: int) -> int:
        return self.kib_field(f"/proc/{pid}/smaps_rollup", "Pss")

    @staticmethod
    def cpu_seconds(pid: int) -> float:
        """User and system time of a process (fields 14 and 15 of /proc/PID/stat)."""
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def run(self) -> None:
        while not self.stopped.wait(0.2):
            try:
                family = self.family(self.pid)
                self.peak = max(self.peak, sum(self.rss(pid) for pid in family))
                self.peak_pss = max(self.peak_pss, sum(self.pss(pid) for pid in family))
                self.cpu.update((pid, self.cpu_seconds(pid)) for pid in family)
            except (OSError, ValueError, IndexError):
                continue

    def stop(self) -> tuple[int, int]:
        self.stopped.set()
        self.thread.join()
        return self.peak, self.peak_pss

    def cpu_split(self) -> tuple[float, float]:
        """CPU seconds of the process itself, and of all its descendants together."""
        own = self.cpu.get(self.pid, 0.0)
        return own, sum(self.cpu.values()) - own


@dataclass(frozen=True)
class Crawled:
    rate: float  # pages per second
    memory: tuple[int, int]  # peak RSS and PSS, bytes
    cpu: tuple[float, float]  # ms of CPU per page: the crawl process, its cleaning workers


def crawl(count: int, workdir: Path, templates: list[str]) -> Crawled:
    """Pages per second, peak RSS and PSS, and CPU time per page of a crawl of a generated
    site of ``count`` articles."""
    site = write_site(workdir / f"site-{count}", count, templates)
    output, stats = workdir / f"crawl-{count}.jsonl", workdir / f"crawl-{count}.json"
    local = ("DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
             "LOG_LEVEL=WARNING", "CLOSESPIDER_PAGECOUNT=0",
             # every page an article written, whatever its subject: the rates count records
             "DIPLOMACY_MIN_TOPIC_SCORE=0")  # fmt: skip
    with serve(site) as server:
        state = workdir / f"crawl-{count}.sqlite"
        command = crawl_command(server.base + "/sitemap.xml", output, stats, *local, state=state)
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
        sampler = FamilySampler(process.pid)
        process.wait()
        elapsed = time.perf_counter() - start
        peak = sampler.stop()
    written = sum(1 for _ in output.open(encoding="utf-8"))
    if written != count:
        print(f"   {written} of {count} pages were articles", file=sys.stderr)
    own, workers = sampler.cpu_split()
    return Crawled(count / elapsed, peak, (1000 * own / count, 1000 * workers / count))


def single_core_rate(site: Path, templates: int, calls: int = 300) -> float:
    """Pages per second of cleaning the site's pages on one core: one page made from each
    template (the site repeats them in turn), at least ``calls`` pages in all."""
    paths = [site / article_path(number).strip("/") / "index.html" for number in range(templates)]
    pages = [(path.as_uri(), path.read_text(encoding="utf-8")) for path in paths]
    work = pages * -(-calls // len(pages))
    full(work[0])  # warmed up, as the workers are
    return len(work) / seconds(lambda: [full(page) for page in work])


def crawling(sizes: tuple[int, int], templates: list[str]) -> None:
    """Crawl sites generated from ``templates``; compare with cleaning their pages on one core."""
    with tempfile.TemporaryDirectory() as tmp:
        small = crawl(sizes[0], Path(tmp), templates)
        large = crawl(sizes[1], Path(tmp), templates)
        site = Path(tmp) / f"site-{sizes[1]}"
        single_core = single_core_rate(site, len(templates))
        with serve(site) as server:
            alone = fetch_only_cpu(server.base + "/sitemap.xml", Path(tmp))
    ratio = large.rate / single_core
    print(
        f"3. crawl: {large.rate:.1f} pages/s on {sizes[1]} pages ({small.rate:.1f} on {sizes[0]}),"
        f" single-core cleaning {single_core:.1f} pages/s: ratio {ratio:.2f}; CPU per page:"
        f" crawl process {large.cpu[0]:.1f} ms, cleaning workers {large.cpu[1]:.1f} ms,"
        f" cleaning on one core {1000 / single_core:.1f} ms, Scrapy alone fetching the"
        f" same pages {alone:.1f} ms"
    )
    for name, index in (("RSS", 0), ("PSS", 1)):
        low, high = small.memory[index] / 2**20, large.memory[index] / 2**20
        print(
            f"4. peak {name} (crawl process + workers): {sizes[0]} pages {low:.0f} MiB, "
            f"{sizes[1]} pages {high:.0f} MiB: ratio {high / low:.2f}"
        )


def language(pages: list[tuple[str, str]]) -> None:
    """Share of documents whose bounded sample gets the whole text's language."""
    same = total = 0
    for page in pages:
        record = full(page)
        if isinstance(record, Failure):
            continue
        whole = detect_language(record["text"], limit=None)
        if whole is None:
            continue
        total += 1
        same += detect_language(record["text"]) == whole
    print(
        f"5. language: bounded sample agrees with the whole text on {same}/{total} "
        f"documents ({100 * same / max(total, 1):.1f}%)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("folders", nargs="*", type=Path, metavar="DIR")
    parser.add_argument("--jobs", type=int, default=default_jobs())
    parser.add_argument("--crawl-sizes", type=int, nargs=2, default=(1000, 5000))
    every = [1, 2, 3, 5, 6, 7, 8]
    parser.add_argument("--only", type=int, nargs="+", choices=every, help="parts to run")
    args = parser.parse_args()
    pages = load_pages(args.folders)
    print(f"{len(pages)} pages, {args.jobs} processes, {os.cpu_count()} cores")
    parts = set(args.only or every)
    if 1 in parts:
        per_page_cost(pages)
    if 2 in parts:
        recleaning(pages, args.jobs)
    # the pages given on the command line (real pages) make the sites, else our samples
    given = [html for url, html in pages if not url.startswith((ROOT / "samples").as_uri())]
    templates = given or sample_templates()
    if 3 in parts:
        crawling((args.crawl_sizes[0], args.crawl_sizes[1]), templates)
    if 5 in parts:
        language(pages)
    if 6 in parts:
        with tempfile.TemporaryDirectory() as tmp:
            dask_against_jobs(pages, args.jobs, Path(tmp))
    if 7 in parts:
        with tempfile.TemporaryDirectory() as tmp:
            shared_against_one(templates, Path(tmp))
    if 8 in parts:
        topic_cost(pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())
