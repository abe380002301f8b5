"""Re-cleaning a crawl's archive: every run's WARC into a new set of records, and what changed.

``python -m cleaners reclean --archive output/`` finds each run's ``<run>.warc.gz`` and
the records that run wrote (``<run>.jsonl`` beside it), cleans the archived pages again
with the current cleaners into ``<out>/<run>.jsonl``, and prints what changed: records
whose text changed (and by how many characters), pages that now give a record or no
longer do, and the rules that fired a different number of times.  A run whose archive is
damaged (a record cut short, junk after a record, a response without a WARC-Date) is
listed with what is wrong, its whole records are re-cleaned, the other runs go on, and
the exit status is 1; so it is when a cleaning worker is killed (the pages it had in hand
are listed, the rest go to a fresh pool).
"""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from cleaners.archives.archive import ARCHIVE_SUFFIX, RECORDS_SUFFIX
from cleaners.archives.warc import is_damage, warc_pages
from cleaners.cleaning.topic import off_topic
from cleaners.page import Page
from cleaners.parallel import clean_or_pass, ordered_map, worker_died
from cleaners.pool import WORKER_DIED
from cleaners.record import Failure, Record, to_json_line

if TYPE_CHECKING:
    from distributed import Client


@dataclass
class Changes:
    """What re-cleaning an archive changed, against the records the runs wrote."""

    runs: int = 0
    pages: int = 0
    records: int = 0
    unchanged: int = 0
    changed: list[tuple[str, int, int]] = field(default_factory=list)  # url, +chars, -chars
    gained: list[str] = field(default_factory=list)  # a record now, none before
    lost: list[tuple[str, str]] = field(default_factory=list)  # a record before, now a reason
    damaged: list[tuple[str, str]] = field(default_factory=list)  # archive, what is wrong
    died: list[str] = field(default_factory=list)  # not re-cleaned: the worker was killed
    rules_before: Counter[str] = field(default_factory=Counter)
    rules_after: Counter[str] = field(default_factory=Counter)

    def add(self, url: str, before: dict[str, Any] | None, after: Record | Failure) -> None:
        self.pages += 1
        if isinstance(after, Failure):
            if after.reason == WORKER_DIED:
                self.died.append(url)
            elif before is not None:
                self.lost.append((url, after.reason))
                self.rules_before.update(rule_counts(before))
            return
        self.records += 1
        self.rules_after.update(rule_counts(after))
        if before is None:
            self.gained.append(url)
            return
        self.rules_before.update(rule_counts(before))
        if before["text"] == after["text"]:
            self.unchanged += 1
        else:
            self.changed.append((url, *changed_characters(before["text"], after["text"])))

    def lines(self, worst: int = 20) -> list[str]:
        lines = [
            f"{self.runs} runs, {self.pages} archived pages: {self.records} records, "
            f"{self.unchanged} unchanged, {len(self.changed)} with changed text, "
            f"{len(self.gained)} new, {len(self.lost)} no longer a record"
            + (f", {len(self.damaged)} damaged archive records" if self.damaged else "")
            + (f", {len(self.died)} not re-cleaned ({WORKER_DIED})" if self.died else "")
        ]
        by_size = sorted(self.changed, key=lambda change: (-(change[1] + change[2]), change[0]))
        for url, added, removed in by_size[:worst]:
            lines.append(f"  changed  +{added} -{removed} characters  {url}")
        lines += [f"  new      {url}" for url in self.gained[:worst]]
        lines += [f"  lost     {url}: {reason}" for url, reason in self.lost[:worst]]
        lines += [f"  damaged  {archive}: {reason}" for archive, reason in self.damaged]
        lines += [f"  died     {url}: {WORKER_DIED}" for url in self.died]
        rules = sorted(set(self.rules_before) | set(self.rules_after))
        differ = [rule for rule in rules if self.rules_before[rule] != self.rules_after[rule]]
        if differ:
            lines.append("rules that fired differently (lines removed, before -> after):")
        for rule in differ:
            before, after = self.rules_before[rule], self.rules_after[rule]
            lines.append(f"  {rule}: {before} -> {after} ({after - before:+d})")
        return lines


