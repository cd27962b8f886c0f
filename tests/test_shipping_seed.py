"""Every jurisdiction of the seed shipping notice is blocked, however the customer spells it."""

from __future__ import annotations

from datetime import date

import pytest

from storefront_plugin.rules_loader import load_ruleset
from storefront_plugin.shipping import ShippingChecker

#: A day after every default rule discussed here took effect (Tennessee's ban: 2026-07-01).
DAY = date(2026, 11, 22)

CHECKER = ShippingChecker(load_ruleset())

#: (spellings of the country, expected rule id)
COUNTRIES = [
    (["AU", "aus", "Australia", " australia "], "au"),
    (["MM", "MMR", "Burma", "Myanmar", "burma "], "mm"),
    (["DK", "Denmark", "DNK"], "dk"),
    (["FI", "finland", "FIN"], "fi"),
    (["IL", "Israel", "ISR"], "il"),
    (["LT", "Lithuania", "ltu"], "lt"),
    (["MY", "Malaysia", "MYS"], "my"),
    (["PL", "Poland", "POL"], "pl"),
    (["RO", "Romania", "ROU"], "ro"),
    (["KR", "South Korea", "Korea, Republic of", "KOR", "republic of korea"], "kr"),
    (["SE", "Sweden", "SWE"], "se"),
    (["TH", "Thailand", "THA"], "th"),
    (["GB", "UK", "United Kingdom", "Great Britain", "gbr", "u.k."], "gb"),
    (["VN", "Vietnam", "Viet Nam", "VNM"], "vn"),
]

#: (state spellings, a ZIP in that state, expected rule id)
STATES = [
    (["AL", "al", "Alabama", "ALABAMA"], "35203", "us-al"),
    (["AR", "Arkansas", "arkansas "], "72201", "us-ar"),
    (["IN", "Indiana", "indiana"], "46204", "us-in"),
    (["RI", "Rhode Island", "rhode  island"], "02903", "us-ri-license"),
    (["TN", "Tennessee", "tennessee"], "37201", "us-tn-ban"),
    (["VT", "Vermont", "VERMONT"], "05401", "us-vt"),
    (["WI", "Wisconsin", "wisconsin"], "53703", "us-wi"),
]

#: (address, expected rule id): the seed's counties and cities, typed several ways.
LOCAL = [
    ({"region": "FL", "postal_code": "34236"}, "us-fl-sarasota-county"),
    ({"region": "Florida", "postal_code": "34236-1234", "county": "Sarasota"}, "us-fl-sarasota-county"),
    ({"postal_code": "34236", "county": "sarasota county"}, "us-fl-sarasota-county"),
    ({"region": "MS", "postal_code": "38652"}, "us-ms-union-county"),
    ({"region": "mississippi", "postal_code": "38650", "city": "Myrtle"}, "us-ms-union-county"),
    ({"region": "CO", "postal_code": "80202", "city": "Denver"}, "us-co-denver"),
    ({"region": "colorado", "postal_code": "80202"}, "us-co-denver"),
    ({"region": "CA", "postal_code": "92101", "city": "San Diego"}, "us-ca-san-diego"),
    ({"region": "California", "postal_code": "92101"}, "us-ca-san-diego"),
]


@pytest.mark.parametrize(("spelling", "rule_id"), [(s, r) for spellings, r in COUNTRIES for s in spellings])
def test_seed_countries_are_blocked(spelling: str, rule_id: str) -> None:
    decision = CHECKER.check({"country": spelling}, on=DAY)
    assert decision.status == "blocked", decision
    assert rule_id in {r.rule_id for r in decision.reasons}
    assert all(r.source and r.source.startswith("http") for r in decision.reasons)


@pytest.mark.parametrize(
    ("spelling", "zip_code", "rule_id"), [(s, z, r) for spellings, z, r in STATES for s in spellings]
)
def test_seed_states_are_blocked(spelling: str, zip_code: str, rule_id: str) -> None:
    for country in ("US", "usa", "United States"):
        decision = CHECKER.check({"country": country, "region": spelling, "postal_code": zip_code}, on=DAY)
        assert decision.status == "blocked", decision
        assert rule_id in {r.rule_id for r in decision.reasons}


@pytest.mark.parametrize(("address", "rule_id"), LOCAL)
def test_seed_counties_and_cities_are_blocked(address: dict[str, str], rule_id: str) -> None:
    decision = CHECKER.check({"country": "US", **address}, on=DAY)
    assert decision.status == "blocked", decision
    assert rule_id in {r.rule_id for r in decision.reasons}


def test_reason_names_code_jurisdiction_rule_and_source() -> None:
    decision = CHECKER.check({"country": "US", "region": "CA", "postal_code": "92101"}, on=DAY)
    reason = next(r for r in decision.reasons if r.rule_id == "us-ca-san-diego")
    assert reason.code == "shipping.banned"
    assert reason.jurisdiction == "US-CA / San Diego"
    assert "San Diego" in reason.message
    assert reason.source == "https://superspeciosa.com/blogs/news/news-is-kratom-legal-in-san-diego"
    assert decision.jurisdictions[:2] == ("US", "US-CA")
    assert decision.rules_version.startswith("default@")


@pytest.mark.parametrize("country", ["DE", "Germany", "US"])
def test_places_without_rules_are_allowed(country: str) -> None:
    address = {"country": country, "region": "NY", "postal_code": "10001"} if country == "US" else {"country": country}
    decision = CHECKER.check(address, on=DAY)
    assert decision.status == "allowed"
    assert decision.allowed and decision.reasons == ()
