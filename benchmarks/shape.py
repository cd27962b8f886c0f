"""The demo shop without the plugin, plus only the plugin's shape in Flask: no plugin code runs.

Any extension that works the way this one does (a hook before and after each
request, and template globals a merchant can call) pays for that shape on
every page, whatever its hooks do. Served beside the two shops, it shows how
much of the plugin's cost is the shape and how much is the plugin's own work.
"""

from __future__ import annotations

import os

from flask import Flask, Response

from examples.demo_shop import create_app as create_shop

#: The plugin's template global names, comma-separated (``benchmarks.run`` reads them off a plugin app).
GLOBALS_VARIABLE = "STOREFRONT_BENCH_GLOBALS"


def _before() -> None:
    return None


def _after(response: Response) -> Response:
    return response


def _nothing(*args: object, **kwargs: object) -> str:
    return ""


def create_app() -> Flask:
    """The bare shop with one empty hook on each side and as many extra globals as the plugin adds."""
    app = create_shop(plugin=False)
    app.before_request(_before)
    app.after_request(_after)
    globals_ = app.jinja_env.globals
    for name in os.environ.get(GLOBALS_VARIABLE, "").split(","):
        if name and name not in globals_:  # the bare shop's stand-ins stay as they are
            globals_[name] = _nothing
    return app
