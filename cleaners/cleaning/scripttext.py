"""Script and style text left in an extracted body: the ``script-text`` rule (kind ``code``).

What counts as code is data: the ``[[code]]`` tables of ``rules.toml``.  A line the page
shows inside ``<pre>`` or ``<code>`` is content and stays, whatever it looks like.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from cleaners.cleaning.rules import rules_data


@dataclass(frozen=True)
class CodeRule:
    """A named rule whose expressions match a whole line of code."""

    name: str
    regex: re.Pattern[str]


def load_code_rules(text: str | None = None) -> tuple[CodeRule, ...]:
    """The ``[[code]]`` rules of ``rules.toml`` (or of the TOML ``text`` given)."""
    rules = []
    for entry in rules_data(text).get("code", []):
        joined = "|".join(f"(?:{pattern})" for pattern in entry["patterns"])
        rules.append(CodeRule(entry["name"], re.compile(joined)))
    return tuple(rules)


CODE_RULES = load_code_rules()
# longer lines are not tried: the expressions are written for a line of code, and trying
# them on a whole article would cost time for nothing
MAX_LINE = 1000


def squeeze(line: str) -> str:
    """A line with its runs of white space made one space, stripped.

    >>> squeeze("  if (x)\\t{ ")
    'if (x) {'
    """
    return " ".join(line.split())


def code_rule_for(line: str, rules: Sequence[CodeRule] = CODE_RULES) -> str | None:
    """The name of the code rule that matches all of ``line``, or None.

    >>> code_rule_for('var cookie_domain = ".example.org";')
    'script-text'
    >>> code_rule_for("if (typeof(window.ads) !== 'undefined') {")
    'script-text'
    >>> code_rule_for('{"@context": "https://schema.org", "@type": "NewsArticle"}')
    'script-text'
    >>> code_rule_for("If the talks fail (as many expect), the ceasefire ends; {sic}.") is None
    True
    """
    line = squeeze(line)
    if len(line) > MAX_LINE:
        return None
    return next((rule.name for rule in rules if rule.regex.fullmatch(line)), None)


def drop_script_text(
    lines: Sequence[str], code_lines: Collection[str] = (), rules: Sequence[CodeRule] = CODE_RULES
) -> tuple[list[str], list[tuple[str, str]]]:
    """The lines that stay, and ``(rule, line)`` for each line of code that goes.

    >>> drop_script_text(["The envoys met.", "init();", "x = f(1);"], code_lines={"init();"})
    (['The envoys met.', 'init();', 'x = f(1);'], [])
    >>> drop_script_text(["The envoys met.", "window.dataLayer = window.dataLayer || [];"])
    (['The envoys met.'], [('script-text', 'window.dataLayer = window.dataLayer || [];')])
    """
    kept: list[str] = []
    dropped: list[tuple[str, str]] = []
    for line in lines:
        name = None if squeeze(line) in code_lines else code_rule_for(line, rules)
        if name is None:
            kept.append(line)
        else:
            dropped.append((name, line))
    return kept, dropped
