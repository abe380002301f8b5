"""A run's manifest: what it did, how it ended, and what it wrote (with checksums).

The manifest is written last, atomically: a run's output files are complete when, and
only when, its manifest exists and their sizes and sha256 match it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

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
    """
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


def write_manifest(
    path: Path,
    stats: Mapping[str, Any],
    reason: str,
    started: str,
    counts: Mapping[str, int],
    files: Mapping[str, Sequence[Path]],
) -> str | None:
    """Write the manifest of a finished run; returns why the run failed, if it did."""
    failure = run_failure(stats, reason)
    manifest = {
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
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    partial.replace(path)
    return failure
