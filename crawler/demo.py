"""The offline demo: serve ``samples/site/`` on 127.0.0.1 and crawl it with the real command.

``python -m crawler.demo`` starts a local server for the bundled site, runs
``scrapy crawl diplomacy -a start_urls=...`` against it in a subprocess, and prints where
the records went with a one-screen summary.  :class:`SiteServer` is also what the tests
crawl.
"""

from __future__ import annotations

import json
import mimetypes
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from crawler.manifest import ARCHIVE, MANIFEST, SKIPPED, run_file
from crawler.skips import skip_counts

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "samples" / "site"
TEMPLATED = (".html", ".xml", ".txt")


class SiteServer(ThreadingHTTPServer):
    """A static site with ``{{BASE}}`` filled in, ``_redirects`` rules and a request log."""

    daemon_threads = True

    def __init__(
        self, root: Path, delay: float = 0.0, handler: type[Handler] | None = None
    ) -> None:
        super().__init__(("127.0.0.1", 0), handler or Handler)
        self.root = root.resolve()
        self.delay = delay
        self.redirects = self._read_redirects()
        self.requests: list[tuple[str, str]] = []  # (path, User-Agent)
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def _read_redirects(self) -> dict[str, tuple[str, int]]:
        rules = self.root / "_redirects"
        found: dict[str, tuple[str, int]] = {}
        if rules.exists():
            for line in rules.read_text(encoding="utf-8").splitlines():
                if line.strip() and not line.lstrip().startswith("#"):
                    source, target, status = line.split()
                    found[source] = (target, int(status))
        return found

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up early (a download over the size limit) is not an error."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            super().handle_error(request, client_address)  # type: ignore[arg-type]

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]

    def resolve(self, path: str) -> Path | None:
        """The file for a URL path, never outside the site's root."""
        relative = path.split("?", 1)[0].lstrip("/")
        target = (self.root / relative).resolve()
        if target.is_dir():
            target = target / "index.html"
        if (
            not target.is_relative_to(self.root)
            or not target.is_file()
            or target.name == "_redirects"
        ):
            return None
        return target


class Handler(BaseHTTPRequestHandler):
    server: SiteServer
    # keep-alive, as news sites serve: a connection per request would cost the crawl (and
    # the server, in the benchmark's own process) a TCP handshake and a thread each
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the server keeps its own request log."""

    def do_GET(self) -> None:
        server = self.server
        with server.lock:
            server.requests.append((self.path, self.headers.get("User-Agent", "")))
            server.in_flight += 1
            server.max_in_flight = max(server.max_in_flight, server.in_flight)
        try:
            if server.delay:
                time.sleep(server.delay)
            self.respond()
        finally:
            with server.lock:
                server.in_flight -= 1

    def respond(self) -> None:
        server = self.server
        path = self.path.split("?", 1)[0]
        if path in server.redirects:
            target, status = server.redirects[path]
            self.send_response(status)
            self.send_header("Location", target)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        found = server.resolve(path)
        if found is None:
            self.not_found()
            return
        body = found.read_bytes()
        if found.suffix in TEMPLATED:
            body = body.replace(b"{{BASE}}", server.base.encode())
        kind = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        if found.suffix in TEMPLATED:
            kind += "; charset=utf-8"
        self.send(200, kind, body)

    def not_found(self) -> None:
        """A 404 that keeps the connection open (``send_error`` closes it)."""
        self.send(404, "text/plain; charset=utf-8", b"Not found\n")

    def send(self, status: int, kind: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve(
    root: Path = SITE, delay: float = 0.0, handler: type[Handler] | None = None
) -> Iterator[SiteServer]:
    """Serve ``root`` on 127.0.0.1 (a free port) for the duration of the block (with a
    handler of the caller's, a subclass of ours, for a page that answers each URL)."""
    server = SiteServer(root, delay, handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def crawl_command(
    start_urls: str, output: Path, stats: Path, *settings: str, state: Path | None = None
) -> list[str]:
    """The ``scrapy crawl diplomacy`` command line for a local crawl; the crawl state is
    ``state``, by default ``state.sqlite`` beside the output (runs into one folder are
    incremental)."""
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "diplomacy",
        "-a",
        f"start_urls={start_urls}",
    ]
    command += ["-O", str(output), "-s", f"DIPLOMACY_STATS_FILE={stats}"]
    command += ["-s", f"DIPLOMACY_STATE={state or output.parent / 'state.sqlite'}"]
    for setting in settings:
        command += ["-s", setting]
    return command


# a local server needs no politeness delay; everything else stays as configured
LOCAL = ("DOWNLOAD_DELAY=0.01", "AUTOTHROTTLE_START_DELAY=0.1", "AUTOTHROTTLE_MAX_DELAY=1")


def summary(output: Path, stats: dict[str, object]) -> list[str]:
    records = [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines()]
    lines = [f"records written: {len(records)}  ->  {output}"]
    for record in records:
        lines.append(f"  [{record['language'] or '??'}] {record['title'][:70]}")
    lines.append(f"pages skipped: {sum(skip_counts(stats).values())}")
    for reason, count in sorted(skip_counts(stats).items()):
        lines.append(f"  {count:4d}  {reason}")
    lines.append(f"finish reason: {stats.get('finish_reason')}")
    return lines


def main() -> int:
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H-%M-%S")
    output = ROOT / "output" / f"demo-{stamp}.jsonl"
    stats_file = output.with_suffix(".stats.json")
    with serve() as server:
        print(f"serving {SITE.relative_to(ROOT)} at {server.base}/", flush=True)
        # a state of its own: the site's port, so its URLs, change from one demo to the next
        state = output.with_suffix(".state.sqlite")
        command = crawl_command(server.base + "/", output, stats_file, *LOCAL, state=state)
        print("running:", " ".join(command[2:]), flush=True)
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0 or not stats_file.exists():
        print(result.stderr[-3000:], file=sys.stderr)
        return result.returncode or 1
    stats = json.loads(stats_file.read_text(encoding="utf-8"))
    print("\n".join(summary(output, stats)))
    for suffix in (ARCHIVE, SKIPPED, MANIFEST):
        print(f"{suffix[1:]}: {run_file(output.with_suffix(''), suffix)}")
    print(f"crawl log: {len(result.stderr.splitlines())} lines; stats: {stats_file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
