"""A big input costs a skip, not the machine's memory: ``clean --jobs 2`` of a WARC whose
one response unzips to 200 MB reads no more of it than the size cap, in one process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cleaners.limits import TOO_LARGE
from tests.badinput.pages import BIG_URL as URL
from tests.badinput.pages import big_warc
from tests.conftest import ROOT, SAMPLES_DIR

BIG = 200 * 1024**2
# the most any one process of the command may hold (RSS); a process that reads the
# response whole holds 200 MB of bytes and as much again of text
PROCESS_BYTES = 300 * 1024**2
# runs the command and prints the most RSS any process of it had (ru_maxrss, KiB)
MEASURE = (
    "import resource, subprocess, sys; "
    "code = subprocess.run(sys.argv[1:]).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
    "sys.exit(code)"
)


def test_clean_skips_a_warc_response_over_the_cap_without_reading_it_whole(
    tmp_path: Path,
) -> None:
    big = tmp_path / "big.warc.gz"
    big_warc(big, BIG)
    good = SAMPLES_DIR / "seed-track2-talks" / "page.txt"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-c", MEASURE, sys.executable, "-m", "cleaners", "clean"]
    result = subprocess.run(
        [*command, "--jobs", "2", str(big), str(good)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    *lines, peak = result.stderr.splitlines()
    assert result.returncode == 1, result.stderr[-3000:]
    assert lines == [f"{big}: {URL}: {TOO_LARGE}"]
    assert [json.loads(line)["url"] for line in result.stdout.splitlines()] == [good.as_uri()]
    assert int(peak) * 1024 < PROCESS_BYTES, f"a process of clean took {int(peak) // 1024} MiB"
