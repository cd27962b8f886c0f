"""Pages in each language: the DSHEA statement with its English original, and the legal page."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from datetime import date, timedelta

import pytest
from flask import Flask, render_template_string

from storefront_plugin.disclaimers import DSHEA_PLURAL_EN, DSHEA_SINGULAR_EN
from storefront_plugin.i18n import rule_place_name
from tests.conftest import make_app

#: A piece of each translation of the DSHEA statement (plural form).
DSHEA_TRANSLATED = {
    "es": "Estas declaraciones no han sido evaluadas por la Administración de Alimentos y Medicamentos (FDA)",
    "fr": "Ces déclarations n’ont pas été évaluées par la Food and Drug Administration (FDA)",
    "de": "Diese Aussagen wurden nicht von der US-amerikanischen Food and Drug Administration (FDA) geprüft",
}
LEGAL_TITLE = {
    "en": "Legal status and where we ship",
    "es": "Situación legal y adónde enviamos",
    "fr": "Statut légal et zones de livraison",
    "de": "Rechtslage und Liefergebiete",
}
MANDATED = 'from "storefront/_mandated_text.html" import mandated_text'


def _text(page: str) -> str:
    return html.unescape(page)


@pytest.mark.parametrize("lang", sorted(DSHEA_TRANSLATED))
def test_dshea_shows_translation_and_english_original(app: Flask, lang: str) -> None:
    page = _text(app.test_client().get(f"/storefront/learn/faq?lang={lang}").get_data(as_text=True))
    assert DSHEA_TRANSLATED[lang] in page
    assert f'<span lang="en">{DSHEA_PLURAL_EN}</span>' in page
    assert page.count(DSHEA_PLURAL_EN) == 1


def test_dshea_appears_once_in_english(app: Flask) -> None:
    page = _text(app.test_client().get("/storefront/learn/faq?lang=en").get_data(as_text=True))
    assert page.count(DSHEA_PLURAL_EN) == 1
    assert "Original English text required by US law" not in page


@pytest.mark.parametrize("english", [DSHEA_SINGULAR_EN, DSHEA_PLURAL_EN])
@pytest.mark.parametrize("lang", sorted(DSHEA_TRANSLATED))
def test_mandated_text_macro_pairs_both_forms(app: Flask, english: str, lang: str) -> None:
    with app.test_request_context(f"/?lang={lang}"):
        out = _text(render_template_string("{% " + MANDATED + " %}{{ mandated_text(text) }}", text=english))
    translated, _, original = out.partition('<span class="sf-mandated-original"')
    assert f'lang="{lang}"' in translated and english not in translated
    assert f'<span lang="en">{english}</span>' in original


def test_mandated_text_without_translation_is_shown_once_in_english(app: Flask) -> None:
    with app.test_request_context("/?lang=de"):
        out = render_template_string("{% " + MANDATED + " %}{{ mandated_text('Not a catalog entry.') }}")
    assert out == '<span class="sf-mandated" lang="en">Not a catalog entry.</span>'


@pytest.mark.parametrize("lang", sorted(LEGAL_TITLE))
def test_legal_page_in_each_language(app: Flask, lang: str) -> None:
    page = _text(app.test_client().get(f"/storefront/legal?lang={lang}").get_data(as_text=True))
    assert f"<h1>{LEGAL_TITLE[lang]}</h1>" in page
    assert f'<html lang="{lang}">' in page


def test_legal_page_names_places_and_dates_in_the_visitors_language(app: Flask) -> None:
    page = _text(app.test_client().get("/storefront/legal?lang=fr").get_data(as_text=True))
    assert '<tr data-state="CA"' in page and '<th scope="row">Californie</th>' in page
    assert '<th scope="row">Sarasota County, Floride</th>' in page
    assert '<time datetime="2014-02-12">12 février 2014</time>' in page
    german = _text(app.test_client().get("/storefront/legal?lang=de").get_data(as_text=True))
    assert '<th scope="row">Kalifornien</th>' in german and '<time datetime="2014-02-12">12. Februar 2014</time>' in german


def test_blocked_shipping_reason_names_the_place_in_the_visitors_language(app: Flask) -> None:
    address = {"country": "US", "region": "FL", "postal_code": "34236", "city": "Sarasota"}
    for lang, expected in [
        ("fr", "Nous ne pouvons pas livrer ces produits à cette destination (Sarasota County, Floride)"),
        ("es", "No podemos enviar estos productos a Sarasota County, Florida"),
        ("en", "We cannot ship these products to Sarasota County, Florida"),
    ]:
        body = app.test_client().post(f"/storefront/api/shipping-check?lang={lang}", json={"address": address}).get_json()
        assert body["status"] == "blocked"
        assert any(r["message"].startswith(expected) for r in body["reasons"]), (lang, body["reasons"])


def test_disclaimer_lists_places_in_the_visitors_language(app: Flask) -> None:
    page = _text(app.test_client().get("/storefront/learn/faq?lang=es").get_data(as_text=True))
    assert "Luisiana" in page and "Reino Unido" in page and "Louisiana" not in page


def test_a_merchants_own_rule_name_is_kept() -> None:
    app = make_app()
    ruleset = app.extensions["storefront"].ruleset
    florida = next(r for r in ruleset.rules if r.jurisdiction == "US-FL/Sarasota County")
    with app.test_request_context("/?lang=fr"):
        assert rule_place_name(florida) == "Sarasota County, Floride"
        assert rule_place_name(replace(florida, name="Our southern zone")) == "Our southern zone"


GATE_TITLE = {"en": "Please confirm your age", "es": "Confirme su edad", "fr": "Veuillez confirmer votre âge",
              "de": "Bitte bestätigen Sie Ihr Alter"}
PREGNANT = {"en": "Do not use if you are pregnant or nursing.", "es": "No lo use si está embarazada o en período de lactancia.",
            "fr": "Ne pas utiliser en cas de grossesse ou d’allaitement.", "de": "Nicht anwenden in der Schwangerschaft oder Stillzeit."}
UNDERAGE = {"en": "You must be at least 21 years old to buy these products for delivery to Florida.",
            "es": "Debe tener al menos 21 años para comprar estos productos con entrega en Florida.",
            "fr": "Vous devez avoir au moins 21 ans pour acheter ces produits avec livraison à cette destination (Floride).",
            "de": "Sie müssen mindestens 21 Jahre alt sein, um diese Produkte mit Lieferung an das Lieferziel Florida zu kaufen."}


@pytest.mark.parametrize("lang", sorted(GATE_TITLE))
def test_age_gate_in_each_language(app: Flask, lang: str) -> None:
    page = _text(app.test_client().get(f"/storefront/age?lang={lang}").get_data(as_text=True))
    assert GATE_TITLE[lang] in page and f'<html lang="{lang}">' in page


@pytest.mark.parametrize("lang", sorted(PREGNANT))
def test_product_notice_in_each_language(app: Flask, lang: str) -> None:
    with app.test_request_context(f"/?lang={lang}"):
        out = _text(render_template_string("{{ storefront_product_notice(product) }}", product={"category": "kratom"}))
    assert PREGNANT[lang] in out


@pytest.mark.parametrize("lang", sorted(UNDERAGE))
def test_blocked_checkout_reason_in_each_language(app: Flask, lang: str) -> None:
    body = {
        "address": {"country": "US", "region": "FL", "postal_code": "33101", "city": "Miami"},
        "birth_date": (date.today() - timedelta(days=20 * 365)).isoformat(),  # 19: of age at 18, not at 21
        "items": [{"sku": "k1", "category": "kratom"}],
    }
    answer = app.test_client().post(f"/storefront/api/checkout-check?lang={lang}", json=body).get_json()
    assert answer["allowed"] is False
    assert UNDERAGE[lang] in [r["message"] for r in answer["reasons"]], answer["reasons"]


@pytest.mark.parametrize("lang", ["en", "es", "fr", "de"])
def test_state_table_is_in_the_visitors_alphabetical_order(app: Flask, lang: str) -> None:
    page = _text(app.test_client().get(f"/storefront/legal?lang={lang}").get_data(as_text=True))
    names = re.findall(r'<tr data-state="\w+"[^>]*><th scope="row">([^<]+)</th>', page)
    assert len(names) >= 51 and names == sorted(names, key=str.lower)
