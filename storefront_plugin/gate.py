"""The soft age gate: "are you old enough to browse this shop?".

A ``before_request`` hook sends visitors without a valid token to the gate
page; the page (``birthdate`` or ``confirm`` mode) sets a signed token
cookie when they pass and sends them back to the page they asked for. The
token never holds a birth date, and no birth date is ever stored or logged.
The hard gate at checkout (:mod:`.checkout`) does not trust this cookie.
"""

from __future__ import annotations

import re
import time
from typing import Any
from datetime import date
from urllib.parse import quote, urlsplit

from babel import Locale
from flask import Blueprint, Request, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from .age import AGE_MISSING, check_age, earliest_today
from .enforcement import Enforcement
from .extension import StorefrontState, get_state
from .geoip import Location
from .request_state import scratch, scratch_of
from .i18n import current_locale, gettext
from .settings import AGE_GATE_MODE, AGE_TOKEN_DAYS, GATE_EXEMPT, GATE_ONLY, MIN_AGE, POLICY_VERSION
from .signals import age_verified
from .tokens import AgeToken, issue_token, read_token

__all__ = ["COOKIE_NAME", "field_order", "register", "required_age", "safe_next"]

#: The age-gate token cookie.
COOKIE_NAME = "storefront_age"

_SAFE_METHODS = frozenset({"GET", "HEAD"})
#: Characters left as they are when a decoded path is quoted again (RFC 3986 pchar plus '/').
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
_SITEMAP = re.compile(r"/sitemap[\w.-]*\.xml(\.gz)?|/[\w.-]*sitemap\.xml(\.gz)?")
#: Endpoints and paths a crawler exemption never reaches, whatever the shop configures.
_PRIVATE = re.compile(r"cart|checkout|basket|order|payment|account", re.IGNORECASE)
#: A common age when a gate passes at 18: remember 21 for those old enough, so a
#: later 21-only page does not ask them again (the token still holds no birth date).
_HIGHER_THRESHOLDS = (21,)


def register(bp: Blueprint) -> None:
    """Attach the gate pages to the blueprint."""
    bp.add_url_rule("/age", "age_gate", age_gate, methods=["GET", "POST"])
    bp.add_url_rule("/age/denied", "age_denied", age_denied)


# -- what is gated -----------------------------------------------------------


def _enforcement(state: StorefrontState) -> Enforcement:
    if state.enforcement is None:  # pragma: no cover - install() always sets it
        raise RuntimeError("storefront_plugin enforcement is not installed")
    return state.enforcement


def _matches(entries: tuple[str, ...], endpoint: str, blueprint: str | None, path: str) -> bool:
    """Whether an endpoint name, blueprint name or '/path' prefix in ``entries`` covers this request."""
    for entry in entries:
        if entry.startswith("/"):
            prefix = entry.rstrip("/")
            if path == entry or path == prefix or path.startswith(prefix + "/"):
                return True
        elif entry == endpoint or (blueprint and (entry == blueprint or blueprint.startswith(entry + "."))):
            return True
    return False


def wants_json(req: Request) -> bool:
    """Whether ``req`` sent JSON or prefers a JSON answer to HTML (the gate and the checkout hook ask)."""
    # Parse the headers only when they name JSON at all: a page view pays two lookups.
    environ = req.environ
    if "json" in environ.get("CONTENT_TYPE", "").lower() and req.is_json:
        return True
    if "json" not in environ.get("HTTP_ACCEPT", "").lower():
        return False
    accept = req.accept_mimetypes
    return accept.best_match(["text/html", "application/json"]) == "application/json" and not accept.accept_html


def _is_gated(state: StorefrontState, req: Request) -> bool:
    endpoint = req.endpoint
    method = req.method
    if endpoint is None or method == "OPTIONS":
        return False  # 404/405 and CORS preflights have no page to protect
    blueprint = req.blueprint
    if endpoint == "static" or endpoint.endswith(".static"):
        return False
    if blueprint == state.blueprint_name:
        return False  # the gate itself, education and legal pages, our API
    path = req.path
    if path == "/robots.txt" or _SITEMAP.fullmatch(path):
        return False
    if _matches(state.get(GATE_EXEMPT), endpoint, blueprint, path):
        return False
    only = state.get(GATE_ONLY)
    if only and not _matches(only, endpoint, blueprint, path):
        return False
    if wants_json(req):
        return False  # only HTML pages are gated; JSON APIs answer for themselves
    enforcement = _enforcement(state)
    if endpoint in enforcement.endpoints and method not in _SAFE_METHODS:
        return False  # judged by the checkout hook on what the POST carries
    if enforcement.user_agents and method in _SAFE_METHODS:
        private = endpoint in enforcement.endpoints or _PRIVATE.search(endpoint) or _PRIVATE.search(path)
        agent = req.headers.get("User-Agent", "")
        if not private and any(p.search(agent) for p in enforcement.user_agents):
            return False
    return True


