"""Property tests: no input makes the check raise, and no incomplete address is ever allowed."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from storefront_plugin.address import ADDRESS_KEYS
from storefront_plugin.rules_loader import load_ruleset
from storefront_plugin.shipping import ShippingChecker

CHECKER = ShippingChecker(load_ruleset())

anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
texts = st.one_of(st.none(), st.text(max_size=15), st.sampled_from(["US", "usa", "GB", "DE", "FL", "34236", "10001", "AL"]))
addresses = st.fixed_dictionaries({key: texts for key in ADDRESS_KEYS})
items = st.one_of(st.none(), st.lists(st.one_of(anything, st.fixed_dictionaries({"sku": texts, "category": texts})), max_size=3))
days = st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2040, 12, 31)))


@settings(max_examples=150, deadline=None)
@given(address=st.one_of(anything, addresses), cart=items, day=days)
def test_no_input_raises(address: object, cart: object, day: date | None) -> None:
    decision = CHECKER.check(address, cart, day)  # type: ignore[arg-type]
    assert decision.status in ("allowed", "blocked", "unverifiable")
    assert decision.allowed == (decision.status == "allowed")


@settings(max_examples=150, deadline=None)
@given(address=addresses, missing=st.sampled_from(["country", "postal_code"]), cart=items, day=days)
def test_incomplete_us_address_is_never_allowed(address: dict[str, str | None], missing: str, cart: object, day: date | None) -> None:
    address = dict(address)
    address[missing] = None
    if missing == "postal_code":
        address["country"] = "US"
    assert CHECKER.check(address, cart, day).status != "allowed"  # type: ignore[arg-type]


@settings(max_examples=100, deadline=None)
@given(country=st.text(max_size=20), cart=items)
def test_unknown_countries_are_never_allowed(country: str, cart: object) -> None:
    decision = CHECKER.check({"country": country}, cart)  # type: ignore[arg-type]
    if decision.status == "allowed":
        assert decision.jurisdictions and len(decision.jurisdictions[0]) == 2
