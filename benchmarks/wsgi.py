"""The demo shop with the plugin, for gunicorn in the benchmarks (audit log in a temp file)."""

from __future__ import annotations

import os

from examples.demo_shop import create_app

app = create_app({"STOREFRONT_AUDIT_DATABASE_URL": f"sqlite:///{os.environ['STOREFRONT_BENCH_AUDIT']}"})
