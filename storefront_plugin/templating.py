"""Jinja globals the plugin's templates and merchants' overrides rely on."""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import quote, urlencode

from babel import Locale
from flask import Flask, Request, render_template, request
from markupsafe import Markup

from .extension import StorefrontState, get_state
from .notices import storefront_disclaimer, storefront_product_notice
from .fragments import cached
from .request_state import scratch_of
from .i18n import current_locale, template_helpers
from .settings import BASE_TEMPLATE, LOCALES, SHOP_NAME


def storefront_endpoint(view: str, *, state: StorefrontState | None = None) -> str:
    """``'index'`` -> ``'storefront.index'`` under whatever name the blueprint has."""
    return f"{(state if state is not None else get_state()).blueprint_name}.{view}"


def storefront_base_template() -> str:
    """The layout our pages extend (``STOREFRONT_BASE_TEMPLATE``)."""
    return get_state().get(BASE_TEMPLATE)


def storefront_shop_name() -> str:
    return get_state().get(SHOP_NAME)


def storefront_languages() -> list[tuple[str, str]]:
    """``(code, name in its own language)`` for each offered locale."""
    state = get_state()
    out = state.languages
    if out is None:  # the offered locales are fixed at init_app, so name them once
        out = []
        for code in state.get(LOCALES):
            name = Locale.parse(code).get_display_name(code) or code
            out.append((code, name[:1].upper() + name[1:]))
        state.languages = out
    return out


def storefront_lang_url(code: str) -> str:
    """The current page in another language (``?lang=`` replaced, other args kept)."""
    args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"]
    args.append(("lang", code))
    return f"{request.script_root}{request.path}?{urlencode(args)}"


def storefront_language_links() -> list[tuple[str, str, str, bool]]:
    """``(code, name, url, is_current)`` for each offered locale, for a language switcher."""
    args = urlencode([(k, v) for k, v in request.args.items(multi=True) if k != "lang"])
    page = request.script_root + request.path  # under a mount point (SCRIPT_NAME) too
    prefix = f"{page}?{args}&lang=" if args else f"{page}?lang="
    current = str(current_locale())
    return [(code, name, prefix + quote(code), code == current) for code, name in storefront_languages()]


def storefront_language_switcher(*, state: StorefrontState | None = None) -> Markup:
    """``storefront/_language_switcher.html``, rendered once per page URL and locale.

    The same as including the template, which a shop may still do; this form
    serves the links from a cache, as most pages of a shop carry them.
    """
    req: Request = request._get_current_object()  # type: ignore[attr-defined]  # one proxy lookup, not three
    if state is None:
        state = get_state()
    return cached(
        state.page_fragments,
        ("language_switcher", req.path, req.query_string),
        lambda: render_template("storefront/_language_switcher.html"),
        scratch_of(req.environ),
        state,
    )


def install(app: Flask) -> None:
    """Register every global on the app's Jinja environment (names are prefixed to avoid clashes).

    The ones most pages call are bound to the app's state, so a call needs no
    ``current_app`` lookup.
    """
    state = get_state(app)
    helpers: dict[str, Any] = dict(template_helpers())
    helpers.update(
        storefront_disclaimer=partial(storefront_disclaimer, state=state),
        storefront_product_notice=partial(storefront_product_notice, state=state),
        storefront_endpoint=partial(storefront_endpoint, state=state),
        storefront_base_template=storefront_base_template,
        storefront_shop_name=storefront_shop_name,
        storefront_languages=storefront_languages,
        storefront_lang_url=storefront_lang_url,
        storefront_language_links=storefront_language_links,
        storefront_language_switcher=partial(storefront_language_switcher, state=state),
    )
    app.jinja_env.globals.update(helpers)
