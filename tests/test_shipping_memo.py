"""What the shipping checker remembers between decisions must never change a decision."""

from __future__ import annotations

from datetime import date

from storefront_plugin.rules_loader import load_ruleset
from storefront_plugin.shipping import ShippingChecker

DAY = date(2026, 11, 22)


def test_attributes_given_as_an_iterator_still_count() -> None:
    """The cache key must not use up an iterator the decision then reads as empty (that would let 7-OH through)."""
    checker = ShippingChecker(load_ruleset())
    miami = {"country": "US", "region": "FL", "postal_code": "33101"}
    seven_oh = [{"sku": "c", "category": "kratom", "attributes": iter(["7-OH"])}]
    assert checker.check(miami, seven_oh, on=DAY).codes == ("shipping.product_restricted",)
    assert checker.check(miami, [{"sku": "c", "category": "kratom", "attributes": ["7-OH"]}], on=DAY).status == "blocked"
    again = [{"sku": "c", "category": "kratom", "attributes": (a for a in ["7-OH"])}]
    assert checker.check({**miami, "postal_code": "33139"}, again, on=DAY).status == "blocked"
