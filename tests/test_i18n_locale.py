"""Locale choice when the shop has no selector: ?lang=, then our cookie, then Accept-Language; and formatting."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask, render_template_string

from storefront_plugin import StorefrontCompliance
from storefront_plugin.i18n import (
    LOCALE_COOKIE,
    current_locale,
    format_date,
    format_number,
    gettext,
    lazy_gettext,
    ngettext,
    place_name,
    with_english_original,
)
from tests.conftest import make_app

# The language switcher's label, on every page of ours (base.html includes it).
HOME_ES = 'aria-label="Idioma"'
HOME_FR = 'aria-label="Langue"'
HOME_DE = 'aria-label="Sprache"'
HOME_EN = 'aria-label="Language"'

#: A module-level constant, as other modules declare them.
LAZY_LANGUAGE = lazy_gettext("Language")


def _home(app: Flask, **kwargs: object) -> str:
    return app.test_client().get("/storefront/", **kwargs).get_data(as_text=True)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lang", "text", "attr"),
    [("es", HOME_ES, "es"), ("fr", HOME_FR, "fr"), ("de", HOME_DE, "de"), ("en", HOME_EN, "en")],
)
def test_query_parameter_picks_the_language(app: Flask, lang: str, text: str, attr: str) -> None:
    page = _home(app, query_string={"lang": lang})
    assert text in page
    assert f'<html lang="{attr}">' in page


def test_query_beats_cookie_beats_accept_language(app: Flask) -> None:
    client = app.test_client()
    client.set_cookie(LOCALE_COOKIE, "de")
    headers = {"Accept-Language": "es"}
    assert HOME_FR in client.get("/storefront/?lang=fr", headers=headers).get_data(as_text=True)

    client = app.test_client()
    client.set_cookie(LOCALE_COOKIE, "de")
    assert HOME_DE in client.get("/storefront/", headers=headers).get_data(as_text=True)

    client = app.test_client()
    assert HOME_ES in client.get("/storefront/", headers=headers).get_data(as_text=True)


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("de;q=0.5, fr;q=0.9", HOME_FR),  # quality values decide
        ("es-MX,es;q=0.9", HOME_ES),  # a regional variant matches its language
        ("de-AT, en;q=0.5", HOME_DE),  # ... before a less wanted exact match
        ("pt-BR, ja", HOME_EN),  # nothing offered: the default locale
        ("", HOME_EN),
    ],
)
def test_accept_language_is_matched_against_offered_locales(app: Flask, header: str, expected: str) -> None:
    assert expected in _home(app, headers={"Accept-Language": header})


def test_unusable_query_and_cookie_fall_through(app: Flask) -> None:
    client = app.test_client()
    client.set_cookie(LOCALE_COOKIE, "x" * 50)
    page = client.get("/storefront/?lang=zz", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert HOME_DE in page


def test_only_offered_locales_are_used() -> None:
    app = make_app({"STOREFRONT_LOCALES": ["en", "de"]})
    assert HOME_EN in _home(app, query_string={"lang": "es"})
    assert HOME_EN in _home(app, headers={"Accept-Language": "es"})
    assert HOME_DE in _home(app, headers={"Accept-Language": "es, de;q=0.5"})


def test_explicit_choice_is_remembered_in_a_cookie(app: Flask) -> None:
    client = app.test_client()
    first = client.get("/storefront/?lang=fr")
    cookie = first.headers["Set-Cookie"]
    assert f"{LOCALE_COOKIE}=fr" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    # The next page, without ?lang=, stays French even though the browser prefers German.
    assert HOME_FR in client.get("/storefront/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    # Same choice again: no new cookie; a locale we do not offer: no cookie.
    assert "Set-Cookie" not in client.get("/storefront/?lang=fr").headers
    assert "Set-Cookie" not in app.test_client().get("/storefront/?lang=zz").headers


def test_localized_responses_vary_on_language_inputs(app: Flask) -> None:
    vary = app.test_client().get("/storefront/").headers["Vary"]
    assert "Accept-Language" in vary and "Cookie" in vary


def test_two_apps_offer_different_locales_from_one_extension() -> None:
    ext = StorefrontCompliance()
    first = make_app({"STOREFRONT_LOCALES": ["en", "es"]}, ext)
    second = make_app({"STOREFRONT_LOCALES": ["en", "fr"], "STOREFRONT_URL_PREFIX": "/info"}, ext)
    assert HOME_ES in _home(first, headers={"Accept-Language": "es"})
    assert HOME_EN in second.test_client().get("/info/", headers={"Accept-Language": "es"}).get_data(as_text=True)
    assert first.extensions["storefront"].domain is not second.extensions["storefront"].domain


def test_language_switcher_links_keep_other_arguments(app: Flask) -> None:
    page = app.test_client().get("/storefront/?lang=de&ref=mail").get_data(as_text=True)
    assert 'aria-label="Sprache"' in page
    assert 'href="/storefront/?ref=mail&amp;lang=es"' in page
    assert 'lang="es" hreflang="es">Español<' in page
    assert 'hreflang="de" aria-current="true">Deutsch<' in page


@pytest.mark.parametrize(
    ("lang", "long_date", "month", "number"),
    [
        ("en", "November 22, 2026", "October 2025", "12,345.5"),
        ("es", "22 de noviembre de 2026", "octubre de 2025", "12.345,5"),
        ("fr", "22 novembre 2026", "octobre 2025", "12\u202f345,5"),
        ("de", "22. November 2026", "Oktober 2025", "12.345,5"),
    ],
)
def test_dates_and_numbers_follow_the_locale(app: Flask, lang: str, long_date: str, month: str, number: str) -> None:
    with app.test_request_context(f"/?lang={lang}"):
        assert format_date(date(2026, 11, 22)) == long_date
        assert format_date("2026-11-22") == long_date
        assert format_date("2025-10") == month  # a rule's "as of" month
        assert format_date("2025") == "2025"
        assert format_date("sometime") == "sometime"
        assert format_date(None) == ""
        assert format_number(12345.5) == number
        rendered = render_template_string("{{ storefront_format_date('2026-11-22') }}|{{ storefront_format_number(12345.5) }}")
        assert rendered == f"{long_date}|{number}"


def test_plural_count_is_formatted_for_the_locale(app: Flask) -> None:
    with app.test_request_context("/?lang=de"):
        # No catalog entry: the English source is used, but the number is German.
        assert ngettext("%(num)s day", "%(num)s days", 1234) == "1.234 days"
        assert ngettext("%(num)d day", "%(num)d days", 1) == "1 day"
        assert render_template_string("{{ _sf_n('%(num)s day', '%(num)s days', 2) }}") == "2 days"


def test_lazy_strings_translate_when_rendered(app: Flask) -> None:
    with app.test_request_context("/?lang=es"):
        assert str(LAZY_LANGUAGE) == "Idioma"
    with app.test_request_context("/?lang=fr"):
        assert str(LAZY_LANGUAGE) == "Langue"
    assert str(LAZY_LANGUAGE) == "Language"  # outside any app: the English source


def test_gettext_outside_a_request_uses_the_source(app: Flask) -> None:
    assert gettext("Language") == "Language"
    assert gettext("Hello %(name)s", name="Pat") == "Hello Pat"
    with app.app_context():
        assert gettext("Language") == "Language"
        assert str(current_locale()) == "en"


def test_english_original_accompanies_a_translation(app: Flask) -> None:
    with app.test_request_context("/?lang=es"):
        assert with_english_original("Language") == ("Idioma", "Language")
        # Nothing translated: shown once.
        assert with_english_original("No such sentence.") == ("No such sentence.", None)
    with app.test_request_context("/?lang=en"):
        assert with_english_original("Language") == ("Language", None)


def test_place_names_follow_the_locale(app: Flask) -> None:
    with app.test_request_context("/?lang=de"):
        assert place_name("US-CA") == "Kalifornien"
        rendered = render_template_string(
            "{{ storefront_country_name('US') }}|{{ storefront_subdivision_name('US-NC') }}|"
            "{{ storefront_place_name('US-FL/Sarasota County') }}"
        )
        assert rendered == "Vereinigte Staaten|North Carolina|Sarasota County, Florida"
    with app.test_request_context("/?lang=es"):
        assert render_template_string("{{ storefront_subdivision_name('US-NC') }}") == "Carolina del Norte"


def test_switcher_links_keep_other_arguments_and_mark_the_current_language(app_factory) -> None:  # type: ignore[no-untyped-def]
    page = app_factory().test_client().get("/storefront/?q=tea+leaf&lang=fr").get_data(as_text=True)
    assert 'href="/storefront/?q=tea+leaf&amp;lang=es"' in page
    assert 'href="/storefront/?q=tea+leaf&amp;lang=fr" lang="fr" hreflang="fr" aria-current="true"' in page
    assert page.count('aria-current="true"') == 1


@pytest.mark.parametrize(
    ("query", "expected"),
    [("?l%61ng=fr", "fr"), ("?language=fr", "en"), ("?LANG=fr", "en"), ("?x=1&lang=de", "de")],
)
def test_lang_argument_is_read_as_flask_decodes_it(app: Flask, query: str, expected: str) -> None:
    with app.test_request_context("/" + query):
        assert str(current_locale()) == expected
