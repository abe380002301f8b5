"""A run's manifest: what it did, how it ended, and what it wrote (with checksums).

The manifest is written last, atomically: a run's output files are complete when, and
only when, its manifest exists and their sizes and sha256 match it.  Its room on disk is
taken when the run starts (:func:`reserve_room`), so that a run that fills the disk can
still say that it failed, and why.  And where a run's files go (:func:`run_prefix`), and
the name its process has in a shared run (:func:`member_name`).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scrapy.settings import BaseSettings

from cleaners.archives.archive import ARCHIVE_SUFFIX, RECORDS_SUFFIX
from cleaners.record import format_timestamp
from crawler.skips import skip_counts

# a run's files: <prefix> and one of these (see crawler.run)
RECORDS, ARCHIVE = RECORDS_SUFFIX, ARCHIVE_SUFFIX
SKIPPED, MANIFEST = ".skipped.jsonl", ".manifest.json"
# a folder: the run's request queue while it runs (crawler.scheduler)
QUEUE = ".queue"
# the stat of links to stored articles that a run did not fetch again
NOT_REFETCHED = "diplomacy/not_refetched"
# the stat of what a run could not write ("cannot write records to …: No space left on device")
WRITE_FAILED = "diplomacy/write_failed"
# the room taken for a manifest when its run starts: some 2 KB are used
MANIFEST_ROOM = 64 * 1024


def run_file(prefix: Path, suffix: str) -> Path:
    """One of a run's files.

    >>> run_file(Path("output/diplomacy-2026-11-23T10-00-00Z"), MANIFEST).name
    'diplomacy-2026-11-23T10-00-00Z.manifest.json'
    """
    return prefix.with_name(prefix.name + suffix)


def output_files(prefix: Path, records: Sequence[Path]) -> dict[str, list[Path]]:
    """What a run's manifest lists, by kind."""
    archive, skipped = run_file(prefix, ARCHIVE), run_file(prefix, SKIPPED)
    return {"records": list(records), "archive": [archive], "skipped": [skipped]}


# how a run may end and still have done its job: finished, or stopped by a configured bound
NORMAL_ENDINGS = (
    "finished",
    "closespider_pagecount",
    "closespider_timeout",
    "closespider_itemcount",
)


def run_failure(stats: Mapping[str, Any], reason: str) -> str | None:
    """Why a finished crawl counts as failed (its exit status is then 1), or None.

    Errors about single pages (a host that refuses connections, a bad page) are skips, not
    failures; an exception in the spider's or the pipelines' own code is a failure.

    >>> run_failure({"downloader/response_count": 3}, "finished") is None
    True
    >>> run_failure({"downloader/response_count": 3}, "shutdown")
    'ended early: shutdown'
    >>> run_failure({}, "finished")
    'nothing could be downloaded'
    >>> run_failure({"downloader/response_count": 3, "spider_exceptions/KeyError": 2}, "finished")
    'exceptions in the crawl code: 2'
    >>> run_failure({WRITE_FAILED: "cannot write records to a.jsonl: EIO"}, "write_failed")
    'cannot write records to a.jsonl: EIO'
    """
    if stats.get(WRITE_FAILED):
        return str(stats[WRITE_FAILED])
    if reason not in NORMAL_ENDINGS:
        return f"ended early: {reason}"
    if not stats.get("downloader/response_count"):
        return "nothing could be downloaded"
    errors = sum(
        int(value)
        for key, value in stats.items()
        if key.startswith("spider_exceptions/") or key == "diplomacy/item_errors"
    )
    if errors:
        return f"exceptions in the crawl code: {errors}"
    return None


def file_entry(path: Path) -> dict[str, Any]:
    """A file's name, size, line count and sha256 (or that it is missing, or is no regular
    file: a device such as ``/dev/zero`` would be read for ever)."""
    if not path.exists():
        return {"path": str(path), "missing": True}
    if not path.is_file():
        return {"path": str(path), "not_regular": True}
    digest, size, lines = hashlib.sha256(), 0, 0
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
            lines += chunk.count(b"\n")
    return {"path": str(path), "bytes": size, "lines": lines, "sha256": digest.hexdigest()}


