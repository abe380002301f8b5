"""Running bad-input cases through ``python -m cleaners clean`` in a child process, with
its wall time and peak memory, and reading what came out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaners.record import schema_errors
from tests.badinput.case import ANY, Case

ROOT = Path(__file__).resolve().parents[2]
FETCHED_AT = "2024-03-13T00:00:00Z"
# a page past a cap is skipped within seconds; this only catches a hang
TIMEOUT_SECONDS = 120
MEMORY_LIMIT_MB = 1024


@dataclass(frozen=True)
class Run:
    """One ``clean`` process: exit status, output, wall time and peak resident memory."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float


def write_case(case: Case, directory: Path) -> Path:
    """The case's body as a file named after it."""
    path = directory / f"{case.name}{case.suffix}"
    path.write_bytes(case.payload())
    return path


def reap(process: subprocess.Popen[bytes], timeout: float) -> tuple[int, float]:
    """Reap the child: exit status and its peak RSS in MB (``wait4`` reports it per child)."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, usage.ru_maxrss / 1024
        if time.monotonic() > deadline:
            process.kill()
            process.wait()
            raise TimeoutError(f"clean ran over {timeout} s")
        time.sleep(0.01)


def run_clean(paths: Sequence[Path], *options: str, timeout: float = TIMEOUT_SECONDS) -> Run:
    """``python -m cleaners clean PATHS --jobs 1 OPTIONS`` as a user runs it."""
    command = [sys.executable, "-m", "cleaners", "clean", *map(str, paths)]
    command += ["--jobs", "1", "--fetched-at", FETCHED_AT, *options]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=err)
        returncode, peak = reap(process, timeout)
        seconds = time.monotonic() - start
        out.seek(0)
        err.seek(0)
        return Run(returncode, out.read().decode(), err.read().decode(), seconds, peak)


def run_case(case: Case, directory: Path) -> Run:
    """One case in a process of its own."""
    options = ("--url", case.url) if case.url else ()
    return run_clean([write_case(case, directory)], *options)


def problems(case: Case, record: dict[str, Any] | None, reason: str | None) -> list[str]:
    """How the outcome differs from what the case expects (empty when it matches)."""
    if case.skip_reason is not None:
        if record is not None:
            return [f"expected a skip ({case.skip_reason}), got a record"]
        return [] if reason == case.skip_reason else [f"skip reason {reason!r}"]
    if record is None:
        return [f"expected a record, got a skip: {reason}"]
    found = schema_errors(record)
    found += [f"text lacks {text!r}" for text in case.contains if text not in record["text"]]
    found += [f"text has {text!r}" for text in case.absent if text in record["text"]]
    if case.language != ANY and record["language"] != case.language:
        found.append(f"language {record['language']!r}, expected {case.language!r}")
    if case.url and record["url"] != case.url:
        found.append("url is not the one given")
    return found


def observed(record: dict[str, Any] | None, reason: str | None) -> str:
    """The outcome as the table writes it."""
    if record is None:
        return f"skip: {reason}"
    return f"record ({record['word_count']} words, language {record['language']})"


def outcomes(
    run: Run, paths: Sequence[Path]
) -> dict[Path, tuple[dict[str, Any] | None, str | None]]:
    """Each file's record or skip reason, from a run over ``paths``.

    Records come out in input order for the files that gave one; a skip is a
    ``PATH: reason`` line on stderr.
    """
    reasons: dict[str, str] = {}
    for line in run.stderr.splitlines():
        name, sep, reason = line.partition(": ")
        if sep and Path(name) in paths:
            reasons[name] = reason
    records = iter(json.loads(line) for line in run.stdout.splitlines())
    found: dict[Path, tuple[dict[str, Any] | None, str | None]] = {}
    for path in paths:
        if str(path) in reasons:
            found[path] = (None, reasons[str(path)])
        else:
            found[path] = (next(records, None), None)
    return found
