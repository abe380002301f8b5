"""The spider with no arguments: the sources file loads and gives the right first requests.
(Crawling the real sources needs the internet, which tests do not have.)"""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse
from scrapy.utils.project import get_project_settings

from cleaners.archives.decoding import charset_given, decode_html
from crawler.sources import DEFAULT_SOURCES, load_sources, sources_from_urls
from crawler.spiders.diplomacy import DiplomacySpider
from tests.conftest import ROOT


def first_requests(**arguments: str) -> tuple[DiplomacySpider, list[Request]]:
    crawler = Crawler(DiplomacySpider, get_project_settings())
    spider = DiplomacySpider.from_crawler(crawler, **arguments)

    async def collect() -> list[Request]:
        return [request async for request in spider.start()]

    return spider, asyncio.run(collect())


def test_no_arguments_uses_the_sources_file() -> None:
    sources = load_sources()
    assert len(sources) >= 8
    spider, requests = first_requests()
    urls = [request.url for request in requests]
    for source in sources:
        for url in source.start_urls:
            assert url in urls
    robots = [url for url in urls if url.endswith("/robots.txt")]
    assert len(robots) == len({url.split("/")[2] for url in spider.start_urls})
    assert all(request.callback is not None and request.errback is not None for request in requests)
    assert "news.un.org" in spider.allowed_domains


def test_start_urls_replace_the_sources() -> None:
    spider, requests = first_requests(start_urls="https://a.example/feed.xml,https://b.example/")
    assert [r.url for r in requests if not r.url.endswith("robots.txt")] == [
        "https://a.example/feed.xml",
        "https://b.example/",
    ]
    assert set(spider.allowed_domains) == {
        "a.example",
        "www.a.example",
        "b.example",
        "www.b.example",
    }


def test_another_sources_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text('[[source]]\nname = "x"\nstart_urls = ["https://x.example/rss"]\nhosts = []\n')
    _, requests = first_requests(sources=str(path))
    assert [r.url for r in requests] == ["https://x.example/rss", "https://x.example/robots.txt"]


def test_user_agent_names_the_contact_url() -> None:
    settings = get_project_settings()
    settings.set("DIPLOMACY_CONTACT_URL", "https://contact.example/", priority="cmdline")
    DiplomacySpider.update_settings(settings)
    assert settings["USER_AGENT"] == "diplomacy-crawler/0.1 (+https://contact.example/)"


def test_default_feed_only_without_o() -> None:
    """Without -o/-O, records go to output/diplomacy-<time>.jsonl and the run's other files
    beside them; with it, the run's files go beside the named file."""
    settings = get_project_settings()
    DiplomacySpider.update_settings(settings)
    prefix = settings["DIPLOMACY_RUN_PREFIX"]
    assert re.fullmatch(r"output/diplomacy-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ", prefix)
    assert list(settings.getdict("FEEDS")) == [prefix + ".jsonl"]
    given = get_project_settings()
    given.set("FEEDS", {"out/mine.jsonl": {"format": "jsonlines"}}, priority="cmdline")
    DiplomacySpider.update_settings(given)
    assert list(given.getdict("FEEDS")) == ["out/mine.jsonl"]
    assert given["DIPLOMACY_RUN_PREFIX"] == "out/mine"


@pytest.mark.parametrize("bad", ["file:///etc/passwd", "ftp://example.org/", "", "example.org"])
def test_only_http_start_urls(bad: str) -> None:
    with pytest.raises(ValueError):
        sources_from_urls(bad)


def test_sources_file_is_the_default() -> None:
    assert DEFAULT_SOURCES.name == "sources.toml" and DEFAULT_SOURCES.exists()


@pytest.mark.parametrize(("command", "expected"), [("list", "diplomacy"), ("check", "OK")])
def test_scrapy_commands_work(command: str, expected: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", command], cwd=ROOT, env=env, capture_output=True,
        text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout + result.stderr


GENEVA = "<html><head>{meta}</head><body><p>Genève, Женева, 日内瓦: talks resume</p></body></html>"


@pytest.mark.parametrize(
    ("encoding", "content_type", "meta", "bom"),
    [
        ("utf-8", "text/html; charset=utf-8", "", b""),
        ("cp1252", "text/html; charset=iso-8859-1", '<meta charset="utf-8">', b""),
        ("cp1251", "text/html; charset=windows-1251", "", b""),
        ("utf-8", "text/html; charset=windows-1251", '<meta charset="windows-1251">', b""),
        ("gbk", "text/html;charset=GBK", "", b""),
        ("utf-16-le", "text/html; charset=utf-8", "", b"\xff\xfe"),
        ("utf-8", "text/html", "", b"\xef\xbb\xbf"),
        ("shift_jis", "text/html; charset=Shift_JIS", "", b""),
    ],
)
def test_scrapy_text_is_what_decode_html_gives_where_the_charset_is_given(
    encoding: str, content_type: str, meta: str, bom: bytes
) -> None:
    """The spider takes Scrapy's decoded text where a BOM or the HTTP charset decides: it
    must be the text re-cleaning the archived page gets."""
    body = bom + GENEVA.format(meta=meta).encode(encoding, errors="replace")
    response = HtmlResponse("http://127.0.0.1/a", body=body, headers={"Content-Type": content_type})
    assert charset_given(body, content_type)
    assert response.text == decode_html(body, content_type)


def test_without_bom_or_http_charset_decode_html_decides() -> None:
    body = GENEVA.format(meta='<meta charset="windows-1251">').encode("utf-8")
    assert not charset_given(body, "text/html")
    assert not charset_given(body, "")
