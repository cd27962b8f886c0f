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

from flask import Flask, Request, Response, request
from flask.typing import ResponseReturnValue

from . import checkout, gate, i18n, notices
from .extension import StorefrontState
from .headers import add_vary, first_values, set_cache_policy
from .request_state import existing_scratch

__all__ = ["install"]

#: The response headers the after hook's steps read.
_LOOKED_AT = frozenset({"vary", "cache-control", "content-type", "content-encoding"})


def install(app: Flask, state: StorefrontState) -> None:
    """Register both hooks on ``app`` (called by ``init_app``).

    They are bound to the app's state, and resolve the request once, so the
    steps they call need no ``current_app`` or ``request`` lookups of their own.
    """

    def before_request() -> ResponseReturnValue | None:
        """Judge a guarded checkout POST, then send a visitor without a sufficient age token to the gate."""
        req: Request = request._get_current_object()  # type: ignore[attr-defined]
        blocked = checkout.guard_request(state, req)
        return blocked if blocked is not None else gate.gate_request(state, req)

    def after_request(response: Response) -> Response:
        """Remember the language, mark gated pages private, and add the disclaimer to pages that lack it."""
        environ = request._get_current_object().environ  # type: ignore[attr-defined]
        # The response's headers are read once for all steps: Werkzeug scans the whole list on every lookup.
        seen = first_values(response, _LOOKED_AT)
        i18n.remember_query_choice(response, environ)
        policy = gate.cache_policy(existing_scratch(environ), response.status_code)
        vary = i18n.vary_names(environ)
        if policy is not None and "Cookie" not in vary:
            vary += ("Cookie",)
        if vary:
            add_vary(response, *vary, current=seen.get("vary"))
        if policy is not None:
            set_cache_policy(response, policy, seen.get("cache-control"))
        notices.inject_disclaimer(response, state, environ, seen)
        return response

    app.before_request(before_request)
    app.after_request(after_request)
