"""The evaluation command and the quality guard on our own samples."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaners.evaluate import evaluate, shingles, totals
from tests.conftest import ROOT, SAMPLES_DIR

RECORDED = json.loads((ROOT / "docs" / "quality.json").read_text(encoding="utf-8"))
PARAGRAPH = (
    "Les deux délégations se sont réunies pendant six heures à Genève mardi et ont convenu "
    "d’un court texte que les deux capitales pourront présenter comme un progrès."
)


def page(body: str, charset: str = "utf-8") -> bytes:
    html = (
        f'<html lang="fr"><head><meta charset="{charset}"><title>Genève</title></head><body>'
        f"<nav><a href='/'>Accueil</a> <a href='/monde'>Monde</a></nav><article><h1>Genève</h1>"
        f"{body}</article><footer><p>Laisser un commentaire</p></footer></body></html>"
    )
    return gzip.compress(html.encode(charset))


@pytest.fixture
def segments_set(tmp_path: Path) -> Path:
    (tmp_path / "html").mkdir()
    body = "".join(f"<p>{PARAGRAPH} ({n})</p>" for n in range(4))
    (tmp_path / "html" / "a.html.gz").write_bytes(page(body, "windows-1252"))
    (tmp_path / "html" / "b.html.gz").write_bytes(page(body))
    truth = {
        "a": {"url": "https://a.example/1", "with": ["se sont réunies pendant six heures", "(3)"],
              "without": ["Accueil Monde", "Laisser un commentaire"], "comments": []},
        "b": {"url": "https://a.example/2", "with": ["(0)", "pas dans la page"],
              "without": ["Genève mardi et ont convenu"], "comments": ["présenter comme un progrès"]},
    }  # fmt: skip
    (tmp_path / "segments.json").write_text(json.dumps(truth), encoding="utf-8")
    return tmp_path


def test_segments_scoring(segments_set: Path) -> None:
    mode, scores = evaluate(segments_set)
    result = totals(mode, scores)
    # a: 2 found, nothing kept that should go; b: 1 found, 1 missing, 1 kept, 1 comment leaked
    # (page a is Windows-1252: read by its declared charset, its accented segments still match)
    assert (result.precision, result.recall) == (3 / 4, 3 / 4)
    assert result.comment_leak == 1.0
    worst = max(scores, key=lambda score: score.cost)
    assert worst.case.id == "b"
    assert "missing: pas dans la page" in worst.costly


def test_reference_scoring(tmp_path: Path) -> None:
    (tmp_path / "html").mkdir()
    body = "".join(f"<p>{PARAGRAPH} ({n})</p>" for n in range(4))
    (tmp_path / "html" / "a.html.gz").write_bytes(page(body))
    reference = "\n".join(f"{PARAGRAPH} ({n})" for n in range(2))
    truth = {"a": {"articleBody": reference, "url": "https://a.example/1"}}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    mode, scores = evaluate(tmp_path)
    ours = sum(shingles("\n".join(f"{PARAGRAPH} ({n})" for n in range(4))).values())
    truth_size = sum(shingles(reference).values())
    assert mode == "reference"
    assert scores[0].recall == 1.0
    assert scores[0].precision == pytest.approx(truth_size / ours)


def test_shingles_are_multisets_of_word_4grams() -> None:
    assert shingles("a b a b a b") == {("a", "b", "a", "b"): 2, ("b", "a", "b", "a"): 1}
    assert shingles("") == {}


def test_samples_do_not_lose_quality() -> None:
    """A change that lowers F1 on our own samples fails here (figures in docs/quality.json)."""
    mode, scores = evaluate(SAMPLES_DIR, jobs=2)
    result = totals(mode, scores)
    assert result.pages == RECORDED["samples"]["pages"]
    assert round(result.f1, 4) >= RECORDED["samples"]["f1"]
    assert round(result.recall, 4) >= RECORDED["samples"]["recall"]


def test_evaluate_command(segments_set: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "cleaners", "evaluate", str(segments_set), "--jobs", "2"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "2 pages  precision 0.750  recall 0.750  F1 0.750  comment leak 1.000"
    assert any(line.startswith("- b (cost 3.00)") for line in lines)
