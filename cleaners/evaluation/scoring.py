"""Scores of one system's output against a benchmark's ground truth.

* segments (trafilatura's evaluation): substring matches after whitespace normalisation,
  micro-averaged over all segments; ``comment_leak`` is the share of reader-comment
  segments found in the body.
* full references (Dragnet, our samples): word 4-gram shingles compared as multisets per
  page, precision and recall averaged over pages; ``comment_leak`` is the share of the
  reference comments' shingles (those not also in the body) found in the body.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from cleaners.evaluation.datasets import Case

_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+")
SHINGLE = 4


@dataclass
class Score:
    """How one page's output compares with its ground truth."""

    case: Case
    language: str | None
    tp: float = 0.0
    fp: float = 0.0
    fn: float = 0.0
    # comment segments (or shingles) found in the body, out of how many there are
    leaked: float = 0.0
    comments: float = 0.0
    precision: float | None = None
    recall: float | None = None
    costly: list[str] = field(default_factory=list)

    @property
    def cost(self) -> float:
        """What the page costs the corpus figures: errors, and the comments it leaks."""
        if self.precision is None and self.recall is None:
            return self.fp + self.fn + self.leaked
        return self.fp + self.fn + (self.leaked / self.comments if self.comments else 0.0)


def normalize_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def tokens(text: str) -> list[str]:
    """Runs of ``\\w``, case kept: the units that shingles are made of."""
    return _TOKEN.findall(text)


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """Word 4-grams (tokens are runs of ``\\w``, case kept), as a multiset.

    >>> sorted(shingles("a b c d e").items())
    [(('a', 'b', 'c', 'd'), 1), (('b', 'c', 'd', 'e'), 1)]
    """
    found = tokens(text)
    if 0 < len(found) < SHINGLE:
        return Counter([tuple(found)])
    return Counter(tuple(found[i : i + SHINGLE]) for i in range(len(found) - SHINGLE + 1))


def score_segments(case: Case, text: str, language: str | None) -> Score:
    body = normalize_space(text)
    lines = text.split("\n")
    score = Score(case, language, comments=len(case.comments))
    for segment in case.with_:
        if normalize_space(segment) in body:
            score.tp += 1
        else:
            score.fn += 1
            score.costly.append(f"missing: {segment}")
    for kind, segments in (("kept boilerplate", case.without), ("kept comment", case.comments)):
        for segment in segments:
            wanted = normalize_space(segment)
            if wanted and wanted in body:
                line = next((line for line in lines if wanted in normalize_space(line)), segment)
                score.costly.append(f"{kind}: {line[:160]}")
                if kind == "kept comment":
                    score.leaked += 1
                else:
                    score.fp += 1
    return score


def _worst_lines(text: str, other: Counter[tuple[str, ...]], label: str) -> list[str]:
    costs = []
    for line in text.split("\n"):
        mine = shingles(line)
        missing = sum((mine - other).values())
        if missing:
            costs.append((missing, f"{label} ({missing} shingles): {line[:160]}"))
    return [line for _, line in sorted(costs, key=lambda pair: -pair[0])[:3]]


def score_reference(case: Case, text: str, language: str | None) -> Score:
    ours, truth = shingles(text), shingles(case.reference or "")
    shared = sum((ours & truth).values())
    score = Score(case, language, tp=shared)
    size_ours, size_truth = sum(ours.values()), sum(truth.values())
    if size_ours:
        score.precision = shared / size_ours
        score.fp = 1 - score.precision
    if size_truth:
        score.recall = shared / size_truth
        score.fn = 1 - score.recall
    if case.comments:
        comment_only = shingles("\n".join(case.comments)) - truth
        score.comments = sum(comment_only.values())
        score.leaked = sum((ours & comment_only).values())
    score.costly = _worst_lines(text, truth, "extra") + _worst_lines(
        case.reference or "", ours, "missing"
    )
    return score


def score_page(mode: str, case: Case, text: str, language: str | None) -> Score:
    """The page's score by the benchmark's layout (``segments`` or ``reference``)."""
    scorer = score_segments if mode == "segments" else score_reference
    return scorer(case, text, language)


@dataclass
class Totals:
    pages: int
    precision: float
    recall: float
    f1: float
    comment_leak: float | None


def f1_of(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 0.0


def totals(mode: str, scores: list[Score]) -> Totals:
    """Corpus figures: micro-averaged for segments, mean of page figures for reference."""
    comments = sum(s.comments for s in scores)
    leak = sum(s.leaked for s in scores) / comments if comments else None
    if mode == "segments":
        tp = sum(s.tp for s in scores)
        fp = sum(s.fp for s in scores)
        fn = sum(s.fn for s in scores)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        return Totals(len(scores), precision, recall, f1_of(precision, recall), leak)
    precision = _mean([s.precision for s in scores if s.precision is not None])
    recall = _mean([s.recall for s in scores if s.recall is not None])
    return Totals(len(scores), precision, recall, f1_of(precision, recall), leak)
