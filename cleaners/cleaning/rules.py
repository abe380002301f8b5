"""The named boilerplate rules of ``rules.toml``: loading, compiling and matching a line.

What counts as boilerplate is data in ``rules.toml``; this module turns each ``[[rule]]`` into a
:class:`Rule` (one alternation of its patterns over every language) and finds the first rule
that matches a whole line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Any

RULES_FILE = "rules.toml"
# A section (comment thread, author bio) only cuts to the end after this much body.
MIN_BODY_BEFORE_SECTION = 2
# no rule matches a longer line (the longest, a cookie notice, is well under this)
MAX_RULE_LINE = 600


# lines whose match is remembered per process: a page asks about the same line several
# times (in the tree, in the text, when confirming a cut), and the short lines of
# navigation and share bars recur from page to page of a site
MATCH_CACHE_LINES = 4096


@dataclass(frozen=True, eq=False)
class Rule:
    """A named boilerplate rule compiled from ``rules.toml`` (compared and hashed by
    identity: a cache of matches is keyed by the rules asked)."""

    name: str
    kind: str
    regex: re.Pattern[str]
    confirm: str | None = None
    # body paragraphs needed before a section or marker may cut to the end
    min_body: int = MIN_BODY_BEFORE_SECTION
    # a line of this rule with more body paragraphs after it is a part of the article
    max_body_after: int | None = None


def _compile(entry: dict[str, Any], macros: dict[str, str]) -> Rule:
    parts: list[str] = []
    for patterns in entry["patterns"].values():
        for pattern in patterns:
            for key, value in macros.items():
                pattern = pattern.replace(f"<{key}>", value)
            # group names must be unique across the alternation
            pattern = pattern.replace("(?P<author>", f"(?P<author_{len(parts)}>")
            parts.append(f"(?:{pattern})")
    regex = re.compile("|".join(parts), re.IGNORECASE)
    min_body = entry.get("min_body", MIN_BODY_BEFORE_SECTION)
    confirm, after = entry.get("confirm"), entry.get("max_body_after")
    return Rule(entry["name"], entry["kind"], regex, confirm, min_body, after)


@cache
def _bundled_rules() -> dict[str, Any]:
    text = resources.files("cleaners.cleaning").joinpath(RULES_FILE).read_text(encoding="utf-8")
    return tomllib.loads(text)


def rules_data(text: str | None = None) -> dict[str, Any]:
    """The tables of the TOML ``text`` given, or of the bundled ``rules.toml`` (read and
    parsed once, shared by every module that takes a table from it: do not change it)."""
    return _bundled_rules() if text is None else tomllib.loads(text)


def load_rules(text: str | None = None) -> tuple[Rule, ...]:
    """Compile the rules of ``rules.toml`` (or of the TOML ``text`` given), in file order."""
    data = rules_data(text)
    macros = data.get("macros", {})
    return tuple(_compile(entry, macros) for entry in data["rule"])


RULES = load_rules()
# markup-level patterns (class and id names), from the [markup] table of rules.toml
MARKUP: dict[str, re.Pattern[str]] = {
    name: re.compile(pattern) for name, pattern in rules_data().get("markup", {}).items()
}


@cache
def rules_named(name: str, rules: tuple[Rule, ...] = RULES) -> tuple[Rule, ...]:
    """The rules (of every kind) that carry ``name``."""
    return tuple(rule for rule in rules if rule.name == name)


def _table_cell(line: str) -> str:
    """The one non-empty cell of a table row (``| Related articles | |``), else the line."""
    line = line.strip()
    if line.startswith("|") and line.endswith("|"):
        cells = [cell.strip() for cell in line.strip("|").split("|") if cell.strip()]
        if len(cells) == 1:
            return cells[0]
    return line


def match_rule(line: str, rules: Sequence[Rule] = RULES) -> tuple[Rule, re.Match[str]] | None:
    """The first rule whose pattern matches the whole line, with its match.

    >>> match_rule("Leave a Reply")[0].name
    'comment-form'
    >>> match_rule("No comment form will decide this, he said.") is None
    True
    """
    return _first_match(line, rules if isinstance(rules, tuple) else tuple(rules))


@lru_cache(maxsize=MATCH_CACHE_LINES)
def _first_match(line: str, rules: tuple[Rule, ...]) -> tuple[Rule, re.Match[str]] | None:
    line = _table_cell(line)
    if len(line) > MAX_RULE_LINE:
        return None
    for rule in rules:
        found = rule.regex.fullmatch(line)
        if found:
            return rule, found
    return None


def rule_for(line: str, default: str, rules: Sequence[Rule] = RULES) -> str:
    """The name of the line rule that matches ``line`` inside a cut section, else ``default``.

    >>> rule_for("Leave a Reply", "comment-thread"), rule_for("Great piece!", "comment-thread")
    ('comment-form', 'comment-thread')
    """
    matched = match_rule(line, rules)
    if matched and matched[0].kind in ("line", "byline"):
        return matched[0].name
    return default