def rule_counts(record: Record | dict[str, Any]) -> Counter[str]:
    """How many lines each rule removed from a record."""
    return Counter(str(line["rule"]) for line in record["removed"])


def changed_characters(before: str, after: str) -> tuple[int, int]:
    """Characters in paragraphs added and removed between two texts.

    >>> changed_characters("One.\\n\\nTwo.", "One.\\n\\nThree.\\n\\nFour.")
    (11, 4)
    """
    old, new = before.split("\n\n"), after.split("\n\n")
    added = removed = 0
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            removed += sum(len(paragraph) for paragraph in old[i1:i2])
            added += sum(len(paragraph) for paragraph in new[j1:j2])
    return added, removed


def archives(directory: Path) -> list[Path]:
    """Every run's WARC under ``directory``, in name (time) order."""
    return sorted(directory.rglob(f"*{ARCHIVE_SUFFIX}"))


def records_file(archive: Path, folder: Path | None = None) -> Path:
    """The run's records file: beside its WARC, or in ``folder``.

    >>> records_file(Path("out/run.warc.gz"), Path("new"))
    PosixPath('new/run.jsonl')
    """
    name = archive.name.removesuffix(ARCHIVE_SUFFIX) + RECORDS_SUFFIX
    return (folder or archive.parent) / name


def run_records(archive: Path) -> dict[str, dict[str, Any]]:
    """The records the run wrote (``<run>.jsonl`` beside its WARC), by URL."""
    records = records_file(archive)
    if not records.exists():
        return {}
    with records.open(encoding="utf-8") as lines:
        return {(r := json.loads(line))["url"]: r for line in lines if line.strip()}


def _clean_keyed(page: Page | Failure) -> tuple[str | None, Record | Failure]:
    return (page.url if isinstance(page, Page) else None), clean_or_pass(page)


def _worker_died(page: Page | Failure) -> tuple[str | None, Record | Failure]:
    return (page.url if isinstance(page, Page) else None), worker_died(page)


def _results(
    archive: Path, jobs: int, dask: Client | None
) -> Iterator[tuple[str | None, Record | Failure]]:
    pages = warc_pages(archive)
    return ordered_map(_clean_keyed, pages, jobs, died=_worker_died, dask=dask)


def reclean_archive(
    directory: Path,
    output: Path,
    jobs: int,
    out: TextIO,
    dask: Client | None = None,
    min_topic: float = 0.0,
) -> int:
    """Re-clean every WARC under ``directory`` into ``output`` (in ``jobs`` processes, or
    on the cluster of the Dask client ``dask``); print what changed.  A record under
    ``min_topic`` is not written (a page the crawl skipped as off topic, archived, comes
    back with a lower one)."""
    found = archives(directory)
    if not found:
        print(f"{directory}: no {ARCHIVE_SUFFIX} archives found", file=out)
        return 2
    output.mkdir(parents=True, exist_ok=True)
    changes = Changes()
    for archive in found:
        changes.runs += 1
        before = run_records(archive)
        target = records_file(archive, output)
        partial = target.with_name(target.name + ".partial")
        with partial.open("w", encoding="utf-8") as records:
            for url, result in _results(archive, jobs, dask):
                if url is None:  # a response or the rest of the archive could not be read
                    if isinstance(result, Failure) and is_damage(result.reason):
                        changes.damaged.append((str(archive), result.reason))
                    continue
                if not isinstance(result, Failure):
                    if why := off_topic(result["topic_score"], min_topic):
                        result = Failure(why)
                    else:
                        records.write(to_json_line(result) + "\n")
                changes.add(url, before.get(url), result)
        partial.replace(target)
    print("\n".join(changes.lines()), file=out)
    print(f"new records in {output}", file=out)
    return 1 if changes.damaged or changes.died else 0
