"""The evaluation command and the quality guard on our own samples."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cleaners.evaluation.audit import audit_rules
from cleaners.evaluation.evaluate import BASELINES, PIPELINE, evaluate
from cleaners.evaluation.meta import meta_totals
from cleaners.evaluation.report import audit_of
from cleaners.evaluation.scoring import shingles, totals
from tests.conftest import ROOT, SAMPLES_DIR

RECORDED = json.loads((ROOT / "docs" / "quality.json").read_text(encoding="utf-8"))
PARAGRAPH = (
    "Les deux délégations se sont réunies pendant six heures à Genève mardi et ont convenu "
    "d’un court texte que les deux capitales pourront présenter comme un progrès."
)
COMMENT = (
    "Je ne suis pas d’accord avec cette analyse, les capitales ne présenteront rien du tout "
    "et le texte restera dans un tiroir jusqu’à la prochaine crise."
)


def page(body: str, charset: str = "utf-8", after: str = "") -> bytes:
    html = (
        f'<html lang="fr"><head><meta charset="{charset}"><title>Genève</title></head><body>'
        f"<nav><a href='/'>Accueil</a> <a href='/monde'>Monde</a></nav><article><h1>Genève</h1>"
        f"{body}</article>{after}<footer><p>Laisser un commentaire</p></footer></body></html>"
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
              "without": ["Accueil Monde", "Laisser un commentaire"], "comments": [],
              "meta": {"title": "Genève", "author": "", "date": "2021-03-04"}},
        "b": {"url": "https://a.example/2", "with": ["(0)", "pas dans la page"],
              "without": ["Genève mardi et ont convenu"], "comments": ["présenter comme un progrès"]},
    }  # fmt: skip
    (tmp_path / "segments.json").write_text(json.dumps(truth), encoding="utf-8")
    return tmp_path


def test_segments_scoring(segments_set: Path) -> None:
    evaluation = evaluate(segments_set)
    scores = evaluation.scores[PIPELINE]
    result = totals(evaluation.mode, scores)
    # a: 2 found, nothing kept that should go; b: 1 found, 1 missing, 1 kept, 1 comment leaked
    # (page a is Windows-1252: read by its declared charset, its accented segments still match)
    assert (result.precision, result.recall) == (3 / 4, 3 / 4)
    assert result.comment_leak == 1.0
    worst = max(scores, key=lambda score: score.cost)
    assert worst.case.id == "b"
    assert "missing: pas dans la page" in worst.costly


def test_reference_scoring_with_comment_leak(tmp_path: Path) -> None:
    """Dragnet's layout: a full reference body, and reader comments that must not leak."""
    (tmp_path / "html").mkdir()
    body = "".join(f"<p>{PARAGRAPH} ({n})</p>" for n in range(4))
    # the comment sits in the article, where no rule can tell it from the body
    (tmp_path / "html" / "a.html.gz").write_bytes(page(body + f"<p>{COMMENT}</p>"))
    reference = "\n".join(f"{PARAGRAPH} ({n})" for n in range(2))
    truth = {"a": {"articleBody": reference, "comments": COMMENT, "url": "https://a.example/1"}}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    evaluation = evaluate(tmp_path)
    score = evaluation.scores[PIPELINE][0]
    ours = sum(shingles("\n".join(f"{PARAGRAPH} ({n})" for n in range(4)) + COMMENT).values())
    truth_size = sum(shingles(reference).values())
    assert evaluation.mode == "reference"
    assert score.recall == 1.0
    assert score.precision == pytest.approx(truth_size / ours)
    assert totals(evaluation.mode, [score]).comment_leak == 1.0


def test_shingles_are_multisets_of_word_4grams() -> None:
    assert shingles("a b a b a b") == {("a", "b", "a", "b"): 2, ("b", "a", "b", "a"): 1}
    assert shingles("") == {}


def test_the_audit_counts_body_a_rule_removed(tmp_path: Path) -> None:
    """A removed line that the reference has as body lowers its rule's precision."""
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "a.html.gz").write_bytes(page(f"<p>{PARAGRAPH}</p>"))
    truth = {"a": {"articleBody": f"{PARAGRAPH}\nShare\n", "url": ""}}
    (tmp_path / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    case = evaluate(tmp_path).cases[0]
    removed = [("share-widget", "Share"), ("share-widget", "Tweet"), ("eats-body", PARAGRAPH)]
    audits = {entry.rule: entry for entry in audit_rules([case], [""], [removed])}
    assert (audits["share-widget"].lines, audits["share-widget"].body) == (2, 1)
    assert audits["eats-body"].precision == 0.0
    assert audits["eats-body"].examples == [f"a: {PARAGRAPH[:140]}"]
    # least precise first
    assert audit_rules([case], [""], [removed])[0].rule == "eats-body"
    # what the text keeps elsewhere (a pull quote of a kept paragraph) is no loss
    kept = audit_rules([case], [PARAGRAPH], [[("pull-quote", PARAGRAPH[:90])]])
    assert kept[0].body == 0


def test_metadata_is_scored_where_annotated(segments_set: Path) -> None:
    evaluation = evaluate(segments_set)
    found = meta_totals(evaluation.cases, [output.meta for output in evaluation.outputs[PIPELINE]])
    # only page a is annotated: its title is found, it names no author (none is right), and
    # the date annotated is not on the page
    assert found.pages == {"title": 1, "author": 1, "date": 1}
    assert (found.share("title"), found.share("author"), found.share("date")) == (1.0, 1.0, 0.0)


def test_samples_do_not_lose_quality() -> None:
    """A change that lowers F1 on our own samples fails here (figures in docs/quality.json)."""
    evaluation = evaluate(SAMPLES_DIR, jobs=2)
    result = totals(evaluation.mode, evaluation.scores[PIPELINE])
    recorded = RECORDED["samples"][PIPELINE]
    assert result.pages == recorded["pages"]
    assert round(result.f1, 4) >= recorded["f1"]
    assert round(result.recall, 4) >= recorded["recall"]
    audit = {entry.rule: entry for entry in audit_of(evaluation)}
    assert all(entry.body == 0 for entry in audit.values()), audit


def test_evaluate_command(segments_set: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    scores = tmp_path / "scores.json"
    result = subprocess.run(
        [sys.executable, "-m", "cleaners", "evaluate", str(segments_set), "--jobs", "2",
         "--baseline", "--meta", "--audit", "--json", str(scores)],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "2 pages  precision 0.750  recall 0.750  F1 0.750  comment leak 1.000"
    assert lines[1].startswith("  this pipeline ")
    assert lines[2].startswith("  trafilatura ") and lines[3].split()[2] == "fast"
    assert any(line.startswith("- b (cost 3.00)") for line in lines)
    assert any(line.startswith("metadata, share exactly right") for line in lines)
    assert any(line.startswith("rule audit") for line in lines)
    written = json.loads(scores.read_text(encoding="utf-8"))
    assert set(written) == {PIPELINE, *BASELINES, "audit"}
    assert written[PIPELINE]["f1"] == 0.75
    assert written[PIPELINE]["meta"] == {"title": 1.0, "author": 1.0, "date": 0.0}
