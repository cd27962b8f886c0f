"""Our domain beside the shop's: a shop with its own Flask-Babel selector and catalog, and a shop without Flask-Babel."""

from __future__ import annotations

from pathlib import Path

import flask_babel
import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import Flask, render_template_string, request
from flask_babel import Babel

from storefront_plugin import StorefrontCompliance
from storefront_plugin.i18n import LOCALE_COOKIE, gettext, visitor_locale

SHOP_PAGE = (
    "<p>{{ _('Welcome') }}</p><p>{{ _('Language') }}</p>"
    "{% include 'storefront/_language_switcher.html' %}"
)
#: The shop's own translations: "Language" is also one of our msgids, with a different translation.
SHOP_CATALOG = {
    "es": {"Welcome": "Bienvenida a la tienda", "Language": "Idioma de la tienda"},
    "fr": {"Welcome": "Bienvenue dans la boutique", "Language": "Langue de la boutique"},
}


def _compile_shop_catalog(root: Path) -> Path:
    for lang, messages in SHOP_CATALOG.items():
        catalog = Catalog(locale=lang, domain="messages")
        for msgid, msgstr in messages.items():
            catalog.add(msgid, msgstr)
        target = root / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        with open(target / "messages.mo", "wb") as fh:
            write_mo(fh, catalog)
    return root


def _babel_shop(translations: Path, selector_delegates: bool = False) -> Flask:
    app = Flask("babel_shop")
    app.config.update(TESTING=True, SECRET_KEY="x", BABEL_TRANSLATION_DIRECTORIES=str(translations))
    app.config["STOREFRONT_AGE_GATE_MODE"] = "off"  # these shops test language choice, not the age gate

    def select() -> str | None:
        if selector_delegates:
            return visitor_locale()
        return request.args.get("hl")  # the shop's own rule; None gives its default

    Babel(app, locale_selector=select)

    @app.route("/")
    def home() -> str:
        return render_template_string(SHOP_PAGE) + f"<p id='py'>{flask_babel.gettext('Welcome')}</p>"

    StorefrontCompliance(app)
    return app


@pytest.fixture
def babel_shop(tmp_path: Path) -> Flask:
    return _babel_shop(_compile_shop_catalog(tmp_path))


def test_shop_keeps_its_translations_and_ours_follow_its_locale(babel_shop: Flask) -> None:
    page = babel_shop.test_client().get("/?hl=es").get_data(as_text=True)
    assert "<p>Bienvenida a la tienda</p>" in page  # the shop's catalog, through its own `_`
    assert "<p>Idioma de la tienda</p>" in page  # its "Language", not ours
    assert "<p id='py'>Bienvenida a la tienda</p>" in page
    assert 'aria-label="Idioma"' in page  # our switcher: our catalog, the shop's locale

    ours = babel_shop.test_client().get("/storefront/?hl=fr").get_data(as_text=True)
    assert 'aria-label="Langue"' in ours and '<html lang="fr">' in ours


def test_shop_selector_beats_our_query_cookie_and_header(babel_shop: Flask) -> None:
    client = babel_shop.test_client()
    client.set_cookie(LOCALE_COOKIE, "es")
    response = client.get("/storefront/?hl=fr&lang=de", headers={"Accept-Language": "es"})
    assert 'aria-label="Langue"' in response.get_data(as_text=True)
    # The shop decides, so we neither remember ?lang= nor claim to vary on our inputs.
    assert "Set-Cookie" not in response.headers
    assert "Accept-Language" not in response.headers.get("Vary", "")
    # No locale from the shop's selector: its default ('en'), and ours follows.
    assert 'aria-label="Language"' in client.get("/storefront/?lang=de").get_data(as_text=True)


def test_shop_locale_we_do_not_ship_shows_english_with_its_formats(babel_shop: Flask) -> None:
    with babel_shop.test_request_context("/?hl=pt_BR"):
        assert gettext("Language") == "Language"
        assert render_template_string("{{ storefront_format_number(12345.5) }}") == "12.345,5"


def test_our_domain_never_becomes_the_shops(babel_shop: Flask) -> None:
    with babel_shop.test_request_context("/?hl=es"):
        assert gettext("Language") == "Idioma"
        assert flask_babel.gettext("Language") == "Idioma de la tienda"
        assert flask_babel.get_domain().domain == ["messages"]
        assert babel_shop.extensions["babel"].instance.domain == "messages"


def test_a_shop_selector_may_delegate_to_our_switcher(tmp_path: Path) -> None:
    app = _babel_shop(_compile_shop_catalog(tmp_path), selector_delegates=True)
    client = app.test_client()
    first = client.get("/?lang=fr")
    assert "<p>Bienvenue dans la boutique</p>" in first.get_data(as_text=True)
    assert f"{LOCALE_COOKIE}=fr" in first.headers["Set-Cookie"]
    assert "<p>Langue de la boutique</p>" in client.get("/").get_data(as_text=True)


# -- a shop without Flask-Babel ----------------------------------------------------------

def _plain_shop(with_plugin: bool) -> Flask:
    app = Flask("plain_shop")
    app.config.update(TESTING=True, SECRET_KEY="x")
    app.config["STOREFRONT_AGE_GATE_MODE"] = "off"  # these shops test language choice, not the age gate

    @app.route("/")
    def home() -> str:
        return "<p>Plain shop</p>"

    @app.route("/search")
    def search() -> str:
        return render_template_string("<p>{{ request.args.get('lang', '-') }}</p>")

    if with_plugin:
        StorefrontCompliance(app)
    return app


def test_plain_shop_gets_nothing_of_babel_installed() -> None:
    app = _plain_shop(with_plugin=True)
    assert "babel" not in app.extensions
    for name in ("_", "gettext", "ngettext"):
        assert name not in app.jinja_env.globals
    assert "jinja2.ext.InternationalizationExtension" not in app.jinja_env.extensions
    assert not set(app.jinja_env.filters) - set(_plain_shop(with_plugin=False).jinja_env.filters)


@pytest.mark.parametrize("path", ["/", "/search?lang=es", "/missing?lang=de"])
def test_plain_shop_pages_are_unchanged(path: str) -> None:
    headers = {"Accept-Language": "es", "Cookie": f"{LOCALE_COOKIE}=de"}
    before = _plain_shop(with_plugin=False).test_client().get(path, headers=headers)
    after = _plain_shop(with_plugin=True).test_client().get(path, headers=headers)
    assert after.status_code == before.status_code
    assert after.get_data() == before.get_data()
    assert sorted(after.headers.items()) == sorted(before.headers.items())


def test_plain_shop_serves_our_pages_in_the_visitors_language() -> None:
    client = _plain_shop(with_plugin=True).test_client()
    page = client.get("/storefront/", headers={"Accept-Language": "de-AT, en;q=0.5"}).get_data(as_text=True)
    assert 'aria-label="Sprache"' in page
