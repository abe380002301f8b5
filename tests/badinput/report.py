"""Print the bad-input corpus as a table: each case through ``python -m cleaners clean`` in
a process of its own, with expected and observed outcome, wall time and peak memory.

    python -m tests.badinput.report > docs/badinput.md

Times include starting Python and importing the cleaners (about a second).  Then one
crawl over every case, with what the crawl made of each.
"""

from __future__ import annotations

import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from cleaners.limits import MAX_PAGE_CHARS, MAX_PAGE_TAGS, PAGE_SECONDS
from tests.badinput.case import Case
from tests.badinput.cases import CASES
from tests.badinput.crawl import (
    TIMEOUT,
    crawl_corpus,
    crawl_outcome,
    crawl_problems,
    observed_in_crawl,
)
from tests.badinput.run import MEMORY_LIMIT_MB, observed, outcomes, problems, run_case


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def clean_row(case: Case, directory: Path) -> tuple[str, bool, float]:
    """The table row of a case run through ``clean``, whether it matched, its peak MB."""
    run = run_case(case, directory)
    path = directory / f"{case.name}{case.suffix}"
    record, reason = outcomes(run, [path])[path]
    found = problems(case, record, reason)
    if "Traceback" in run.stderr:
        found.append("traceback on stderr")
    ok = not found and run.peak_mb < MEMORY_LIMIT_MB
    verdict = "yes" if ok else "NO: " + "; ".join(found)
    cells = [case.name, case.expect, observed(record, reason), verdict]
    cells += [f"{run.seconds:.1f}", f"{run.peak_mb:.0f}"]
    return "| " + " | ".join(map(_cell, cells)) + " |", ok, run.peak_mb


def lines() -> Iterator[str]:
    yield "# Bad-input corpus"
    yield ""
    yield (
        f"Caps: {MAX_PAGE_CHARS:,} characters and {MAX_PAGE_TAGS:,} tags per page (checked "
        f"before parsing), {PAGE_SECONDS:g} s of cleaning per page. Made by "
        "`python -m tests.badinput.report`; each case in a fresh `python -m cleaners clean "
        "--jobs 1` process (time includes start-up and imports, about a second)."
    )
    yield ""
    yield "## `python -m cleaners clean`"
    yield ""
    yield "| case | expected | observed | as expected | time (s) | peak memory (MB) |"
    yield "|---|---|---|---|---|---|"
    failed = 0
    peak = 0.0
    with tempfile.TemporaryDirectory() as directory:
        for case in CASES:
            if case.clean:
                row, ok, used = clean_row(case, Path(directory))
                failed += not ok
                peak = max(peak, used)
                yield row
    yield ""
    yield f"{failed} not as expected; highest peak memory {peak:.0f} MB."
    yield ""
    yield from crawl_lines()


def crawl_lines() -> Iterator[str]:
    """The crawl's table: one real crawl over every case (``tests.badinput.crawl``)."""
    with tempfile.TemporaryDirectory() as directory:
        corpus = crawl_corpus(Path(directory))
    yield "## `scrapy crawl diplomacy`"
    yield ""
    yield (
        "One crawl over every case, each linked from one home page served on 127.0.0.1 by "
        f"`tests.badinput.serve` (DOWNLOAD_TIMEOUT {TIMEOUT} s for the hanging server). "
        f"The whole crawl took {corpus.seconds:.0f} s; the largest process (the crawl or one "
        f"of its cleaning workers) peaked at {corpus.peak_mb:.0f} MB; exit status "
        f"{corpus.returncode}, manifest status {corpus.manifest['status']}."
    )
    yield ""
    yield "| case | status | behaviour | expected | observed | as expected |"
    yield "|---|---|---|---|---|---|"
    failed = 0
    for case in CASES:
        found = crawl_problems(corpus, case)
        failed += bool(found)
        verdict = "yes" if not found else "NO: " + "; ".join(found)
        observed = observed_in_crawl(*crawl_outcome(corpus, case))
        cells = [case.name, str(case.status), case.behaviour, case.crawl, observed, verdict]
        yield "| " + " | ".join(map(_cell, cells)) + " |"
    yield ""
    yield f"{failed} not as expected."


def main() -> int:
    for line in lines():
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
