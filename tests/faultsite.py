"""A small site of our own for the fault tests, written to a folder and served by
:class:`crawler.demo.SiteServer`: pages and feeds with links Scrapy refuses, bodies the
spider cannot parse, and articles in scripts written without spaces."""

from __future__ import annotations

from pathlib import Path

from tests.badinput.pages import PARAGRAPHS, article, gzip_sitemap

# links that `scrapy.Request` refuses: a port out of range, in hex, given twice
BAD_LINKS = (
    "http://127.0.0.1:99999/2024/03/12/x.html",
    "http://127.0.0.1:0x50/2024/03/12/y.html",
    "http://127.0.0.1:80:80/2024/03/12/z.html",
)
AFTER_PAGE = "/2024/03/12/after-bad-links.html"
AFTER_FEED = "/2024/03/13/after-bad-feed-item.html"
AFTER_SITEMAP = "/2024/03/14/after-bad-sitemap-entry.html"

# our own writing: a short report of talks, in Chinese and in Japanese (under 1,000
# characters each, without a space between words)
CHINESE = (
    "两国谈判代表星期二在日内瓦恢复了关于停火的第三轮会谈，东道国官员表示，会谈气氛坦诚。",
    "代表团上午讨论了交换战俘的问题，据两名在场的外交官说，这个问题曾使春季的上一轮会谈陷入僵局。",
    "调解方发言人说，双方已就议程达成一致，但尚未商定从前线撤出重型武器的时间表。",
    "地区安全组织的观察员将被邀请监督任何协议的执行，他们已经在边境较短的一段承担这一职责。",
    "三个邻国的外交部长发表联合声明，欢迎会谈恢复，并表示如果谈判取得进展，愿意主办下一轮会谈。",
    "人道主义机构敦促双方在冬季到来之前为救援车队开辟通道，并警告说前线附近的几个城镇已被切断数周。",
    "会谈预计将持续到星期五，届时调解方计划向新闻界通报代表团签署了哪些文件。",
)
JAPANESE = (
    "両国の交渉団は火曜日、ジュネーブで停戦をめぐる第三回の協議を再開した。開催国の当局者が明らかにした。",
    "午前中は捕虜の交換について話し合った。出席した二人の外交官によると、この問題は春の前回協議を行き詰まらせていた。",
    "仲介役の報道官は、双方が議題では合意したものの、前線から重火器を撤収する日程はまだ決まっていないと述べた。",
    "地域の安全保障機構の監視団が合意の履行を見守るよう求められる見通しで、監視団はすでに国境の一部でその役割を担っている。",
    "近隣三か国の外相は共同声明を出し、協議の再開を歓迎するとともに、交渉が進めば次回の協議を主催する用意があると表明した。",
    "人道支援団体は冬が来る前に支援物資を運ぶ車列のための通路を開くよう双方に求め、前線近くの町が数週間孤立していると警告した。",
    "協議は金曜日まで続く予定で、仲介役はその日に代表団が何に署名したかを報道陣に説明する。",
)
CHINESE_ARTICLE = "/2024/03/15/zh-talks.html"
JAPANESE_ARTICLE = "/2024/03/15/ja-talks.html"
JSON_BODY = "/api/articles.json"
GZ_SITEMAP = "/sitemap-huge.xml.gz"
GZ_SITEMAP_SIZE = 3 * 1024 * 1024  # unzipped; the crawl of the tests caps downloads at 1 MiB


def _numbered(tag: str) -> tuple[str, ...]:
    """The English article's paragraphs, made distinct from the other articles' by ``tag``."""
    return tuple(f"{tag}: {paragraph}" for paragraph in PARAGRAPHS)


def _links(paths: tuple[str, ...]) -> str:
    return "".join(f'<li><a href="{path}">{path}</a></li>' for path in paths)


def write_site(root: Path) -> Path:
    """The fault site under ``root``; its home page is ``/``."""
    files: dict[str, str | bytes] = {
        "index.html": "<html><head><title>Home</title>"
        '<link rel="alternate" type="application/rss+xml" href="/feed.xml"></head><body><ul>'
        + _links((*BAD_LINKS, AFTER_PAGE, "/sitemap.xml", JSON_BODY, GZ_SITEMAP))
        + "</ul></body></html>",
        "feed.xml": '<?xml version="1.0"?><rss version="2.0"><channel><title>News</title>'
        + "".join(f"<item><link>{link}</link></item>" for link in BAD_LINKS)
        + f"<item><link>{{{{BASE}}}}{AFTER_FEED}</link></item></channel></rss>",
        "sitemap.xml": '<?xml version="1.0"?>'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        + "".join(f"<url><loc>{link}</loc></url>" for link in BAD_LINKS)
        + f"<url><loc>{{{{BASE}}}}{AFTER_SITEMAP}</loc></url></urlset>",
        AFTER_PAGE: article(_numbered("Page")),
        AFTER_FEED: article(_numbered("Feed")),
        AFTER_SITEMAP: article(_numbered("Sitemap")),
        CHINESE_ARTICLE: article(CHINESE, title="日内瓦停火会谈恢复", lang="zh"),
        JAPANESE_ARTICLE: article(JAPANESE, title="ジュネーブで停戦協議再開", lang="ja"),
        JSON_BODY: '{"articles": [{"title": "Talks resume", "url": "/2024/03/12/a.html"}]}',
        GZ_SITEMAP: gzip_sitemap(GZ_SITEMAP_SIZE),
    }
    for name, content in files.items():
        path = root / name.lstrip("/")
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)
    return root
