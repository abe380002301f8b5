"""Scheduled runs: the crawl state across runs, the raw archive, the manifest.

Each test crawls a copy of the demo site (served from the test's own folder, so that it
can change an article between runs) with `scrapy crawl diplomacy` in a subprocess.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from cleaners.cleaning.topic import MIN_TOPIC_SCORE
from crawler.demo import SITE, SiteServer, serve
from tests.conftest import ROOT
from tests.crawling import crawl
from tests.services import redis_server
from tests.test_neardup import EDITED_EN, OTHER_EN, WIRE_EN
from tests.test_politeness import make_site

EXPECTED: dict[str, Any] = json.loads((SITE / "site.json").read_text(encoding="utf-8"))
CHANGED = "/2024/03/12/envoy-talks/"
NEW = "/2024/12/02/ceasefire-monitors/"
# every URL that serves an article or a copy of one, or redirects to one for good; a
# temporary redirect (/go/latest, 302) is asked again each run, as it may point elsewhere
# next time, but an article it leads to that is stored already is not fetched
ARTICLE_PAGES = {
    *EXPECTED["articles"],
    EXPECTED["print_copy"],
    EXPECTED["amp_copy"],
    EXPECTED["syndicated_copy"],
    "/old/mekong-talks",
}


@pytest.fixture
def site(tmp_path: Path) -> Iterator[tuple[SiteServer, Path]]:
    root = tmp_path / "site"
    shutil.copytree(SITE, root)
    with serve(root) as server:
        yield server, root


def requested(server: SiteServer, since: int) -> set[str]:
    return {urlsplit(path).path for path in server.paths()[since:]}


def change_article(root: Path) -> None:
    """New text for one article, and a newer ``lastmod`` in its sitemap entry."""
    page = root / CHANGED.strip("/") / "index.html"
    html = page.read_text(encoding="utf-8")
    html, count = re.subn(r"(<p>)", r"\1Update: the talks resumed on Monday. ", html, count=2)
    assert count == 2
    page.write_text(html, encoding="utf-8")
    edit(root / "sitemap-articles.xml", f"{CHANGED}</loc><lastmod>2024-03-12<", f"{CHANGED}</loc><lastmod>2026-11-20<")  # fmt: skip


def add_article(root: Path) -> None:
    """A new article, linked from the home page and listed in the sitemap."""
    paragraph = (
        "Monitors from four neutral states began patrolling the ceasefire line on Monday, "
        "a week after the envoys of the two governments signed the agreement in Geneva. "
        "The foreign ministers will read their first reports before the peace talks resume."
    )
    body = "".join(f"<p>{paragraph} ({n})</p>" for n in range(1, 5))
    html = (
        '<html lang="en"><head><meta charset="utf-8"><title>Ceasefire monitors deploy</title>'
        '<meta property="og:type" content="article"></head><body><article>'
        f"<h1>Ceasefire monitors deploy</h1>{body}</article></body></html>"
    )
    target = root / NEW.strip("/") / "index.html"
    target.parent.mkdir(parents=True)
    target.write_text(html, encoding="utf-8")
    edit(root / "index.html", "</body>", f'<a href="{NEW}">Ceasefire monitors deploy</a></body>')
    entry = f"<url><loc>{{{{BASE}}}}{NEW}</loc><lastmod>2026-11-21</lastmod></url>\n</urlset>"
    edit(root / "sitemap-articles.xml", "</urlset>", entry)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(params=["sqlite", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[str, ...]]:
    """The settings that give the runs one shared crawl state: the SQLite file they are
    given (the default), or a real redis-server started for the test."""
    if request.param == "sqlite":
        yield ()
        return
    (tmp_path / "redis").mkdir()
    with redis_server(tmp_path / "redis") as url:
        yield (f"DIPLOMACY_REDIS_URL={url}",)


def test_a_second_run_fetches_and_writes_only_what_is_new_or_changed(
    site: tuple[SiteServer, Path], tmp_path: Path, store: tuple[str, ...]
) -> None:
    server, root = site
    state = tmp_path / "state.sqlite"
    first = crawl(server, ["/"], tmp_path, *store, name="first", state=state)
    assert len(first.records) == len(EXPECTED["articles"])
    assert requested(server, 0) & ARTICLE_PAGES, "the first run fetches the articles"
    assert state.exists() == (store == ()), "a run on Redis makes no SQLite state"

    before = len(server.paths())
    second = crawl(server, ["/"], tmp_path, *store, name="second", state=state)
    assert second.records == []
    assert requested(server, before) & ARTICLE_PAGES == set()
    assert "/" in requested(server, before), "home, feeds and sitemaps are read again"
    assert second.manifest["counts"]["not_refetched"] >= len(EXPECTED["articles"])

    change_article(root)
    add_article(root)
    before = len(server.paths())
    third = crawl(server, ["/"], tmp_path, *store, name="third", state=state)
    assert sorted(third.canonical_paths()) == sorted([CHANGED, NEW])
    assert requested(server, before) & ARTICLE_PAGES == {CHANGED}
    old = next(r for r in first.records if urlsplit(r["url"]).path == CHANGED)
    new = next(r for r in third.records if urlsplit(r["url"]).path == CHANGED)
    assert new["content_hash"] != old["content_hash"]
    assert new["text"].startswith("Update: the talks resumed on Monday.")


def test_sitemap_links_are_fetched_newest_first(
    site: tuple[SiteServer, Path], tmp_path: Path
) -> None:
    server, root = site
    listed = re.findall(
        r"<loc>\{\{BASE\}\}([^<]+)</loc><lastmod>([^<]+)</lastmod>",
        (root / "sitemap-articles.xml").read_text(encoding="utf-8"),
    )
    newest_first = [path for path, _ in sorted(listed, key=lambda entry: entry[1], reverse=True)]
    articles = [path for path in newest_first if path in ARTICLE_PAGES]
    assert len(articles) >= 8
    crawl(server, ["/sitemap-articles.xml"], tmp_path, "CONCURRENT_REQUESTS_PER_DOMAIN=1")
    fetched = [urlsplit(p).path for p in server.paths() if urlsplit(p).path in ARTICLE_PAGES]
    assert fetched[: len(articles)] == articles


def test_a_runs_archive_recleans_to_the_same_bytes(
    site: tuple[SiteServer, Path], tmp_path: Path
) -> None:
    server, _ = site
    result = crawl(server, ["/"], tmp_path, name="run")
    records, archive = tmp_path / "run.jsonl", tmp_path / "run.warc.gz"
    check = subprocess.run(
        [sys.executable, "-m", "warcio.cli", "check", "-v", str(archive)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert "digest pass" in check.stdout
    # at the crawl's minimum topic score: the pages it left out as off topic stay out
    minimum = ["--min-topic-score", str(MIN_TOPIC_SCORE)]
    recleaned = subprocess.run(
        [sys.executable, "-m", "cleaners", "clean", str(archive), *minimum],
        cwd=ROOT, capture_output=True, timeout=300,
    )  # fmt: skip
    assert recleaned.stdout == records.read_bytes()
    assert len(result.records) == len(EXPECTED["articles"])


def test_the_manifest_lists_every_output_file_with_its_checksum(
    site: tuple[SiteServer, Path], tmp_path: Path
) -> None:
    server, _ = site
    result = crawl(server, ["/"], tmp_path, name="run")
    manifest = result.manifest
    assert manifest["status"] == "ok" and manifest["finish_reason"] == "finished"
    assert manifest["counts"]["records"] == len(result.records)
    assert manifest["counts"]["skipped"]["not an article: home page"] == 1
    skipped = (tmp_path / "run.skipped.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(skipped) == sum(manifest["counts"]["skipped"].values())
    for kind in ("records", "archive", "skipped"):
        (entry,) = manifest["files"][kind]
        data = Path(entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)


def story_page(title: str, text: str) -> str:
    paragraphs = "".join(f"<p>{paragraph}</p>" for paragraph in text.split("\n\n"))
    return (
        f'<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta property="og:type" content="article"></head>'
        f"<body><article><h1>{title}</h1>{paragraphs}</article></body></html>"
    )


def outlet(root: Path, stories: dict[str, tuple[str, str]]) -> Path:
    """A one-page news site: a home page linking to its stories."""
    links = "".join(f'<a href="{path}">{title}</a>' for path, (title, _) in stories.items())
    make_site(root, {"/": f"<html><body>{links}</body></html>"})
    for path, (title, text) in stories.items():
        make_site(root, {path: story_page(title, text)})
    return root


def test_wire_copy_on_another_site_is_marked_not_dropped(tmp_path: Path) -> None:
    state = tmp_path / "state.sqlite"
    first = outlet(tmp_path / "a", {"/2024/10/17/treaty/": ("Border treaty signed", WIRE_EN)})
    second = outlet(
        tmp_path / "b",
        {
            "/2024/10/18/treaty-signed/": ("Neighbours sign treaty", EDITED_EN),
            "/2024/10/18/other-treaty/": ("Another treaty stalls", OTHER_EN),
        },
    )
    with serve(first) as a, serve(second) as b:
        earlier = crawl(a, ["/"], tmp_path, name="a", state=state)
        later = crawl(b, ["/"], tmp_path, name="b", state=state)
    (original,) = earlier.records
    assert original["duplicate_of"] is None
    by_path = {urlsplit(r["url"]).path: r for r in later.records}
    assert by_path["/2024/10/18/treaty-signed/"]["duplicate_of"] == original["canonical_url"]
    assert by_path["/2024/10/18/other-treaty/"]["duplicate_of"] is None
    assert later.manifest["counts"]["near_duplicates"] == 1
    # the run's WARC carries the mark, so re-cleaning it gives the same records
    recleaned = subprocess.run(
        [sys.executable, "-m", "cleaners", "clean", str(tmp_path / "b.warc.gz")],
        cwd=ROOT, capture_output=True, timeout=300,
    )  # fmt: skip
    assert recleaned.stdout == (tmp_path / "b.jsonl").read_bytes()


def test_reclean_archive_reproduces_the_runs_then_shows_what_a_cleaner_change_does(
    site: tuple[SiteServer, Path], tmp_path: Path
) -> None:
    server, _ = site
    store = tmp_path / "output"
    store.mkdir()
    result = crawl(server, ["/"], store, name="run")

    same = reclean_archive(ROOT, store, tmp_path / "same")
    assert same.returncode == 0, same.stderr
    assert f"{len(result.records)} records, {len(result.records)} unchanged, 0 with" in same.stdout
    assert (tmp_path / "same" / "run.jsonl").read_bytes() == (store / "run.jsonl").read_bytes()

    # a copy of the library with one more (bad) rule: it drops body lines that mention talks
    library = tmp_path / "lib" / "cleaners"
    shutil.copytree(ROOT / "cleaners", library, ignore=shutil.ignore_patterns("__pycache__"))
    rules = library / "cleaning" / "rules.toml"
    rule = "lines-about-talks"
    bad = f"""[[rule]]\nname = "{rule}"\nkind = "line"\n[rule.patterns]\nall = ['.* talks .*']\n"""
    text = rules.read_text(encoding="utf-8")
    first = text.index("[[rule]]")
    rules.write_text(text[:first] + bad + "\n" + text[first:], encoding="utf-8")
    touched = [r for r in result.records if any(" talks " in p for p in r["text"].split("\n\n"))]
    assert touched

    changed = reclean_archive(tmp_path / "lib", store, tmp_path / "changed")
    assert changed.returncode == 0, changed.stderr
    assert f"{len(touched)} with changed text" in changed.stdout
    assert re.search(r"\n  changed  \+0 -\d+ characters  http", changed.stdout)
    assert re.search(rf"\n  {rule}: 0 -> \d+ \(\+\d+\)\n", changed.stdout)


def reclean_archive(library: Path, store: Path, output: Path) -> subprocess.CompletedProcess[str]:
    """`python -m cleaners reclean --archive` with the cleaners found under ``library``."""
    return subprocess.run(
        [sys.executable, "-m", "cleaners", "reclean", "--archive", str(store), "-o", str(output),
         "--min-topic-score", str(MIN_TOPIC_SCORE)],  # the crawl's: its off-topic pages stay out
        cwd=library, env={**os.environ, "PYTHONPATH": str(library)},
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip


def test_every_lookup_of_the_crawl_state_uses_an_index(tmp_path: Path) -> None:
    """The state grows with every article written; no query a run makes per page may read
    a whole table (storing an article once scanned every band row)."""
    from crawler.state import CrawlState

    state = CrawlState(tmp_path / "state.sqlite", 0.7)
    queries = [
        "DELETE FROM bands WHERE canonical_url = ?",
        "SELECT canonical_url FROM bands WHERE key IN (?, ?) AND canonical_url != ?",
        "SELECT canonical_url FROM aliases WHERE url = ?",
        "SELECT lastmod FROM articles WHERE canonical_url = ?",
        "SELECT lastmod FROM skipped WHERE url = ?",
        "DELETE FROM skipped WHERE url = ?",
    ]
    for query in queries:
        arguments = ("x",) * query.count("?")
        plan = state.db.execute(f"EXPLAIN QUERY PLAN {query}", arguments).fetchall()
        steps = " / ".join(str(row[-1]) for row in plan)
        assert "USING" in steps and not re.search(r"\bSCAN \w+$", steps), (query, steps)
    state.close()