# -- the age that applies here ------------------------------------------------


def visitor_location() -> Location:
    """Where the current visitor seems to be (cached for the request)."""
    found: Location | None = scratch().get("location")
    if found is None:
        found = _enforcement(get_state()).locator.locate(request.headers, request.remote_addr)
        scratch()["location"] = found
    return found


def required_age(location: Location | None = None) -> int:
    """``STOREFRONT_MIN_AGE`` or a higher ``min_age`` rule for the visitor's jurisdiction."""
    from .checkout import rules_min_age

    state = get_state()
    if location is None and not _enforcement(state).location_matters:
        return state.get(MIN_AGE)  # no source we have could raise it: skip the lookup (and its 25 MB table)
    where = location if location is not None else visitor_location()
    return max(state.get(MIN_AGE), rules_min_age(where.jurisdictions, date.today()) or 0)


# -- the hooks ------------------------------------------------------------------


_TOKEN_CACHE_LIMIT = 4096


def _visitor_token(state: StorefrontState, req: Request) -> AgeToken | None:
    """The visitor's valid gate token, if any.

    A returning visitor sends the same cookie on every page; its signature is
    checked once and the result kept (valid tokens only, so forgeries cannot
    fill the cache), while its age is checked on every request.
    """
    cookies = req.cookies  # a cached property, but each read is a Python-level call
    raw = cookies.get(COOKIE_NAME) if COOKIE_NAME in cookies else None  # a miss raises inside .get
    if not raw:
        return None
    max_age = state.get(AGE_TOKEN_DAYS) * 86400
    secret = state.app.config["SECRET_KEY"]
    cache = _enforcement(state).verified_tokens
    key = (secret if isinstance(secret, (str, bytes)) else repr(secret), raw)
    token = cache.get(key)
    if token is None:
        token = read_token(secret, raw, max_age=max_age)
        if token is not None:
            if len(cache) >= _TOKEN_CACHE_LIMIT:
                cache.clear()
            cache[key] = token
        return token
    return token if 0 <= time.time() - token.issued_at <= max_age else None


def gate_request(state: StorefrontState | None = None, req: Request | None = None) -> ResponseReturnValue | None:
    """``before_request``: send a visitor without a sufficient token to the gate.

    :mod:`.hooks` passes the app's state and the request object it already holds.
    """
    if state is None:
        state = get_state()
    if state.get(AGE_GATE_MODE) == "off":
        return None
    if req is None:
        # The proxy resolved once: this hook runs on every page and reads a dozen attributes.
        req = request._get_current_object()  # type: ignore[attr-defined]
    if not _is_gated(state, req):
        return None
    scratch_of(req.environ)["gated"] = True
    token = _visitor_token(state, req)
    # A token good for the highest age any rule can demand passes wherever the
    # visitor is, so most returning visitors cost no location lookup at all.
    if token is not None and token.satisfies(_enforcement(state).highest_age, state.get(POLICY_VERSION)):
        return None
    needed = required_age()
    if token is not None and token.satisfies(needed, state.get(POLICY_VERSION)):
        return None
    if request.method in _SAFE_METHODS:
        # request.path is decoded; quote it again so spaces and the like survive the round trip.
        target = quote(request.path, safe=_PATH_SAFE)
        if request.query_string:
            target += "?" + request.query_string.decode("latin-1")
    else:  # a form posted from a page: come back to that page, not to the POST target
        target = _same_site_path(request.referrer)
    return redirect(url_for(f"{state.blueprint_name}.age_gate", next=safe_next(target)), code=302)


def cache_policy(here: dict[str, Any], status: int) -> str | None:
    """``"no-store"`` for the gate page and its redirects, ``"private"`` for other gated pages, else None.

    ``here`` is the request's scratch dict. A response with a policy also needs ``Vary: Cookie``.
    """
    if not (here.get("gated") or here.get("gate_page")):
        return None
    return "no-store" if here.get("gate_page") or status in (301, 302, 303, 307, 308) else "private"


# -- redirect safety -------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x20\x7f\\]")


