"""``python -m cleaners evaluate-topic LABELS``: how well the topic score tells articles
about diplomacy from the rest, on pages someone labeled.

LABELS is a text file of one labeled page per line, ``PATH<TAB>on`` or ``PATH<TAB>off``
(``#`` starts a comment); PATH, an ``.html`` or ``.html.gz`` page, is relative to the
file's folder.  Each page is cleaned by the full pipeline and scored; the command prints
precision, recall and F1 of "on topic" at the default threshold, over a range of
thresholds, and per language (the record's).
"""

from __future__ import annotations

import argparse
import gzip
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cleaners.archives.decoding import decode_html
from cleaners.cleaning.topic import MIN_TOPIC_SCORE
from cleaners.page import Page
from cleaners.parallel import default_jobs, ordered_map
from cleaners.pipeline import clean_page
from cleaners.record import Failure

THRESHOLDS = [round(0.05 * step, 2) for step in range(1, 20)]
FETCHED_AT = "2026-01-01T00:00:00Z"  # a fixed time: the same labels give the same scores


@dataclass(frozen=True)
class Scored:
    """A labeled page as the pipeline scored it (``language`` None: no record)."""

    path: str
    on_topic: bool
    language: str | None
    score: float


def read_labels(path: Path) -> list[tuple[Path, bool]]:
    """The labeled pages of a LABELS file; a line that is neither ``on`` nor ``off`` is
    an error that names it."""
    labeled = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        page, _, label = line.rpartition("\t")
        if label not in ("on", "off") or not page:
            raise ValueError(f"{path}:{number}: expected PATH<TAB>on|off, got {line!r}")
        found = (path.parent / page).resolve()
        if not found.is_file():
            raise ValueError(f"{path}:{number}: no page at {found}")
        labeled.append((found, label == "on"))
    return labeled


def score_page(labeled: tuple[Path, bool]) -> Scored:
    path, on_topic = labeled
    raw = path.read_bytes()
    html = decode_html(gzip.decompress(raw) if path.suffix == ".gz" else raw)
    record = clean_page(Page(path.as_uri(), FETCHED_AT, html, "html"))
    if isinstance(record, Failure):
        return Scored(str(path), on_topic, None, 0.0)
    return Scored(str(path), on_topic, record["language"], record["topic_score"])


def precision_recall(pages: Iterable[Scored], threshold: float) -> tuple[float, float, float]:
    """Precision, recall and F1 of "on topic" for pages scored at least ``threshold``."""
    tp = fp = fn = 0
    for page in pages:
        kept = page.score >= threshold
        tp += kept and page.on_topic
        fp += kept and not page.on_topic
        fn += page.on_topic and not kept
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def report(scored: Sequence[Scored], default: float) -> list[str]:
    on = sum(page.on_topic for page in scored)
    lines = [f"{len(scored)} labeled pages, {on} on topic; default threshold {default}"]
    lines.append("threshold  precision  recall  F1")
    for threshold in sorted({*THRESHOLDS, default}):
        p, r, f = precision_recall(scored, threshold)
        mark = "  <- default" if threshold == default else ""
        lines.append(f"{threshold:9.2f}  {p:9.3f}  {r:6.3f}  {f:.3f}{mark}")
    by_language: dict[str, list[Scored]] = defaultdict(list)
    for page in scored:
        by_language[page.language or "no record"].append(page)
    lines.append("per language, at the default threshold:")
    lines.append("language  pages  on topic  precision  recall  F1")
    for language, pages in sorted(by_language.items(), key=lambda item: (-len(item[1]), item[0])):
        p, r, f = precision_recall(pages, default)
        count = sum(page.on_topic for page in pages)
        lines.append(f"{language:8}  {len(pages):5}  {count:8}  {p:9.3f}  {r:6.3f}  {f:.3f}")
    return lines


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    command = commands.add_parser(
        "evaluate-topic",
        help="score the topic scorer on labeled pages",
        description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    command.add_argument("labels", type=Path, metavar="LABELS")
    command.add_argument("--threshold", type=float, default=MIN_TOPIC_SCORE)
    command.add_argument("--jobs", type=int, default=default_jobs(), help="processes")


def topic_command(args: argparse.Namespace) -> int:
    try:
        labeled = read_labels(args.labels)
    except (OSError, ValueError) as error:
        print(f"{args.labels}: {error}")
        return 2
    scored = list(ordered_map(score_page, labeled, max(1, args.jobs)))
    for line in report(scored, args.threshold):
        print(line)
    return 0
