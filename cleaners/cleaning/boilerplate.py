"""Boilerplate removal on paragraphs, driven by the named rules in ``rules.toml``.

Every paragraph that goes is reported as a :class:`Removal` with the name of the rule
that removed it, so a record can list it in ``removed``.  Besides the data-driven rules,
structural rules live here: ``headline-run`` (unrelated headlines after the body),
``linked-headlines`` (runs of links to other pages), ``repeated-title``,
``duplicate-paragraph`` and ``pull-quote``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import islice

from cleaners.cleaning.repeats import drop_repeats, same_words, words_of
from cleaners.cleaning.rules import RULES, Rule, match_rule, rule_for, rules_named
from cleaners.cleaning.shapes import (
    link_runs,
    looks_like_headline,
    looks_like_link_title,
    looks_like_teaser,
    looks_like_title,
)
from cleaners.cleaning.threads import thread_follows
from cleaners.record import Removal

BODY_PARAGRAPH_WORDS = 10
CONFIRM_WINDOW = 3
# A first line longer than this is body, not a title.
TITLE_MAX_WORDS = 30


@dataclass
class Stripped:
    """Paragraphs that stay, what went (in document order), and authors named by bylines."""

    paragraphs: list[str]
    removed: list[Removal]
    authors: list[str] = field(default_factory=list)
    title: str | None = None


def _is_body(line: str) -> bool:
    return len(line.split()) >= BODY_PARAGRAPH_WORDS


_NAME_SEPARATOR = re.compile(r",\s+|\s+(?:and|&|und|et|y|e|en)\s+")


def format_authors(byline: str) -> str:
    """Turn the names of a byline into ``"A; B"``, dropping a sentence's final period.

    >>> format_authors("Grant Montgomery.")
    'Grant Montgomery'
    >>> format_authors("Jane Roe, Li Wei and John Q. Doe")
    'Jane Roe; Li Wei; John Q. Doe'
    """
    names = [name.strip() for name in _NAME_SEPARATOR.split(byline.strip())]
    if names and len(names[-1].rsplit(" ", 1)[-1]) > 2:
        names[-1] = names[-1].rstrip(".")
    return "; ".join(name for name in names if name)


def _author(found: re.Match[str]) -> str | None:
    names = [value for key, value in found.groupdict().items() if key.startswith("author")]
    return next((format_authors(name) for name in names if name), None)


class _Pass:
    """One left-to-right pass of the rules over a text's paragraphs."""

    def __init__(
        self,
        paragraphs: Sequence[str],
        rules: Sequence[Rule],
        comments: frozenset[str],
        links: frozenset[str] | None,
    ) -> None:
        self.lines = list(paragraphs)
        self.rules = tuple(rules)
        self.comments = {words_of(line) for line in comments} - {()}
        # the words of the page's links to other pages; None: no markup (a text dump)
        self.links = None if links is None else frozenset(map(words_of, links)) - {()}
        self.kept: list[tuple[int, str]] = []
        # how many of the lines kept by the pass are body: counted as they are kept, not
        # again at every rule match (a page of 20,000 short lines with an ad label after
        # each took minutes)
        self.body_kept = 0
        self.removed: list[tuple[int, Removal]] = []
        self.authors: list[str] = []
        self._body_after: list[int] | None = None

    def drop(self, index: int, rule: str) -> None:
        self.removed.append((index, Removal(rule, self.lines[index])))

    def confirmed(self, index: int, rule_name: str) -> bool:
        window = self.lines[index + 1 : index + 1 + CONFIRM_WINDOW]
        confirm = rules_named(rule_name, self.rules)
        return any(match_rule(line, confirm) for line in window)

    def body_after(self, index: int) -> int:
        """How many body paragraphs follow the line at ``index`` (counted once per pass)."""
        if self._body_after is None:
            self._body_after = [0] * (len(self.lines) + 1)
            for at in range(len(self.lines) - 1, -1, -1):
                self._body_after[at] = self._body_after[at + 1] + _is_body(self.lines[at])
        return self._body_after[index + 1]

    def thread_after(self, index: int) -> bool:
        """Whether a comment thread follows the line at ``index`` (the lines after it are
        read, not copied: a copy per heading is quadratic)."""
        return thread_follows(islice(self.lines, index + 1, None), self.comments)

    def keep(self, index: int, line: str) -> None:
        self.kept.append((index, line))
        self.body_kept += _is_body(line)

    def run(self) -> None:
        index = 0
        while index < len(self.lines):
            index = self.step(index)

    def step(self, index: int) -> int:
        """Handle the line at ``index``; return the index of the next line to look at."""
        line = self.lines[index]
        if words_of(line) in self.comments:
            self.drop(index, "comment-thread")
            return index + 1
        matched = match_rule(line, self.rules)
        if matched is None:
            self.keep(index, line)
            return index + 1
        rule, found = matched
        if rule.max_body_after is not None and self.body_after(index) > rule.max_body_after:
            self.keep(index, line)
            return index + 1
        enough_body = self.body_kept >= rule.min_body
        if rule.kind == "marker" and not (
            rule.confirm and self.confirmed(index, rule.confirm) and enough_body
        ):
            self.keep(index, line)
            return index + 1
        if rule.kind == "section" and rule.confirm and not self.thread_after(index):
            self.drop(index, rule.name)  # a "12 Comments" link or a heading with no thread
            return index + 1
        if rule.kind in ("section", "marker") and enough_body:
            for rest in range(index, len(self.lines)):
                self.drop(rest, rule_for(self.lines[rest], rule.name, self.rules))
            return len(self.lines)
        self.drop(index, rule.name)
        if rule.kind == "byline" and (author := _author(found)):
            self.authors.append(author)
        if rule.kind == "list":
            index += 1
            while index < len(self.lines) and looks_like_headline(self.lines[index]):
                if match_rule(self.lines[index], self.rules):
                    break
                self.drop(index, rule.name)
                index += 1
            return index
        return index + 1

    def take_title(self, title: str | None) -> str | None:
        """Drop the title (and its copies) where it opens the body; with no title, the first
        line is it."""
        if not self.kept:
            return title
        first = self.kept[0][1]
        if title is not None and not same_words(title, first):
            return title
        if title is None and len(first.split()) > TITLE_MAX_WORDS:
            return None
        # every copy of the title that opens the body, so that cleaning again drops none
        while self.kept and same_words(first, self.kept[0][1]):
            self.drop(self.kept.pop(0)[0], "repeated-title")
        return title if title is not None else first

    def drop_link_runs(self) -> None:
        """Drop runs of three or more lines that are each the text of a link to another page
        of the site, inside or after the body: related headlines nothing labels (a text of
        such links alone, with no body paragraph besides, stays)."""
        if not self.links:
            return
        gone: set[int] = set()
        for run in link_runs([line for _, line in self.kept], self.links):
            gone.update(run)
        rest = [line for position, (_, line) in enumerate(self.kept) if position not in gone]
        if not any(map(_is_body, rest)):  # a page of links only (a listing): nothing is body
            return
        for position in sorted(gone):
            self.drop(self.kept[position][0], "linked-headlines")
        self.kept = [pair for position, pair in enumerate(self.kept) if position not in gone]

    def _trailing(self, fits: Callable[[str], bool]) -> int:
        """How many lines at the end of the text fit (one line of body always stays)."""
        run = 0
        while run < len(self.kept) - 1 and fits(self.kept[-1 - run][1]):
            run += 1
        return run

    def _after_boilerplate(self, run: int) -> bool:
        first, last_body = self.kept[-run][0], self.kept[-run - 1][0]
        return any(last_body < index < first for index, _ in self.removed)

    def drop_headline_run(self) -> None:
        """Drop unrelated headlines left at the very end, after the body.

        With the page's markup, each must be the text of a link to another page, two or more
        of them (one after boilerplate such as a comment form).  Without markup, headline-like
        lines after boilerplate, or two or more in title case or of five words or more.
        """
        links = self.links
        if links is None:
            run = self._trailing(looks_like_headline)
            lines = [line for _, line in self.kept[-run:]] if run else []
            shaped = all(map(looks_like_title, lines)) or all(map(looks_like_teaser, lines))
            enough = run >= 2 and shaped
        else:
            run = self._trailing(lambda line: looks_like_link_title(line, links))
            enough = run >= 2
        body = run and any(_is_body(line) for _, line in self.kept[:-run])
        if body and (enough or self._after_boilerplate(run)):
            for index, _ in self.kept[-run:]:
                self.drop(index, "headline-run")
            del self.kept[-run:]


