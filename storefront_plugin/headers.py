"""Response headers the plugin adds on every page it touches: ``Vary`` and ``Cache-Control``.

Werkzeug's ``response.vary`` and ``response.cache_control`` parse the header
into an object and write it back on each change, which cost about 20 µs per
page across our hooks. These helpers edit the header text directly in the
common cases and leave the rest to Werkzeug. They also read headers with
``getlist``: ``Headers.get`` builds and catches an HTTP exception for every
header that is missing, and on most pages the ones we look at are.
"""

from __future__ import annotations

from enum import Enum

from werkzeug.wrappers import Response

__all__ = ["add_vary", "first_values", "header", "make_private", "set_cache_policy"]


class _Unread(Enum):
    """The default of ``current``: the caller has not read the header."""

    UNREAD = 0


_UNREAD = _Unread.UNREAD


def header(response: Response, name: str) -> str | None:
    """The first value of response header ``name``, or None (without raising inside)."""
    values = response.headers.getlist(name)
    return values[0] if values else None


def first_values(response: Response, names: frozenset[str]) -> dict[str, str]:
    """The first value of each header in ``names`` (lower case) that the response has, in one pass."""
    found: dict[str, str] = {}
    for key, value in response.headers:
        low = key.lower()
        if low in names and low not in found:
            found[low] = value
    return found


def add_vary(response: Response, *names: str, current: str | None | _Unread = _UNREAD) -> None:
    """Add ``names`` to ``Vary`` unless present (compared case-insensitively) or ``Vary: *``.

    ``current`` is the header's value (None when absent), when the caller has read it already.
    """
    headers = response.headers
    if current is _UNREAD:
        current = header(response, "Vary")
    if not current:
        headers["Vary"] = ", ".join(names)
        return
    have = {part.strip().lower() for part in current.split(",")}
    if "*" in have:
        return
    missing = [name for name in names if name.lower() not in have]
    if missing:
        headers["Vary"] = ", ".join([current, *missing])


def make_private(response: Response, current: str | None | _Unread = _UNREAD) -> None:
    """Keep shared caches from storing the response, unless it is already ``no-store``.

    ``current`` is ``Cache-Control`` (None when absent), when the caller has read it already.
    """
    if current is _UNREAD:
        current = header(response, "Cache-Control")
    if current is None:
        response.headers["Cache-Control"] = "private"
        return
    control = response.cache_control
    if not control.no_store:
        control.public = False
        control.private = True


def set_cache_policy(response: Response, policy: str, current: str | None | _Unread = _UNREAD) -> None:
    """Apply ``policy``: ``"no-store"``, or ``"private"`` (see :func:`make_private`)."""
    if policy == "no-store":
        response.cache_control.no_store = True
    else:
        make_private(response, current)
