"""Running systems over a benchmark: this pipeline and, side by side, bare trafilatura."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from cleaners.cleaning.language import detect_language
from cleaners.evaluation.datasets import Case, load_cases, read_page
from cleaners.evaluation.scoring import Score, score_page
from cleaners.extraction.extract import baseline
from cleaners.page import Page
from cleaners.parallel import ordered_map
from cleaners.pipeline import clean_page_safely
from cleaners.pool import WORKER_DIED
from cleaners.record import Failure

PIPELINE = "pipeline"
# the systems --baseline runs beside the pipeline: trafilatura alone, default and fast
BASELINES = ("trafilatura", "trafilatura-fast")
EVAL_TIME = "2026-01-01T00:00:00Z"


def system_label(system: str) -> str:
    """How a system is named in the report.

    >>> system_label("pipeline")
    'this pipeline'
    """
    if system == PIPELINE:
        return "this pipeline"
    mode = " fast" if system.endswith("-fast") else ""
    return f"trafilatura {version('trafilatura')}{mode}"


@dataclass(frozen=True)
class Output:
    """What a system made of one page: the body, its language, metadata, and removals."""

    text: str
    language: str | None
    meta: dict[str, str | None] = field(default_factory=dict)
    removed: tuple[tuple[str, str], ...] = ()
    # why the system gave nothing for reasons of its own (a worker killed), not the page's
    lost: str | None = None


def _page_url(case: Case) -> str:
    return case.url or case.path.resolve().as_uri()


def clean_case(case: Case, system: str = PIPELINE) -> Output:
    """The output of ``system`` (the pipeline, or bare trafilatura) for one page."""
    html = read_page(case.path)
    if system != PIPELINE:
        found = baseline(html, case.url or None, fast=system.endswith("-fast"))
        text = found.pop("text") or ""
        return Output(text, detect_language(text), found)
    result = clean_page_safely(Page(_page_url(case), EVAL_TIME, html, "html"))
    if isinstance(result, Failure):
        return Output("", None)
    meta: dict[str, str | None] = {
        "title": result["title"],
        "author": result["author"],
        "date": result["date"],
    }
    removed = tuple((line["rule"], line["text"]) for line in result["removed"])
    return Output(result["text"], result["language"], meta, removed)


def _clean_case_star(arguments: tuple[Case, str]) -> Output:
    return clean_case(*arguments)


def _worker_died(arguments: tuple[Case, str]) -> Output:
    return Output("", None, lost=WORKER_DIED)


@dataclass
class Evaluation:
    """Every system's output and scores on one benchmark, page by page (sorted by id)."""

    mode: str
    cases: list[Case]
    outputs: dict[str, list[Output]]
    scores: dict[str, list[Score]]

    @property
    def systems(self) -> list[str]:
        return list(self.outputs)

    def lost(self) -> dict[str, int]:
        """Per system, the pages it gave nothing for because a worker died."""
        counts = {
            system: sum(o.lost is not None for o in found) for system, found in self.outputs.items()
        }
        return {system: count for system, count in counts.items() if count}


def evaluate(root: Path, jobs: int = 1, systems: Sequence[str] = (PIPELINE,)) -> Evaluation:
    """Run every system over a benchmark (in ``jobs`` processes) and score each page.

    Pages are grouped by the language the first system finds, for every system alike.
    """
    mode, cases = load_cases(root)
    outputs: dict[str, list[Output]] = {}
    for system in systems:
        work = [(case, system) for case in cases]
        outputs[system] = list(ordered_map(_clean_case_star, work, jobs, died=_worker_died))
    languages = [output.language for output in outputs[systems[0]]]
    scores = {
        system: [
            score_page(mode, case, output.text, language)
            for case, output, language in zip(cases, found, languages, strict=True)
        ]
        for system, found in outputs.items()
    }
    return Evaluation(mode, cases, outputs, scores)
