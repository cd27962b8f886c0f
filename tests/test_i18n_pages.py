"""Pages in each language: the DSHEA statement with its English original, and the legal page."""

from __future__ import annotations

import html

import pytest
from flask import Flask, render_template_string

from storefront_plugin.disclaimers import DSHEA_PLURAL_EN, DSHEA_SINGULAR_EN

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
