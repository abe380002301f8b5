"""Extraction quality against a benchmark: precision, recall, F1 and the worst pages.

Three layouts of ground truth are read:

* ``segments.json`` (trafilatura's evaluation): per page, ``with`` segments that must be in
  the body, ``without`` segments that must not, ``comments`` of readers; pages in
  ``html/<id>.html.gz``.  Scored by substring after whitespace normalisation, micro-averaged.
* ``ground-truth.json``: ``{id: {"articleBody", "url"}}``, pages in ``html/<id>.html.gz``.
  Scored on word 4-gram shingles (multisets per page), macro-averaged over pages.
* a folder of our own samples (``meta.json`` whose ``must_keep`` lists every body
  paragraph), scored on shingles like ``ground-truth.json``.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cleaners.extraction import baseline_text
from cleaners.inputs import decode_html
from cleaners.language import detect_language
from cleaners.page import Page
from cleaners.parallel import ordered_map
from cleaners.pipeline import clean_page_safely
from cleaners.record import Failure
from cleaners.samples import find_samples

_SPACE = re.compile(r"\s+")
_TOKEN = re.compile(r"\w+")
SHINGLE = 4


@dataclass(frozen=True)
class Case:
    """One page of a benchmark and what is known to be right about it."""

    id: str
    url: str
    path: Path
    with_: tuple[str, ...] = ()
    without: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()
    reference: str | None = None


@dataclass
class Score:
    """How one page's output compares with its ground truth."""

    case: Case
    language: str | None
    tp: float = 0.0
    fp: float = 0.0
    fn: float = 0.0
    leaked: int = 0
    precision: float | None = None
    recall: float | None = None
    costly: list[str] = field(default_factory=list)

    @property
    def cost(self) -> float:
        return self.fp + self.fn + self.leaked


def normalize_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def read_page(path: Path) -> str:
    """A page's HTML, decoded by its declared charset (BOM, then ``<meta>``), not assumed UTF-8."""
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    return decode_html(raw)


def _page_path(root: Path, page_id: str) -> Path:
    for name in (f"{page_id}.html.gz", f"{page_id}.html"):
        if (root / "html" / name).exists():
            return root / "html" / name
    raise FileNotFoundError(f"no html/{page_id}.html.gz in {root}")


def load_cases(root: Path) -> tuple[str, list[Case]]:
    """The layout of a benchmark folder and its pages, sorted by id."""
    if (root / "segments.json").exists():
        data = json.loads((root / "segments.json").read_text(encoding="utf-8"))
        cases = [
            Case(key, entry["url"].strip(), _page_path(root, key), tuple(entry["with"]),
                 tuple(entry["without"]), tuple(entry.get("comments", [])))
            for key, entry in sorted(data.items())
        ]  # fmt: skip
        return "segments", cases
    if (root / "ground-truth.json").exists():
        data = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
        cases = [
            Case(key, entry.get("url", ""), _page_path(root, key), reference=entry["articleBody"])
            for key, entry in sorted(data.items())
        ]
        return "reference", cases
    samples = [sample for sample in find_samples(root) if sample.page.suffix == ".html"]
    if not samples:
        raise ValueError(f"{root}: no segments.json, ground-truth.json or samples")
    # our samples list every body paragraph: score them on shingles, which also counts
    # every word of boilerplate that gets through
    cases = [
        Case(sample.name, sample.meta["url"], sample.page,
             reference="\n\n".join(sample.meta["must_keep"]))
        for sample in samples
    ]  # fmt: skip
    return "reference", cases


def score_segments(case: Case, text: str, language: str | None) -> Score:
    body = normalize_space(text)
    lines = text.split("\n")
    score = Score(case, language)
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


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """Word 4-grams (tokens are runs of ``\\w``, case kept), as a multiset.

    >>> sorted(shingles("a b c d e").items())
    [(('a', 'b', 'c', 'd'), 1), (('b', 'c', 'd', 'e'), 1)]
    """
    tokens = _TOKEN.findall(text)
    if 0 < len(tokens) < SHINGLE:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


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
    score.costly = _worst_lines(text, truth, "extra") + _worst_lines(
        case.reference or "", ours, "missing"
    )
    return score


