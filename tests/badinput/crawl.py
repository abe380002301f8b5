"""The whole corpus through one real crawl: every case linked from one home page, served
on 127.0.0.1, and ``scrapy crawl diplomacy`` over it, with its time and peak memory."""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.demo import LOCAL, crawl_command
from crawler.sources import normalize_url
from tests.badinput.case import ANY, Case
from tests.badinput.cases import CASES
from tests.badinput.run import ROOT, reap
from tests.badinput.serve import payload, serve

# the hanging server is given up after this; everything else is quick
TIMEOUT = 5
CRAWL_SECONDS = 300


@dataclass
class CorpusCrawl:
    base: str
    returncode: int
    seconds: float
    peak_mb: float
    log: str
    requested: list[str]
    records: dict[str, dict[str, Any]]  # by URL
    skipped: dict[str, dict[str, Any]]  # by URL: reason and, for a copy, its original
    manifest: dict[str, Any]
    files: list[str]  # what the run left in its folder


def crawl_corpus(folder: Path) -> CorpusCrawl:
    """Crawl every case once; the run's files go to ``folder``."""
    output = folder / "run.jsonl"
    for case in CASES:
        payload(case)  # the bombs take seconds to make: before the crawl's clock starts
    with serve() as server, tempfile.TemporaryFile() as log:
        command = crawl_command(
            server.base + "/", output, folder / "run.stats.json", *LOCAL,
            f"DOWNLOAD_TIMEOUT={TIMEOUT}", "RETRY_ENABLED=False",
            # the cases are about bytes, not subjects: none is left out as off topic
            "DIPLOMACY_MIN_TOPIC_SCORE=0", state=folder / "state.sqlite",
        )  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        start = time.monotonic()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stderr=log)
        returncode, peak = reap(process, CRAWL_SECONDS)
        seconds = time.monotonic() - start
        log.seek(0)
        text = log.read().decode("utf-8", "replace")
        requested = list(server.requests)
        base = server.base
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    skipped = folder / "run.skipped.jsonl"
    skips = [json.loads(line) for line in skipped.read_text(encoding="utf-8").splitlines()]
    return CorpusCrawl(
        base, returncode, seconds, peak, text, requested,
        {record["url"]: record for record in records}, {skip["url"]: skip for skip in skips},
        json.loads((folder / "run.manifest.json").read_text(encoding="utf-8")),
        sorted(path.name for path in folder.iterdir()),
    )  # fmt: skip


def crawl_outcome(corpus: CorpusCrawl, case: Case) -> tuple[dict[str, Any] | None, str | None]:
    """The case's record (its own, or the one written earlier with the same text), or the
    reason it was skipped, or (None, None) when the crawl neither wrote nor skipped it."""
    url = normalize_url(corpus.base + case.url_path)
    if url in corpus.records:
        return corpus.records[url], None
    skip = corpus.skipped.get(url)
    if skip is None:
        return None, None
    original = skip.get("original")
    copies = [r for r in corpus.records.values() if r["canonical_url"] == original]
    if skip["reason"] == "duplicate: same text already written" and copies:
        return copies[0], None
    return None, str(skip["reason"])


def record_problems(case: Case, record: dict[str, Any]) -> list[str]:
    found = [f"text lacks {text!r}" for text in case.contains if text not in record["text"]]
    found += [f"text has {text!r}" for text in case.absent if text in record["text"]]
    if case.language != ANY and record["language"] != case.language:
        found.append(f"language {record['language']!r}, expected {case.language!r}")
    return found


def observed_in_crawl(record: dict[str, Any] | None, reason: str | None) -> str:
    """The outcome as the report's table writes it."""
    if record is not None:
        return f"record ({record['word_count']} words, language {record['language']})"
    return f"skip: {reason}" if reason else "neither a record nor a skip"


def crawl_problems(corpus: CorpusCrawl, case: Case) -> list[str]:
    """How the crawl's outcome for ``case`` differs from the one written next to it."""
    record, reason = crawl_outcome(corpus, case)
    if case.crawl == "record":
        return record_problems(case, record) if record else [f"expected a record: {reason}"]
    if case.crawl.startswith("skip: "):
        expected = case.crawl.removeprefix("skip: ")
        return [] if record is None and reason == expected else ["another outcome"]
    if record is not None or reason is not None:
        return ["expected neither a record nor a skip"]
    if not any(path.startswith(case.url_path) for path in corpus.requested):
        return ["never requested"]
    return []
