"""Education articles per locale: our es/fr/de versions match the English, and the English fallback is visible."""

from __future__ import annotations

import html
from pathlib import Path

import pytest
from flask import Flask

from storefront_plugin.content import SOURCE_LOCALE, load_library
from tests.conftest import make_app

LANGUAGES = ("es", "fr", "de")
FALLBACK_NOTE = {
    "es": "Esta página aún no está disponible en su idioma, por eso se muestra en inglés.",
    "fr": "Cette page n’est pas encore disponible dans votre langue\u00a0: elle est donc affichée en anglais.",
    "de": "Diese Seite ist noch nicht in Ihrer Sprache verfügbar und wird daher auf Englisch angezeigt.",
}
MERCHANT_ARTICLE = "---\ntitle: {title}\nsummary: Ours.\nlast_reviewed: 2026-11-01\n---\n\n{body}\n"


def _page(app: Flask, path: str) -> str:
    return html.unescape(app.test_client().get(path).get_data(as_text=True))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_shipped_article_is_translated_faithfully(lang: str) -> None:
    library = load_library("en")
    english = library.articles[SOURCE_LOCALE]
    translated = library.articles[lang]
    assert set(translated) == set(english)
    for slug, source in english.items():
        version = translated[slug]
        assert version.title != source.title, slug
        # Same sources, same place in the list, same structure.
        assert [r.id for r in version.citations] == [r.id for r in source.citations], slug
        assert (version.order, version.schema, version.list_all_references) == (
            source.order, source.schema, source.list_all_references), slug
        assert len(version.faq) == len(source.faq), slug
        # A translation reviewed before its English text changed is stale.
        assert version.last_reviewed >= source.last_reviewed, f"{lang}/{slug}.md is older than en/{slug}.md"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_translated_article_is_served_without_the_note(app: Flask, lang: str) -> None:
    library = load_library("en")
    page = _page(app, f"/storefront/learn/what-is-kratom?lang={lang}")
    assert f"<h1>{library.articles[lang]['what-is-kratom'].title}</h1>" in page
    assert f'<article class="sf-article" lang="{lang}">' in page
    assert 'class="sf-notice"' not in page


@pytest.fixture
def merchant(tmp_path: Path) -> Path:
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "storage.md").write_text(MERCHANT_ARTICLE.format(title="Storage", body="Keep it dry."))
    (tmp_path / "en" / "safe-use.md").write_text(MERCHANT_ARTICLE.format(title="Our safe use", body="Rewritten."))
    (tmp_path / "en" / "faq.md").write_text("---\nhidden: true\n---\n")
    return tmp_path


@pytest.mark.parametrize("lang", LANGUAGES)
def test_article_without_a_translation_falls_back_to_english_with_a_note(merchant: Path, lang: str) -> None:
    app = make_app({"STOREFRONT_CONTENT_DIR": str(merchant)})
    page = _page(app, f"/storefront/learn/storage?lang={lang}")
    assert "<h1>Storage</h1>" in page and '<article class="sf-article" lang="en">' in page
    assert FALLBACK_NOTE[lang] in page


@pytest.mark.parametrize("lang", LANGUAGES)
def test_merchant_rewrite_of_english_replaces_our_translations(merchant: Path, lang: str) -> None:
    app = make_app({"STOREFRONT_CONTENT_DIR": str(merchant)})
    page = _page(app, f"/storefront/learn/safe-use?lang={lang}")
    assert "<h1>Our safe use</h1>" in page and FALLBACK_NOTE[lang] in page
    # An article the merchant did not touch stays translated.
    assert 'class="sf-notice"' not in _page(app, f"/storefront/learn/what-is-kratom?lang={lang}")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hiding_the_english_article_hides_its_translations(merchant: Path, lang: str) -> None:
    app = make_app({"STOREFRONT_CONTENT_DIR": str(merchant)})
    assert app.test_client().get(f"/storefront/learn/faq?lang={lang}").status_code == 404
    assert "/storefront/learn/faq" not in _page(app, f"/storefront/?lang={lang}")


def test_english_is_the_last_fallback_whatever_the_default_locale(merchant: Path) -> None:
    app = make_app({"STOREFRONT_CONTENT_DIR": str(merchant), "STOREFRONT_DEFAULT_LOCALE": "de"})
    page = _page(app, "/storefront/learn/storage?lang=fr")
    assert "<h1>Storage</h1>" in page and FALLBACK_NOTE["fr"] in page
