"""Damaged WARC files given to ``clean`` and ``reclean --archive``: a record cut short is a
skip, never a partial record; whole records before any damage all come out; a response
without a usable WARC-Date costs only itself; a damaged run is reported, the others go on."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests import warcs
from tests.conftest import ROOT
from tests.warcs import DATE, HTML

PARAGRAPH = "The delegations met in Geneva on Tuesday to discuss the terms of a ceasefire. " * 8


def page(number: int) -> bytes:
    paragraphs = "".join(f"<p>Report {number}, part {part}: {PARAGRAPH}</p>" for part in range(6))
    return (
        f"<html><head><title>Talks {number}</title></head><body><article>"
        f"<h1>Talks {number}</h1>{paragraphs}</article></body></html>"
    ).encode()


def url(number: int) -> str:
    return f"https://news.example/2024/03/12/talks-{number}.html"


def write_warc(path: Path, count: int, dates: dict[int, str | None] | None = None) -> None:
    """``count`` HTML responses; ``dates`` gives some their own WARC-Date (None: none)."""
    dates = dates or {}
    responses = [(url(n), page(n), HTML, dates.get(n, DATE)) for n in range(count)]
    warcs.write_warc(path, responses)


def cleaners(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cleaners", *map(str, args)], cwd=ROOT, capture_output=True,
        text=True, timeout=300,
    )  # fmt: skip


def urls(stdout: str) -> list[str]:
    return [json.loads(line)["url"] for line in stdout.splitlines()]


# where the last record is cut: into its content (plain and gzip), or into its WARC headers
CUTS = [("run.warc", 1000), ("run.warc", 150), ("run.warc.gz", 100), ("run.warc.gz", 20)]


@pytest.mark.parametrize(("name", "cut"), CUTS)
def test_a_record_cut_short_is_a_skip_not_a_partial_record(
    tmp_path: Path, name: str, cut: int
) -> None:
    warc = tmp_path / name
    write_warc(warc, 3)
    whole = warc.read_bytes()
    if name.endswith(".gz"):  # the last gzip member loses its last bytes
        warc.write_bytes(whole[:-cut])
    else:
        warc.write_bytes(whole[: whole.rindex(b"WARC/1.0") + cut])
    result = cleaners("clean", warc)
    assert urls(result.stdout) == [url(0), url(1)], result.stderr
    if cut == 150:  # the URL not read yet
        expected = f"{warc}: truncated WARC record"
    else:
        expected = f"{warc}: {url(2)}: truncated WARC record"
    assert result.stderr.splitlines() == [expected]
    assert result.returncode == 1


@pytest.mark.parametrize("name", ["run.warc", "run.warc.gz"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_junk_after_the_last_record_loses_no_record(tmp_path: Path, name: str, jobs: str) -> None:
    warc = tmp_path / name
    write_warc(warc, 3)
    with warc.open("ab") as stream:
        stream.write(b"<html>not a WARC record at all</html>\n" * 20)
    result = cleaners("clean", warc, "--jobs", jobs)
    assert urls(result.stdout) == [url(0), url(1), url(2)], result.stderr
    assert result.stderr.splitlines() == [
        f"{warc}: truncated WARC record, or junk after the last whole record"
    ]
    assert result.returncode == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_response_without_a_usable_warc_date_costs_only_itself(tmp_path: Path, jobs: str) -> None:
    warc = tmp_path / "run.warc.gz"
    write_warc(warc, 5, {1: None, 3: "the twelfth of March"})
    result = cleaners("clean", warc, "--jobs", jobs)
    assert urls(result.stdout) == [url(0), url(2), url(4)], result.stderr
    assert result.stderr.splitlines() == [
        f"{warc}: {url(1)}: no valid WARC-Date",
        f"{warc}: {url(3)}: no valid WARC-Date",
    ]
    assert result.returncode == 1


def test_reclean_archive_reports_a_damaged_run_and_goes_on(tmp_path: Path) -> None:
    output = tmp_path / "output"
    output.mkdir()
    for run in ("a", "b", "c"):
        write_warc(output / f"diplomacy-{run}.warc.gz", 2)
    damaged = output / "diplomacy-b.warc.gz"
    damaged.write_bytes(damaged.read_bytes() + b"junk after the records\n")
    result = cleaners("reclean", "--archive", output, "-o", tmp_path / "new")
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"  damaged  {damaged}: truncated WARC record" in result.stdout
    assert "3 runs, 6 archived pages: 6 records" in result.stdout
    for run in ("a", "b", "c"):
        assert len(urls((tmp_path / "new" / f"diplomacy-{run}.jsonl").read_text())) == 2
