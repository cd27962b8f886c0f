"""Start gunicorn on a free loopback port and wait until it answers."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Server:
    """A running gunicorn: its base URL and its process group (the master and its workers)."""

    url: str
    pgid: int

    def cpu_seconds(self) -> float:
        """User plus system CPU time used so far by every process of the server (from /proc)."""
        total = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:  # the process ended meanwhile
                continue
            # Fields after the name: state, ppid, pgrp, ... utime is the 14th field overall, stime the 15th.
            if int(fields[2]) == self.pgid:
                total += int(fields[11]) + int(fields[12])
        return total / os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait(url: str, proc: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode} before answering {url}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"gunicorn did not answer {url} within {timeout} s")


@contextlib.contextmanager
def gunicorn(app_spec: str, workers: int, env: dict[str, str] | None = None, probe: str = "/robots.txt") -> Iterator[Server]:
    """Serve ``app_spec`` (``module:factory(...)``) on 127.0.0.1; yields the running :class:`Server`."""
    port = free_port()
    cmd = [
        sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
        "--log-level", "warning", "--worker-class", "sync", app_spec,
    ]
    proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **(env or {})}, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + probe, proc)
        yield Server(base, proc.pid)  # start_new_session: the master's pid is the group id
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
