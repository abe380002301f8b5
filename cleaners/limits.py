"""Caps on the cleaning of one page: its size, its number of elements and its time.

Past a cap the page is skipped with a fixed reason (the crawl counts skips by reason, so
a reason never carries a number of its own).  Size and elements are checked before
parsing, which bounds memory: lxml and trafilatura take about 2 KB per element, so a
million tiny elements would take close to 2 GB.  Time is the backstop for pages that pass
both and are still slow.

The time cap is a ``SIGALRM`` timer: the handler raises :class:`PageTimeout` in the thread
that runs the page, between two Python bytecodes, so no C call of lxml is cut in the
middle and the interpreter stays consistent; the page's objects are simply dropped as the
exception unwinds.  Signals are delivered to the main thread only, which is where the CLI
and the workers of a process pool run their tasks; anywhere else the cap is not applied.
A per-page subprocess would also survive a C call that never returns, but costs a process
start (about a second with trafilatura imported) per page.
"""

from __future__ import annotations

import os
import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from io import BufferedReader
from pathlib import Path
from types import FrameType
from typing import Protocol

# a long news page is under 2 MB of HTML; the crawl downloads at most 10 MiB
MAX_PAGE_CHARS = 5_000_000
# tags in the markup (a count of "<"); long news pages have tens of thousands
MAX_PAGE_TAGS = 200_000
# a page normally cleans in well under a second
PAGE_SECONDS = 10.0

# a file is read to at most this many bytes: no encoding we read takes more than 4 bytes
# a character, so a longer file is over MAX_PAGE_CHARS whatever it holds
MAX_FILE_BYTES = 4 * MAX_PAGE_CHARS

TOO_LARGE = f"too large: over {MAX_PAGE_CHARS:,} characters"
TOO_MANY_TAGS = f"too large: over {MAX_PAGE_TAGS:,} tags"


NOT_REGULAR = "not a regular file"


class NotRegularFile(OSError):
    """A path that names a FIFO, a device, a socket or a folder, not a file."""


def open_regular(path: Path) -> BufferedReader:
    """``path`` opened for reading if it is a regular file (links followed).

    A FIFO is opened without blocking (nothing would ever write to it) and then refused,
    as a device is (``/dev/zero`` never ends): the check is on the opened file, so the
    path cannot change between check and read.
    """
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise NotRegularFile(NOT_REGULAR)
        os.set_blocking(descriptor, True)
    except OSError:
        os.close(descriptor)
        raise
    return open(descriptor, "rb")


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


def read_at_most(stream: Readable, cap: int = MAX_FILE_BYTES) -> bytes | None:
    """What ``stream`` holds, or None when it is more than ``cap`` bytes: never more than
    ``cap + 1`` bytes are read (a WARC record that unzips to 200 MB takes 20 MB here)."""
    body = stream.read(cap + 1)
    return None if len(body) > cap else body


def read_capped(path: Path, cap: int = MAX_FILE_BYTES) -> bytes | None:
    """The bytes of the regular file ``path``, or None when it holds more than ``cap``:
    a file whose size says so is not read at all, and never more than ``cap + 1`` bytes
    are read, whatever the file says its size is."""
    with open_regular(path) as stream:
        if os.fstat(stream.fileno()).st_size > cap:
            return None
        return read_at_most(stream, cap)


def too_large_to_send(body: str) -> bool:
    """Whether a page is over the size cap, checked before it goes to a worker: the
    check costs nothing, and a copy of 20 MB of text costs a pickle and two copies."""
    return len(body) > MAX_PAGE_CHARS


class PageTimeout(BaseException):
    """The page took longer than its cap.

    A ``BaseException``, like ``KeyboardInterrupt``: the ``except Exception`` blocks
    inside trafilatura and its helpers must not swallow it.
    """


def too_slow(seconds: float) -> str:
    """The skip reason for a page that ran past ``seconds``.

    >>> too_slow(10.0)
    'too slow: cleaning took over 10 s'
    """
    return f"too slow: cleaning took over {seconds:g} s"


def size_problem(body: str, markup: bool) -> str | None:
    """Why ``body`` is too large to clean, or None (tags only count in ``markup``).

    >>> size_problem("<p>x</p>", markup=True) is None
    True
    >>> size_problem("<br>" * (MAX_PAGE_TAGS + 1), markup=True)
    'too large: over 200,000 tags'
    """
    if len(body) > MAX_PAGE_CHARS:
        return TOO_LARGE
    if markup and body.count("<") > MAX_PAGE_TAGS:
        return TOO_MANY_TAGS
    return None


def _raise_timeout(signum: int, frame: FrameType | None) -> None:
    raise PageTimeout


def can_time_out() -> bool:
    """Whether :func:`time_limit` applies here (the main thread, on a system with SIGALRM)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`PageTimeout` in the block once ``seconds`` have passed.

    The timer is disarmed and the previous handler restored on the way out, whatever
    happens; outside the main thread the block runs without a cap.

    >>> with time_limit(5):
    ...     sum(range(10))
    45
    """
    if not can_time_out():
        yield
        return
    previous = signal.signal(signal.SIGALRM, _raise_timeout)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        # None: a handler installed outside Python, which cannot be put back from here
        signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)
