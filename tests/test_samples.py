"""Every archived sample, re-cleaned and compared field by field with its golden record
and with the expectations written by hand in its meta.json."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from cleaners.cleaning.normalize import normalize_text, split_paragraphs
from cleaners.evaluation.samples import Sample
from cleaners.extraction.extract import extract
from cleaners.record import Failure, schema_errors
from tests.conftest import SAMPLES, cleaned, sample_params

FIELDS = (
    "url", "canonical_url", "title", "author", "date", "sitename", "language",
    "description", "text", "word_count", "content_hash", "fetched_at", "removed", "schema",
)  # fmt: skip


def test_there_are_enough_samples() -> None:
    html = [sample for sample in SAMPLES if sample.page.suffix == ".html"]
    assert len(html) >= 12
    assert {sample.meta["language"] for sample in SAMPLES} >= {"en", "fr", "de", "es"}


@pytest.mark.parametrize("sample", sample_params())
@pytest.mark.parametrize("field", FIELDS)
def test_golden_field(sample: Sample, field: str) -> None:
    expected = json.loads(sample.golden.read_text(encoding="utf-8"))
    actual = cleaned(sample)
    assert actual.get(field) == expected.get(field), (
        f"{sample.name}: {field} changed; review, then `python -m cleaners reclean --update`"
    )


@pytest.mark.parametrize("sample", sample_params())
def test_record_is_valid(sample: Sample) -> None:
    assert schema_errors(cleaned(sample)) == []


@pytest.mark.parametrize("sample", sample_params())
def test_hand_written_expectations(sample: Sample) -> None:
    record = cleaned(sample)
    meta = sample.meta
    assert record["title"] == meta["title"]
    assert record["author"] == meta["author"]
    assert record["language"] == meta["language"]
    paragraphs = record["text"].split("\n\n")
    missing = [kept for kept in meta["must_keep"] if normalize_text(kept) not in paragraphs]
    assert missing == [], "body paragraphs lost"
    leaked = [dropped for dropped in meta["must_drop"] if dropped in record["text"]]
    assert leaked == [], "boilerplate kept"


def _source_paragraphs(sample: Sample) -> list[str]:
    """The paragraphs the cleaners start from: trafilatura's text and what was cut from the
    HTML tree before it ran, or the text dump itself."""
    raw = sample.page.read_text(encoding="utf-8")
    if sample.page.suffix != ".html":
        return split_paragraphs(normalize_text(raw))
    extracted = extract(raw, url=sample.meta["url"], max_date=sample.meta["fetched_at"][:10])
    assert not isinstance(extracted, Failure)
    cut = "\n".join(removal.text for removal in extracted.pruned)
    return split_paragraphs(normalize_text(extracted.text)) + split_paragraphs(normalize_text(cut))


@pytest.mark.parametrize("sample", sample_params())
def test_nothing_is_lost_silently(sample: Sample) -> None:
    """Each source paragraph is in the text or in `removed`, once."""
    record = cleaned(sample)
    accounted = Counter(record["text"].split("\n\n"))
    accounted.update(removal["text"] for removal in record["removed"])
    assert accounted == Counter(_source_paragraphs(sample))
