"""The crawl side's hook: every case served over HTTP on 127.0.0.1, as the case says.

``CaseServer`` answers each case at its ``url_path`` (and at the path a client makes of it
once ``..`` and ``%2e%2e`` are resolved), and ``/`` with a page linking to all of them, so a
crawl can start there.  :func:`respond` writes one case's response to any
``BaseHTTPRequestHandler``, for a server of one's own.
"""

from __future__ import annotations

import posixpath
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

from tests.badinput.case import Case
from tests.badinput.cases import CASES

# how long a hanging case keeps its connection open without sending the body
HANG_SECONDS = 120.0


@cache
def payload(case: Case) -> bytes:
    """The case's body, generated once per process (a bomb takes seconds to make)."""
    return case.payload()


def resolved(path: str) -> str:
    """A URL path with ``%2e%2e`` decoded and ``..`` resolved, as a client sends it.

    >>> resolved("/2024/%2e%2e/%2E%2E/etc/x.html")
    '/etc/x.html'
    """
    return posixpath.normpath(unquote(path)) or "/"


def index_page(cases: Iterable[Case], base: str) -> bytes:
    """A home page linking to every case, so a crawl can start at ``/``."""
    links = "".join(f'<li><a href="{base}{case.url_path}">{case.name}</a></li>' for case in cases)
    return (
        f"<html><head><title>Bad input</title></head><body><ul>{links}</ul></body></html>".encode()
    )


def respond(
    case: Case, handler: BaseHTTPRequestHandler, base: str, other: str, stop: threading.Event
) -> None:
    """Write ``case``'s response: ``{base}`` and ``{other}`` (another host name for the same
    server) are filled in a ``Location``; a hang lasts until ``stop`` is set."""
    body = payload(case)
    handler.send_response(case.status)
    names = {name.lower() for name, _ in case.headers}
    for name, value in case.headers:
        netloc = other.split("://", 1)[1]
        handler.send_header(name, value.format(base=base, other=other, other_netloc=netloc))
    if "content-length" not in names:
        promised = 2 * len(body) if case.behaviour == "truncate" else len(body)
        handler.send_header("Content-Length", str(promised))
    handler.end_headers()
    if case.behaviour == "hang":
        stop.wait(HANG_SECONDS)
        return
    handler.wfile.write(body)
    if case.behaviour == "truncate":
        handler.close_connection = True


class CaseServer(ThreadingHTTPServer):
    """Every case of the corpus, served on 127.0.0.1 at a free port."""

    daemon_threads = True

    def __init__(self, cases: Iterable[Case] = CASES) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.cases = {case.url_path: case for case in cases}
        self.cases.update({resolved(path): case for path, case in list(self.cases.items())})
        self.stop = threading.Event()
        self.requests: list[str] = []

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    @property
    def other(self) -> str:
        """The same server under another host name, for the redirect to another host."""
        return f"http://localhost:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    server: CaseServer

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the server keeps its own request log."""

    def do_GET(self) -> None:
        server = self.server
        server.requests.append(self.path)
        if self.path == "/":
            body = index_page(dict.fromkeys(server.cases.values()), server.base)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        case = server.cases.get(self.path) or server.cases.get(resolved(self.path))
        if case is None:
            self.send_error(404)
            return
        # a client may hang up early (a download over its size cap)
        with suppress(ConnectionError):
            respond(case, self, server.base, server.other, server.stop)


@contextmanager
def serve(cases: Iterable[Case] = CASES) -> Iterator[CaseServer]:
    """Serve ``cases`` for the duration of the block; hanging responses end with it."""
    server = CaseServer(cases)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.stop.set()
        server.shutdown()
        server.server_close()
