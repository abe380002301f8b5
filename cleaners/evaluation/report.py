"""The printed and JSON forms of an evaluation: systems side by side, per language, the
metadata, the rule audit and the worst pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cleaners.evaluation.audit import RuleAudit, audit_report, audit_rules
from cleaners.evaluation.datasets import META_FIELDS
from cleaners.evaluation.evaluate import Evaluation, system_label
from cleaners.evaluation.meta import MetaTotals, meta_misses, meta_totals
from cleaners.evaluation.scoring import Score, Totals, totals
from cleaners.pool import WORKER_DIED

LABEL_WIDTH = 28


def _figures(overall: Totals) -> str:
    leak = "" if overall.comment_leak is None else f"  comment leak {overall.comment_leak:.3f}"
    return (
        f"precision {overall.precision:.3f}  recall {overall.recall:.3f}  F1 {overall.f1:.3f}{leak}"
    )


def _by_language(evaluation: Evaluation) -> Iterator[str]:
    first = evaluation.systems[0]
    groups: dict[str, list[int]] = {}
    for index, score in enumerate(evaluation.scores[first]):
        groups.setdefault(score.language or "??", []).append(index)
    labels = " | ".join(system_label(system) for system in evaluation.systems)
    yield f"per language, F1 ({labels}):"
    for language, indexes in sorted(groups.items(), key=lambda pair: (-len(pair[1]), pair[0])):
        figures = []
        for system in evaluation.systems:
            group = [evaluation.scores[system][index] for index in indexes]
            figures.append(f"{totals(evaluation.mode, group).f1:.3f}")
        yield f"  {language:3s} {len(indexes):5d} pages  {' | '.join(figures)}"


def meta_of(evaluation: Evaluation, system: str) -> MetaTotals:
    return meta_totals(evaluation.cases, [output.meta for output in evaluation.outputs[system]])


def _meta_lines(evaluation: Evaluation) -> Iterator[str]:
    first = meta_of(evaluation, evaluation.systems[0])
    annotated = ", ".join(f"{field} {first.pages[field]}" for field in META_FIELDS)
    yield f"metadata, share exactly right (annotated pages: {annotated}):"
    for system in evaluation.systems:
        found = meta_of(evaluation, system)
        parts = [
            f"{field} {share:.3f}"
            for field in META_FIELDS
            if (share := found.share(field)) is not None
        ]
        yield f"  {system_label(system):{LABEL_WIDTH}s}{'  '.join(parts)}"


def audit_of(evaluation: Evaluation) -> list[RuleAudit]:
    """The rule audit of the pipeline's removals (the first system)."""
    outputs = evaluation.outputs[evaluation.systems[0]]
    return audit_rules(evaluation.cases, [o.text for o in outputs], [o.removed for o in outputs])


def _worst(evaluation: Evaluation, count: int, with_meta: bool) -> Iterator[str]:
    system = evaluation.systems[0]
    scores = evaluation.scores[system]
    ranked = sorted(
        (pair for pair in enumerate(scores) if pair[1].cost),
        key=lambda p: (-p[1].cost, p[1].case.id),
    )
    if ranked and count:
        yield f"worst {min(count, len(ranked))} pages ({system_label(system)}):"
    for index, score in ranked[:count]:
        yield f"- {score.case.id} (cost {score.cost:.2f}) {score.case.url}"
        misses = (
            meta_misses(score.case, evaluation.outputs[system][index].meta) if with_meta else []
        )
        for line in score.costly + misses:
            yield f"    {line}"


def report(
    evaluation: Evaluation, worst: int = 20, meta: bool = False, audit: bool = False
) -> Iterator[str]:
    """The printed evaluation."""
    first = totals(evaluation.mode, evaluation.scores[evaluation.systems[0]])
    yield f"{len(evaluation.cases)} pages  {_figures(first)}"
    for system, count in evaluation.lost().items():
        yield f"  WARNING {system_label(system)}: {count} pages scored empty, {WORKER_DIED}"
    if len(evaluation.systems) > 1:
        for system in evaluation.systems:
            overall = totals(evaluation.mode, evaluation.scores[system])
            yield f"  {system_label(system):{LABEL_WIDTH}s}{_figures(overall)}"
    yield from _by_language(evaluation)
    if meta and any(case.meta for case in evaluation.cases):
        yield from _meta_lines(evaluation)
    if audit:
        yield from audit_report(audit_of(evaluation))
    yield from _worst(evaluation, worst, meta)


def _totals_json(overall: Totals) -> dict[str, Any]:
    leak = overall.comment_leak
    return {
        "pages": overall.pages,
        "precision": round(overall.precision, 4),
        "recall": round(overall.recall, 4),
        "f1": round(overall.f1, 4),
        "comment_leak": None if leak is None else round(leak, 4),
    }


def _system_json(evaluation: Evaluation, system: str, scores: list[Score]) -> dict[str, Any]:
    found = _totals_json(totals(evaluation.mode, scores))
    shares = meta_of(evaluation, system)
    found["meta"] = {
        field: round(share, 4)
        for field in META_FIELDS
        if (share := shares.share(field)) is not None
    }
    return found


def as_json(evaluation: Evaluation) -> dict[str, Any]:
    """Overall figures of every system, with metadata, and the pipeline's rule audit."""
    found: dict[str, Any] = {
        system: _system_json(evaluation, system, scores)
        for system, scores in evaluation.scores.items()
    }
    found["audit"] = {
        entry.rule: {
            "lines": entry.lines,
            "body": entry.body,
            "precision": round(entry.precision, 4),
        }
        for entry in sorted(audit_of(evaluation), key=lambda entry: entry.rule)
    }
    return found
