"""The bad-input corpus through ``python -m cleaners clean``: each case gives the record or
the named skip written next to it, with no traceback, in bounded time and memory."""

from __future__ import annotations

import gc
import json
import signal
import threading
from concurrent.futures import ProcessPoolExecutor
from http.client import HTTPConnection, IncompleteRead
from multiprocessing import get_context
from pathlib import Path

import pytest
import trafilatura.external
from langdetect import detector_factory

from cleaners.evaluation.samples import clean_sample
from cleaners.limits import can_time_out, too_slow
from cleaners.page import Page
from cleaners.pipeline import clean_page_safely, warm_up
from cleaners.pool import warmed_context
from cleaners.record import Failure
from tests.badinput.case import Case
from tests.badinput.cases import CASES, file_cases
from tests.badinput.pages import tiny_elements
from tests.badinput.run import (
    MEMORY_LIMIT_MB,
    Run,
    outcomes,
    problems,
    run_case,
    run_clean,
    write_case,
)
from tests.badinput.serve import serve
from tests.conftest import SAMPLES

# small cases share one process; large ones (and those given a URL) get one each
BATCHED = [case for case in file_cases() if not case.large and case.url is None]
ALONE = [case for case in file_cases() if case not in BATCHED]
# seconds for one large page, well above what a skip past a cap takes (about 2 s)
LARGE_SECONDS = 60
FETCHED_AT = "2024-03-13T00:00:00Z"


@pytest.fixture(scope="session")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[Run, dict[str, Path]]:
    directory = tmp_path_factory.mktemp("badinput")
    paths = {case.name: write_case(case, directory) for case in BATCHED}
    return run_clean(list(paths.values())), paths


def check_run(run: Run) -> None:
    assert "Traceback" not in run.stderr, run.stderr[-3000:]
    assert run.returncode in (0, 1), run.stderr[-3000:]
    assert run.peak_mb < MEMORY_LIMIT_MB


def test_the_corpus_covers_at_least_35_cases_with_unique_names() -> None:
    names = [case.name for case in CASES]
    assert len(names) >= 35
    assert len(set(names)) == len(names)
    for case in CASES:
        assert case.expect == "record" or case.skip_reason, case.name


def test_the_batch_exits_1_for_its_skips_without_a_traceback(
    batch: tuple[Run, dict[str, Path]],
) -> None:
    run, _ = batch
    check_run(run)
    assert run.returncode == 1


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in BATCHED])
def test_small_case(case: Case, batch: tuple[Run, dict[str, Path]]) -> None:
    run, paths = batch
    record, reason = outcomes(run, list(paths.values()))[paths[case.name]]
    assert problems(case, record, reason) == []


@pytest.mark.parametrize("case", [pytest.param(case, id=case.name) for case in ALONE])
def test_case_alone(case: Case, tmp_path: Path) -> None:
    run = run_case(case, tmp_path)
    check_run(run)
    assert run.seconds < LARGE_SECONDS
    path = tmp_path / f"{case.name}{case.suffix}"
    record, reason = outcomes(run, [path])[path]
    assert problems(case, record, reason) == []
    assert run.returncode == (0 if case.skip_reason is None else 1)


def _slow_page() -> Page:
    """A page under the size caps that takes seconds: 100 000 empty elements."""
    return Page("https://example.org/slow", FETCHED_AT, tiny_elements(100_000).decode(), "html")


def test_a_page_past_its_time_cap_is_skipped_and_the_process_stays_usable() -> None:
    assert clean_page_safely(_slow_page(), seconds=0.2) == Failure(too_slow(0.2))
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) == signal.SIG_DFL
    sample = SAMPLES[0]
    assert clean_sample(sample) == json.loads(sample.golden.read_text(encoding="utf-8"))


@pytest.mark.parametrize("start", ["spawn", "warmed forkserver"])
def test_the_time_cap_works_in_a_pool_worker_which_then_cleans_on(start: str) -> None:
    sample = next(sample for sample in SAMPLES if sample.page.suffix == ".html")
    page = Page("https://example.org/a", FETCHED_AT, sample.page.read_text(), "html")
    context = get_context("spawn") if start == "spawn" else warmed_context()
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        slow = pool.submit(clean_page_safely, _slow_page(), 0.2).result()
        normal = pool.submit(clean_page_safely, page).result()
    assert slow == Failure(too_slow(0.2))
    assert not isinstance(normal, Failure)
    assert normal == clean_page_safely(page)


def test_global_state_is_set_up_before_the_first_time_cap() -> None:
    warm_up()
    assert detector_factory._factory is not None
    assert len(detector_factory._factory.langlist) == 55


def _warm_up_stoplist_state() -> bool:
    warm_up()
    return trafilatura.external.JT_STOPLIST is None


def test_warm_up_leaves_the_stoplist_of_every_language_unbuilt() -> None:
    """jusText's stoplist of every language (about 25 MiB a worker) is built by trafilatura
    on its first jusText fallback: the warm-up page must not need one (a fresh process, as
    this one may have built it already)."""
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        assert pool.submit(_warm_up_stoplist_state).result()


def _worker_state() -> tuple[bool, bool, int]:
    """In a worker, before its first page: whether langdetect's profiles are loaded (the
    warm-up page was cleaned), whether jusText's stoplist of every language is built, and
    how many objects the garbage collector leaves alone."""
    stoplist = trafilatura.external.JT_STOPLIST is not None
    return detector_factory._factory is not None, stoplist, gc.get_freeze_count()


def test_a_worker_of_the_warmed_forkserver_starts_with_the_pipeline_warmed() -> None:
    with ProcessPoolExecutor(1, mp_context=warmed_context()) as pool:
        profiles, stoplist, frozen = pool.submit(_worker_state).result()
    assert profiles and stoplist
    assert frozen > 100_000  # the libraries' objects, out of the collector's passes


def test_outside_the_main_thread_the_time_cap_does_not_apply() -> None:
    found: list[bool] = []
    thread = threading.Thread(target=lambda: found.append(can_time_out()))
    thread.start()
    thread.join()
    assert found == [False]
    assert can_time_out()


def test_the_crawl_side_server_serves_each_case_as_it_says() -> None:
    small = [case for case in CASES if not case.large]
    with serve(small) as server:
        for case in small:
            if case.behaviour == "hang":
                continue
            connection = HTTPConnection("127.0.0.1", server.server_address[1], timeout=5)
            connection.request("GET", case.url_path)
            response = connection.getresponse()
            assert response.status == case.status, case.name
            location = response.getheader("Location")
            if location:
                assert not location.startswith("{"), case.name
            if case.behaviour == "truncate":
                with pytest.raises(IncompleteRead):
                    response.read()
            else:
                assert response.read() == case.payload(), case.name
            connection.close()
        hanging = next(case for case in small if case.behaviour == "hang")
        connection = HTTPConnection("127.0.0.1", server.server_address[1], timeout=0.5)
        connection.request("GET", hanging.url_path)
        with pytest.raises(TimeoutError):
            connection.getresponse().read()
        connection.close()
