"""The bad-input corpus: every case with what must come of it, in `clean` and in a crawl.

``CASES`` is the table; :func:`file_cases` the ones that mean something for a file and run
through ``python -m cleaners clean``; the crawl serves every case (``tests.badinput.serve``).
Reasons are the cleaners' own skip reasons; "crawl" says what a crawl must do.
"""

from __future__ import annotations

from functools import partial

from cleaners.limits import TOO_LARGE, TOO_MANY_TAGS
from tests.badinput import pages
from tests.badinput.case import (
    ARTICLE,
    EMPTY,
    FIRST,
    FOLLOWED,
    LAST,
    NO_TEXT,
    NOT_HTML,
    NOTHING_LEFT,
    OVER_DOWNLOAD_CAP,
    TOO_LITTLE,
    Case,
)
from tests.badinput.pages import MEGABYTE, PARAGRAPHS, article, layout_tables, utf8
from tests.badinput.served import SERVED
from tests.badinput.texts import (
    ARABIC,
    CHINESE,
    COMMENT,
    COMMENTS,
    FRENCH,
    HEADLINES,
    JAPANESE,
    LAUGHS,
    PDF,
    PNG,
    RUSSIAN,
    SITEMAP,
    THAI,
)


def _html(text: str) -> bytes:
    return utf8(text)


def _language(name: str, words: str, note: str) -> Case:
    """A page whose body gives langdetect nothing to go by."""
    return Case(
        name,
        _html(article(paragraphs=(words,), title="Figures")),
        expect="record",
        crawl=TOO_LITTLE,
        language=None,
        note=note,
    )


HTML = ("Content-Type", "text/html")
GZIP = (HTML, ("Content-Encoding", "gzip"))
BROTLI = (HTML, ("Content-Encoding", "br"))

