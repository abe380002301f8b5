"""Command line: ``python -m cleaners clean PATH...``, ``reclean [DIR]``, ``evaluate DIR``
and ``evaluate-topic LABELS``."""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

from tqdm import tqdm

from cleaners.archives.inputs import kind_of, pages_from_path
from cleaners.archives.rearchive import reclean_archive
from cleaners.cleaning.topic import off_topic
from cleaners.evaluation.evaluate import BASELINES, PIPELINE, evaluate
from cleaners.evaluation.report import as_json, report
from cleaners.evaluation.samples import compare_sample, find_samples, update_golden
from cleaners.evaluation.topiceval import add_parser, topic_command
from cleaners.page import Page
from cleaners.parallel import clean_all, default_jobs, engine, local_workers, ordered_map
from cleaners.record import Failure, Record, to_json_line

if TYPE_CHECKING:
    from distributed import Client

T = TypeVar("T")
# a progress bar only for runs of at least this many files
PROGRESS_FROM = 50
_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


def _timestamp(value: str) -> str:
    if not _TIMESTAMP.match(value):
        raise argparse.ArgumentTypeError("expected YYYY-MM-DDTHH:MM:SSZ (UTC)")
    return value


DASK_HELP = (
    "clean on a Dask cluster instead of local processes: a scheduler's address "
    "(tcp://HOST:8786) or local:N for a local cluster of N worker processes "
    "(needs the cluster extra: pip install -e '.[cluster]')"
)


def _topic_score(value: str) -> float:
    try:
        score = float(value)
    except ValueError:
        score = -1.0
    if not 0 <= score <= 1:
        raise argparse.ArgumentTypeError("expected a number from 0 to 1")
    return score


TOPIC_OPTION: dict[str, Any] = {
    "type": _topic_score,
    "default": 0.0,
    "metavar": "SCORE",
    "help": "records with a lower topic_score are not written (reported as off topic); "
    "default 0: all (the crawl's DIPLOMACY_MIN_TOPIC_SCORE chose them already)",
}


def _scheduler(value: str) -> str:
    try:
        local_workers(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m cleaners",
        description="Turn raw news pages into clean, audited article records.",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    clean = commands.add_parser(
        "clean",
        help="clean files into records, one JSON line each on stdout",
        description="Clean .html/.htm pages, .txt text dumps and .warc/.warc.gz archives. "
        "A file that gives no record is reported as 'PATH: reason' on stderr "
        "and makes the exit status 1; the other files still come out.",
    )
    clean.add_argument("paths", nargs="+", type=Path, metavar="PATH")
    clean.add_argument("--url", help="URL of the page(s) (default: a file: URI)")
    clean.add_argument(
        "-o", "--output", type=Path, help="write the records to this file instead of stdout"
    )
    clean.add_argument(
        "--summary", action="store_true", help="print counts of records, skips and removals"
    )
    clean.add_argument("--jobs", type=int, default=default_jobs(), help="processes (all cores)")
    clean.add_argument("--dask", type=_scheduler, metavar="SCHEDULER", help=DASK_HELP)
    clean.add_argument("--min-topic-score", **TOPIC_OPTION)
    clean.add_argument(
        "--fetched-at",
        type=_timestamp,
        help="fetch time, YYYY-MM-DDTHH:MM:SSZ (default: the file's modification time)",
    )
    reclean = commands.add_parser(
        "reclean",
        help="re-clean archived samples and compare with their golden records",
        description="Re-clean every sample under DIR and compare it with its expected.json.",
    )
    reclean.add_argument("directory", nargs="?", type=Path, default=Path("samples"), metavar="DIR")
    mode = reclean.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="print a diff per changed field; exit 1 on any (default)",
    )
    mode.add_argument("--update", action="store_true", help="rewrite the golden records")
    mode.add_argument(
        "--archive",
        action="store_true",
        help="DIR is a crawl output folder: re-clean every run's WARC into new records "
        "and print what changed against the records the runs wrote",
    )
    reclean.add_argument(
        "-o", "--output", type=Path, help="with --archive: where the new records go "
        "(default: DIR/reclean-<time>)",
    )  # fmt: skip
    reclean.add_argument("--jobs", type=int, default=default_jobs(), help="processes (all cores)")
    reclean.add_argument("--dask", type=_scheduler, metavar="SCHEDULER", help=DASK_HELP)
    reclean.add_argument("--min-topic-score", **TOPIC_OPTION)
    evaluate = commands.add_parser(
        "evaluate",
        help="score the cleaning pipeline on a benchmark",
        description="Run the full pipeline over a benchmark folder (segments.json, "
        "ground-truth.json, or samples) and print precision, recall, F1, comment leak, "
        "per language, and the worst pages.",
    )
    evaluate.add_argument("dataset", type=Path, metavar="DATASET_DIR")
    evaluate.add_argument("--jobs", type=int, default=default_jobs(), help="processes")
    evaluate.add_argument("--worst", type=int, default=20, help="how many worst pages to show")
    evaluate.add_argument(
        "--baseline", action="store_true",
        help="also run bare trafilatura (default and fast) and print it side by side",
    )  # fmt: skip
    evaluate.add_argument(
        "--meta", action="store_true", help="score title, author and date where annotated"
    )
    evaluate.add_argument(
        "--audit", action="store_true",
        help="per rule: lines removed, how many of them the ground truth has as body",
    )  # fmt: skip
    evaluate.add_argument("--json", type=Path, help="also write the overall scores to this file")
    evaluate.add_argument(
        "--record", type=Path, metavar="FILE",
        help="also keep the overall scores in FILE (docs/quality.json), under the set's name",
    )  # fmt: skip
    add_parser(commands)
    return parser


