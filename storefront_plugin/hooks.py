"""The plugin's request hooks: one before and one after each request of the shop.

Flask calls every registered hook through ``ensure_sync`` on every request,
so the plugin registers one of each and runs its steps in order:

- before: the checkout guard, then the soft age gate. A guarded POST is
  judged by the hard gate on what it carries, never bounced to the soft
  gate (which would lose the form).
- after: the locale cookie and ``Vary``, the gate's cache headers, then the
  disclaimer injection.
"""

from __future__ import annotations

from flask import Flask, Response
from flask.typing import ResponseReturnValue

from . import checkout, gate, i18n, notices

__all__ = ["after_request", "before_request", "install"]


def before_request() -> ResponseReturnValue | None:
    """Judge a guarded checkout POST, then send a visitor without a sufficient age token to the gate."""
    blocked = checkout.guard_request()
    return blocked if blocked is not None else gate.gate_request()


def after_request(response: Response) -> Response:
    """Remember the language, mark gated pages private, and add the disclaimer to pages that lack it."""
    # Each step edits the response in place.
    i18n.remember_choice(response)
    gate.cache_headers(response)
    notices.inject_disclaimer(response)
    return response


def install(app: Flask) -> None:
    """Register both hooks on ``app`` (called by ``init_app``)."""
    app.before_request(before_request)
    app.after_request(after_request)