@dataclass
class Totals:
    pages: int
    precision: float
    recall: float
    f1: float
    comment_leak: float | None


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def totals(mode: str, scores: list[Score]) -> Totals:
    """Corpus figures: micro-averaged for segments, mean of page figures for reference."""
    if mode == "segments":
        tp = sum(s.tp for s in scores)
        fp = sum(s.fp for s in scores)
        fn = sum(s.fn for s in scores)
        comments = sum(len(s.case.comments) for s in scores)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        leak = sum(s.leaked for s in scores) / comments if comments else None
        return Totals(len(scores), precision, recall, _f1(precision, recall), leak)
    precisions = [s.precision for s in scores if s.precision is not None]
    recalls = [s.recall for s in scores if s.recall is not None]
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    return Totals(len(scores), precision, recall, _f1(precision, recall), None)


def report(mode: str, scores: list[Score], worst: int) -> Iterator[str]:
    """The printed evaluation: overall, per language, then the worst pages."""
    overall = totals(mode, scores)
    leak = "" if overall.comment_leak is None else f"  comment leak {overall.comment_leak:.3f}"
    yield (
        f"{overall.pages} pages  precision {overall.precision:.3f}  recall {overall.recall:.3f}"
        f"  F1 {overall.f1:.3f}{leak}"
    )
    by_language: dict[str, list[Score]] = {}
    for score in scores:
        by_language.setdefault(score.language or "??", []).append(score)
    for language, group in sorted(by_language.items(), key=lambda pair: -len(pair[1])):
        part = totals(mode, group)
        part_leak = "" if part.comment_leak is None else f"  leak {part.comment_leak:.3f}"
        figures = f"P {part.precision:.3f}  R {part.recall:.3f}  F1 {part.f1:.3f}{part_leak}"
        yield f"  {language}: {part.pages:4d} pages  {figures}"
    ranked = sorted((s for s in scores if s.cost), key=lambda s: (-s.cost, s.case.id))
    if ranked and worst:
        yield f"worst {min(worst, len(ranked))} pages:"
    for score in ranked[:worst]:
        yield f"- {score.case.id} (cost {score.cost:.2f}) {score.case.url}"
        for line in score.costly:
            yield f"    {line}"


def as_json(mode: str, scores: list[Score]) -> dict[str, Any]:
    overall = totals(mode, scores)
    return {
        "pages": overall.pages,
        "precision": round(overall.precision, 4),
        "recall": round(overall.recall, 4),
        "f1": round(overall.f1, 4),
        "comment_leak": None if overall.comment_leak is None else round(overall.comment_leak, 4),
    }


EVAL_TIME = "2026-01-01T00:00:00Z"


def clean_case(case: Case, baseline: bool = False) -> tuple[str, str | None]:
    """The body text our pipeline (or, as a baseline, bare trafilatura) gives for a page."""
    html = read_page(case.path)
    if baseline:
        text = baseline_text(html, case.url or None)
        return text, detect_language(text)
    result = clean_page_safely(Page(case.url or case.path.as_uri(), EVAL_TIME, html, "html"))
    if isinstance(result, Failure):
        return "", None
    return result["text"], result["language"]


def _clean_case_star(arguments: tuple[Case, bool]) -> tuple[str, str | None]:
    return clean_case(*arguments)


def evaluate(root: Path, jobs: int = 1, baseline: bool = False) -> tuple[str, list[Score]]:
    """Clean every page of a benchmark (in ``jobs`` processes) and score it."""
    mode, cases = load_cases(root)
    work = [(case, baseline) for case in cases]
    outputs = list(ordered_map(_clean_case_star, work, jobs))
    scorer = score_segments if mode == "segments" else score_reference
    return mode, [
        scorer(case, text, language) for case, (text, language) in zip(cases, outputs, strict=True)
    ]