def evaluate_command(args: argparse.Namespace) -> int:
    systems = (PIPELINE, *BASELINES) if args.baseline else (PIPELINE,)
    evaluation = evaluate(args.dataset, jobs=max(1, args.jobs), systems=systems)
    for line in report(evaluation, args.worst, meta=args.meta, audit=args.audit):
        print(line)
    if args.json:
        text = json.dumps(as_json(evaluation), indent=2, sort_keys=True) + "\n"
        args.json.write_text(text, encoding="utf-8")
    if args.record:
        record_scores(args.record, args.dataset.resolve().name, as_json(evaluation))
    return 0


def record_scores(path: Path, name: str, scores: dict[str, object]) -> None:
    """Keep one set's scores in a file of every set's, as a golden file is written."""
    recorded = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    recorded[name] = scores
    path.write_text(json.dumps(recorded, indent=2, sort_keys=True, ensure_ascii=False) + "\n")


@dataclass
class Tally:
    """What a clean run produced, for its summary."""

    records: int = 0
    skipped: int = 0
    languages: Counter[str] = field(default_factory=Counter)
    rules: Counter[str] = field(default_factory=Counter)

    def add(self, record: Record) -> None:
        self.records += 1
        self.languages[record["language"] or "unknown"] += 1
        self.rules.update(removal["rule"] for removal in record["removed"])

    def lines(self) -> list[str]:
        languages = ", ".join(f"{code} {n}" for code, n in sorted(self.languages.items()))
        lines = [f"{self.records} records, {self.skipped} skipped; languages: {languages or '-'}"]
        lines.append("lines removed by rule:")
        lines += [f"  {count:5d}  {rule}" for rule, count in sorted(self.rules.items())]
        return lines


def run_clean(
    paths: Sequence[Path],
    url: str | None,
    fetched_at: str | None,
    out: TextIO,
    err: TextIO,
    jobs: int = 1,
    dask: Client | None = None,
    min_topic: float = 0.0,
) -> Tally:
    tally = Tally()
    origins: deque[Path] = deque()

    def pages() -> Iterator[Page | Failure]:
        for path in paths:
            for page in pages_from_path(path, url, fetched_at):
                origins.append(path)
                yield page

    results = clean_all(pages(), jobs, dask)
    has_archives = any(kind_of(path) == "warc" for path in paths)
    for result in progress(results, total=None if has_archives else len(paths), err=err):
        path = origins.popleft()
        if not isinstance(result, Failure) and (why := off_topic(result["topic_score"], min_topic)):
            result = Failure(why)
        if isinstance(result, Failure):
            print(f"{path}: {result.reason}", file=err)
            tally.skipped += 1
        else:
            print(to_json_line(result), file=out)
            tally.add(result)
    return tally


def progress(items: Iterable[T], total: int | None, err: TextIO) -> Iterator[T]:
    """Items as they come, with a progress bar when ``err`` is a terminal and the run is long."""
    show = err.isatty() and (total is None or total >= PROGRESS_FROM)
    yield from tqdm(items, total=total, unit="page", file=err, disable=not show, leave=False)


def clean_command(args: argparse.Namespace, dask: Client | None) -> int:
    given = (args.paths, args.url, args.fetched_at)
    if args.output is None:
        tally = run_clean(*given, sys.stdout, sys.stderr, args.jobs, dask, args.min_topic_score)
    else:
        # written beside the target and renamed at the end: never a half-written file
        args.output.parent.mkdir(parents=True, exist_ok=True)
        partial = args.output.with_name(args.output.name + ".partial")
        with partial.open("w", encoding="utf-8") as out:
            tally = run_clean(*given, out, sys.stderr, args.jobs, dask, args.min_topic_score)
        partial.replace(args.output)
        print(f"wrote {tally.records} records to {args.output}", file=sys.stderr)
    if args.summary:
        print("\n".join(tally.lines()), file=sys.stderr)
    return 1 if tally.skipped else 0


def run_reclean(
    directory: Path, update: bool, out: TextIO, jobs: int = 1, dask: Client | None = None
) -> int:
    try:
        samples = find_samples(directory)
    except (OSError, ValueError) as error:
        print(f"{directory}: {error}", file=out)
        return 2
    if not samples:
        print(f"{directory}: no samples found", file=out)
        return 2
    changed = failed = 0
    outcomes = ordered_map(compare_sample, samples, jobs, dask=dask)
    for outcome in progress(outcomes, total=len(samples), err=sys.stderr):
        if not outcome.changed:
            continue
        changed += 1
        print(f"{outcome.sample.folder}:", file=out)
        for line in outcome.diff:
            print(line, file=out)
        if update and not update_golden(outcome):
            failed += 1
    verb = "updated" if update else "changed"
    print(f"{len(samples)} samples, {changed} {verb}, {failed} without a record", file=out)
    return 1 if failed or (changed and not update) else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command == "reclean" and args.min_topic_score and not args.archive:
        parser.error("--min-topic-score goes with --archive (samples are compared whole)")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "evaluate":
        return evaluate_command(args)
    if args.command == "evaluate-topic":
        return topic_command(args)
    with engine(args.dask) as dask:
        if args.command == "clean":
            return clean_command(args, dask)
        if args.archive:
            stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%SZ")
            output = args.output or args.directory / f"reclean-{stamp}"
            jobs, minimum = max(1, args.jobs), args.min_topic_score
            return reclean_archive(args.directory, output, jobs, sys.stdout, dask, minimum)
        return run_reclean(args.directory, args.update, sys.stdout, args.jobs, dask)
