"""Repairs of trafilatura's text in extract(): stale charsets before it, then script text,
a missed lead and an appended next article."""

from __future__ import annotations

import pytest

from cleaners.archives.decoding import decode_html
from cleaners.extraction.extract import Extracted, extract

BODY = (
    "The two delegations met for six hours in Geneva on Tuesday and agreed on a short text "
    "that both capitals can present as progress, officials from both sides said afterwards."
)
LEAD = "Both capitals can now claim progress after six hours of talks behind closed doors."
OTHER = (
    "The port authority opened a review of container tariffs on Monday after shipping lines "
    "complained that storage fees had tripled in two years, its chairman told reporters."
)


def _page(head: str, body: str, title: str = "Talks in Geneva") -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f"{head}</head><body>{body}</body></html>"
    )


def _paragraphs(n: int = 4, text: str = BODY) -> str:
    return "".join(f"<p>{text} ({i})</p>" for i in range(n))


def _extract(html: str) -> Extracted:
    result = extract(html)
    assert isinstance(result, Extracted)
    return result


@pytest.mark.parametrize("charset", ["gbk", "iso-8859-1", "windows-1251", "shift_jis"])
def test_valid_utf8_wins_over_a_stale_meta_charset(charset: str) -> None:
    page = (
        f'<html><head><meta charset="{charset}"></head><body><p>日内瓦会谈 Genève</p></body></html>'
    )
    assert "日内瓦会谈 Genève" in decode_html(page.encode("utf-8"))


def test_http_charset_and_declared_legacy_charset_still_decide() -> None:
    legacy = '<meta charset="windows-1251"><p>Переговоры</p>'.encode("cp1251")
    assert "Переговоры" in decode_html(legacy)
    latin = "<p>Genève</p>".encode("latin-1")
    assert "Genève" in decode_html(latin, "text/html; charset=iso-8859-1")


def test_undeclared_legacy_charset_is_detected() -> None:
    text = (
        "Переговорщики обеих сторон во вторник вернулись в Женеву для третьего раунда переговоров."
    )
    assert text in decode_html(f"<p>{text}</p>".encode("cp1251"))


def test_script_text_goes_and_pre_code_stays() -> None:
    body = (
        f"<article><h1>Talks in Geneva</h1><p>{BODY}</p>"
        '<p>var cookie_domain = ".example.org";</p>'
        "<p>if (typeof(window.ads) !== 'undefined') {</p>"
        f"<p>{BODY} Again.</p><pre><code>if (ready) {{\n  start();\n}}</code></pre>"
        f"<p>{BODY} Once more.</p></article>"
    )
    result = _extract(_page("", body))
    assert "cookie_domain" not in result.text and "typeof" not in result.text
    assert "if (ready) {" in result.text and "start();" in result.text
    assert [r.rule for r in result.pruned] == ["script-text", "script-text"]
    assert "start();" in result.code_lines


def _lead_page(lead_markup: str, description: str = LEAD) -> str:
    head = f'<meta name="description" content="{description}">'
    body = (
        f'<main><h1>Talks in Geneva</h1>{lead_markup}<div class="text">{_paragraphs()}</div></main>'
    )
    return _page(head, body)


def test_missed_lead_is_put_back_at_the_top() -> None:
    result = _extract(_lead_page(f'<div class="standfirst"><span>{LEAD}</span></div>'))
    assert result.text.startswith(LEAD + "\n")
    assert result.pruned == ()


@pytest.mark.parametrize(
    "markup",
    [
        f'<nav><div class="standfirst"><span>{LEAD}</span></div></nav>',
        f'<div class="standfirst" style="display: none"><span>{LEAD}</span></div>',
        f'<div class="box"><span>{LEAD}</span></div>',
    ],
    ids=["in-nav", "hidden", "unconfirmed"],
)
def test_lead_needs_a_visible_confirmed_block(markup: str) -> None:
    result = _extract(_lead_page(markup, description="Something else entirely."))
    assert LEAD not in result.text


def test_lead_confirmed_by_the_description() -> None:
    result = _extract(_lead_page(f'<div class="box"><span>{LEAD}</span></div>'))
    assert result.text.startswith(LEAD)


def _scroll_page(byline: str) -> str:
    first = f"<h1>Talks in Geneva</h1><p class='byline'>By Ana Ruiz</p>{_paragraphs()}"
    second = f"<h1>Port tariffs under review</h1>{byline}{_paragraphs(3, OTHER)}"
    return _page("", f'<div class="stream">{first}{second}</div>')


def test_next_article_is_cut_and_named() -> None:
    result = _extract(_scroll_page("<p class='byline'>By Tom Berg</p><time>June 3, 2024</time>"))
    assert "port authority" not in result.text.lower()
    assert result.text.count(BODY) == 4
    assert {r.rule for r in result.pruned} == {"next-article"}


def test_a_second_heading_with_no_byline_is_no_next_article() -> None:
    result = _extract(_scroll_page(""))
    assert "port authority" in result.text.lower()
    assert result.pruned == ()