def safe_next(value: str | None) -> str:
    """``value`` if it is a path on this site (``/shop?x=1``), else ``"/"``.

    Refused: anything with a scheme or host, protocol-relative ``//host``,
    backslashes (browsers read ``/\\host`` as ``//host``), whitespace and
    control characters (browsers strip tabs and newlines), ``//`` anywhere in
    the path, over-long values, and the gate itself.
    """
    if not value or not isinstance(value, str) or len(value) > 2000:
        return "/"
    if not value.startswith("/") or _CONTROL.search(value):
        return "/"
    parts = urlsplit(value)
    # urlsplit drops an empty authority ('///host' parses as path '/host'), so look at the raw path too.
    raw_path = value.split("?", 1)[0].split("#", 1)[0]
    if parts.scheme or parts.netloc or "//" in raw_path or not parts.path.startswith("/"):
        return "/"
    try:
        gate_paths = {url_for(f"{get_state().blueprint_name}.{view}") for view in ("age_gate", "age_denied")}
    except Exception:  # outside a request with a working url_for: nothing to compare
        gate_paths = set()
    if request.script_root + parts.path in gate_paths:
        return "/"
    return value


def _same_site_path(url: str | None) -> str:
    """The app-relative path of a Referer that points at this site, else ``"/"``."""
    if not url:
        return "/"
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.host:
        return "/"
    path = parts.path
    root = request.script_root
    if root and path.startswith(root):
        path = path[len(root) :] or "/"
    return path + (f"?{parts.query}" if parts.query else "")


def _redirect_next(target: str) -> Response:
    return redirect(request.script_root + safe_next(target), code=303)


# -- the gate pages -------------------------------------------------------------


def field_order(locale: Locale) -> list[str]:
    """``["month", "day", "year"]`` or another order, as the locale writes a short date."""
    pattern = locale.date_formats["short"].pattern
    positions = {name: pattern.find(letter) for name, letter in (("day", "d"), ("month", "M"), ("year", "y"))}
    if min(positions.values()) < 0:
        return ["day", "month", "year"]
    return sorted(positions, key=positions.__getitem__)


def _render_gate(needed: int, next_url: str, *, error: str = "", values: dict[str, str] | None = None) -> Response:
    state = get_state()
    scratch()["gate_page"] = True
    html = render_template(
        "storefront/age_gate.html",
        mode=state.get(AGE_GATE_MODE),
        required_age=needed,
        next_url=next_url,
        fields=field_order(current_locale()),
        values=values or {},
        error=error,
        current_year=date.today().year,
    )
    return Response(html, status=400 if error else 200, mimetype="text/html")


def _pass(needed: int, method: str, next_url: str, age: int | None = None) -> Response:
    state = get_state()
    threshold = max([needed] + [t for t in _HIGHER_THRESHOLDS if age is not None and age >= t])
    token = issue_token(
        current_app.config["SECRET_KEY"], threshold=threshold, method=method, policy_version=state.get(POLICY_VERSION)
    )
    response = _redirect_next(next_url)
    response.set_cookie(
        COOKIE_NAME,
        token,
        max_age=state.get(AGE_TOKEN_DAYS) * 86400,
        path=request.script_root or "/",
        httponly=True,
        samesite="Lax",
        secure=request.is_secure,
    )
    scratch()["gate_page"] = True
    age_verified.send(
        current_app._get_current_object(),  # type: ignore[attr-defined]
        threshold=threshold,
        method=method,
        policy_version=state.get(POLICY_VERSION),
        issued_at=int(time.time()),
    )
    return response


def _deny() -> Response:
    scratch()["gate_page"] = True
    return redirect(url_for(f"{get_state().blueprint_name}.age_denied"), code=303)


def age_gate() -> Response:
    """The gate page (GET) and its answer (POST)."""
    state = get_state()
    mode = state.get(AGE_GATE_MODE)
    next_url = safe_next(request.values.get("next"))
    needed = required_age()
    if request.method == "GET" or mode == "off":
        if mode == "off":
            return _redirect_next(next_url)
        return _render_gate(needed, next_url)
    if mode == "confirm":
        answer = request.form.get("answer")
        if answer == "yes":
            return _pass(needed, "confirmed", next_url)
        if answer == "no":
            return _deny()
        return _render_gate(needed, next_url, error=gettext("Please choose one of the two buttons."))
    # Only the three fields are read, trimmed and length-capped, for the form to show again.
    typed = {name: request.form.get(name, "").strip() for name in ("day", "month", "year")}
    values = {name: text[:4] for name, text in typed.items()}
    # Judge what was typed, not the shortened copy: "19801234"[:4] would pass as 1980.
    result = check_age(typed, needed, today=earliest_today())
    if result.ok:
        return _pass(needed, "birthdate", next_url, result.age)
    if result.code == AGE_MISSING:
        message = gettext("Please enter your date of birth.")
    elif result.age is None:
        message = gettext("That is not a date we can use. Please check the day, month and year.")
    else:
        return _deny()
    return _render_gate(needed, next_url, error=message, values=values)


def age_denied() -> Response:
    """The polite refusal."""
    scratch()["gate_page"] = True
    html = render_template("storefront/age_denied.html", required_age=required_age())
    return Response(html, status=403, mimetype="text/html")
