"""Runs that were killed: made whole, and counted in the crawl state, by the next run.

A run killed with SIGKILL (or by a power cut, or the OOM killer) writes no manifest.
Its records file holds whole lines only (:mod:`crawler.feeds`), but the crawl state may
miss the last records it wrote: the state is updated after the line is written.  When
the next run starts, for every earlier run in its folder that has no manifest it

- cuts an unfinished last line of the records file, and an unfinished last page of the
  WARC (so that ``warcio check`` and re-cleaning work on it);
- remembers in the crawl state every record the file holds that the state lacks, so
  that no article is written twice;
- removes the request queue it left (``<prefix>.queue/``, :mod:`crawler.scheduler`);
- writes the killed run's manifest, with ``finish_reason`` "killed" (not when the state
  refuses a record: a later run makes it whole, else its records would be written again).

Articles the killed run had fetched but not written are not in the state, so this run
fetches them again: none is lost.

A run holds an exclusive lock on ``<prefix>.lock`` for its whole life (:func:`hold_run_lock`;
the kernel frees it when the process dies, however it dies), and a run without a manifest
is made whole only when its lock is free: a run still going in the same folder (one with
another crawl state) is left alone.  The lock file names the run's crawl state: a killed
run of another state is left to that state's next run.
"""

from __future__ import annotations

import fcntl
import json
import logging
import shutil
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from crawler.articles import StateError
from crawler.manifest import (
    ARCHIVE,
    MANIFEST,
    QUEUE,
    RECORDS,
    SKIPPED,
    output_files,
    run_file,
    write_manifest,
)
from crawler.outputs import error_text

if TYPE_CHECKING:
    from crawler.store import StateStore

LOG = logging.getLogger(__name__)
LOCK = ".lock"


def try_lock(path: Path) -> IO[str] | None:
    """An exclusive lock on ``path`` (made if missing), or None when a process holds it; a
    lock file that cannot be made (a read-only disk) stops the run with one line."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a", encoding="utf-8")
    except OSError as error:
        raise StateError(f"cannot write the lock file {path}: {error_text(error)}") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        return None
    return handle


def hold_run_lock(prefix: Path, owner: str) -> IO[str]:
    """The lock a run holds while it runs: taken before any of its files is made.  The
    lock file names the run's crawl state, the only one that may make the run whole."""
    handle = try_lock(run_file(prefix, LOCK))
    if handle is None:
        raise StateError(f"another run writes the files of {prefix}")
    try:
        handle.truncate(0)
        handle.write(f"{owner}\n")
        handle.flush()
    except OSError as error:  # a full disk
        handle.close()
        path = run_file(prefix, LOCK)
        raise StateError(f"cannot write the lock file {path}: {error_text(error)}") from None
    return handle


def lock_owner(prefix: Path) -> str:
    """The crawl state named in a run's lock file ("" when it names none: an older run)."""
    try:
        return run_file(prefix, LOCK).read_text(encoding="utf-8").strip()
    except OSError:
        return ""


def release_run_lock(prefix: Path, handle: IO[str]) -> None:
    """A run's lock given up once its manifest is written (the file goes, then the lock)."""
    run_file(prefix, LOCK).unlink(missing_ok=True)
    handle.close()


def killed_runs(folder: Path, current: Path, owner: str) -> Iterator[Path]:
    """Prefixes of earlier runs in ``folder`` that never wrote their manifest, are not
    running and kept the crawl state ``owner`` names, each yielded while its lock is held
    here.  A killed run of another state is left to that state's next run, which alone can
    count its records."""
    for skipped in sorted(folder.glob(f"*{SKIPPED}")):
        prefix = skipped.with_name(skipped.name.removesuffix(SKIPPED))
        if prefix == current or run_file(prefix, MANIFEST).exists():
            continue
        lock = try_lock(run_file(prefix, LOCK))
        if lock is None:
            LOG.info("%s has no manifest but is still running: left alone", prefix)
            continue
        if (other := lock_owner(prefix)) not in ("", owner):
            LOG.info("%s was killed, its crawl state is %s: left to it", prefix, other)
            lock.close()
            continue
        try:
            if not run_file(prefix, MANIFEST).exists():  # made whole meanwhile by another run
                yield prefix
        finally:
            release_run_lock(prefix, lock)


def cut_unfinished_line(path: Path) -> int:
    """Drop a last line without its newline; returns how many whole lines remain."""
    if not path.exists():
        return 0
    data = path.read_bytes()
    whole = data[: data.rfind(b"\n") + 1]
    if len(whole) != len(data):
        path.write_bytes(whole)
    return whole.count(b"\n")


def cut_unfinished_archive(path: Path) -> None:
    """Truncate a WARC after its last whole page (request, response and metadata)."""
    if not path.exists():
        return
    end, complete = 0, False
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        try:
            for record in records:
                if complete:
                    end = records.get_record_offset()
                record.content_stream().read()
                complete = record.rec_type in ("metadata", "warcinfo")
            if complete:
                end = path.stat().st_size
        except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError) as error:
            LOG.warning("%s: unfinished record cut (%s)", path, error)
    if end < path.stat().st_size:
        with path.open("r+b") as stream:
            stream.truncate(end)


def recover(prefix: Path, state: StateStore) -> int:
    """Make a killed run whole; returns how many of its records the state lacked."""
    records = run_file(prefix, RECORDS)
    written = cut_unfinished_line(records)
    cut_unfinished_archive(run_file(prefix, ARCHIVE))
    cut_unfinished_line(run_file(prefix, SKIPPED))
    shutil.rmtree(run_file(prefix, QUEUE), ignore_errors=True)
    missing = 0
    if records.exists():
        with records.open(encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                stored = state.article(record["canonical_url"])
                if stored is None or stored.content_hash != record["content_hash"]:
                    if not state.remember(record, (), None):  # refused (and reported)
                        LOG.warning("%s was killed: left for a later run to make whole", prefix)
                        return missing
                    missing += 1
    counts = {"records": written}
    files = output_files(prefix, [records])
    write_manifest(run_file(prefix, MANIFEST), {}, "killed", "unknown", counts, files)
    LOG.warning("%s was killed: made whole, %d of its records added to the state", prefix, missing)
    return missing
