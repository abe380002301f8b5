"""The shipped JSON Schema is itself valid and rejects broken records."""

from __future__ import annotations

import copy
import json

import pytest
from jsonschema import Draft202012Validator

from cleaners.record import schema, schema_errors
from tests.conftest import SAMPLES


def test_schema_is_valid() -> None:
    Draft202012Validator.check_schema(schema())


def _good() -> dict[str, object]:
    loaded: dict[str, object] = json.loads(SAMPLES[0].golden.read_text(encoding="utf-8"))
    return loaded


def test_golden_records_are_valid() -> None:
    for sample in SAMPLES:
        assert schema_errors(json.loads(sample.golden.read_text(encoding="utf-8"))) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", ""),
        ("title", "   "),
        ("text", "One.\n\n\nTwo."),
        ("text", ""),
        ("date", "12 March 2024"),
        ("language", "eng"),
        ("fetched_at", "2024-03-12 08:00"),
        ("word_count", 0),
        ("schema", 1),
        ("minhash", "abc"),
        ("duplicate_of", ""),
        ("removed", [{"rule": "x"}]),
        ("removed", [{"rule": "Bad Rule", "text": "x"}]),
        ("content_hash", "abc"),
        ("extra", 1),
    ],
)
def test_broken_records_are_rejected(field: str, value: object) -> None:
    record = copy.deepcopy(_good())
    record[field] = value
    assert schema_errors(record) != []


@pytest.mark.parametrize(
    "field", ["url", "title", "text", "removed", "schema", "minhash", "duplicate_of"]
)
def test_required_fields(field: str) -> None:
    record = copy.deepcopy(_good())
    del record[field]
    assert schema_errors(record) != []
