"""Real service processes for the tests, started and stopped by them on free 127.0.0.1 ports."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import distributed
import redis


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def redis_server(folder: Path) -> Iterator[str]:
    """Debian's ``redis-server`` on a free port, its files in ``folder``, no persistence;
    yields its URL and stops it after."""
    binary = shutil.which("redis-server")
    assert binary, "no redis-server: install Debian's package (apt-get install redis-server)"
    port = free_port()
    command = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder)]
    command += ["--save", "", "--appendonly", "no"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                assert process.poll() is None, f"redis-server exited ({process.returncode})"
                assert time.monotonic() < deadline, "redis-server did not answer in 20 s"
                time.sleep(0.05)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextmanager
def dask_processes(workers: int, daemon: bool) -> Iterator[str]:
    """A ``dask scheduler`` and a ``dask worker`` of ``workers`` processes (as a user would
    start them on their machines), on free ports; yields the scheduler's address.  With
    ``daemon`` left as Dask's default the workers may start no processes of their own."""
    bin_dir = Path(sys.executable).parent
    address = f"tcp://127.0.0.1:{free_port()}"
    port = address.rsplit(":", 1)[1]
    scheduler = subprocess.Popen(
        [bin_dir / "dask", "scheduler", "--host", "127.0.0.1", "--port", port,
         "--dashboard-address", ":0"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    env = {**os.environ, "DASK_DISTRIBUTED__WORKER__DAEMON": str(daemon)}
    worker = subprocess.Popen(
        [bin_dir / "dask", "worker", address, "--nthreads", "1", "--nworkers", str(workers)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env,
    )  # fmt: skip
    try:
        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(workers, timeout=60)
        yield address
    finally:
        for process in (worker, scheduler):
            process.terminate()
        for process in (worker, scheduler):
            process.wait(timeout=60)
