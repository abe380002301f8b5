"""Peak memory of every process of a crawl whose frontier fans out: ``python -m bench.frontier``.

Two local sites (issue 15, item 10), each crawled by ``scrapy crawl diplomacy`` in a
subprocess: (a) a sitemap index of 10 sitemaps of 50,000 URLs each (the sitemap protocol's
limit per file), whose newest entries are real article pages and the rest 404; (b) one
page with 100,000 links, the first of them to the same articles.  Prints, for each, the
peak RSS and PSS of every process of the crawl's tree (the crawl process, its cleaning
workers, multiprocessing's resource tracker) against the target, under 400 MiB each, with
PASS or FAIL, and what the crawl queued.  ``--caps-off`` lifts the caps on URLs per
sitemap and links per page: the disk queue and the streamed sitemaps alone.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.__main__ import FamilySampler
from bench.site import article_path, write_site
from crawler.demo import ROOT, crawl_command, serve

TARGET = 400 * 2**20
ARTICLES = 40
SITEMAPS, PER_SITEMAP = 10, 50_000
LINKS = 100_000
# fast on a local server; stop once the articles and some of the rest are fetched
SETTINGS = (
    "DOWNLOAD_DELAY=0",
    "AUTOTHROTTLE_ENABLED=False",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
    "LOG_LEVEL=INFO",
    "CLOSESPIDER_PAGECOUNT=60",
    "DIPLOMACY_CLEANING_WORKERS=2",
)


class ProcessSampler(FamilySampler):
    """:class:`FamilySampler` that also keeps the peak RSS and PSS of each process."""

    def __init__(self, pid: int) -> None:
        self.peaks: dict[int, tuple[int, int]] = {}
        self.names: dict[int, str] = {}
        super().__init__(pid)

    def run(self) -> None:
        while not self.stopped.wait(0.2):
            try:
                for pid in self.family(self.pid):
                    rss, pss = self.rss(pid), self.pss(pid)
                    old = self.peaks.get(pid, (0, 0))
                    self.peaks[pid] = (max(old[0], rss), max(old[1], pss))
                    # asked again each time: a process just forked has its parent's command
                    self.names[pid] = self.role(pid)
            except (OSError, ValueError, IndexError):
                continue

    def role(self, pid: int) -> str:
        if pid == self.pid:
            return "crawl process"
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
        return "resource tracker" if b"resource_tracker" in command else "cleaning worker"


def write_fanout_site(root: Path) -> str:
    """Site (a); returns the start path, the sitemap index."""
    write_site(root, ARTICLES)
    index = [
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
    ]
    for number in range(SITEMAPS):
        name = f"sitemap-{number}.xml"
        index.append(f"<sitemap><loc>{{{{BASE}}}}/{name}</loc></sitemap>")
        with (root / name).open("w", encoding="utf-8") as out:
            out.write(
                '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            )
            for entry in range(PER_SITEMAP):
                if number == 0 and entry < ARTICLES:
                    path, date = article_path(entry), f"2026-11-{entry % 28 + 1:02d}"
                else:
                    path, date = f"/archive/{number}/{entry}.html", f"2020-{entry % 12 + 1:02d}-01"
                out.write(f"<url><loc>{{{{BASE}}}}{path}</loc><lastmod>{date}</lastmod></url>")
            out.write("</urlset>")
    (root / "sitemap-index.xml").write_text("".join(index) + "</sitemapindex>", encoding="utf-8")
    return "/sitemap-index.xml"


def write_links_site(root: Path) -> str:
    """Site (b); returns the start path, the page of links."""
    write_site(root, ARTICLES)
    links = [article_path(number) for number in range(ARTICLES)]
    links += [f"/archive/{number}.html" for number in range(LINKS - ARTICLES)]
    anchors = "".join(f'<li><a href="{link}">story {n}</a></li>' for n, link in enumerate(links))
    page = f"<html><head><title>All stories</title></head><body><ul>{anchors}</ul></body></html>"
    (root / "links.html").write_text(page, encoding="utf-8")
    return "/links.html"


@dataclass(frozen=True)
class Measured:
    peaks: dict[str, list[tuple[int, int]]]  # by role: (RSS, PSS) of each process
    seconds: float
    stats: dict[str, object]


def measure(root: Path, start: str, workdir: Path, *extra: str) -> Measured:
    output, stats = workdir / "run.jsonl", workdir / "run.stats.json"
    with serve(root) as server:
        command = crawl_command(
            server.base + start, output, stats, *SETTINGS, *extra, state=workdir / "state.sqlite"
        )
        began = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.DEVNULL)
        sampler = ProcessSampler(process.pid)
        process.wait(timeout=1800)
        elapsed = time.perf_counter() - began
        sampler.stop()
    peaks: dict[str, list[tuple[int, int]]] = {}
    for pid, peak in sorted(sampler.peaks.items()):
        peaks.setdefault(sampler.names.get(pid, "?"), []).append(peak)
    found = json.loads(stats.read_text(encoding="utf-8")) if stats.exists() else {}
    return Measured(peaks, elapsed, found)


def report(name: str, measured: Measured) -> bool:
    worst = max((rss for peaks in measured.peaks.values() for rss, _ in peaks), default=0)
    verdict = "PASS" if worst < TARGET else "FAIL"
    print(f"{name}: {measured.seconds:.0f} s, every process under 400 MiB: {verdict}")
    for role, peaks in measured.peaks.items():
        figures = ", ".join(
            f"RSS {rss / 2**20:.0f} MiB (PSS {pss / 2**20:.0f})" for rss, pss in peaks
        )
        print(f"   {role}: {figures}")
    keys = (
        "downloader/response_count",
        "scheduler/enqueued",
        "scheduler/enqueued/disk",
        "diplomacy/urls_over_cap/sitemap",
        "diplomacy/urls_over_cap/page",
        "finish_reason",
    )
    print("   " + "; ".join(f"{key} {measured.stats.get(key, 0)}" for key in keys))
    return verdict == "PASS"


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.frontier", description=__doc__)
    parser.add_argument("--caps-off", action="store_true", help="no cap on URLs per document")
    caps_off = parser.parse_args().caps_off
    extra = (
        ("DIPLOMACY_MAX_URLS_PER_SITEMAP=0", "DIPLOMACY_MAX_LINKS_PER_PAGE=0") if caps_off else ()
    )
    passed = True
    for name, write in (
        (f"(a) sitemap index of {SITEMAPS} x {PER_SITEMAP:,} URLs", write_fanout_site),
        (f"(b) one page of {LINKS:,} links", write_links_site),
    ):
        with tempfile.TemporaryDirectory() as folder:
            site, work = Path(folder) / "site", Path(folder) / "work"
            work.mkdir()
            start = write(site)
            passed &= report(name, measure(site, start, work, *extra))
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
