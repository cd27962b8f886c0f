"""The language switcher in the browser: each language shows the page in that language and is remembered."""

from __future__ import annotations

from collections.abc import Callable
from importlib.resources import files
from pathlib import Path

import pytest
from babel.support import Translations
from playwright.sync_api import Page, expect

SWITCHER_LABELS = {"es": "Español", "fr": "Français", "de": "Deutsch"}
#: A page whose heading comes from our gettext catalog.
PAGE = "/storefront/legal"


def translate(code: str, english: str) -> str:
    """``english`` as the compiled catalog the package ships translates it."""
    catalogs = str(files("storefront_plugin.translations"))
    return str(Translations.load(catalogs, [code], domain="storefront").gettext(english))


@pytest.mark.parametrize("code", sorted(SWITCHER_LABELS))
def test_the_switcher_shows_the_page_in_each_language(page: Page, code: str, snap: Callable[..., Path]) -> None:
    page.goto(PAGE)
    heading = page.get_by_role("heading", level=1)
    english = heading.inner_text()
    expected = translate(code, english)
    assert expected != english, f"no {code} translation of {english!r} in the shipped catalog"

    page.get_by_role("navigation", name="Language").get_by_role("link", name=SWITCHER_LABELS[code]).click()
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(heading).to_have_text(expected)
    expect(page.locator(f".sf-lang a[hreflang={code}]")).to_have_attribute("aria-current", "true")
    snap(page, f"language-{code}", full_page=False)

    # The choice sticks: a plain link (no ?lang=) still shows the chosen language.
    page.goto(PAGE)
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(heading).to_have_text(expected)
