"""Archived samples and their golden records: find, re-clean, compare, update.

A sample is a folder holding ``meta.json`` (``url``, ``fetched_at``, ``tests`` and the
sample's own expectations), one raw page named ``page.html``, ``page.txt`` or
``page.warc.gz``, and the golden record ``expected.json``.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaners.archives.inputs import kind_of, pages_from_path
from cleaners.pipeline import clean_page_safely
from cleaners.record import Failure, Record, to_golden

META = "meta.json"
GOLDEN = "expected.json"


@dataclass(frozen=True)
class Sample:
    """One archived page with what is known about it."""

    folder: Path
    page: Path
    meta: dict[str, Any]

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def golden(self) -> Path:
        return self.folder / GOLDEN


def find_samples(root: Path) -> list[Sample]:
    """Every sample folder under ``root``, sorted by path."""
    found = []
    for meta_path in sorted(root.rglob(META)):
        folder = meta_path.parent
        pages = sorted(path for path in folder.glob("page.*") if kind_of(path))
        if len(pages) != 1:
            raise ValueError(f"{folder}: expected one page.* file, found {len(pages)}")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        found.append(Sample(folder, pages[0], meta))
    return found


def clean_sample(sample: Sample) -> Record | Failure:
    """The record the current cleaners make of a sample (its first page, for a WARC)."""
    for page in pages_from_path(sample.page, sample.meta["url"], sample.meta["fetched_at"]):
        if isinstance(page, Failure):
            return page
        return clean_page_safely(page)
    return Failure("no page in sample")


def _lines(value: Any, field: str) -> list[str]:
    if field == "removed" and isinstance(value, list):
        return [f"{item.get('rule')}: {item.get('text')}" for item in value]
    if isinstance(value, str):
        return value.split("\n")
    return [json.dumps(value, ensure_ascii=False)]


def diff_records(expected: dict[str, Any], actual: dict[str, Any]) -> Iterator[str]:
    """A readable difference per changed field: a line diff for text, old and new otherwise."""
    for field in sorted(set(expected) | set(actual)):
        old, new = expected.get(field), actual.get(field)
        if old == new:
            continue
        old_lines, new_lines = _lines(old, field), _lines(new, field)
        if field != "removed" and len(old_lines) == 1 and len(new_lines) == 1:
            old_value = json.dumps(old, ensure_ascii=False)
            yield f"  {field}: {old_value} -> {json.dumps(new, ensure_ascii=False)}"
            continue
        yield f"  {field}:"
        diff = difflib.unified_diff(old_lines, new_lines, "expected", "actual", lineterm="", n=1)
        for line in diff:
            yield f"    {line}"


@dataclass(frozen=True)
class Outcome:
    """How one sample compares with its golden record."""

    sample: Sample
    actual: Record | Failure
    diff: list[str]

    @property
    def changed(self) -> bool:
        return bool(self.diff)


def compare_sample(sample: Sample) -> Outcome:
    actual = clean_sample(sample)
    if isinstance(actual, Failure):
        return Outcome(sample, actual, [f"  no record: {actual.reason}"])
    if not sample.golden.exists():
        return Outcome(sample, actual, [f"  no golden record ({GOLDEN}) yet"])
    expected = json.loads(sample.golden.read_text(encoding="utf-8"))
    return Outcome(sample, actual, list(diff_records(expected, dict(actual))))


def update_golden(outcome: Outcome) -> bool:
    """Rewrite a sample's golden record from its new output; False if there is no record."""
    if isinstance(outcome.actual, Failure):
        return False
    outcome.sample.golden.write_text(to_golden(outcome.actual), encoding="utf-8")
    return True