def partial_of(path: Path) -> Path:
    return path.with_name(path.name + ".partial")


def reserve_room(path: Path) -> int | None:
    """The manifest's room on disk, taken at the start of its run: a file descriptor of its
    partial file, or None when there is no room to take (the run goes on)."""
    try:
        handle = os.open(partial_of(path), os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, 0o666)
    except OSError:
        return None
    try:
        os.posix_fallocate(handle, 0, MANIFEST_ROOM)
    except OSError:
        os.close(handle)
        return None
    return handle


def write_manifest(
    path: Path,
    stats: Mapping[str, Any],
    reason: str,
    started: str,
    counts: Mapping[str, int],
    files: Mapping[str, Sequence[Path]],
    room: int | None = None,
    shared_run: Mapping[str, str] | None = None,
) -> str | None:
    """Write the manifest of a finished run (into the ``room`` taken for it, if any; with
    the shared run it was a process of, if any); returns why the run failed, if it did.
    Raises OSError when it cannot be written."""
    failure = run_failure(stats, reason)
    manifest: dict[str, object] = {
        "started": started,
        "finished": format_timestamp(datetime.now(UTC)),
        "finish_reason": reason,
        "status": "failed" if failure else "ok",
        "failure": failure,
        "counts": {
            "records": counts.get("records", 0),
            "near_duplicates": counts.get("near_duplicates", 0),
            "not_refetched": int(stats.get(NOT_REFETCHED, 0)),
            "requests": int(stats.get("downloader/request_count", 0)),
            "responses": int(stats.get("downloader/response_count", 0)),
            "skipped": dict(sorted(skip_counts(dict(stats)).items())),
        },
        "files": {kind: [file_entry(p) for p in paths] for kind, paths in files.items()},
    }
    if shared_run:
        manifest["shared_run"] = dict(shared_run)
    text = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode("utf-8")
    partial = partial_of(path)
    if room is not None and _into_room(room, text):
        try:
            partial.replace(path)
            return failure
        except FileNotFoundError:  # the partial file removed (its folder, mid-run)
            pass
    partial.write_bytes(text)
    partial.replace(path)
    return failure


def _into_room(room: int, text: bytes) -> bool:
    """The manifest written over its reserved room (closed); whether it went in whole."""
    try:
        if os.pwrite(room, text, 0) != len(text):
            return False
        os.ftruncate(room, len(text))
        return True
    except OSError:
        return False
    finally:
        os.close(room)


def run_prefix(settings: BaseSettings, name: str) -> str:
    """Where the run's files go, without suffix: beside the records file when -o/-O names
    one local ``.jsonl`` file, else ``DIPLOMACY_OUTPUT_DIR/<name>-<UTC time>`` (and, with
    ``DIPLOMACY_REDIS_URL``, ``-<host>-<pid>``: processes of a shared run never collide).

    >>> from scrapy.settings import Settings
    >>> run_prefix(Settings({"FEEDS": {"out/run.jsonl": {}}}), "diplomacy")
    'out/run'
    """
    feeds = [uri for uri in settings.getdict("FEEDS") if "://" not in uri and "%(" not in uri]
    if len(feeds) == 1 and feeds[0].endswith((".jsonl", ".jl", ".json")):
        return str(feeds[0]).rsplit(".", 1)[0]
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%SZ")
    folder = str(settings.get("DIPLOMACY_OUTPUT_DIR") or "output")
    if settings.get("DIPLOMACY_REDIS_URL"):  # one of a shared run's processes, on any machine
        stamp += f"-{socket.gethostname()}-{os.getpid()}"
    return f"{folder}/{name}-{stamp}"


def member_name(prefix: Path) -> str:
    """A run's name in a shared run (crawler/sharedrun.py): its machine and its files'
    prefix, which the run that makes it whole after a kill finds again."""
    return f"{socket.gethostname()}:{prefix.resolve()}"
