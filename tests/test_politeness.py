"""Politeness and safety settings: their values, and real crawls that show them working."""

from __future__ import annotations

from pathlib import Path

from scrapy.utils.project import get_project_settings

from crawler.demo import serve
from crawler.skips import skip_counts
from tests.crawling import crawl

PARAGRAPH = (
    "Envoys from both capitals met again on Tuesday in a small hotel outside Geneva, where "
    "they spent six hours on the wording of a joint statement on prisoner exchanges. "
)


def article(title: str) -> str:
    body = "".join(f"<p>{PARAGRAPH * 2} ({title}, {n})</p>" for n in range(4))
    return (
        f'<html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        '<meta property="og:type" content="article"></head>'
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def make_site(root: Path, pages: dict[str, str | bytes], redirects: str = "") -> Path:
    for path, content in pages.items():
        target = root / path.lstrip("/") / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode() if isinstance(content, str) else content
        target.write_bytes(data)
    (root / "_redirects").write_text(redirects)
    return root


def home(*links: str) -> str:
    anchors = "".join(f'<li><a href="{link}">{link}</a></li>' for link in links)
    return f"<html><body><ul>{anchors}</ul></body></html>"


def test_project_settings() -> None:
    settings = get_project_settings()
    assert settings.getbool("ROBOTSTXT_OBEY")
    assert settings.getbool("AUTOTHROTTLE_ENABLED")
    assert 1 <= settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN") <= 4
    assert settings.getint("DOWNLOAD_MAXSIZE") == 10 * 1024 * 1024
    assert 0 < settings.getint("DOWNLOAD_TIMEOUT") <= 60
    assert 0 < settings.getint("REDIRECT_MAX_TIMES") <= 10
    assert settings.getint("DEPTH_LIMIT") > 0 and settings.getint("CLOSESPIDER_PAGECOUNT") > 0
    assert not settings.getbool("TELNETCONSOLE_ENABLED")
    handlers = settings.getdict("DOWNLOAD_HANDLERS")
    assert all(handlers.get(scheme, "off") is None for scheme in ("file", "data", "ftp", "s3"))
    middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
    assert middlewares["crawler.robots.SerializedRobotsTxtMiddleware"] is not None


def test_user_agent_and_size_limit(tmp_path: Path) -> None:
    big = article("Big").replace("</article>", "<p>" + "x " * (6 * 1024 * 1024) + "</p></article>")
    root = make_site(
        tmp_path / "site",
        {"/": home("/2024/01/02/ok/", "/2024/01/03/big/"), "/2024/01/02/ok/": article("Fine"),
         "/2024/01/03/big/": big},
    )  # fmt: skip
    with serve(root) as server:
        result = crawl(server, ["/"], tmp_path, "DIPLOMACY_CONTACT_URL=https://contact.example/us")
    assert [record["title"] for record in result.records] == ["Fine"]
    assert result.user_agents == {"diplomacy-crawler/0.1 (+https://contact.example/us)"}
    assert any(
        "cancel" in reason.lower() or "size" in reason.lower()
        for reason in skip_counts(result.stats)
    )


def test_at_most_two_requests_at_once_per_host(tmp_path: Path) -> None:
    links = [f"/2024/02/{day:02d}/story/" for day in range(1, 11)]
    root = make_site(
        tmp_path / "site", {"/": home(*links), **{link: article(link) for link in links}}
    )
    with serve(root, delay=0.2) as server:
        result = crawl(server, ["/"], tmp_path, "AUTOTHROTTLE_ENABLED=False")
        assert len(result.records) == 10
        assert server.max_in_flight == 2


def test_redirect_loops_and_other_schemes_are_not_followed(tmp_path: Path) -> None:
    redirects = "/loop-a /loop-b 301\n/loop-b /loop-a 301\n/to-file file:///etc/passwd 302\n"
    root = make_site(
        tmp_path / "site",
        {"/": home("/loop-a", "/to-file", "file:///etc/hostname", "/2024/01/02/ok/"),
         "/2024/01/02/ok/": article("Fine")},
        redirects,
    )  # fmt: skip
    with serve(root) as server:
        result = crawl(server, ["/"], tmp_path)
    assert [record["title"] for record in result.records] == ["Fine"]
    # the loop ends at the first repeat, the file: redirect is refused; both with a reason
    assert (server.paths().count("/loop-a"), server.paths().count("/loop-b")) == (1, 1)
    assert skip_counts(result.stats)["ignored: redirect loop"] == 1
    assert skip_counts(result.stats)["ignored: redirect to another scheme"] == 1


def test_a_server_that_hangs_times_out(tmp_path: Path) -> None:
    root = make_site(
        tmp_path / "site", {"/": home("/2024/01/02/ok/"), "/2024/01/02/ok/": article("Slow")}
    )
    with serve(root, delay=3) as server:
        result = crawl(
            server, ["/"], tmp_path, "DOWNLOAD_TIMEOUT=1", "RETRY_ENABLED=False", status=1
        )
    assert result.records == []
    assert any("Timeout" in reason for reason in skip_counts(result.stats))
    # nothing could be downloaded: the run failed, and says so in its exit status and manifest
    assert result.manifest["status"] == "failed"
    assert result.manifest["failure"] == "nothing could be downloaded"
