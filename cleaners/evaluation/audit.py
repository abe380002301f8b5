"""The rule audit: for every rule, the lines it removed that the ground truth has as body.

A benchmark with full reference texts shows what a rule silently eats: a removed line is
body when most of its word 4-grams are in the reference and missing from the text kept (a
line of under four words: when it is a whole line of the reference, more often than in the
text kept).  A pull quote or a repeated paragraph whose words the text keeps elsewhere is
no loss.  On a set of segments, a removed line is body when it holds a segment that must
be in the text and is not, or is a long part of one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from cleaners.evaluation.datasets import Case
from cleaners.evaluation.scoring import SHINGLE, normalize_space, shingles, tokens

# share of a removed line's shingles found in the reference from which it counts as body
BODY_SHARE = 0.5
EXAMPLES = 3


@dataclass
class RuleAudit:
    """What one rule removed over a benchmark, and how much of it was body."""

    rule: str
    lines: int = 0
    body: int = 0
    examples: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return 1 - self.body / self.lines if self.lines else 1.0


class _Truth:
    """What a page's ground truth has that the text kept lacks: what a removal may have lost."""

    def __init__(self, case: Case, kept: str) -> None:
        reference = case.reference or ""
        self.by_segments = case.reference is None
        body = normalize_space(kept)
        self.segments = [
            segment for segment in map(normalize_space, case.with_) if segment not in body
        ]
        self.shingles = shingles(reference) - shingles(kept)
        self.lines = Counter(tuple(tokens(line)) for line in reference.splitlines())
        self.lines.subtract(Counter(tuple(tokens(line)) for line in kept.splitlines()))

    def has(self, line: str) -> bool:
        if self.by_segments:
            text = normalize_space(line)
            long_line = len(tokens(line)) >= SHINGLE
            return any(s in text or (long_line and text in s) for s in self.segments)
        words = tokens(line)
        if len(words) < SHINGLE:
            return bool(words) and self.lines[tuple(words)] > 0
        mine = shingles(line)
        found = sum((mine & self.shingles).values())
        return found >= BODY_SHARE * sum(mine.values())


def audit_rules(
    cases: Sequence[Case], texts: Sequence[str], removed: Sequence[Sequence[tuple[str, str]]]
) -> list[RuleAudit]:
    """Per rule, lines removed and lines of body among them: least precise rules first."""
    audits: dict[str, RuleAudit] = {}
    for case, kept, lines in zip(cases, texts, removed, strict=True):
        truth = _Truth(case, kept)
        for rule, line in lines:
            entry = audits.setdefault(rule, RuleAudit(rule))
            entry.lines += 1
            if truth.has(line):
                entry.body += 1
                if len(entry.examples) < EXAMPLES:
                    entry.examples.append(f"{case.id}: {line[:140]}")
    return sorted(audits.values(), key=lambda a: (a.precision, -a.lines, a.rule))


def audit_report(audits: Sequence[RuleAudit]) -> Iterator[str]:
    """The audit as printed lines: one per rule, with examples of the body it removed."""
    yield "rule audit (lines removed, of them body, precision):"
    for entry in audits:
        yield f"  {entry.rule:24s} {entry.lines:6d} {entry.body:6d}  {entry.precision:.3f}"
        for example in entry.examples:
            yield f"      {example}"
