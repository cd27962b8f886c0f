"""Response headers the plugin adds on every page it touches: ``Vary`` and ``Cache-Control``.

Werkzeug's ``response.vary`` and ``response.cache_control`` parse the header
into an object and write it back on each change, which cost about 20 µs per
page across our hooks. These helpers edit the header text directly in the
common cases and leave the rest to Werkzeug.
"""

from __future__ import annotations

from werkzeug.wrappers import Response

__all__ = ["add_vary", "make_private"]


def add_vary(response: Response, *names: str) -> None:
    """Add ``names`` to ``Vary`` unless present (compared case-insensitively) or ``Vary: *``."""
    headers = response.headers
    current = headers.get("Vary")
    if not current:
        headers["Vary"] = ", ".join(names)
        return
    have = {part.strip().lower() for part in current.split(",")}
    if "*" in have:
        return
    missing = [name for name in names if name.lower() not in have]
    if missing:
        headers["Vary"] = ", ".join([current, *missing])


def make_private(response: Response) -> None:
    """Keep shared caches from storing the response, unless it is already ``no-store``."""
    if "Cache-Control" not in response.headers:
        response.headers["Cache-Control"] = "private"
        return
    control = response.cache_control
    if not control.no_store:
        control.public = False
        control.private = True
