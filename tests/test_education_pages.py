"""Every education page renders in every mode: layouts, URL prefixes, names, languages, injection on or off."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from flask import Flask

from examples.demo_shop import create_app as create_demo_shop
from tests.conftest import make_app

ARTICLES = ["what-is-kratom", "benefits-and-risks", "anxiety-and-depression", "safe-use", "faq", "references"]

MODES: dict[str, dict[str, Any]] = {
    "default": {},
    "root-prefix": {"STOREFRONT_URL_PREFIX": ""},
    "renamed-blueprint": {"STOREFRONT_BLUEPRINT_NAME": "compliance", "STOREFRONT_URL_PREFIX": "/info"},
    "no-injection": {"STOREFRONT_INJECT_DISCLAIMER": False},
    "prop65-and-21": {"STOREFRONT_PROP65_CHEMICAL": "lead", "STOREFRONT_MIN_AGE": 21},
}


def _prefix(config: dict[str, Any]) -> str:
    return str(config.get("STOREFRONT_URL_PREFIX", "/storefront"))


def _pages(prefix: str) -> list[str]:
    # At the root the host shop's own "/" wins over our index, as Flask's first-registered rule does.
    index = [f"{prefix}/"] if prefix else []
    return [*index, f"{prefix}/legal", *(f"{prefix}/learn/{slug}" for slug in ARTICLES)]


def _check(html: str, url: str) -> None:
    assert html.count("data-storefront-disclaimer") == 1, url
    assert re.search(r"<h1>[^<]+</h1>", html), url
    if "/learn/" in url:
        assert re.search(r'class="sf-muted sf-reviewed" data-reviewed="\d{4}-\d\d-\d\d">[^<]*\d{4}[^<]*</p>', html), url
        if not url.endswith("/references"):
            assert re.search(r'<li id="ref-[a-z0-9-]+">.*?<a href="https://(doi\.org|www\.ncbi|pubmed|www\.fda)', html), url


@pytest.mark.parametrize("mode", MODES)
def test_every_page_renders(mode: str) -> None:
    config = MODES[mode]
    client = make_app(config).test_client()
    for url in _pages(_prefix(config)):
        response = client.get(url)
        assert response.status_code == 200, (mode, url)
        _check(response.get_data(as_text=True), url)


@pytest.mark.parametrize("lang", ["es", "fr", "de"])
def test_article_missing_in_a_language_shows_english_with_a_note(lang: str, tmp_path) -> None:  # type: ignore[no-untyped-def]
    # A merchant article that exists only in English.
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "storage.md").write_text(
        "---\ntitle: Storing leaf\nlast_reviewed: 2026-12-01\n---\nKeep it dry [@fda-kratom].\n", encoding="utf-8"
    )
    client = make_app({"STOREFRONT_CONTENT_DIR": str(tmp_path)}).test_client()
    html = client.get(f"/storefront/learn/storage?lang={lang}").get_data(as_text=True)
    assert f'<html lang="{lang}">' in html
    assert 'class="sf-notice"' in html and '<article class="sf-article" lang="en">' in html
    _check(html, "/learn/storage")
    for url in _pages("/storefront"):
        assert client.get(f"{url}?lang={lang}").status_code == 200, url


def test_pages_render_inside_the_shops_layout() -> None:
    shop = create_demo_shop({"TESTING": True, "STOREFRONT_AGE_GATE_MODE": "off"})
    client = shop.test_client()
    for url in _pages("/storefront"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.get_data(as_text=True)
        assert 'class="site-header"' in html, url  # the shop's own header wraps our page
        _check(html, url)


def test_faq_has_valid_faqpage_json_ld() -> None:
    html = make_app().test_client().get("/storefront/learn/faq").get_data(as_text=True)
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert raw is not None
    data = json.loads(raw.group(1))
    assert data["@type"] == "FAQPage" and data["@context"] == "https://schema.org"
    questions = [q["name"] for q in data["mainEntity"]]
    assert questions == re.findall(r"<h2>([^<]+\?)</h2>", html)
    assert all(q["acceptedAnswer"]["text"] for q in data["mainEntity"])


def test_index_lists_visible_articles_and_the_legal_page(tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "faq.md").write_text("---\nhidden: true\n---\n", encoding="utf-8")
    client = make_app({"STOREFRONT_CONTENT_DIR": str(tmp_path)}).test_client()
    html = client.get("/storefront/").get_data(as_text=True)
    assert "/storefront/learn/what-is-kratom" in html and "/storefront/legal" in html
    assert "/storefront/learn/faq" not in html
    assert client.get("/storefront/learn/faq").status_code == 404
    assert client.get("/storefront/learn/index").status_code == 404
    assert client.get("/storefront/learn/no-such-page").status_code == 404


def test_merchant_article_is_served(app_factory, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "storage.md").write_text(
        "---\ntitle: Storing leaf\nlast_reviewed: 2026-12-01\n---\nKeep the pouch <em>closed</em>.<script>x()</script>\n",
        encoding="utf-8",
    )
    app: Flask = app_factory({"STOREFRONT_CONTENT_DIR": str(tmp_path)})
    html = app.test_client().get("/storefront/learn/storage").get_data(as_text=True)
    assert "Keep the pouch <em>closed</em>." in html and "x()" not in html
