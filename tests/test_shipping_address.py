"""Address resolution: towns in banned counties, same-named counties, ZIP/state conflicts, fail-closed gaps."""

from __future__ import annotations

from datetime import date

import pytest

from storefront_plugin.rules_loader import load_ruleset
from storefront_plugin.shipping import ShippingChecker

DAY = date(2026, 11, 22)
CHECKER = ShippingChecker(load_ruleset())


def check(**address: str) -> tuple[str, set[str | None], tuple[str, ...]]:
    decision = CHECKER.check({"country": "US", **address}, on=DAY)
    return decision.status, {r.rule_id for r in decision.reasons}, decision.codes


@pytest.mark.parametrize(
    ("zip_code", "town"),
    [("34285", "Venice"), ("34286", "North Port"), ("34229", "Osprey"), ("34236", "Sarasota")],
)
def test_towns_inside_sarasota_county_are_blocked(zip_code: str, town: str) -> None:
    # The rule names the county only; every ZIP of the county is covered.
    status, rules, _ = check(region="FL", city=town, postal_code=zip_code)
    assert status == "blocked"
    assert "us-fl-sarasota-county" in rules


def test_town_inside_union_county_ms_is_blocked() -> None:
    status, rules, _ = check(region="MS", city="Myrtle", postal_code="38650")
    assert status == "blocked" and "us-ms-union-county" in rules


@pytest.mark.parametrize(("state", "zip_code"), [("NJ", "07083"), ("NC", "28110")])
def test_union_county_in_other_states_is_not_blocked(state: str, zip_code: str) -> None:
    status, rules, _ = check(region=state, county="Union County", postal_code=zip_code)
    assert status == "allowed", rules


def test_lee_county_alabama_is_not_lee_county_mississippi() -> None:
    # Alabama is banned anyway, so the check is on which rule fired.
    _, rules, _ = check(region="AL", postal_code="36830")
    assert rules == {"us-al"}
    _, rules, _ = check(region="MS", postal_code="38804")
    assert rules == {"us-ms-lee-county"}


def test_typed_city_counts_even_when_the_zip_names_another() -> None:
    # A postal city is not a municipal boundary: the typed city alone is enough to block.
    status, rules, _ = check(region="CO", city="Denver", postal_code="80134")
    assert status == "blocked" and "us-co-denver" in rules
    status, _, _ = check(region="CO", city="Lone Tree", postal_code="80124")
    assert status == "allowed"


def test_acceptable_city_name_of_the_zip_matches() -> None:
    status, rules, _ = check(region="CO", postal_code="80134")  # postal city Parker
    assert status == "blocked" and "us-co-parker" in rules


@pytest.mark.parametrize(
    ("address", "code"),
    [
        ({"region": "CA", "postal_code": "10001"}, "address.region_mismatch"),
        ({"region": "Texas", "postal_code": "10001"}, "address.region_mismatch"),
        ({"region": "NY", "postal_code": "00000"}, "address.unknown_postal_code"),
        ({"region": "NY", "postal_code": "1000"}, "address.invalid_postal_code"),
        ({"region": "NY", "postal_code": "ABCDE"}, "address.invalid_postal_code"),
        ({"region": "NY"}, "address.missing_postal_code"),
        ({"region": "Narnia", "postal_code": "10001"}, "address.unknown_region"),
    ],
)
def test_unresolvable_us_addresses_are_unverifiable(address: dict[str, str], code: str) -> None:
    status, _, codes = check(**address)
    assert status == "unverifiable"
    assert code in codes


def test_state_is_taken_from_the_zip() -> None:
    decision = CHECKER.check({"country": "US", "postal_code": "10001-0001"}, on=DAY)
    assert decision.status == "allowed"
    assert decision.jurisdictions[:3] == ("US", "US-NY", "US-NY/New York County")


def test_a_typed_banned_state_still_blocks_without_a_zip() -> None:
    # Worst outcome wins: unverifiable address, but Alabama is banned outright.
    status, rules, codes = check(region="Alabama")
    assert status == "blocked"
    assert "us-al" in rules and "address.missing_postal_code" in codes


@pytest.mark.parametrize(
    "address",
    [{}, {"country": ""}, {"country": "Atlantis"}, {"country": None}, {"country": 7}, "US", None, ["US"]],
)
def test_missing_or_unknown_country_is_unverifiable(address: object) -> None:
    decision = CHECKER.check(address, on=DAY)  # type: ignore[arg-type]
    assert decision.status == "unverifiable"
    assert not decision.allowed
    assert decision.reasons and decision.reasons[0].code.startswith("address.")


def test_default_country_fills_a_missing_country() -> None:
    checker = ShippingChecker(load_ruleset(), default_country="GB")
    assert checker.check({"postal_code": "SW1A 1AA"}, on=DAY).status == "blocked"
    assert checker.check({"country": "DE"}, on=DAY).status == "allowed"
