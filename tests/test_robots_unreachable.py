"""robots.txt as RFC 9309 reads it, through real crawls of a local server: a robots.txt
that answers 5xx, times out or is over the size cap makes the host unreachable for the run
(no page fetched, each a skip naming robots.txt), and the next run asks again; a 4xx
means no rules."""

from __future__ import annotations

from pathlib import Path

from crawler.demo import serve
from tests.badinput.pages import PARAGRAPHS, article
from tests.crawling import crawl
from tests.faultsite import write_files

ARTICLE = "/2024/03/12/talks.html"
ROBOTS = "/robots.txt"


def _site(root: Path, robots: str | None = None) -> Path:
    files = {
        "index.html": f'<html><head><title>Home</title></head><body><a href="{ARTICLE}">a</a>'
        "</body></html>",
        ARTICLE: article(PARAGRAPHS),
    }
    if robots is not None:
        files["robots.txt"] = robots
    return write_files(root, files)


def pages_asked(paths: list[str]) -> set[str]:
    return {path for path in paths if path != ROBOTS}


def test_a_5xx_robots_txt_disallows_the_host_for_the_run_and_is_asked_again(
    tmp_path: Path,
) -> None:
    root = _site(tmp_path / "site")
    (root / "_redirects").write_text(f"{ROBOTS} /nowhere 503\n", encoding="utf-8")
    state = tmp_path / "state.sqlite"
    with serve(root) as server:
        first = crawl(server, ["/"], tmp_path, name="first", state=state)
        assert pages_asked(server.paths()) == set()
        assert first.records == []
        reasons = {skip["url"].removeprefix(server.base): skip["reason"] for skip in first.skipped}
        assert reasons["/"] == "ignored: robots.txt unreachable: HTTP 503", reasons
        # the server is back: the next run reads robots.txt (a 404: no rules) and crawls
        server.redirects.clear()
        server.requests.clear()
        second = crawl(server, ["/"], tmp_path, name="second", state=state)
    assert server.paths().count(ROBOTS) >= 1
    assert [record["url"] for record in second.records] == [server.base + ARTICLE]


def test_a_robots_txt_that_times_out_disallows_the_host(tmp_path: Path) -> None:
    with serve(_site(tmp_path / "site", "User-agent: *\nAllow: /\n"), delay=3) as server:
        # nothing could be downloaded: the run failed (exit status 1)
        result = crawl(
            server, ["/"], tmp_path, "DOWNLOAD_TIMEOUT=1", "RETRY_ENABLED=False", status=1
        )
    assert pages_asked(server.paths()) == set()
    reasons = {skip["reason"] for skip in result.skipped}
    assert reasons == {"ignored: robots.txt unreachable: DownloadTimeoutError"}, reasons
    # an expected outcome, one warning line: no traceback, no ERROR but the failed run's
    assert "Traceback" not in result.log, result.log[-3000:]
    errors = [line for line in result.log.splitlines() if " ERROR: " in line]
    assert errors == [errors[-1]] and "the run failed" in errors[-1], errors


def test_a_robots_txt_over_the_size_cap_disallows_the_host(tmp_path: Path) -> None:
    huge = "User-agent: *\n" + "Allow: /section/\n" * 100_000  # 1.7 MB
    with serve(_site(tmp_path / "site", huge)) as server:
        result = crawl(server, ["/"], tmp_path, f"DOWNLOAD_MAXSIZE={1024 * 1024}", status=1)
    assert pages_asked(server.paths()) == set()
    assert {skip["reason"] for skip in result.skipped} == {"ignored: robots.txt too large"}


def test_a_4xx_robots_txt_means_no_rules(tmp_path: Path) -> None:
    root = _site(tmp_path / "site")
    (root / "_redirects").write_text(f"{ROBOTS} /nowhere 403\n", encoding="utf-8")
    with serve(root) as server:
        result = crawl(server, ["/"], tmp_path)
    assert [record["url"] for record in result.records] == [server.base + ARTICLE]
