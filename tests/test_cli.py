"""The command line, run as a user runs it: `python -m cleaners` in a subprocess."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import shutil
import struct
import subprocess
import sys
import termios
import threading
from pathlib import Path

from cleaners.cli import PROGRESS_FROM
from cleaners.record import schema_errors
from tests.conftest import ROOT, SAMPLES, SAMPLES_DIR
from tests.warcs import DATE, write_warc

HTML_SAMPLES = [sample for sample in SAMPLES if sample.page.suffix == ".html"]


def run(
    *args: str | Path, cwd: Path = ROOT, stderr: int = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    """``python -m cleaners ARGS``, its output captured; ``stderr``: a file descriptor to
    send its stderr to instead."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "cleaners", *map(str, args)]
    return subprocess.run(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=stderr, text=True, timeout=300
    )


def test_clean_writes_one_valid_line_per_file_in_order() -> None:
    pages = [sample.page for sample in SAMPLES]
    result = run("clean", *pages)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == len(pages)
    for page, record in zip(pages, records, strict=True):
        assert record["url"] == page.resolve().as_uri()
        assert schema_errors(record) == []


def test_clean_twice_gives_identical_bytes() -> None:
    pages = [sample.page for sample in SAMPLES]
    first, second = run("clean", *pages), run("clean", *pages)
    assert first.returncode == second.returncode == 0
    assert first.stdout.encode() == second.stdout.encode()


def test_clean_in_parallel_gives_the_same_bytes_in_the_same_order() -> None:
    pages = [sample.page for sample in SAMPLES] * 3
    one, two = run("clean", *pages, "--jobs", "1"), run("clean", *pages, "--jobs", "2")
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout
    assert len(two.stdout.splitlines()) == len(pages)


def test_a_long_run_shows_a_progress_bar_on_a_terminal_only() -> None:
    pages = [sample.page for sample in SAMPLES] * 4  # over PROGRESS_FROM
    assert len(pages) >= PROGRESS_FROM
    leader, follower = pty.openpty()
    # 24 rows of 80 columns: a new pseudo-terminal is 0 wide, and tqdm draws nothing in 0
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    shown: list[bytes] = []

    def drain() -> None:  # a full terminal buffer would block the command
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the command closed the terminal
                return
            if not chunk:
                return
            shown.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    result = run("clean", *pages, "--jobs", "2", stderr=follower)
    os.close(follower)
    reader.join(timeout=60)
    os.close(leader)
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == len(pages)
    assert f"/{len(pages)} [".encode() in b"".join(shown)
    piped = run("clean", *pages, "--jobs", "2")
    assert piped.stdout == result.stdout
    assert "page/s" not in piped.stderr and f"/{len(pages)}" not in piped.stderr


def test_clean_with_url_and_fetch_time() -> None:
    page = HTML_SAMPLES[0].page
    result = run(
        "clean", page, "--url", "https://example.org/a", "--fetched-at", "2024-01-02T03:04:05Z"
    )
    record = json.loads(result.stdout)
    assert (record["url"], record["fetched_at"]) == (
        "https://example.org/a",
        "2024-01-02T03:04:05Z",
    )


def test_bad_files_are_reported_and_the_others_still_come_out(tmp_path: Path) -> None:
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    menu = tmp_path / "menu.html"
    menu.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    odd = tmp_path / "notes.pdf"
    odd.write_bytes(b"%PDF-1.4")
    missing = tmp_path / "missing.html"
    good = SAMPLES_DIR / "seed-track2-talks" / "page.txt"
    result = run("clean", empty, good, menu, odd, missing)
    assert result.returncode == 1
    assert len(result.stdout.splitlines()) == 1
    assert json.loads(result.stdout)["author"] == "Grant Montgomery"
    errors = result.stderr.splitlines()
    assert errors == [
        f"{empty}: empty page",
        f"{menu}: no body text left after cleaning",
        f"{odd}: unsupported file type (expected .html, .htm, .txt, .warc or .warc.gz)",
        f"{missing}: cannot read: No such file or directory",
    ]


def _write_warc(path: Path, pages: list[tuple[str, bytes, str]]) -> None:
    write_warc(path, [(url, body, content_type, DATE) for url, body, content_type in pages])


def test_clean_reads_every_html_response_of_a_warc(tmp_path: Path) -> None:
    first, second = HTML_SAMPLES[0], HTML_SAMPLES[1]
    warc = tmp_path / "run.warc.gz"
    _write_warc(
        warc,
        [
            (first.meta["url"], first.page.read_bytes(), "text/html; charset=utf-8"),
            ("https://example.org/logo.png", b"\x89PNG", "image/png"),
            (second.meta["url"], second.page.read_bytes(), "text/html"),
        ],
    )
    result = run("clean", warc)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [record["url"] for record in records] == [first.meta["url"], second.meta["url"]]
    assert all(record["fetched_at"] == "2024-03-12T08:00:30Z" for record in records)
    assert records[0]["text"] == json.loads(first.golden.read_text(encoding="utf-8"))["text"]


def test_reclean_check_passes_on_a_clean_checkout() -> None:
    result = run("reclean", "--check")
    assert result.returncode == 0, result.stdout
    assert f"{len(SAMPLES)} samples, 0 changed" in result.stdout


def test_reclean_check_fails_with_a_readable_diff_then_update_fixes_it(tmp_path: Path) -> None:
    copy = tmp_path / "samples"
    shutil.copytree(SAMPLES_DIR, copy)
    golden = copy / "seed-track2-talks" / "expected.json"
    record = json.loads(golden.read_text(encoding="utf-8"))
    record["author"] = "Somebody Else"
    record["text"] = record["text"].replace("Officially", "Formally")
    golden.write_text(json.dumps(record), encoding="utf-8")

    check = run("reclean", copy, "--check")
    assert check.returncode == 1
    assert '  author: "Somebody Else" -> "Grant Montgomery"' in check.stdout
    assert "    -Formally, the United States" in check.stdout
    assert "    +Officially, the United States" in check.stdout
    assert f"{len(SAMPLES)} samples, 1 changed" in check.stdout

    assert run("reclean", copy, "--update").returncode == 0
    assert run("reclean", copy, "--check").returncode == 0
    shipped = (SAMPLES_DIR / "seed-track2-talks" / "expected.json").read_text(encoding="utf-8")
    assert golden.read_text(encoding="utf-8") == shipped


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "diplomacy-cleaners"
    assert script.exists(), "run `pip install -e .` first"
    result = subprocess.run([script, "--help"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "reclean" in result.stdout
