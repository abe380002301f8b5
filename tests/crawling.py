"""Running `scrapy crawl diplomacy` in a subprocess against a local server, as a user would."""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

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
    output, stats = tmp_path / f"{name}.jsonl", tmp_path / f"{name}.stats.json"
    state = state or tmp_path / f"{name}.state.sqlite"
    start_urls = ",".join(server.base + path for path in start)
    command = crawl_command(
        start_urls, output, stats, *LOCAL, f"DIPLOMACY_STATE={state}", *settings
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == status, result.stderr[-3000:]
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    skipped = tmp_path / f"{name}.skipped.jsonl"
    return Crawl(
        records=records,
        stats=json.loads(stats.read_text(encoding="utf-8")),
        requested=server.paths(),
        user_agents={agent for _, agent in server.requests},
        log=result.stderr,
        manifest=json.loads((tmp_path / f"{name}.manifest.json").read_text(encoding="utf-8")),
        skipped=[json.loads(line) for line in skipped.read_text(encoding="utf-8").splitlines()]
        if skipped.exists()
        else [],
    )