def strip_boilerplate(
    paragraphs: Sequence[str],
    title: str | None = None,
    rules: Sequence[Rule] = RULES,
    comments: frozenset[str] = frozenset(),
    links: frozenset[str] | None = None,
) -> Stripped:
    """Remove boilerplate paragraphs, the repeated title, unrelated trailing headlines and repeats.

    With ``title`` None (a text dump), the first paragraph left after the rules is the title.
    Lines in ``comments`` (found in the page's comment sections) go as ``comment-thread``.
    ``links`` are the texts of the page's links to other pages of its site (None: no markup).

    >>> result = strip_boilerplate(["Talks in Geneva", "The envoys met twice in Geneva last week.",
    ...                             "Leave a Reply", "Cancel reply"], title="Talks in Geneva")
    >>> result.paragraphs
    ['The envoys met twice in Geneva last week.']
    >>> [removal.rule for removal in result.removed]
    ['repeated-title', 'comment-form', 'comment-form']
    """
    state = _Pass(paragraphs, rules, comments, links)
    state.run()
    title = state.take_title(title)
    state.drop_link_runs()
    state.drop_headline_run()
    kept, repeats = drop_repeats(state.kept, state.links or frozenset())
    removed = sorted(state.removed + repeats, key=lambda pair: pair[0])
    return Stripped(
        paragraphs=[text for _, text in kept],
        removed=[removal for _, removal in removed],
        authors=state.authors,
        title=title,
    )
