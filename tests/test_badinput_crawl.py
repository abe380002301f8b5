"""The bad-input corpus through a real crawl: every case served on 127.0.0.1 and linked from
one home page, one `scrapy crawl diplomacy` over all of them.  The crawl must end normally,
in bounded time and memory, and each case must give the outcome written next to it."""

from __future__ import annotations

import pytest

from cleaners.record import schema_errors
from tests.badinput.case import Case
from tests.badinput.cases import CASES
from tests.badinput.crawl import CRAWL_SECONDS, CorpusCrawl, crawl_corpus, crawl_problems
from tests.badinput.run import MEMORY_LIMIT_MB
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> CorpusCrawl:
    return crawl_corpus(tmp_path_factory.mktemp("corpus-crawl"))


def test_the_crawl_of_the_corpus_ends_normally_in_bounded_time_and_memory(
    corpus: CorpusCrawl,
) -> None:
    assert corpus.returncode == 0, corpus.log[-3000:]
    assert corpus.manifest["status"] == "ok"
    # no error in our code or in processing a page; Scrapy logs a traceback for a host
    # that refuses connections (a link in the sitemap served as a page), which is no crash
    for ours in (f'File "{ROOT / "crawler"}', f'File "{ROOT / "cleaners"}'):
        assert ours not in corpus.log, corpus.log[-3000:]
    for crash in ("Spider error processing", "Error processing", "Unhandled error"):
        assert crash not in corpus.log, corpus.log[-3000:]
    assert corpus.seconds < CRAWL_SECONDS
    assert corpus.peak_mb < MEMORY_LIMIT_MB  # the largest of the crawl and worker processes
    for record in corpus.records.values():
        assert schema_errors(record) == []


def test_no_request_leaves_the_site_or_climbs_out_of_it(corpus: CorpusCrawl) -> None:
    assert corpus.requested, "the server was asked for pages"
    for path in corpus.requested:
        assert "/../" not in path and "%2e%2e" not in path.lower(), path
    # the redirect to another host name of the same server was not followed
    assert "/2024/03/12/elsewhere.html" not in corpus.requested


def test_no_url_or_page_names_a_file(corpus: CorpusCrawl) -> None:
    """The run's files are named after the run, whatever the pages and their URLs say."""
    expected = {"run.jsonl", "run.warc.gz", "run.skipped.jsonl", "run.manifest.json"}
    expected |= {"run.stats.json", "state.sqlite", "state.sqlite.lock"}
    assert set(corpus.files) - {"state.sqlite-wal", "state.sqlite-shm"} == expected


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_each_case_gives_its_outcome_in_the_crawl(corpus: CorpusCrawl, case: Case) -> None:
    assert crawl_problems(corpus, case) == []
