"""Disclaimers in the shop's pages: Jinja globals, and injection before ``</body>``.

``storefront_disclaimer()``, ``storefront_product_notice(product)``,
``storefront_claim_marker()`` and ``storefront_prop65_warning(address)`` are
globals every template can call. Pages that do not call ``storefront_disclaimer()``
get it injected just before ``</body>`` (``STOREFRONT_INJECT_DISCLAIMER``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, cast

from flask import Blueprint, Flask, Response, has_request_context, render_template, request
from flask.blueprints import BlueprintSetupState
from markupsafe import Markup
from werkzeug.http import parse_options_header

from .disclaimers import LabelWarnings, _field, dshea_text, is_california, product_category, prop65_text
from .extension import StorefrontState, get_state
from .fragments import cached
from .headers import first_values
from .request_state import scratch, scratch_of
from .i18n import rule_place_name
from .legal import ShippingNotice, shipping_notice
from .settings import INJECT_DISCLAIMER, NOTICE_CATEGORIES, PROP65_CHEMICAL, PROP65_ENDPOINT

__all__ = ["MARKER", "register"]

#: Attribute that marks a page as already carrying the disclaimer.
MARKER = "data-storefront-disclaimer"
_MARKER_BYTES = MARKER.encode()
_BODY_END = re.compile(rb"</body\s*>", re.IGNORECASE)
_FLASK_HTML = "text/html; charset=utf-8"
#: Responses with these statuses carry no page to add to.
_NO_BODY = {204, 304}
_LOOKED_AT = frozenset({"content-type", "content-encoding"})


def _base_age() -> int:
    from .settings import SETTINGS

    setting = SETTINGS.get("STOREFRONT_MIN_AGE")
    return int(get_state().settings[setting.key]) if setting is not None else 18


def _licences() -> frozenset[str]:
    from .settings import SETTINGS

    setting = SETTINGS.get("STOREFRONT_LICENSES")
    return frozenset(get_state().settings[setting.key]) if setting is not None else frozenset()


def disclaimer_context(statements: int | None = None) -> dict[str, Any]:
    """What ``storefront/_disclaimer.html`` receives."""
    base = _base_age()
    ruleset = get_state().ruleset
    notice = (
        shipping_notice(ruleset, base, licenses=_licences(), place_name=rule_place_name)
        if ruleset is not None
        else ShippingNotice()
    )
    count = statements if statements is not None else scratch().get("claims", 0)
    return {"dshea": dshea_text(count), "min_age": base, "warnings": LabelWarnings(), "shipping": notice}


def storefront_disclaimer(statements: int | None = None, *, state: StorefrontState | None = None) -> Markup:
    """The full disclaimer block; ``statements`` overrides the count of marked claims on the page.

    The block depends only on the locale, the day, the claim count and settings,
    so it is rendered once per combination and reused. ``state`` defaults to
    the current app's (the template global is bound to its app's).
    """
    here = scratch()
    count = statements if statements is not None else here.get("claims", 0)
    return _disclaimer(state if state is not None else get_state(), here, count)


def _disclaimer(state: StorefrontState, here: dict[str, Any], statements: int) -> Markup:
    count = min(statements, 2)  # 0 and 2+ read the same (plural); 1 is singular
    return cached(
        state.fragments,
        ("disclaimer", count),
        lambda: render_template("storefront/_disclaimer.html", **disclaimer_context(count)),
        here,
        state,
    )


def storefront_claim_marker() -> Markup:
    """A symbol to put after a statement, linking it to the disclaimer (21 CFR 101.93(d))."""
    if has_request_context():
        scratch()["claims"] = scratch().get("claims", 0) + 1
    return Markup(render_template("storefront/_claim_marker.html"))


def _needs_notice(category: str | None, state: StorefrontState) -> bool:
    # A product we cannot classify gets the warnings: showing them is the safe side.
    return category is None or category in state.get(NOTICE_CATEGORIES)


def prop65_warning_text() -> str | None:
    chemical = get_state().get(PROP65_CHEMICAL)
    return prop65_text(chemical, get_state().get(PROP65_ENDPOINT)) if chemical else None


def storefront_prop65_warning(address: Any = None) -> Markup:
    """The Prop 65 warning: always on a product page (no address), at checkout only for California."""
    text = prop65_warning_text()
    if text is None or (address is not None and not is_california(address)):
        return Markup("")
    return Markup(render_template("storefront/_prop65.html", prop65_text=text))


def storefront_product_notice(product: Any, *, state: StorefrontState | None = None) -> Markup:
    """Label warnings (and the Prop 65 warning when configured) for a restricted product.

    Rendered once per SKU, language and day (a product without a ``sku`` is
    rendered every time): an overriding template may use the product's fields.
    ``state`` defaults to the current app's (the template global is bound to its app's).
    """
    if state is None:
        state = get_state()
    category = product_category(product)
    if not _needs_notice(category, state):
        return Markup("")

    def render() -> str:
        return render_template(
            "storefront/_product_notice.html",
            product=product,
            warnings=LabelWarnings(),
            min_age=_base_age(),
            prop65_text=prop65_warning_text(),
        )

    sku = _field(product, "sku")
    if not isinstance(sku, str) or not sku:
        return Markup(render())
    return cached(state.fragments, ("product_notice", sku, category), render, state=state)


def _body_end(body: bytes) -> int:
    """Where the last ``</body>`` starts, or -1; ``</body >`` and ``</BODY>`` count too."""
    at = body.rfind(b"</body")
    if at >= 0 and _BODY_END.match(body, at):
        return at  # the usual case: no need to scan the whole page with the pattern
    ends = list(_BODY_END.finditer(body))
    return ends[-1].start() if ends else -1


def inject_disclaimer(
    response: Response,
    state: StorefrontState | None = None,
    environ: dict[str, Any] | None = None,
    seen: dict[str, str] | None = None,
) -> Response:
    """Add the disclaimer before ``</body>`` of a complete HTML page that lacks it.

    :mod:`.hooks` passes the app's state and the request's environ it already
    holds, and ``seen``: the response's ``content-type`` and ``content-encoding``
    headers (lower-case keys; absent when the response has none).
    """
    if state is None:
        state = get_state()
    if not state.get(INJECT_DISCLAIMER):
        return response
    status = response.status_code
    if response.is_streamed or response.direct_passthrough or status in _NO_BODY or 300 <= status < 400:
        return response
    if environ is None:
        environ = request._get_current_object().environ  # type: ignore[attr-defined]
    if environ.get("REQUEST_METHOD") == "HEAD":
        return response
    if seen is None:
        seen = first_values(response, _LOOKED_AT)
    content_type = seen.get("content-type", "")
    # Flask's default needs no parsing; anything else goes through Werkzeug's parser.
    mimetype, params = ("text/html", {}) if content_type == _FLASK_HTML else parse_options_header(content_type)
    if mimetype != "text/html" or seen.get("content-encoding"):
        return response  # not a page, or compressed by someone else: we cannot edit it
    chunks = response.response
    # A view's string is stored as one bytes chunk; get_data() would encode and join it again.
    body = chunks[0] if type(chunks) is list and len(chunks) == 1 and type(chunks[0]) is bytes else response.get_data()
    if _MARKER_BYTES in body:
        return response
    at = _body_end(body)
    if at < 0:
        return response  # a fragment (htmx, a partial): the page around it carries the notice
    here = scratch_of(environ)
    block = _encoded(_disclaimer(state, here, here.get("claims", 0)), params.get("charset", "utf-8"))
    response.set_data(body[:at] + block + body[at:])
    return response


@lru_cache(maxsize=64)
def _encoded(html: str, charset: str) -> bytes:
    """``html`` in the page's charset, kept: the same few blocks go into every page.

    Characters the charset lacks become character references, and a charset
    Python does not know is written as ASCII: ``</body>`` was found as ASCII
    bytes, so the page is ASCII-compatible.
    """
    try:
        return html.encode(charset, "xmlcharrefreplace")
    except LookupError:
        return html.encode("ascii", "xmlcharrefreplace")


def _load_content(setup: BlueprintSetupState) -> None:
    from pathlib import Path

    from .content import load_library
    from .settings import CONTENT_DIR, DEFAULT_LOCALE

    state = get_state(cast(Flask, setup.app))
    merchant = state.get(CONTENT_DIR)
    state.content = load_library(state.get(DEFAULT_LOCALE), Path(merchant) if merchant else None)


def register(bp: Blueprint) -> None:
    """Load the articles and install the globals on the app ``bp`` joins.

    ``storefront_disclaimer`` and ``storefront_product_notice`` are bound to
    each app's state by :func:`.templating.install`; :mod:`.hooks` injects the disclaimer.
    """
    bp.record_once(_load_content)
    bp.add_app_template_global(storefront_claim_marker)
    bp.add_app_template_global(storefront_prop65_warning)
