"""Which rules apply: product categories and attributes, effective dates, licences, uncertain rules."""

from __future__ import annotations

from datetime import date

import pytest

from storefront_plugin.rules_loader import load_ruleset
from storefront_plugin.shipping import ShippingChecker

RULES = load_ruleset()
CHECKER = ShippingChecker(RULES)
DAY = date(2026, 11, 22)
MIAMI = {"country": "US", "region": "FL", "postal_code": "33101"}
PROVIDENCE = {"country": "US", "region": "RI", "postal_code": "02903"}
NASHVILLE = {"country": "US", "region": "TN", "postal_code": "37201"}
LEAF = {"sku": "leaf-1", "category": "kratom"}
SEVEN_OH = {"sku": "7oh-1", "category": "kratom", "attributes": ["7-OH"]}
TEA = {"sku": "tea-1", "category": "tea"}


def test_cart_without_restricted_categories_ships_to_banned_places() -> None:
    for address in ({"country": "GB"}, {"country": "US", "region": "AL", "postal_code": "35203"}):
        decision = CHECKER.check(address, [TEA], on=DAY)
        assert decision.status == "allowed", decision
        assert decision.required_age is None


def test_no_items_means_the_whole_order_is_restricted() -> None:
    assert CHECKER.check({"country": "GB"}, None, on=DAY).status == "blocked"
    assert CHECKER.check(MIAMI, None, on=DAY).codes == ("shipping.product_restricted",)


def test_one_restricted_item_is_enough() -> None:
    assert CHECKER.check({"country": "GB"}, [TEA, LEAF], on=DAY).status == "blocked"


def test_item_without_a_readable_category_counts_as_restricted() -> None:
    for item in ({"sku": "x"}, {"sku": "x", "category": ""}, "not a mapping"):
        assert CHECKER.check({"country": "GB"}, [item], on=DAY).status == "blocked"  # type: ignore[list-item]


def test_florida_7oh_restriction_is_scoped_to_the_attribute() -> None:
    leaf = CHECKER.check(MIAMI, [LEAF], on=DAY)
    assert leaf.status == "allowed"
    assert leaf.required_age == 21
    concentrate = CHECKER.check(MIAMI, [LEAF, SEVEN_OH], on=DAY)
    assert concentrate.status == "blocked"
    assert [r.rule_id for r in concentrate.reasons] == ["us-fl-7oh"]


def test_florida_7oh_restriction_starts_on_its_date() -> None:
    assert CHECKER.check(MIAMI, [SEVEN_OH], on=date(2025, 8, 12)).status == "allowed"
    assert CHECKER.check(MIAMI, [SEVEN_OH], on=date(2025, 8, 13)).status == "blocked"


def test_rhode_island_ban_then_licence() -> None:
    before = CHECKER.check(PROVIDENCE, [LEAF], on=date(2026, 3, 31))
    assert before.codes == ("shipping.banned",) and before.reasons[0].rule_id == "us-ri-ban"
    after = CHECKER.check(PROVIDENCE, [LEAF], on=date(2026, 4, 1))
    assert after.codes == ("shipping.license_required",)
    assert after.required_age == 21
    licensed = ShippingChecker(RULES, licenses=["US-RI-kratom"]).check(PROVIDENCE, [LEAF], on=date(2026, 4, 1))
    assert licensed.status == "allowed"
    assert licensed.required_age == 21


def test_tennessee_pending_ban_and_prior_age_rule() -> None:
    before = CHECKER.check(NASHVILLE, [LEAF], on=date(2026, 6, 30))
    assert before.status == "allowed" and before.required_age == 21
    after = CHECKER.check(NASHVILLE, [LEAF], on=date(2026, 7, 1))
    assert after.status == "blocked"
    assert after.reasons[0].confidence == "low"


@pytest.mark.parametrize(
    ("policy", "status", "code"),
    [("block", "blocked", "shipping.banned"), ("review", "unverifiable", "shipping.needs_review"), ("ignore", "allowed", None)],
)
def test_uncertain_rules_follow_the_policy(policy: str, status: str, code: str | None) -> None:
    checker = ShippingChecker(RULES, uncertain=policy)  # type: ignore[arg-type]
    decision = checker.check(NASHVILLE, [LEAF], on=DAY)
    assert decision.status == status
    assert decision.codes == ((code,) if code else ())
    # The high-confidence 21+ rule applies whatever the policy.
    assert decision.required_age == 21


def test_required_age_is_the_highest_of_the_matched_rules() -> None:
    decision = CHECKER.check({"country": "US", "region": "TX", "postal_code": "73301"}, [LEAF], on=DAY)
    assert decision.required_age == 18
    assert CHECKER.check({"country": "DE"}, [LEAF], on=DAY).required_age is None


def test_on_accepts_a_datetime() -> None:
    from datetime import datetime

    assert CHECKER.check(PROVIDENCE, [LEAF], on=datetime(2026, 3, 31, 23, 59)).codes == ("shipping.banned",)


def test_on_defaults_to_today() -> None:
    assert CHECKER.check(PROVIDENCE, [LEAF]).codes == CHECKER.check(PROVIDENCE, [LEAF], on=date.today()).codes


def test_rules_active_on_a_date() -> None:
    ids_before = {r.id for r in RULES.active_on(date(2026, 3, 31))}
    ids_after = {r.id for r in RULES.active_on(date(2026, 4, 1))}
    assert "us-ri-ban" in ids_before and "us-ri-license" not in ids_before
    assert "us-ri-license" in ids_after and "us-ri-ban" not in ids_after
    assert all(rule.blocks for rule in RULES.blocking_on(DAY))
