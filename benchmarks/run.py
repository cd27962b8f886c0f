"""What storefront_plugin costs a shop, measured side by side in one run.

    python -m benchmarks.run            # full run (make bench)
    python -m benchmarks.run --quick    # small counts, only proves it still runs (CI)

Prints one table: the demo shop with and without the plugin, and the plugin's
decisions against a plain ``zipcodes.matching`` call.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import date
from pathlib import Path
from typing import Any

from flask import Flask
from werkzeug.test import EnvironBuilder

from examples.demo_shop import create_app
from storefront_plugin.gate import COOKIE_NAME
from storefront_plugin.settings import POLICY_VERSION
from storefront_plugin.tokens import issue_token

from .footprint import footprint, import_cost
from .harness import Table, machine, time_batch, time_calls
from .loadgen import LoadResult, wrk
from .serve import gunicorn
from .shape import GLOBALS_VARIABLE

PRODUCT = "/product/KR-CAP-WHT-60"
ADDRESS = {"country": "US", "region": "OR", "city": "Portland", "postal_code": "97205"}
ITEMS = [{"sku": "KR-CAP-WHT-60", "category": "kratom"}]


def _shop(tmp: Path, plugin: bool) -> Flask:
    config = {"STOREFRONT_AUDIT_DATABASE_URL": f"sqlite:///{tmp / 'audit.db'}"} if plugin else {}
    return create_app(config, plugin=plugin)


def gate_cookie(app: Flask) -> str:
    """A valid 21+ age token for ``app``: the visitor has passed the soft gate."""
    from storefront_plugin import get_state

    token = issue_token(
        app.config["SECRET_KEY"], threshold=21, method="birthdate", policy_version=get_state(app).get(POLICY_VERSION)
    )
    return f"{COOKIE_NAME}={token}"


def _no_write(data: bytes) -> None:
    raise RuntimeError("the benchmarked apps return their bodies; none calls WSGI's write()")


def wsgi_call(app: Flask, path: str, cookie: str | None = None) -> Callable[[], bytes]:
    """A zero-argument callable that sends one GET straight to the WSGI app."""
    headers = [("Cookie", cookie)] if cookie else []
    base = EnvironBuilder(path=path, headers=headers, base_url="http://127.0.0.1:5000").get_environ()
    status: list[str] = []

    def start_response(code: str, headers: list[tuple[str, str]], exc_info: Any = None, /) -> Callable[[bytes], object]:
        status.append(code)
        return _no_write

    def call() -> bytes:
        environ = dict(base)
        environ["wsgi.input"] = io.BytesIO(b"")
        status.clear()
        body = b"".join(app(environ, start_response))
        if not status[0].startswith("200"):
            raise RuntimeError(f"GET {path} answered {status[0]}")
        return body

    return call


def bench_in_process(table: Table, tmp: Path, calls: int) -> None:
    bare, full = _shop(tmp, False), _shop(tmp, True)
    cookie = gate_cookie(full)
    page = wsgi_call(full, PRODUCT, cookie)
    if b"data-storefront-disclaimer" not in page():
        raise RuntimeError("the plugin's disclaimer is missing from the product page")
    without = time_batch(wsgi_call(bare, PRODUCT, cookie), calls)  # the same request, as under gunicorn
    with_plugin = time_batch(page, calls)
    table.add(
        "1 request (in process)", "product page, µs/request", f"{without:.0f}", f"{with_plugin:.0f}",
        f"{with_plugin / without:.2f}x time", "-", None,
    )


def bench_gunicorn(table: Table, tmp: Path, seconds: int, rounds: int, warm: int) -> None:
    """Throughput at saturation (32 connections), and latency with one request in flight per worker.

    The shops are served at once and loaded in turns (A B C, C B A, ...), so a
    slow spell of the machine hits all of them, and each turn starts fresh
    servers: the figures are medians over ``rounds`` turns and each ratio is
    the median of the turns' ratios. At
    saturation p99 is mostly queueing, so it restates the throughput gap;
    two connections for two workers show the latency each request pays.
    A third server, the bare shop with only the plugin's shape in Flask
    (:mod:`.shape`), shows how much of the gap any extension of that shape pays.

    Latency is taken twice. First straight after start-up, before any other
    request: a fresh worker loads templates and locale data on its first
    requests and, a few seconds in, makes its first full garbage collection
    over everything it has loaded (one pause as long as the "full garbage
    collection" row). Then after ``warm`` seconds of load per server, past
    that, for what a request pays for as long as the worker lives.
    """
    full = _shop(tmp, True)
    bare = _shop(tmp, False)
    added = sorted(set(full.jinja_env.globals) - set(bare.jinja_env.globals))
    headers = {"Cookie": gate_cookie(full)}
    env = {"STOREFRONT_BENCH_AUDIT": str(tmp / "gunicorn-audit.db"), GLOBALS_VARIABLE: ",".join(added)}
    specs = {
        "without": "examples.demo_shop:create_app(plugin=False)",
        "with": "benchmarks.wsgi:app",
        "shape": "benchmarks.shape:create_app()",
    }
    labels = tuple(specs)
    busy: dict[str, list[LoadResult]] = {label: [] for label in labels}
    calm: dict[str, list[LoadResult]] = {"without": [], "with": []}
    fresh: dict[str, list[LoadResult]] = {"without": [], "with": []}
    cpu: dict[str, list[float]] = {label: [] for label in labels}  # server CPU µs per request, at saturation
    for turn in range(rounds):
        # Fresh servers every turn: two runs of the same shop differ by up to about 5 % on
        # this kind of machine (memory layout, hash seeds, which core a worker lands on),
        # so each turn gets new processes and the medians average that out.
        with ExitStack() as stack:
            servers = {label: stack.enter_context(gunicorn(spec, workers=2, env=env)) for label, spec in specs.items()}
            urls = {label: server.url + PRODUCT for label, server in servers.items()}
            order = labels if turn % 2 == 0 else labels[::-1]
            for label in order:
                if label in fresh:
                    fresh[label].append(wrk(urls[label], seconds, 2, threads=1, headers=headers))
            for url in urls.values():
                wrk(url, warm, 8, headers=headers)  # past each worker's start-up work
            for label in order:
                before = servers[label].cpu_seconds()
                result = wrk(urls[label], seconds, 32, headers=headers)
                busy[label].append(result)
                cpu[label].append((servers[label].cpu_seconds() - before) / result.requests * 1e6)
            for label in order:
                if label in calm:
                    calm[label].append(wrk(urls[label], seconds, 2, threads=1, headers=headers))
    for label in labels:
        for result in busy[label] + calm.get(label, []) + fresh.get(label, []):
            if result.errors:
                raise RuntimeError(f"{label}: {result.errors} failed requests under load")
    section = "1 request (gunicorn, 2 workers)"
    rps = {label: statistics.median(r.rps for r in busy[label]) for label in busy}

    def ratio(label: str) -> float:
        return statistics.median(b.rps / a.rps for a, b in zip(busy["without"], busy[label]))

    table.add(
        section, f"requests/s, 32 connections (median of {rounds})", f"{rps['without']:.0f}", f"{rps['with']:.0f}",
        f"{ratio('with'):.2f}", ">= 0.90", ratio("with") >= 0.90,
    )
    table.add(
        section, f"requests/s, the shape only: 2 empty hooks + {len(added)} no-op globals", f"{rps['without']:.0f}",
        f"{rps['shape']:.0f}", f"{ratio('shape'):.2f}", "-", None,
    )
    per = {label: statistics.median(cpu[label]) for label in cpu}
    table.add(
        section, "server CPU per request, µs (master + workers)", f"{per['without']:.0f}", f"{per['with']:.0f}",
        f"{per['with'] - per['without']:+.0f} µs", "-", None,
    )
    table.add(
        section, "server CPU per request, µs, the shape only", f"{per['without']:.0f}", f"{per['shape']:.0f}",
        f"{per['shape'] - per['without']:+.0f} µs", "-", None,
    )
    p99 = {label: statistics.median(r.p99_ms for r in busy[label]) for label in busy}
    table.add(section, "p99 latency, ms, 32 connections", f"{p99['without']:.2f}", f"{p99['with']:.2f}", f"{p99['with'] - p99['without']:+.2f} ms", "-", None)
    p99 = {label: statistics.median(r.p99_ms for r in fresh[label]) for label in fresh}
    table.add(
        section, f"p99 latency, ms, 2 connections, first {seconds} s of a fresh server", f"{p99['without']:.2f}",
        f"{p99['with']:.2f}", f"{p99['with'] - p99['without']:+.2f} ms", "-", None,
    )
    p99 = {label: statistics.median(r.p99_ms for r in calm[label]) for label in calm}
    late = p99["with"] - p99["without"]
    table.add(
        section, f"p99 latency, ms, 2 connections, after {warm} s of warm-up", f"{p99['without']:.2f}", f"{p99['with']:.2f}",
        f"{late:+.2f} ms", "<= +1 ms", late <= 1.0,
    )


def _distinct_addresses(count: int) -> list[dict[str, str]]:
    """US addresses with ``count`` different ZIPs, so no decision can come from the checker's cache."""
    from storefront_plugin.zipindex import build_index

    zips = sorted(build_index())[:count]
    return [{"country": "US", "postal_code": z} for z in zips]


def sqlite_floor(path: Path) -> Callable[[], object]:
    """One bare ``sqlite3`` INSERT and COMMIT per call, with the audit log's settings.

    The same WAL journal, ``synchronous = NORMAL`` and a row of the same
    shape, with no SQLAlchemy and no decision: the least any durable write
    per decision costs on this machine.
    """
    import json
    import sqlite3
    from datetime import datetime, timezone

    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute(
        "CREATE TABLE audit (id INTEGER PRIMARY KEY, created_at TEXT NOT NULL, status TEXT NOT NULL,"
        " reason_codes TEXT NOT NULL, jurisdictions TEXT NOT NULL, rules_version TEXT NOT NULL,"
        " policy_version TEXT NOT NULL, verification_method TEXT NOT NULL, channel TEXT NOT NULL, order_ref TEXT)"
    )
    sql = "INSERT INTO audit VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    places = json.dumps(["US", "US-OR", "US-OR/Multnomah County", "US-OR/Portland"])

    def write() -> object:
        row = (datetime.now(timezone.utc).isoformat(), "allowed", "[]", places, "rules", "policy", "self-declared", "api", None)
        conn.execute("BEGIN")
        conn.execute(sql, row)
        conn.execute("COMMIT")
        return None

    return write


def bench_decisions(table: Table, tmp: Path, calls: int) -> None:
    import itertools

    import zipcodes

    from storefront_plugin import check_checkout, check_shipping, decide_checkout

    full = _shop(tmp, True)
    distinct = itertools.cycle(_distinct_addresses(max(calls, 20000)))
    with full.app_context():
        check_shipping(ADDRESS, ITEMS)  # builds the ZIP index once
        repeat = time_calls(lambda: check_shipping(ADDRESS, ITEMS), calls)
        fresh = time_calls(lambda: check_shipping(next(distinct), ITEMS), calls)
        decide = time_calls(lambda: decide_checkout(ADDRESS, "1980-04-02", ITEMS), calls)
        checkout = time_calls(lambda: check_checkout(ADDRESS, "1980-04-02", ITEMS), max(50, calls // 20))
    floor = time_calls(sqlite_floor(tmp / "floor.db"), max(50, calls // 20))
    # Enough calls that the reference median is stable: every ratio below divides by it.
    matching: Callable[[str], list[dict[str, Any]]] = zipcodes.matching  # the package ships no types
    reference = time_calls(lambda: matching("97205"), max(50, calls // 10), warmup=20)
    from storefront_plugin.zipdata import read_compact

    build = time_calls(read_compact, 3 if calls < 1000 else 7, warmup=1)
    table.add(
        "2 decision latency", "ZIP index build on first use, ms", "-", f"{build.median_us / 1000:.0f}", "-",
        "<= 500 ms", build.median_us <= 500_000,
    )
    rows = (
        ("check_shipping, same address", repeat, True),
        ("check_shipping, a new ZIP each call", fresh, True),
        ("decide_checkout (no audit write)", decide, True),
        ("check_checkout (+ audit write)", checkout, False),
    )
    for name, timing, target in rows:
        speedup = reference.median_us / timing.median_us
        table.add(
            "2 decision latency",
            f"{name}: median / p99, µs",
            f"zipcodes.matching {reference.median_us:.0f} / {reference.p99_us:.0f}",
            f"{timing.median_us:.1f} / {timing.p99_us:.1f}",
            f"{speedup:.0f}x faster",
            "<= 20 µs, >= 50x" if target else "(durable write)",
            (timing.median_us <= 20 and speedup >= 50) if target else None,
        )
    table.add(
        "2 decision latency", "for scale: a bare sqlite3 INSERT + COMMIT, no decision: median / p99, µs", "-",
        f"{floor.median_us:.1f} / {floor.p99_us:.1f}", "-", "-", None,
    )


def orders_csv(path: Path, rows: int) -> None:
    """A generated order export: US orders to ZIPs drawn from the whole country, some abroad, some incomplete."""
    from storefront_plugin.zipdata import read_snapshot

    rng = random.Random(7)
    us = sorted(read_snapshot().items())
    abroad = [("GB", "London", "SW1A 1AA"), ("DE", "Berlin", "10115"), ("CA", "Toronto", "M5V 2T6"), ("TH", "Bangkok", "10200")]
    with path.open("w", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["order_id", "country", "region", "county", "city", "postal_code", "category", "attributes", "order_date"])
        for n in range(rows):
            category = "kratom" if rng.random() < 0.8 else "accessory"
            roll = rng.random()
            if roll < 0.85:
                zip_code, (state, _county, city, _acceptable) = rng.choice(us)
                row = ["US", state, "", city, zip_code]
            elif roll < 0.95:
                country, city, postcode = rng.choice(abroad)
                row = [country, "", "", city, postcode]
            else:
                row = ["US", "", "", "", ""]  # incomplete: must come out unverifiable
            out.writerow([f"O{n}", *row, category, "", "2026-11-01"])


def bench_screening(table: Table, tmp: Path, rows: int) -> None:
    src, dst = tmp / "orders.csv", tmp / "screened.csv"
    orders_csv(src, rows)
    app = _shop(tmp, True)
    runner = app.test_cli_runner()
    start = time.perf_counter()
    result = runner.invoke(args=["storefront", "screen-orders", str(src), "-o", str(dst)])
    elapsed = time.perf_counter() - start
    if result.exit_code not in (0, 1):
        raise RuntimeError(f"screen-orders failed: {result.output}")
    rate = rows / elapsed
    table.add("3 order screening", f"screen-orders, rows/s ({rows:,} rows)", "-", f"{rate:,.0f}", "-", ">= 50,000", rate >= 50_000)


def bench_footprint(table: Table, repeats: int) -> None:
    base_ms, plugin_ms = import_cost(repeats)
    added = plugin_ms - base_ms
    table.add("4 start-up", "import storefront_plugin once Flask is loaded, ms", "-", f"{plugin_ms:.0f}", f"{added:+.0f} ms", "<= +150 ms", added <= 150)
    bare, plugin = footprint()
    added = plugin.rss_mb - bare.rss_mb
    table.add("4 memory", "RSS after warm-up, MB", f"{bare.rss_mb:.1f}", f"{plugin.rss_mb:.1f}", f"{added:+.1f} MB", "<= +40 MB", added <= 40)
    table.add(
        "4 memory", "objects the garbage collector tracks after warm-up", f"{bare.objects:,}", f"{plugin.objects:,}",
        f"{plugin.objects / bare.objects:.2f}x", "-", None,
    )
    table.add(
        "4 memory", "one full garbage collection after warm-up, ms", f"{bare.full_collection_ms:.1f}",
        f"{plugin.full_collection_ms:.1f}", f"{plugin.full_collection_ms - bare.full_collection_ms:+.1f} ms", "-", None,
    )


def bench_render(table: Table, tmp: Path, calls: int) -> None:
    full = _shop(tmp, True)
    for label, path in (("gate page", "/storefront/age"), ("education page", "/storefront/learn/what-is-kratom")):
        per = time_batch(wsgi_call(full, path), calls)
        table.add("5 page render", f"{label}, µs", "-", f"{per:.0f}", "-", "<= 1,000 µs", per <= 1000)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small counts: proves the benchmarks run, figures mean little")
    args = parser.parse_args(argv)
    quick = args.quick
    table = Table()
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        steps: list[tuple[str, Callable[[], None]]] = [
            ("in-process requests", lambda: bench_in_process(table, tmp, 200 if quick else 3000)),
            ("decision latency", lambda: bench_decisions(table, tmp, 500 if quick else 20000)),
            ("order screening", lambda: bench_screening(table, tmp, 5000 if quick else 200_000)),
            ("memory and import time", lambda: bench_footprint(table, 2 if quick else 7)),
            ("page render", lambda: bench_render(table, tmp, 200 if quick else 3000)),
            # Last: the servers' worker processes may linger a moment after the load stops.
            ("gunicorn + wrk", lambda: bench_gunicorn(table, tmp, 1 if quick else 3, 1 if quick else 7, 1 if quick else 6)),
        ]
        for n, (label, step) in enumerate(steps, 1):
            print(f"[{n}/{len(steps)}] {label} ...", file=sys.stderr, flush=True)
            step()
    print(f"\nstorefront_plugin benchmarks, {date.today().isoformat()}, {machine()}{' (quick mode)' if quick else ''}")
    print("command: make bench" + (" BENCH_ARGS=--quick" if quick else ""))
    print()
    print(table.render())
    return 0


if __name__ == "__main__":
    sys.exit(main())
