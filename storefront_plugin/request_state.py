"""Per-request scratch space of the plugin, kept on the WSGI environ.

Flask's ``g`` lives on the app context, and a test client (or any code) that
sends requests while an app context is already pushed shares one ``g`` across
those requests: a visitor's locale, location or checkout decision would leak
into the next request. The environ belongs to exactly one request.
"""

from __future__ import annotations

from typing import Any

from flask import Request, request

__all__ = ["current_request", "existing_scratch", "scratch", "scratch_of"]

_KEY = "storefront_plugin.request"


def current_request() -> Request | None:
    """The request being handled, or None outside one.

    Reading an attribute through Flask's ``request`` proxy costs about ten
    times as much as resolving the proxy once and reading the object, and the
    plugin's page path reads a dozen: it resolves once here.
    """
    try:
        req: Request = request._get_current_object()  # type: ignore[attr-defined]
    except RuntimeError:
        return None
    return req


def scratch() -> dict[str, Any]:
    """This request's own dict (a throwaway one outside a request)."""
    req = current_request()
    return scratch_of(req.environ) if req is not None else {}


def scratch_of(environ: dict[str, Any]) -> dict[str, Any]:
    """The scratch dict of the request whose WSGI environ is ``environ``."""
    found: dict[str, Any] | None = environ.get(_KEY)
    if found is None:
        found = environ[_KEY] = {}
    return found


def existing_scratch(environ: dict[str, Any]) -> dict[str, Any]:
    """The request's scratch dict if a step made one, else an empty one that is not kept."""
    found: dict[str, Any] | None = environ.get(_KEY)
    return found if found is not None else {}
