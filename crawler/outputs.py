"""A run's output files, appended to in whole pieces, and what a failure to write them does.

Every write of a run (a record line, a WARC page, a skipped line) is one :class:`AppendFile`
piece: it lands whole, or the file is cut back to where it was and the failure is reported
(a full disk, a read-only file system, an I/O error, a file removed mid-run).  A file can hold
several pieces that stand or fall together (:meth:`AppendFile.commit`,
:meth:`AppendFile.rollback`): a record line is kept only once its page is archived and its
article is in the crawl state (see :mod:`crawler.run`), so that the state never counts an
article its files lack, and the files never hold one that the state lacks.

The first failure stops the run's writing: each file then takes no more pieces, and the run
ends (:class:`crawler.run.Run`), with one error line per kind of file, not one per page.
"""

from __future__ import annotations

import errno
import io
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

# what a file reports: its kind ("records", "the archive"…), its path, and the error
Report = Callable[[str, Path, BaseException], None]


def error_text(error: BaseException) -> str:
    """What went wrong, in the system's words.

    >>> error_text(OSError(errno.ENOSPC, "No space left on device")), error_text(ValueError("x"))
    ('No space left on device', 'x')
    """
    return (error.strerror if isinstance(error, OSError) else None) or str(error)


def deleted() -> OSError:
    """The error of a file that its folder no longer holds (removed mid-run)."""
    return FileNotFoundError(errno.ENOENT, "the file was deleted")


class AppendFile(io.RawIOBase):
    """A file that takes whole pieces (one ``write`` each), until its first failure.

    ``truncate``: emptied when opened (Scrapy's ``-O``), else appended to.  A failure to
    open it is reported as a failure to write it.
    """

    def __init__(self, path: Path, kind: str, report: Report, *, truncate: bool = False) -> None:
        super().__init__()
        self.path, self.kind, self.report = path, kind, report
        self.fd: int | None = None
        self.identity: tuple[int, int] | None = None
        self.regular = False
        self.end = self.committed = 0
        self.stopped = False  # takes no more pieces: failed, or the run's writing stopped
        self.failed = False
        self.damaged = False  # a failed piece could not be cut back
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (os.O_TRUNC if truncate else 0)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.fd = os.open(path, flags | os.O_CLOEXEC, 0o666)
            info = os.fstat(self.fd)
        except OSError as error:
            self.fail(error)
            return
        self.identity = (info.st_dev, info.st_ino)
        self.regular = stat.S_ISREG(info.st_mode)
        self.end = self.committed = info.st_size if self.regular else 0

    def writable(self) -> bool:
        return True

    def write(self, data: ReadableBuffer) -> int:
        """One piece, whole or not at all (the exporters ignore the count: it is all)."""
        view = memoryview(data).cast("B")
        if self.stopped or self.fd is None:
            return len(view)
        try:
            left = view
            while left:
                done = os.write(self.fd, left)
                if done == 0:
                    raise OSError(errno.EIO, os.strerror(errno.EIO))
                left = left[done:]
            if os.fstat(self.fd).st_nlink == 0:
                raise deleted()
        except OSError as error:
            self.fail(error)
            self.rollback()
            return len(view)
        self.end += len(view)
        return len(view)

    def commit(self) -> None:
        """The pieces written so far are kept."""
        self.committed = self.end

    def rollback(self) -> None:
        """The pieces written since the last commit are cut off."""
        pending = self.failed or self.end != self.committed  # a failed piece may be in part
        if self.fd is None or not self.regular or not pending:
            return
        try:
            os.ftruncate(self.fd, self.committed)
        except OSError:
            self.damaged = True
        self.end = self.committed

    def stop(self) -> None:
        """Take no more pieces (the run stops writing after a failure elsewhere)."""
        self.stopped = True

    def fail(self, error: BaseException) -> None:
        self.stopped = self.failed = True
        self.report(self.kind, self.path, error)

    def check(self) -> None:
        """Report the file as failed if its path no longer leads to it (its folder removed)."""
        if self.failed or self.identity is None:
            return
        try:
            info = os.stat(self.path)
        except OSError:
            self.fail(deleted())
            return
        if (info.st_dev, info.st_ino) != self.identity:
            self.fail(deleted())

    def close(self) -> None:
        if self.fd is not None:
            fd, self.fd = self.fd, None
            try:
                os.close(fd)
            except OSError as error:  # a network file system may say only now
                if not self.failed:
                    self.fail(error)
        super().close()
