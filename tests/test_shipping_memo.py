"""What the shipping checker remembers between decisions: reasons per language, cart keys."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from storefront_plugin.rules import Rule, Ruleset
from storefront_plugin.rules_loader import load_ruleset
from storefront_plugin.shipping import ShippingChecker

DAY = date(2026, 11, 22)
# Three different ZIPs of one banned state (Alabama), so no decision comes from the decision cache.
ALABAMA = [{"country": "US", "postal_code": code} for code in ("35203", "36104", "35801")]
KRATOM = [{"sku": "k", "category": "kratom"}]


class Visitor:
    """The language of the "request", and a translator and place namer that follow it."""

    def __init__(self) -> None:
        self.language = "en"
        self.named: Counter[tuple[str, str]] = Counter()

    def translate(self, template: str, **variables: Any) -> str:
        return f"[{self.language}] " + template % variables

    def place_name(self, rule: Rule) -> str:
        self.named[rule.id, self.language] += 1
        return f"{rule.display_name} ({self.language})"


def checker_for(visitor: Visitor, ruleset: Ruleset | None = None) -> ShippingChecker:
    return ShippingChecker(
        ruleset or load_ruleset(), translate=visitor.translate, language=lambda: visitor.language, place_name=visitor.place_name
    )


def test_a_blocked_place_is_named_once_per_language() -> None:
    visitor = Visitor()
    checker = checker_for(visitor)
    for language in ("en", "es", "en", "es"):
        visitor.language = language
        for address in ALABAMA:
            decision = checker.check(address, KRATOM, on=DAY)
            (reason,) = decision.reasons
            assert reason.code == "shipping.banned" and reason.message.startswith(f"[{language}] ")
            assert f"({language})" in reason.message and reason.rule_id == "us-al"
    assert visitor.named == Counter({("us-al", "en"): 1, ("us-al", "es"): 1})


def test_a_new_rule_under_a_known_id_is_named_afresh() -> None:
    visitor = Visitor()
    checker = checker_for(visitor)
    before = checker.check(ALABAMA[0], KRATOM, on=DAY).reasons[0]
    renamed = [Rule(**{**r.__dict__, "name": "Renamed"}) if r.id == "us-al" else r for r in checker.ruleset]
    checker.ruleset = Ruleset.build(renamed, checker.ruleset.as_of, "renamed")
    after = checker.check(ALABAMA[1], KRATOM, on=DAY).reasons[0]
    assert "Renamed" in after.message and "Renamed" not in before.message


def test_review_and_block_reasons_of_one_rule_are_kept_apart() -> None:
    uncertain = Rule(
        id="us-or-unclear", country="US", state="OR", effect="ban", sources=("https://example.org",), as_of="2026",
        confidence="low", note="n",
    )  # fmt: skip
    checker = ShippingChecker(Ruleset.build([uncertain], DAY, "t"), uncertain="review")
    for policy, code, zip_code in (("review", "shipping.needs_review", "97205"), ("block", "shipping.banned", "97209")):
        checker.uncertain = policy  # type: ignore[assignment]
        assert checker.check({"country": "US", "postal_code": zip_code}, KRATOM, on=DAY).codes == (code,)


def test_attributes_given_as_an_iterator_still_count() -> None:
    """The cache key must not use up an iterator the decision then reads as empty (that would let 7-OH through)."""
    checker = ShippingChecker(load_ruleset())
    miami = {"country": "US", "region": "FL", "postal_code": "33101"}
    seven_oh = [{"sku": "c", "category": "kratom", "attributes": iter(["7-OH"])}]
    assert checker.check(miami, seven_oh, on=DAY).codes == ("shipping.product_restricted",)
    assert checker.check(miami, [{"sku": "c", "category": "kratom", "attributes": ["7-OH"]}], on=DAY).status == "blocked"
    again = [{"sku": "c", "category": "kratom", "attributes": (a for a in ["7-OH"])}]
    assert checker.check({**miami, "postal_code": "33139"}, again, on=DAY).status == "blocked"


def test_one_cart_key_serves_many_addresses_and_carts_stay_apart() -> None:
    checker = ShippingChecker(load_ruleset())
    miami = {"country": "US", "region": "FL", "postal_code": "33101"}
    leaf = [{"sku": "l", "category": "kratom", "attributes": ("powder",)}]
    seven_oh = [{"sku": "c", "category": "Kratom ", "attributes": {"7-oh"}}]
    for code in ("33101", "33139", "33130"):
        assert checker.check({**miami, "postal_code": code}, leaf, on=DAY).status == "allowed"
        assert checker.check({**miami, "postal_code": code}, seven_oh, on=DAY).status == "blocked"
        assert checker.check({**miami, "postal_code": code}, [{"sku": "t", "category": "tea"}], on=DAY).required_age is None
