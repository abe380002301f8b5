"""Comment sections named in the markup: found after the body, whether the body is written in
``<p>``s or in ``<div>``s and ``<br>``s; blocks named as comments never count as body."""

from __future__ import annotations

import pytest
from lxml.html import fromstring

from cleaners.extraction.prune import comment_block_lines

SENTENCE = "The two delegations met for six hours in Geneva on Tuesday, officials said."
REPLY = "I read this twice and still do not see why the talks were moved to Geneva."

# (the body as the page writes it, before a comment section)
BODIES: list[tuple[str, str]] = [
    ("paragraphs", f"<p>{SENTENCE}</p><p>{SENTENCE}</p>"),
    ("divs and line breaks", f"<div>{SENTENCE}<br>{SENTENCE}</div><div>{SENTENCE}</div>"),
    ("table cells", f"<table><tr><td>{SENTENCE}</td><td>{SENTENCE}</td></tr></table>"),
]

# (what comes before the comment section): nothing here is body, so nothing is cut
NOT_BODY: list[tuple[str, str]] = [
    ("a link list", "".join(f'<div><a href="/{n}">{SENTENCE}</a></div>' for n in range(3))),
    ("short blocks", "<div>Home</div><div>World news</div><div>Sign in</div>"),
    (
        "entries named as comments (a live commentary)",
        "".join(f'<div class="live-comment"><p>{SENTENCE}</p></div>' for _ in range(3)),
    ),
    ("a menu list", "<ul>" + f"<li>{SENTENCE}</li>" * 3 + "</ul>"),
]

SECTIONS = [
    '<div id="kb-comments"><div class="kb-comment"><div>{reply}</div></div></div>',
    '<section class="comment-list"><article><p>{reply}</p></article></section>',
    '<ol class="kommentare"><li>{reply}</li></ol>',
    '<div id="comentarios"><div>{reply}</div></div>',
]


def _page(before: str, section: str) -> str:
    return f"<html><body><div>{before}</div>{section.format(reply=REPLY)}</body></html>"


@pytest.mark.parametrize("section", SECTIONS)
@pytest.mark.parametrize(("layout", "body"), BODIES)
def test_comment_section_after_the_body_is_found(layout: str, body: str, section: str) -> None:
    assert comment_block_lines(fromstring(_page(body, section))) == {REPLY}, layout


@pytest.mark.parametrize(("what", "before"), NOT_BODY)
def test_no_body_before_means_no_cut(what: str, before: str) -> None:
    assert comment_block_lines(fromstring(_page(before, SECTIONS[0]))) == frozenset(), what


def test_boilerplate_blocks_are_no_body() -> None:
    notice = "<div>Your email address will not be published. Required fields are marked *</div>"
    assert comment_block_lines(fromstring(_page(notice * 3, SECTIONS[0]))) == frozenset()


@pytest.mark.parametrize(
    "taxonomy", ["category-kommentar", "tag-comments", "category-der-kommentar"]
)
def test_a_post_filed_under_comments_is_no_comment_section(taxonomy: str) -> None:
    """WordPress puts a post's categories and tags in its classes: an opinion piece filed
    under "Kommentar" stays, even after two blocks of text in a sidebar."""
    sidebar = f"<div>{SENTENCE}</div><div>{SENTENCE}</div>"
    post = f'<article class="post type-post {taxonomy}"><p>{REPLY}</p></article>'
    assert comment_block_lines(fromstring(f"<html><body>{sidebar}{post}</body></html>")) == set()
