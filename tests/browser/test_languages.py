"""The language switcher in the browser: each language shows the page in that language and is remembered."""

from __future__ import annotations

import re
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


@pytest.mark.parametrize("code", sorted(SWITCHER_LABELS))
def test_the_gate_in_each_language_still_leads_to_the_page_asked_for(page: Page, code: str, snap: Callable[..., Path]) -> None:
    page.goto("/product/KR-PWD-RED-250")
    page.get_by_role("navigation", name="Language").get_by_role("link", name=SWITCHER_LABELS[code]).click()
    expect(page.locator("html")).to_have_attribute("lang", code)
    expect(page.get_by_role("heading", level=1)).to_have_text(translate(code, "Please confirm your age"))
    # Spanish, French and German write the day first, and so does the form.
    ids = page.locator("form input:not([type=hidden])").evaluate_all("els => els.map(e => e.id)")
    assert ids == ["sf-dob-day", "sf-dob-month", "sf-dob-year"]
    snap(page, f"gate-{code}", full_page=False)
    for field, value in zip(ids, ("4", "7", "1980")):
        page.locator(f"#{field}").fill(value)
    page.get_by_role("button", name=translate(code, "Enter the shop")).click()
    expect(page).to_have_url(re.compile(r"/product/KR-PWD-RED-250$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Red Vein Kratom Powder, 250 g")
