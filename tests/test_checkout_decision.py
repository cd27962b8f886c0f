"""check_checkout: shipping rules, the age at the destination, products, the verifier, the signal."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from storefront_plugin import (
    StorefrontCompliance,
    VerificationRequest,
    VerificationResult,
    check_checkout,
    checkout_checked,
    get_state,
)
from tests.conftest import make_app

ON = date(2026, 6, 15)
PORTLAND = {"name": "Pat Doe", "line1": "1 Main St", "city": "Portland", "region": "OR", "postal_code": "97205", "country": "US"}
MIAMI = {"line1": "2 Ocean Dr", "city": "Miami", "region": "FL", "postal_code": "33139", "country": "US"}
PHOENIX = {"city": "Phoenix", "region": "AZ", "postal_code": "85004", "country": "US"}
MADISON = {"city": "Madison", "region": "WI", "postal_code": "53703", "country": "US"}
KRATOM = [{"sku": "KR-1", "category": "kratom", "attributes": ["powder"], "quantity": 1}]
INFUSER = [{"sku": "ACC-1", "category": "accessory", "quantity": 1}]
ADULT_21 = "2005-06-15"  # 21 on ON
ALMOST_21 = "2005-06-16"
ADULT_19 = "2007-01-01"


@dataclass
class FakeVerifier:
    """Stands in for a third-party identity service (the only fake: we cannot reach one)."""

    outcome: str = "verified"
    name: str = "fake-idv"
    explode: bool = False
    seen: list[VerificationRequest] = field(default_factory=list)

    def verify(self, request: VerificationRequest) -> VerificationResult:
        self.seen.append(request)
        if self.explode:
            raise ConnectionError("service down")
        return VerificationResult(self.outcome, self.name, "ID check said no" if self.outcome == "failed" else "")  # type: ignore[arg-type]


def app_with(tmp_path: Path, **config: Any) -> Flask:
    return make_app({"STOREFRONT_AUDIT_DATABASE_URL": f"sqlite:///{tmp_path}/audit.sqlite3", **config})


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    return app_with(tmp_path)


def decide(app: Flask, address: Any, birth: Any, items: Any = KRATOM, **kwargs: Any) -> Any:
    with app.test_request_context():
        return check_checkout(address, birth, items, ON, **kwargs)


def test_adult_in_a_21_state_is_allowed(app: Flask) -> None:
    decision = decide(app, PORTLAND, ADULT_21)
    assert decision.status == "allowed" and decision.allowed
    assert decision.required_age == 21
    assert decision.verification_method == "self-declared"
    assert "US-OR" in decision.jurisdictions and decision.rules_version


def test_one_day_short_in_a_21_state_is_blocked_with_the_rule_and_source(app: Flask) -> None:
    decision = decide(app, MIAMI, ALMOST_21)
    assert decision.status == "blocked"
    (reason,) = [r for r in decision.reasons if r.code == "age.under_minimum"]
    assert reason.jurisdiction and reason.jurisdiction.startswith("US-FL")
    assert reason.rule_id and reason.source and reason.source.startswith("http")
    assert "21" in reason.message


def test_19_year_old_may_buy_where_18_is_the_law(app: Flask) -> None:
    decision = decide(app, PHOENIX, ADULT_19)
    assert decision.required_age == 18 and decision.allowed


def test_under_the_shop_minimum_everywhere(app: Flask) -> None:
    decision = decide(app, PHOENIX, "2010-01-01")
    assert decision.status == "blocked" and decision.codes == ("age.under_minimum",)
    assert decision.reasons[0].jurisdiction is None


def test_shop_minimum_can_be_raised(tmp_path: Path) -> None:
    decision = decide(app_with(tmp_path, STOREFRONT_MIN_AGE=21), PHOENIX, ADULT_19)
    assert decision.required_age == 21 and decision.codes == ("age.under_minimum",)


@pytest.mark.parametrize(("birth", "code"), [(None, "age.missing"), ("", "age.missing"), ("1990-02-30", "age.invalid"), ("soon", "age.invalid"), ("2030-01-01", "age.invalid")])
def test_missing_or_invalid_birth_date_is_unverifiable_never_allowed(app: Flask, birth: Any, code: str) -> None:
    decision = decide(app, PORTLAND, birth)
    assert decision.status == "unverifiable" and code in decision.codes


def test_day_month_year_fields(app: Flask) -> None:
    assert decide(app, PORTLAND, {"day": "15", "month": "6", "year": "2005"}).allowed
    assert not decide(app, PORTLAND, {"day": "16", "month": "6", "year": "2005"}).allowed


def test_a_banned_state_blocks_an_adult(app: Flask) -> None:
    decision = decide(app, MADISON, "1970-01-01")
    assert decision.status == "blocked" and "shipping.banned" in decision.codes


def test_an_unreadable_address_is_unverifiable(app: Flask) -> None:
    decision = decide(app, {"country": "US"}, "1970-01-01")
    assert decision.status == "unverifiable"


def test_age_and_shipping_reasons_are_combined(app: Flask) -> None:
    decision = decide(app, MADISON, None)
    assert decision.status == "blocked"
    assert {"shipping.banned", "age.missing"} <= set(decision.codes)


def test_unrestricted_items_ship_to_a_banned_state_without_an_age_check(app: Flask) -> None:
    # Nothing age-restricted in the cart: no birth date is asked for (or kept).
    assert decide(app, MADISON, "1970-01-01", INFUSER).allowed
    assert decide(app, MADISON, None, INFUSER).allowed


def test_check_checkout_on_the_extension_object(tmp_path: Path) -> None:
    ext = StorefrontCompliance()
    app = make_app({"STOREFRONT_AUDIT_DATABASE_URL": f"sqlite:///{tmp_path}/a.db"}, ext)
    with app.app_context():
        assert ext.check_checkout(PORTLAND, ADULT_21, KRATOM, ON).allowed


# -- identity verification ------------------------------------------------------------------


def test_verifier_is_asked_once_the_age_is_good(tmp_path: Path) -> None:
    verifier = FakeVerifier()
    app = app_with(tmp_path, STOREFRONT_AGE_VERIFIER=verifier)
    decision = decide(app, PORTLAND, ADULT_21, order_ref="A-1")
    assert decision.allowed and decision.verification_method == "fake-idv"
    (request,) = verifier.seen
    assert request.required_age == 21 and "US-OR" in request.jurisdictions and request.order_ref == "A-1"
    decide(app, PORTLAND, ALMOST_21)
    assert len(verifier.seen) == 1  # not asked for someone already too young


@pytest.mark.parametrize(("verifier", "status", "code"), [
    (FakeVerifier("failed"), "blocked", "age.verification_failed"),
    (FakeVerifier("unavailable"), "unverifiable", "age.verification_unavailable"),
    (FakeVerifier(explode=True), "unverifiable", "age.verification_unavailable"),
])  # fmt: skip
def test_verifier_outcomes_fail_closed(tmp_path: Path, verifier: FakeVerifier, status: str, code: str) -> None:
    decision = decide(app_with(tmp_path, STOREFRONT_AGE_VERIFIER=verifier), PORTLAND, ADULT_21)
    assert decision.status == status and code in decision.codes


def test_failed_verifier_message_is_shown(tmp_path: Path) -> None:
    decision = decide(app_with(tmp_path, STOREFRONT_AGE_VERIFIER=FakeVerifier("failed")), PORTLAND, ADULT_21)
    assert decision.reasons[-1].message == "ID check said no"


def test_verifier_by_import_path(tmp_path: Path) -> None:
    app = app_with(tmp_path, STOREFRONT_AGE_VERIFIER="storefront_plugin.verification:SelfDeclaration")
    assert get_state(app).enforcement.verifier.name == "self-declared"  # type: ignore[union-attr]


# -- the signal -----------------------------------------------------------------------------


@pytest.fixture
def checked() -> Iterator[list[dict[str, Any]]]:
    seen: list[dict[str, Any]] = []

    def listener(sender: Flask, **extra: Any) -> None:
        seen.append({"sender": sender, **extra})

    checkout_checked.connect(listener)
    yield seen
    checkout_checked.disconnect(listener)


def test_checkout_checked_signal_carries_the_decision_not_the_person(app: Flask, checked: list[dict[str, Any]]) -> None:
    decision = decide(app, MIAMI, ALMOST_21, order_ref="R-9")
    (event,) = checked
    assert event["sender"] is app and event["decision"] == decision and event["order_ref"] == "R-9"
    text = repr(event)
    assert "2005-06-16" not in text and "Ocean Dr" not in text


def test_a_cart_with_nothing_restricted_needs_no_birth_date(app_factory) -> None:  # type: ignore[no-untyped-def]
    from storefront_plugin import check_checkout

    shop = app_factory()
    infuser = [{"sku": "ACC-1", "category": "accessory"}]
    with shop.app_context():
        decision = check_checkout({"country": "US", "region": "OR", "postal_code": "97205"}, None, infuser)
        assert decision.status == "allowed" and decision.verification_method == "not-required"
        # One restricted item, an unreadable one, or no cart at all: the age is checked again.
        for items in ([*infuser, {"sku": "K", "category": "kratom"}], [{"sku": "X"}], None):
            assert check_checkout({"country": "US", "region": "OR", "postal_code": "97205"}, None, items).codes[-1] == "age.missing"
