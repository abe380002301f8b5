"""Acceptance on the two seed pages: text dumps exactly as a naive scraper saved them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from cleaners.record import Record
from tests.conftest import ROOT, SAMPLES, cleaned


def _seed(name: str) -> Record:
    return cleaned(next(sample for sample in SAMPLES if sample.name == name))


def test_first_seed() -> None:
    record = _seed("seed-track2-talks")
    assert record["title"] == "Americans and North Koreans quietly meet in Track 2 talks"
    assert record["author"] == "Grant Montgomery"
    assert record["language"] == "en"
    paragraphs = record["text"].split("\n\n")
    assert len(paragraphs) == 6
    assert paragraphs[0].startswith("Officially, the United States and North Korea")
    assert paragraphs[-1].endswith("And that’s the purpose of Track 2.”")
    for boilerplate in (
        "Posted on by",
        "This entry was posted in",
        "Leave a Reply",
        "Your email address will not be published",
        "Akismet",
    ):
        assert boilerplate not in record["text"]
        assert any(boilerplate in removal["text"] for removal in record["removed"])


def test_second_seed() -> None:
    record = _seed("seed-informal-dialogue")
    assert record["title"] == (
        "Informal Dialogue Between US And North Korea- How To Reach The World’s Most Stubborn Country"
    )
    assert record["author"] == "How Africa"
    paragraphs = record["text"].split("\n\n")
    assert "in ," not in paragraphs
    assert paragraphs[-1].startswith(
        "These backchannel discussions between Washington and Pyongyang"
    )
    for boilerplate in ("Leave a Reply", "Your email address", "Kenya", "Zuma", "Written by"):
        assert boilerplate not in record["text"]
    rules = {removal["text"]: removal["rule"] for removal in record["removed"]}
    assert rules["in ,"] == "empty-byline"
    assert rules["Written by How Africa"] == "byline"


def test_a_cleaner_change_shows_in_reclean_check(tmp_path: Path) -> None:
    """Drop the Akismet rule from a copy of the library: `reclean --check` must fail and say why."""
    library = tmp_path / "cleaners"
    shutil.copytree(ROOT / "cleaners", library, ignore=shutil.ignore_patterns("__pycache__"))
    rules = library / "cleaning" / "rules.toml"
    text = rules.read_text(encoding="utf-8")
    start = text.index('[[rule]]\nname = "akismet-notice"')
    end = text.index("[[rule]]", start + 1)
    rules.write_text(text[:start] + text[end:], encoding="utf-8")

    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "cleaners", "reclean", str(ROOT / "samples"), "--check"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 1
    assert "seed-track2-talks:" in result.stdout
    assert "    -akismet-notice: This site uses Akismet to reduce spam." in result.stdout
    assert "    +This site uses Akismet to reduce spam." in result.stdout