CONTENT: tuple[Case, ...] = (
    # bodies that are not a page
    Case("empty-body", b"", EMPTY, EMPTY),
    Case("whitespace-only", b" \n\t \r\n" * 200, EMPTY, EMPTY),
    Case("binary-as-html", pages.random_bytes(65536), NOT_HTML, NOT_HTML),
    Case("pdf-as-html", PDF, NOT_HTML, NOT_HTML),
    Case("png-as-html", PNG, NOT_HTML, NOT_HTML),
    Case(
        "xml-sitemap-as-html",
        _html(SITEMAP),
        NOTHING_LEFT,
        FOLLOWED + "read as a sitemap by its content, its links followed; no record of the XML",
    ),
    # sizes past the caps
    Case(
        "gzip-bomb",
        partial(pages.gzip_bomb, 1024 * MEGABYTE),
        NO_TEXT,
        OVER_DOWNLOAD_CAP,
        headers=GZIP,
        clean=False,
        note="1 GiB of zeros in about 1 MB of gzip",
    ),
    Case(
        "brotli-bomb",
        partial(pages.brotli_bomb, 1024 * MEGABYTE),
        NO_TEXT,
        OVER_DOWNLOAD_CAP,
        headers=BROTLI,
        clean=False,
        note="1 GiB of zeros in a few kB of brotli",
    ),
    Case(
        "response-40mb",
        partial(pages.padded_response, 40 * MEGABYTE),
        f"skip: {TOO_LARGE}",
        OVER_DOWNLOAD_CAP,
        note="an article followed by 40 MB of filler",
    ),
    Case(
        "page-20mb",
        partial(pages.large_page, 20 * MEGABYTE),
        f"skip: {TOO_LARGE}",
        OVER_DOWNLOAD_CAP,
        note="a legitimate page of 20 MB of distinct paragraphs; trafilatura alone takes 13 s",
    ),
    Case(
        "million-elements",
        partial(pages.tiny_elements, 1_000_000),
        f"skip: {TOO_MANY_TAGS}",
        f"skip: {TOO_MANY_TAGS}",
        note="4 MB of <br>; trafilatura alone took 52 s and 1.8 GB on 1e6 <b>a</b>",
    ),
    Case(
        "text-node-10mb",
        partial(pages.single_text_node, 10 * MEGABYTE),
        f"skip: {TOO_LARGE}",
        f"skip: {TOO_LARGE}",
        note="one <p> holding a single 10 MB text node (10 MB passes the 10 MiB download cap)",
    ),
    Case(
        "nesting-300",
        pages.nested(300),
        "record",
        ARTICLE,
        contains=(FIRST, LAST),
        language="en",
        note="libxml2 stops at depth 255 unless parsing with huge_tree",
    ),
    Case(
        "nesting-3000",
        pages.nested(3000),
        NO_TEXT,
        NO_TEXT,
        note="a known limit: past 2048 levels even huge_tree drops the rest of the page",
    ),
    # bytes and charsets
    Case(
        "nul-bytes",
        pages.with_nuls(article()),
        "record",
        ARTICLE,
        contains=("returned to Geneva",),
        absent=("\x00",),
        language="en",
    ),
    Case(
        "invalid-utf8",
        pages.with_invalid_utf8(article()),
        "record",
        ARTICLE,
        contains=("returned to Geneva",),
        language="en",
    ),
    Case(
        "charset-header-contradicts-meta",
        _html(article(paragraphs=(*PARAGRAPHS, "Talks in Zürich and Genève follow."))),
        "record",
        ARTICLE,
        headers=(("Content-Type", "text/html; charset=ISO-8859-1"),),
        contains=("Zürich and Genève",),
        language="en",
        note="clean reads no header: <meta charset=utf-8> decides; the crawl believes the "
        "header, and ftfy repairs the mojibake that gives",
    ),
    Case(
        "latin1",
        article(FRENCH, title="Reprise des pourparlers à Genève", lang="fr")
        .replace('<meta charset="utf-8">', '<meta charset="iso-8859-1">')
        .encode("latin-1"),
        "record",
        ARTICLE,
        headers=(("Content-Type", "text/html; charset=iso-8859-1"),),
        contains=("revenus à Genève",),
        language="fr",
    ),
    Case(
        "cp1251",
        article(RUSSIAN, title="Переговоры в Женеве", lang="ru")
        .replace('<meta charset="utf-8">', '<meta charset="windows-1251">')
        .encode("cp1251"),
        "record",
        ARTICLE,
        headers=(HTML,),
        contains=("вернулись в Женеву",),
        language="ru",
    ),
    Case(
        "stale-meta-charset",
        article(CHINESE, title="日内瓦停火谈判", lang="zh")
        .replace('<meta charset="utf-8">', '<meta charset="gbk">')
        .encode("utf-8"),
        "record",
        ARTICLE,
        headers=(HTML,),
        contains=("恢复了关于停火的第三轮会谈",),
        language="zh",
        note="a page re-saved as UTF-8 with its old <meta charset=gbk> left in place: valid "
        "UTF-8 with multibyte sequences wins over the declared legacy charset",
    ),
    Case(
        "utf16le-no-bom-cyrillic",
        article(RUSSIAN, title="Переговоры в Женеве", lang="ru")
        .replace('<meta charset="utf-8">', "")
        .encode("utf-16-le"),
        "record",
        ARTICLE,
        headers=(HTML,),
        contains=("вернулись в Женеву",),
        language="ru",
        note="UTF-16 without a BOM: every Cyrillic byte is below 0x80, so it passes for "
        "ASCII; the NUL bytes of its markup tell it",
    ),
    Case(
        "utf16be-no-bom-chinese",
        article(CHINESE, title="日内瓦停火谈判", lang="zh")
        .replace('<meta charset="utf-8">', "")
        .encode("utf-16-be"),
        "record",
        ARTICLE,
        headers=(HTML,),
        contains=("恢复了关于停火的第三轮会谈",),
        language="zh",
    ),
    Case(
        "utf16-bom",
        article().replace('<meta charset="utf-8">', "").encode("utf-16"),
        "record",
        ARTICLE,
        headers=(HTML,),
        contains=(FIRST,),
        language="en",
    ),
    Case(
        "mojibake-source",
        _html(article(paragraphs=(*PARAGRAPHS, "It\u00e2\u20ac\u2122s a start, the envoy said."))),
        "record",
        ARTICLE,
        contains=("It’s a start",),
        absent=("\u00e2\u20ac",),
        language="en",
    ),
    Case(
        "rtl-arabic",
        _html(
            article(ARABIC, title="محادثات في جنيف", lang="ar").replace("<html", '<html dir="rtl"')
        ),
        "record",
        ARTICLE,
        contains=("عاد المفاوضون",),
        language="ar",
    ),
    # pages that are not (only) an article
    Case(
        "comment-form-only",
        _html(
            "<html><head><title>Leave a Reply</title></head><body><div id=respond>"
            "<h3>Leave a Reply</h3><p>Your email address will not be published.</p>"
            "<form><textarea name=comment></textarea><input name=author>"
            "<input type=submit value='Post Comment'></form></div></body></html>"
        ),
        NOTHING_LEFT,
        NOTHING_LEFT,
    ),
    Case(
        "comments-30x-article",
        _html(article(after=COMMENTS.format("".join(COMMENT.format(n=n) for n in range(150))))),
        "record",
        ARTICLE,
        contains=(FIRST, LAST),
        absent=("finally explains why",),
        language="en",
    ),
    Case(
        "paywall-stub",
        _html(
            article(
                paragraphs=(
                    PARAGRAPHS[0],
                    "Subscribe to continue reading.",
                    "Already a subscriber? Log in",
                )
            )
        ),
        "record",
        TOO_LITTLE,
        contains=(FIRST,),
        absent=("Subscribe to continue reading", "Already a subscriber"),
        note="clean keeps the teaser paragraph; the crawl's word minimum drops it",
    ),
    Case(
        "js-only-shell",
        _html(
            "<html><head><title>News</title></head><body>"
            "<noscript>You need to enable JavaScript to run this app.</noscript>"
            '<div id="root"></div><script src="/static/main.js"></script></body></html>'
        ),
        NOTHING_LEFT,
        NOTHING_LEFT,
    ),
    Case(
        "headline-list",
        _html(
            "<html><head><title>World news</title></head><body><h1>World</h1>"
            f"<ul>{HEADLINES}</ul></body></html>"
        ),
        "record",
        "skip: not an article: mostly links (listing page)",
        contains=("Minister 1 visits capital for talks",),
        note="clean does not judge page types (a file given to it is taken as an article)",
    ),
    Case(
        "xxe",
        _html(
            '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            + article(paragraphs=(*PARAGRAPHS, "Entity: &xxe; end."))
        ),
        "record",
        ARTICLE,
        contains=(FIRST,),
        absent=("root:",),
        language="en",
    ),
    Case(
        "billion-laughs",
        _html(
            f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY lol1 "lol">{LAUGHS}]>'
            + article(paragraphs=(*PARAGRAPHS, "Laughs: &lol9; end."))
        ),
        "record",
        ARTICLE,
        contains=(FIRST,),
        absent=("lollol",),
        language="en",
    ),
    Case(
        "links-that-are-no-urls",
        _html(
            article(
                head='<link rel="canonical" href="http://[not-a-host]/story">',
                after='<a href="http://[ccpa-preferences]/choices">Privacy choices</a>'
                '<a href="https://[::1/broken">Broken</a>',
            )
        ),
        "record",
        ARTICLE,
        contains=(FIRST, LAST),
        note="a canonical link and links whose bracketed host is no IP address (Python "
        "refuses to parse them): ignored, as a real page's privacy link was",
    ),
    Case(
        "links-scrapy-refuses",
        _html(
            article(
                after='<a href="http://127.0.0.1:99999/a.html">Port out of range</a>'
                '<a href="http://127.0.0.1:0x50/b.html">Port in hex</a>'
                '<a href="http://127.0.0.1:80:80/c.html">Port twice</a>'
            )
        ),
        "record",
        ARTICLE,
        contains=(FIRST, LAST),
        note="links whose port scrapy.Request refuses: each a skip (not a valid URL) in the "
        "crawl, the page's later links still followed",
    ),
    Case(
        "layout-tables",
        _html(layout_tables()),
        "record",
        ARTICLE,
        contains=(FIRST, LAST),
        absent=("|", "Archive", "Advertisement", "Anzeige", "Cheap flights"),
        note="an article laid out with nested tables: paragraphs, not table rows, and no "
        "menu or ad cells",
    ),
    # scripts written without spaces: a few hundred characters are an article
    Case(
        "chinese-without-spaces",
        _html(article(CHINESE, title="日内瓦停火会谈恢复", lang="zh")),
        "record",
        ARTICLE,
        contains=(CHINESE[0],),
        note="297 characters in 7 paragraphs: 7 white-space tokens, 278 words by characters",
    ),
    Case(
        "japanese-without-spaces",
        _html(article(JAPANESE, title="ジュネーブで停戦協議再開", lang="ja")),
        "record",
        ARTICLE,
        contains=(JAPANESE[0],),
        language="ja",
    ),
    Case(
        "thai-without-spaces",
        _html(article(THAI, title="การเจรจาหยุดยิงที่เจนีวา", lang="th")),
        "record",
        ARTICLE,
        contains=(THAI[0],),
        language="th",
        note="about 1,000 characters in 7 paragraphs: 14 white-space tokens, 224 words estimated",
    ),
    # language detection on bodies with nothing to go by
    _language("lang-numeric", "2024 12 345 678 90 1 000 000 42 17 3.14 2.71 1 618", "digits only"),
    _language("lang-emoji", "🙂 🎉 🌍 🤝 🕊️ 🇺🇳 📰 ✍️ 🗳️ 🤔 👍", "emoji only"),
    _language(
        "lang-url-only",
        "https://example.org/a https://example.org/b www.example.org/c mail@example.org",
        "URLs only",
    ),
    Case(
        "lang-empty-text-dump",
        b"\n\n",
        NOTHING_LEFT,
        "skip: not an article: no article markup",
        suffix=".txt",
        path="/{name}.txt",
    ),
)
CASES: tuple[Case, ...] = (*CONTENT, *SERVED)


def file_cases() -> list[Case]:
    """The cases that mean something for a file given to ``python -m cleaners clean``."""
    return [case for case in CASES if case.clean]
