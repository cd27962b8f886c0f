"""Country and US-state names in the customer's language (CLDR via Babel, ISO 3166-2 via pycountry)."""

from __future__ import annotations

import pycountry
import pytest
from babel import Locale

from storefront_plugin.jurisdictions import CORRECTIONS, country_name, jurisdiction_name, subdivision_name


@pytest.mark.parametrize(
    ("code", "locale", "expected"),
    [
        ("US", "en", "United States"),
        ("US", "es", "Estados Unidos"),
        ("US", "fr", "États-Unis"),
        ("US", "de", "Vereinigte Staaten"),
        ("de", "fr", "Allemagne"),  # codes are case-insensitive
        ("CA", "es-MX", "Canadá"),  # BCP 47 spelling is accepted
    ],
)
def test_country_names_come_from_cldr(code: str, locale: str, expected: str) -> None:
    assert country_name(code, locale) == expected


@pytest.mark.parametrize(
    ("code", "locale", "expected"),
    [
        ("US-CA", "en", "California"),
        ("US-CA", "fr", "Californie"),
        ("US-CA", "de", "Kalifornien"),
        ("US-NC", "es", "Carolina del Norte"),
        ("US-NC", "fr", "Caroline du Nord"),
        ("US-NY", "es", "Nueva York"),
        ("US-TX", "de", "Texas"),  # same name in German: the ISO name is right
        ("US-GA", "de", "Georgia"),  # corrected: the dataset says "Georgien", the country
        ("US-WV", "fr", "Virginie-Occidentale"),
        ("US-PR", "fr", "Porto Rico"),  # outlying areas are CLDR territories
        ("US-VI", "de", "Amerikanische Jungferninseln"),
    ],
)
def test_subdivision_names(code: str, locale: str, expected: str) -> None:
    assert subdivision_name(code, locale) == expected


def test_every_us_state_has_a_name_in_every_language() -> None:
    states = list(pycountry.subdivisions.get(country_code="US"))
    assert len(states) >= 51
    for lang in ("en", "es", "fr", "de"):
        names = {s.code: subdivision_name(s.code, lang) for s in states}
        assert all(name and name != code for code, name in names.items()), lang
        assert len(set(names.values())) == len(names), f"two states share a name in {lang}"


def test_corrections_only_fix_real_translations() -> None:
    # Each correction names a real subdivision and a language we ship, and differs from the ISO name or
    # from what the dataset says; an entry that no longer changes anything should be deleted.
    for (lang, code), name in CORRECTIONS.items():
        assert lang in {"es", "fr", "de"}
        assert pycountry.subdivisions.get(code=code) is not None
        assert Locale.parse(lang)
        assert name


@pytest.mark.parametrize("bad", ["", "ZZ", "001", "US-ZZ", "nonsense", "US-"])
def test_unknown_codes_come_back_unchanged(bad: str) -> None:
    assert country_name(bad, "de") == bad
    assert subdivision_name(bad, "de") == bad


def test_unknown_locale_falls_back_to_english() -> None:
    assert country_name("US", "not a locale") == "United States"
    assert subdivision_name("US-CA", None) == "California"


@pytest.mark.parametrize(
    ("code", "locale", "expected"),
    [
        ("US", "es", "Estados Unidos"),
        ("US-FL", "fr", "Floride"),
        ("US-FL/Sarasota County", "fr", "Sarasota County, Floride"),
        ("US-CA/San Diego", "de", "San Diego, Kalifornien"),
    ],
)
def test_jurisdiction_names_at_every_level(code: str, locale: str, expected: str) -> None:
    assert jurisdiction_name(code, locale) == expected
