"""Evidence of a comment thread after a bare "Comments" heading.

A heading such as "Comments" or "24 Comments" is as often a share-bar link or a tooltip above
the body as the start of a thread; it may cut to the end only when comment entries follow it.
"""

from __future__ import annotations

from collections.abc import Iterable

from cleaners.cleaning.repeats import words_of
from cleaners.cleaning.rules import RULES, match_rule

BODY_LIKE_WORDS = 10
# a thread after a bare "Comments" heading: this many comment entries, the first within
# FIRST_SIGN_WITHIN body-like lines of the heading, each next within NEXT_SIGN_WITHIN
THREAD_EVIDENCE = 2
FIRST_SIGN_WITHIN = 6
NEXT_SIGN_WITHIN = 12


def _body_like(line: str) -> bool:
    return len(line.split()) >= BODY_LIKE_WORDS


def _entry_sign(line: str, marked: frozenset[tuple[str, ...]] | set[tuple[str, ...]]) -> bool:
    """Whether a line shows a comment entry: a timestamp or reply link, an "X says:" line,
    or a line of the page's comment markup (``marked``, as :func:`words_of` gives them)."""
    if words_of(line) in marked:
        return True
    matched = match_rule(line, RULES)
    if matched is None:
        return False
    rule = matched[0]
    return rule.name == "comment-meta" or (rule.name == "comment-thread" and rule.kind == "marker")


def _thread_heading(line: str) -> bool:
    matched = match_rule(line, RULES)
    return (
        matched is not None and matched[0].name == "comment-thread" and matched[0].kind == "section"
    )


def thread_follows(
    lines: Iterable[str], marked: frozenset[tuple[str, ...]] | set[tuple[str, ...]] = frozenset()
) -> bool:
    """Whether ``lines`` (what follows a bare "Comments" heading) look like a comment thread:
    THREAD_EVIDENCE comment entries, none after a long run of body-like lines, and no
    later thread heading before them (the thread starts there, if anywhere).

    >>> thread_follows(["Ann", "March 3, 2024 at 9:14 am", "Nice.", "Reply"])
    True
    >>> thread_follows(["The talks went on.", "Reply"])
    False
    """
    signs, since, allowed = 0, 0, FIRST_SIGN_WITHIN
    for line in lines:
        if _thread_heading(line):
            return False  # the thread, if any, starts at that later heading
        if _entry_sign(line, marked):
            signs, since, allowed = signs + 1, 0, NEXT_SIGN_WITHIN
            if signs >= THREAD_EVIDENCE:
                return True
        elif _body_like(line):
            since += 1
            if since > allowed:
                return False
    return False
