"""Running `scrapy crawl diplomacy` in a subprocess against a local server, as a user would."""

from __future__ import annotations

import json
import os
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.site import article_path
from crawler.demo import LOCAL, SiteServer, crawl_command
from tests.conftest import ROOT


@dataclass
class Crawl:
    """What one crawl wrote, counted and requested."""

    records: list[dict[str, Any]]
    stats: dict[str, Any]
    requested: list[str]
    user_agents: set[str]
    log: str
    manifest: dict[str, Any]
    skipped: list[dict[str, Any]]  # the run's skipped file: URL and reason of each skip

    def canonical_paths(self) -> list[str]:
        return [urlsplit(record["canonical_url"]).path for record in self.records]


def crawl(
    server: SiteServer,
    start: list[str],
    tmp_path: Path,
    *settings: str,
    name: str = "run",
    state: Path | None = None,
    status: int = 0,
) -> Crawl:
    """Crawl from ``start`` (paths on ``server``) with local-server settings plus ``settings``,
    with a crawl state of its own unless ``state`` names one shared with other runs; the
    command must exit with ``status`` (1: the run failed)."""
    command = _command(server, start, tmp_path, settings, name, state)
    result = subprocess.run(command, cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=300)
    assert result.returncode == status, result.stderr[-3000:]
    return crawled(server, tmp_path, name, result.stderr)


ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def _command(
    server: SiteServer,
    start: list[str],
    tmp_path: Path,
    settings: tuple[str, ...],
    name: str,
    state: Path | None,
) -> list[str]:
    output, stats = tmp_path / f"{name}.jsonl", tmp_path / f"{name}.stats.json"
    state = state or tmp_path / f"{name}.state.sqlite"
    start_urls = ",".join(server.base + path for path in start)
    return crawl_command(start_urls, output, stats, *LOCAL, f"DIPLOMACY_STATE={state}", *settings)


def start_crawl(
    server: SiteServer, start: list[str], tmp_path: Path, *settings: str, name: str = "run"
) -> subprocess.Popen[bytes]:
    """The crawl :func:`crawl` runs, started and left running, its log going to
    ``<name>.log`` in ``tmp_path`` (a file: no pipe that a process left behind holds open)."""
    command = _command(server, start, tmp_path, settings, name, None)
    with (tmp_path / f"{name}.log").open("wb") as log:
        return subprocess.Popen(command, cwd=ROOT, env=ENV, stderr=log)


def crawled(server: SiteServer, tmp_path: Path, name: str, log: str) -> Crawl:
    """What the crawl ``name`` wrote into ``tmp_path``."""
    output, stats = tmp_path / f"{name}.jsonl", tmp_path / f"{name}.stats.json"
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    skipped = tmp_path / f"{name}.skipped.jsonl"
    return Crawl(
        records=records,
        stats=json.loads(stats.read_text(encoding="utf-8")),
        requested=server.paths(),
        user_agents={agent for _, agent in server.requests},
        log=log,
        manifest=json.loads((tmp_path / f"{name}.manifest.json").read_text(encoding="utf-8")),
        skipped=[json.loads(line) for line in skipped.read_text(encoding="utf-8").splitlines()]
        if skipped.exists()
        else [],
    )


def written(*outputs: Path) -> Counter[str]:
    """Canonical paths of the records over the records files that are files (each line
    must be a whole record), with how often each was written."""
    paths: Counter[str] = Counter()
    for output in outputs:
        if output.is_file():
            for line in output.read_text(encoding="utf-8").splitlines():
                paths[urlsplit(json.loads(line)["canonical_url"]).path] += 1
    return paths


def every_article_once(articles: int, paths: Counter[str]) -> None:
    """Each of the ``articles`` of a :mod:`bench.site` site written, none twice."""
    assert [path for path, count in paths.items() if count > 1] == [], "written twice"
    missing = {article_path(n) for n in range(articles)} - set(paths)
    assert missing == set(), f"{len(missing)} articles lost"


def cleaning_workers(pid: int) -> list[int]:
    """The pids of the cleaning workers that ``pid`` started and that are still running:
    its children, but for the resource tracker of :mod:`multiprocessing`, and where a
    child is a forkserver (a crawl's pool), that child's children."""
    workers = []
    for child in _children(pid):
        command = _command_line(child)
        if b"resource_tracker" in command:
            continue
        if b"forkserver" in command:
            workers += [worker for worker in _children(child) if is_running(worker)]
        elif is_running(child):
            workers.append(child)
    return workers


def descendants(pid: int) -> list[int]:
    """Every process under ``pid``: children, their children, and so on."""
    found = []
    for child in _children(pid):
        found += [child, *descendants(child)]
    return found


def _children(pid: int) -> list[int]:
    try:
        tasks = list(Path(f"/proc/{pid}/task").glob("*/children"))
        return [int(child) for task in tasks for child in task.read_text().split()]
    except OSError:  # the process has gone
        return []


def _command_line(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def stat_fields(pid: int) -> list[str]:
    """The fields of /proc/PID/stat after the command name (state first), or [] once the
    process is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return []


def is_running(pid: int) -> bool:
    """Whether ``pid`` is a live process (not gone, not a zombie)."""
    fields = stat_fields(pid)
    return bool(fields) and fields[0] != "Z"


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (0 once it is gone)."""
    fields = stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK") if fields else 0.0


def parent_of(pid: int) -> int:
    """The parent's pid (0 once the process is gone)."""
    fields = stat_fields(pid)
    return int(fields[1]) if fields else 0
