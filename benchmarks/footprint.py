"""Import time and resident memory the plugin adds, each measured in fresh interpreters."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

_IMPORT = """
import time, flask, flask.cli, json
start = time.perf_counter()
{extra}
print(json.dumps((time.perf_counter() - start) * 1000))
"""

# Warm-up: every page a visitor meets, and for the plugin its decisions (ZIP index built).
_RSS = """
import gc, json, sys, time
import flask, flask_babel, babel

def rss():
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:")) / 1024

plugin = sys.argv[1] == "1"
# The demo module imports the plugin even when it does not mount it: measure
# that import so the baseline can leave it out.
def tracked():
    gc.collect()
    return len(gc.get_objects())

before, objects_before = rss(), tracked()
import storefront_plugin
imported, objects_imported = rss() - before, tracked() - objects_before
from examples.demo_shop import create_app
app = create_app({{"STOREFRONT_AUDIT_DATABASE_URL": "sqlite:///{db}"}} if plugin else {{}}, plugin=plugin)
client = app.test_client()
if plugin:
    from benchmarks.run import gate_cookie
    name, value = gate_cookie(app).split("=", 1)
    client.set_cookie(name, value)
    for path in ("/storefront/", "/storefront/legal", "/storefront/age", "/storefront/learn/what-is-kratom"):
        client.get(path)
    from storefront_plugin import check_checkout, check_shipping
    with app.app_context():
        for zip_code in ("97205", "34236", "10001"):
            check_shipping({{"country": "US", "postal_code": zip_code}})
        check_checkout({{"country": "US", "postal_code": "97205"}}, "1980-01-02")
for _ in range(200):
    for path in ("/", "/product/KR-CAP-WHT-60", "/cart"):
        client.get(path)
pauses = []
for _ in range(7):
    start = time.perf_counter()
    gc.collect()
    pauses.append((time.perf_counter() - start) * 1000)
pauses.sort()
mb, objects = (rss(), tracked()) if plugin else (rss() - imported, tracked() - objects_imported)
print(json.dumps([mb, objects, pauses[3]]))
"""


def _run(code: str, *args: str) -> Any:
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise RuntimeError(out.stderr.strip().splitlines()[-1] if out.stderr.strip() else "measurement failed")
    return json.loads(out.stdout.strip().splitlines()[-1])


@dataclass(frozen=True)
class Footprint:
    """A warmed-up demo shop in a fresh process."""

    rss_mb: float
    #: Objects the garbage collector tracks: a full collection walks every one.
    objects: int
    #: Median time of one full collection (``gc.collect()``), ms.
    full_collection_ms: float


def import_cost(repeats: int) -> tuple[float, float]:
    """Median ms to import nothing more than Flask vs. to import the plugin on top of it."""
    base = statistics.median(float(_run(_IMPORT.format(extra="pass"))) for _ in range(repeats))
    plugin = statistics.median(float(_run(_IMPORT.format(extra="import storefront_plugin"))) for _ in range(repeats))
    return base, plugin


def footprint() -> tuple[Footprint, Footprint]:
    """The warmed-up demo shop without the plugin and with it.

    The shop's module imports the plugin even when it does not mount it; the
    baseline's RSS and object count leave that import out. Its full
    collection cannot, so the collection row understates the plugin's share.
    """
    with tempfile.TemporaryDirectory() as tmp:
        code = _RSS.format(db=os.path.join(tmp, "audit.db"))
        found = [_run(code, flag) for flag in ("0", "1")]
    bare, plugin = (Footprint(float(mb), int(objects), float(ms)) for mb, objects, ms in found)
    return bare, plugin
