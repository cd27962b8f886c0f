"""Guards of the plugin's own POST endpoints (the age gate, the JSON checks): cross-site refusal and body size.

We check where a request comes from instead of issuing a CSRF token: the
gate must work on the first page of a visit, before any session exists, and
the JSON endpoints are called by scripts that never saw a form. Browsers
send ``Origin`` (and ``Sec-Fetch-Site``) on every POST and a page cannot
forge either, so a POST is accepted when:

* its ``Origin`` is this site (same host and port as the request) or one of
  ``STOREFRONT_TRUSTED_ORIGINS``; ``Origin: null`` (sandboxed frames,
  ``data:`` pages, some redirects) is refused;
* without ``Origin``: ``Sec-Fetch-Site`` is not ``cross-site``/``same-site``
  and a ``Referer``, when present, is this site or a trusted origin.

A request with none of these headers is not from a modern browser (curl, a
server calling the API) and is accepted: CSRF needs a victim's browser. The
gate cookie is ``SameSite=Lax`` and ``HttpOnly`` as a second layer. The shop's
own checkout forms are the shop's to protect (Flask-WTF or similar).

The gate's form is a few dozen bytes, so its body is capped at
``STOREFRONT_MAX_JSON_BYTES`` like the JSON endpoints' (413 beyond it, also
for chunked uploads); the JSON endpoints apply the limit themselves.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Blueprint, abort, jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue

from .extension import get_state
from .i18n import gettext
from .settings import MAX_JSON_BYTES, TRUSTED_ORIGINS

__all__ = ["is_same_origin", "register"]

log = logging.getLogger("storefront_plugin.csrf")

_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def register(bp: Blueprint) -> None:
    """Check every unsafe request to ``bp``'s endpoints before the view runs."""
    bp.before_request(cap_gate_form)
    bp.before_request(refuse_cross_site)


def cap_gate_form() -> None:
    """``before_request``: the gate form may not be larger than ``STOREFRONT_MAX_JSON_BYTES``.

    Werkzeug then answers 413 as soon as the form is read, whether the body
    announced its length or came chunked.
    """
    state = get_state()
    if request.method in _UNSAFE and request.endpoint == f"{state.blueprint_name}.age_gate":
        limit = state.get(MAX_JSON_BYTES)
        request.max_content_length = limit
        # A chunked body is cut at the limit without an error when the form reads it;
        # read it here (the form parser reuses the cached bytes) and refuse it whole.
        if request.content_length is None and len(request.get_data(cache=True)) >= limit:
            abort(413)


def _origin_of(url: str) -> str | None:
    """``scheme://host[:port]`` of ``url`` in lower case, or None when it has no host."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    default = {"http": 80, "https": 443}[parts.scheme]
    host = parts.hostname if port in (None, default) else f"{parts.hostname}:{port}"
    return f"{parts.scheme}://{host}"


def _host_of(origin: str) -> str:
    return origin.split("://", 1)[1]


def is_same_origin(origin: str | None, referer: str | None, fetch_site: str | None, host: str, trusted: tuple[str, ...]) -> bool:
    """Whether a request with these headers, sent to ``host`` (``request.host``), may change state.

    The scheme is not compared with the request's own: behind a TLS proxy
    without ProxyFix the app sees ``http`` while the browser says ``https``.
    """
    own = host.lower()
    for suffix in (":80", ":443"):
        if own.endswith(suffix):
            own = own[: -len(suffix)]
    allowed = {o.lower() for o in trusted}

    def ours(url: str) -> bool:
        found = _origin_of(url)
        return found is not None and (_host_of(found) == own or found in allowed)

    if origin is not None:
        return ours(origin)  # "null" and anything unparsable are refused here
    if fetch_site is not None and fetch_site.strip().lower() in ("cross-site", "same-site"):
        return False
    if referer:
        return ours(referer)
    return True


def refuse_cross_site() -> ResponseReturnValue | None:
    """``before_request`` of the blueprint: answer a cross-site POST without running the view."""
    if request.method not in _UNSAFE:
        return None
    state = get_state()
    headers = request.headers
    if is_same_origin(
        headers.get("Origin"), headers.get("Referer"), headers.get("Sec-Fetch-Site"), request.host, state.get(TRUSTED_ORIGINS)
    ):
        return None
    log.warning(
        "refused a cross-site %s to %s (Origin %r, Sec-Fetch-Site %r)",
        request.method,
        request.path,
        headers.get("Origin"),
        headers.get("Sec-Fetch-Site"),
    )
    if request.endpoint == f"{state.blueprint_name}.age_gate":
        # No cookie from a cross-site POST; the visitor answers the gate on our own page instead.
        from .gate import safe_next

        target = url_for(f"{state.blueprint_name}.age_gate", next=safe_next(request.form.get("next")))
        return redirect(target, code=303)
    message = gettext(
        "Cross-site request refused: call this endpoint from the shop's own pages, or add the calling site "
        "to STOREFRONT_TRUSTED_ORIGINS."
    )
    return jsonify({"error": message}), 403
