"""A bounded load run against the demo shop under gunicorn, on loopback only.

``python -m tests.load.loadrun --requests 20000 --concurrency 50`` (``make load``)
starts gunicorn with 4 workers on 127.0.0.1, with the audit log in a
temporary folder, and sends a fixed mix of page views, age-gate passes and
checkout checks (JSON API and the checkout hook) from client threads. It
prints a summary: status counts, 5xx, audit rows against checkouts sent, and
the workers' resident memory (from /proc) at the start, middle and end.
Nothing here measures or asserts speed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"

#: Checkout addresses: allowed, banned city, banned state, 21+ state, unknown ZIP, abroad.
ADDRESSES = [
    {"country": "US", "region": "NY", "city": "New York", "postal_code": "10001"},
    {"country": "US", "region": "CA", "city": "San Diego", "postal_code": "92101"},
    {"country": "US", "region": "AL", "city": "Montgomery", "postal_code": "36104"},
    {"country": "US", "region": "FL", "city": "Miami", "postal_code": "33101"},
    {"country": "US", "region": "TX", "postal_code": "00000"},
    {"country": "DE", "city": "Berlin", "postal_code": "10115"},
]
BIRTH_DATES = ["1980-07-04", "2001-02-03", "2009-05-06", "1990-13-01"]
PAGES = ["/", "/product/{sku}", "/cart", "/storefront/", "/storefront/legal", "/storefront/learn/safe-use"]
#: The mix, out of ten requests.
MIX = ["page"] * 4 + ["gate"] * 2 + ["api_checkout"] * 3 + ["hook_checkout"]


@dataclass
class Tally:
    """What the client threads saw; guarded by ``lock``."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    statuses: Counter[int] = field(default_factory=Counter)
    kinds: Counter[str] = field(default_factory=Counter)
    checkouts_sent: int = 0
    errors: list[str] = field(default_factory=list)
    done: int = 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def worker_pids(master: int) -> list[int]:
    """The gunicorn master's child processes, from /proc."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == master:
            pids.append(int(entry.name))
    return sorted(pids)


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def sample_rss(master: int) -> dict[int, int]:
    return {pid: rss_kib(pid) for pid in worker_pids(master)}


def _request(port: int, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None) -> tuple[int, http.client.HTTPResponse]:
    conn = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        response.read()
        return response.status, response
    finally:
        conn.close()


def _gate_cookie(port: int) -> str:
    """Pass the gate once and return the Cookie header value it set."""
    body = urlencode({"day": "4", "month": "7", "year": "1980", "next": "/"}).encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": f"http://{HOST}:{port}"}
    status, response = _request(port, "POST", "/storefront/age", body, headers)
    cookie = response.getheader("Set-Cookie", "")
    if status != 303 or not cookie.startswith("storefront_age="):
        raise RuntimeError(f"the gate did not pass: {status} {cookie!r}")
    return cookie.split(";", 1)[0]


def _one(port: int, kind: str, rng: random.Random, cookie: str, skus: list[str]) -> int:
    origin = f"http://{HOST}:{port}"
    if kind == "page":
        path = rng.choice(PAGES).format(sku=rng.choice(skus))
        return _request(port, "GET", path, headers={"Cookie": cookie})[0]
    if kind == "gate":
        year = rng.choice(["1980", "1999", "2015"])  # passes, passes, denied
        body = urlencode({"day": "1", "month": "2", "year": year, "next": "/cart"}).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin}
        return _request(port, "POST", "/storefront/age", body, headers)[0]
    address = rng.choice(ADDRESSES)
    birth = rng.choice(BIRTH_DATES)
    if kind == "api_checkout":
        payload = {"address": address, "birth_date": birth, "items": [{"sku": skus[0], "category": "kratom"}],
                   "order_ref": f"load-{rng.getrandbits(48):x}"}
        headers = {"Content-Type": "application/json", "Origin": origin}
        return _request(port, "POST", "/storefront/api/checkout-check", json.dumps(payload).encode(), headers)[0]
    year, month, day = birth.split("-")
    form = {**address, "name": "Load Test", "line1": "1 Main St", "dob_day": day, "dob_month": month, "dob_year": year}
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Origin": origin, "Cookie": cookie}
    return _request(port, "POST", "/checkout", urlencode(form).encode(), headers)[0]


def drive(port: int, total: int, concurrency: int, deadline: float, tally: Tally, on_progress: list[tuple[int, threading.Event]]) -> None:
    """Send ``total`` requests from ``concurrency`` threads; stop early at ``deadline`` (monotonic)."""
    from examples.demo_shop.catalogue import PRODUCTS

    skus = [p.sku for p in PRODUCTS]
    cookie = _gate_cookie(port)
    counter = iter(range(total))
    counter_lock = threading.Lock()

    def run(seed: int) -> None:
        rng = random.Random(seed)
        while time.monotonic() < deadline:
            with counter_lock:
                index = next(counter, None)
            if index is None:
                return
            kind = MIX[index % len(MIX)]
            try:
                status = _one(port, kind, rng, cookie, skus)
            except (OSError, http.client.HTTPException) as exc:
                status = 0
                with tally.lock:
                    tally.errors.append(f"{kind}: {exc!r}")
            with tally.lock:
                tally.statuses[status] += 1
                tally.kinds[kind] += 1
                if kind.endswith("checkout") and status != 0:
                    tally.checkouts_sent += 1
                tally.done += 1
                for mark, event in on_progress:
                    if tally.done >= mark and not event.is_set():
                        event.set()

    threads = [threading.Thread(target=run, args=(seed,), daemon=True) for seed in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()) + 5)


@dataclass
class Result:
    requests: int
    concurrency: int
    statuses: dict[int, int]
    kinds: dict[str, int]
    server_errors: int
    client_errors: list[str]
    checkouts_sent: int
    audit_rows: int
    rss_kib: dict[str, dict[int, int]]
    workers: int
    cores: int
    finished: bool

    @property
    def rss_growth_kib(self) -> int:
        start, end = self.rss_kib["start"], self.rss_kib["end"]
        return sum(end.get(pid, 0) - kib for pid, kib in start.items())

    def summary(self) -> str:
        def total(sample: dict[int, int]) -> str:
            return f"{sum(sample.values()) / 1024:.1f} MiB"

        lines = [
            f"load run: {self.requests} requests at concurrency {self.concurrency}, gunicorn {self.workers} workers, "
            f"{self.cores} CPU cores, loopback only{'' if self.finished else ' (STOPPED AT THE TIME LIMIT)'}",
            "  mix: " + ", ".join(f"{k} {v}" for k, v in sorted(self.kinds.items())),
            "  statuses: " + ", ".join(f"{k} x{v}" for k, v in sorted(self.statuses.items())),
            f"  5xx: {self.server_errors}   connection errors: {len(self.client_errors)}",
            f"  checkouts sent: {self.checkouts_sent}   audit rows: {self.audit_rows}   lost: {self.checkouts_sent - self.audit_rows}",
            f"  worker RSS: start {total(self.rss_kib['start'])}, middle {total(self.rss_kib['middle'])}, "
            f"end {total(self.rss_kib['end'])} (growth start->end {self.rss_growth_kib / 1024:+.1f} MiB over "
            f"{len(self.rss_kib['start'])} workers)",
            "  per worker KiB start/middle/end: "
            + "; ".join(
                f"{pid}: {kib}/{self.rss_kib['middle'].get(pid, 0)}/{self.rss_kib['end'].get(pid, 0)}"
                for pid, kib in sorted(self.rss_kib["start"].items())
            ),
        ]
        return "\n".join(lines)


def _wait_ready(port: int, proc: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            if _request(port, "GET", "/robots.txt")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


def run_load(requests: int, concurrency: int, time_limit: float = 900.0, workers: int = 4) -> Result:
    """Start gunicorn, warm it up, drive the mix, count the audit rows, stop gunicorn."""
    with tempfile.TemporaryDirectory(prefix="storefront-load-") as tmp:
        db = Path(tmp) / "audit.sqlite3"
        config = {"STOREFRONT_AUDIT_DATABASE_URL": f"sqlite:///{db}", "SECRET_KEY": "load-test-only"}
        port = free_port()
        cmd = [
            sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"{HOST}:{port}",
            "--worker-class", "sync", "--log-level", "warning", "--timeout", "60",
            f"examples.demo_shop.app:create_app({config!r})",
        ]
        proc = subprocess.Popen(cmd, cwd=ROOT, start_new_session=True)
        try:
            _wait_ready(port, proc)
            # Warm-up outside the count: every worker loads its ZIP index and templates, so "start"
            # memory is the steady state, not the import cost. These checkouts are counted apart.
            warm = Tally()
            drive(port, 50 * workers, min(concurrency, 8 * workers), time.monotonic() + 120, warm, [])
            rows_before = _count_rows(db)
            master = proc.pid
            samples: dict[str, dict[int, int]] = {"start": sample_rss(master)}
            tally = Tally()
            middle = threading.Event()
            sampler_done = threading.Event()

            def sample_middle() -> None:
                middle.wait()
                samples["middle"] = sample_rss(master)
                sampler_done.set()

            threading.Thread(target=sample_middle, daemon=True).start()
            deadline = time.monotonic() + time_limit
            drive(port, requests, concurrency, deadline, tally, [(requests // 2, middle)])
            middle.set()
            sampler_done.wait(10)
            samples["end"] = sample_rss(master)
            finished = tally.done >= requests
            pids_stable = set(samples["start"]) == set(samples["end"])
            if not pids_stable:
                tally.errors.append(f"worker set changed: {sorted(samples['start'])} -> {sorted(samples['end'])}")
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        rows = _count_rows(db) - rows_before
    return Result(
        requests=tally.done,
        concurrency=concurrency,
        statuses=dict(tally.statuses),
        kinds=dict(tally.kinds),
        server_errors=sum(v for k, v in tally.statuses.items() if k >= 500),
        client_errors=tally.errors,
        checkouts_sent=tally.checkouts_sent,
        audit_rows=rows,
        rss_kib=samples,
        workers=workers,
        cores=os.cpu_count() or 1,
        finished=finished,
    )


def _count_rows(db: Path) -> int:
    """Rows in the audit table, read straight from the database file."""
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM storefront_checkout_audit").fetchone()[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--time-limit", type=float, default=900.0, help="seconds; the run stops there whatever is left")
    args = parser.parse_args(argv)
    result = run_load(args.requests, args.concurrency, args.time_limit)
    print(result.summary())
    ok = result.finished and result.server_errors == 0 and not result.client_errors and result.audit_rows == result.checkouts_sent
    if not ok:
        print("load run FAILED: " + "; ".join(result.client_errors[:5]), file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
