"""Inputs of `python -m cleaners clean` and `reclean` that are not regular files: a FIFO
would block the read forever, a link to a device would read until memory runs out.  Each
is a skip with its reason, and no file is read past the size cap."""

from __future__ import annotations

import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

from cleaners.limits import MAX_FILE_BYTES, TOO_LARGE
from tests.conftest import ROOT, SAMPLES_DIR

SECONDS = 60
# the address space of the command: a read of /dev/zero to the end stops here, not at the
# machine's memory
MEMORY_BYTES = 3 * 1024**3


def _cap_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def run_cleaners(*args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "cleaners", *map(str, args)]
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=SECONDS,
        preexec_fn=_cap_memory,
    )  # fmt: skip


def test_clean_skips_what_is_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.html"
    os.mkfifo(fifo)
    fifo_warc = tmp_path / "fifo.warc.gz"
    os.mkfifo(fifo_warc)
    zero = tmp_path / "zero.html"
    zero.symlink_to("/dev/zero")
    folder = tmp_path / "folder.html"
    folder.mkdir()
    good = SAMPLES_DIR / "seed-track2-talks" / "page.txt"
    result = run_cleaners("clean", fifo, fifo_warc, zero, folder, good)
    assert result.returncode == 1, result.stderr[-3000:]
    assert len(result.stdout.splitlines()) == 1
    assert result.stderr.splitlines() == [
        f"{path}: not a regular file" for path in (fifo, fifo_warc, zero, folder)
    ]


def test_clean_reads_no_file_past_the_size_cap(tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    with big.open("wb") as file:  # sparse: no disk taken
        file.truncate(MAX_FILE_BYTES + 1)
    result = run_cleaners("clean", big)
    assert result.returncode == 1, result.stderr[-3000:]
    assert result.stderr.splitlines() == [f"{big}: {TOO_LARGE}"]


def test_reclean_skips_a_sample_whose_page_is_a_device(tmp_path: Path) -> None:
    sample = tmp_path / "samples" / "zero"
    shutil.copytree(SAMPLES_DIR / "seed-track2-talks", sample)
    page = next(sample.glob("page.*"))
    page.unlink()
    page.symlink_to("/dev/zero")
    result = run_cleaners("reclean", "--check", tmp_path / "samples")
    assert result.returncode == 1, result.stderr[-3000:]
    assert "not a regular file" in result.stdout, result.stdout
