"""Shared fixtures: the project's samples, and records cleaned from them once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from cleaners.evaluation.samples import Sample, clean_sample, find_samples
from cleaners.record import Failure, Record

ROOT = Path(__file__).resolve().parent.parent
SAMPLES_DIR = ROOT / "samples"
SAMPLES = find_samples(SAMPLES_DIR)
_CLEANED: dict[str, Record | Failure] = {}


def cleaned(sample: Sample) -> Record:
    """The record of a sample, cleaned once per test session."""
    if sample.name not in _CLEANED:
        _CLEANED[sample.name] = clean_sample(sample)
    result = _CLEANED[sample.name]
    if isinstance(result, Failure):
        pytest.fail(f"{sample.name}: no record: {result.reason}")
    return result


def sample_params() -> list[object]:
    return [pytest.param(sample, id=sample.name) for sample in SAMPLES]
