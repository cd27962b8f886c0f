"""The checkout hook on the demo shop's multi-step checkout, the decorator, and the JSON 422."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask, g, session
from flask.testing import FlaskClient

from examples.demo_shop.catalogue import PRODUCTS
from storefront_plugin import StorefrontCompliance, enforce_checkout, get_state
from tests.conftest import make_app

KRATOM = PRODUCTS[0].sku
INFUSER = PRODUCTS[3].sku
PORTLAND = {
    "name": "Pat Doe", "line1": "1 Main St", "city": "Portland", "region": "OR", "postal_code": "97205",
    "country": "US", "dob_day": "4", "dob_month": "7", "dob_year": "1980",
}  # fmt: skip
MIAMI_20 = {**PORTLAND, "city": "Miami", "region": "FL", "postal_code": "33139", "dob_year": "2010"}
MADISON = {**PORTLAND, "city": "Madison", "region": "WI", "postal_code": "53703"}


@pytest.fixture
def buyer(shop: Flask) -> FlaskClient:
    client = shop.test_client()
    client.post("/storefront/age", data={"day": "4", "month": "7", "year": "1980"})
    client.post("/cart/add", data={"sku": KRATOM})
    return client


def _audit_rows(shop: Flask) -> list[Any]:
    store = get_state(shop).enforcement.audit  # type: ignore[union-attr]
    return list(store.entries())


def test_allowed_checkout_goes_through_every_step_and_is_audited(shop: Flask, buyer: FlaskClient) -> None:
    assert buyer.post("/checkout", data=PORTLAND).headers["Location"].endswith("/checkout/review")
    placed = buyer.post("/checkout/place")
    assert placed.status_code == 302 and "/order/LK-" in placed.headers["Location"]
    rows = _audit_rows(shop)
    assert [r.channel for r in rows] == ["hook", "hook"]
    assert all(r.status == "allowed" and "US-OR" in r.jurisdictions for r in rows)


def test_step_one_blocks_an_under_age_buyer_with_reasons_and_sources(buyer: FlaskClient) -> None:
    response = buyer.post("/checkout", data=MIAMI_20)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'data-code="age.under_minimum"' in html
    assert re.search(r'Source: <a href="https?://', html)
    assert "Leaf &amp; Kettle" in html  # in the shop's own layout
    with buyer.session_transaction() as sess:
        assert "checkout" not in sess  # the shop's view never ran


def test_a_banned_state_is_blocked_at_step_one(buyer: FlaskClient) -> None:
    response = buyer.post("/checkout", data=MADISON)
    assert response.status_code == 422 and 'data-code="shipping.banned"' in response.get_data(as_text=True)


def test_the_order_step_cannot_be_slipped_through(shop: Flask, buyer: FlaskClient) -> None:
    """Step 1 passed for Oregon; the session is then changed to Florida and a 14-year-old."""
    assert buyer.post("/checkout", data=PORTLAND).status_code == 302
    with buyer.session_transaction() as sess:
        sess["checkout"] = {**sess["checkout"], "region": "FL", "city": "Miami", "postal_code": "33139", "dob_year": "2012"}
    placed = buyer.post("/checkout/place")
    assert placed.status_code == 422
    assert 'data-code="age.under_minimum"' in placed.get_data(as_text=True)
    with buyer.session_transaction() as sess:
        assert "last_order" not in sess and sess.get("cart")  # no order, cart kept
    assert [r.status for r in _audit_rows(shop)] == ["allowed", "blocked"]


def test_the_order_step_without_checkout_data_fails_closed(buyer: FlaskClient) -> None:
    response = buyer.post("/checkout/place")
    assert response.status_code == 422 and 'data-code="age.missing"' in response.get_data(as_text=True)


def test_a_json_request_gets_422_with_the_decision(buyer: FlaskClient) -> None:
    response = buyer.post("/checkout", data=MIAMI_20, headers={"Accept": "application/json"})
    assert response.status_code == 422
    body = response.get_json()
    assert body["allowed"] is False and body["status"] == "blocked"
    assert "age.under_minimum" in [r["code"] for r in body["reasons"]]


def test_get_requests_are_not_judged(buyer: FlaskClient) -> None:
    assert buyer.get("/checkout").status_code == 200


def test_unrestricted_cart_to_a_banned_state_passes(shop: Flask) -> None:
    client = shop.test_client()
    client.post("/storefront/age", data={"day": "4", "month": "7", "year": "1980"})
    client.post("/cart/add", data={"sku": INFUSER})
    assert client.post("/checkout", data=MADISON).status_code == 302


# -- a shop of its own: field mapping, loaders, the decorator ----------------------------------


def small_shop(tmp_path: Path, extension: StorefrontCompliance | None = None, **config: Any) -> Flask:
    app = make_app(
        {
            "STOREFRONT_AGE_GATE_MODE": "off",
            "STOREFRONT_AUDIT_DATABASE_URL": f"sqlite:///{tmp_path}/audit.sqlite3",
            **config,
        },
        extension,
    )

    @app.post("/pay")
    def pay() -> str:
        return f"paid {g.storefront_checkout_decision.status}"

    @app.post("/newsletter")
    def newsletter() -> str:
        return "subscribed"

    @app.post("/express")
    @enforce_checkout(fields={"dob": "birth_date", "zip": "postal_code", "state": "region"})
    def express() -> str:
        return "express ok"

    @app.post("/plain")
    @enforce_checkout
    def plain() -> str:
        return "plain ok"

    return app


def test_field_mapping_from_config(tmp_path: Path) -> None:
    app = small_shop(
        tmp_path,
        STOREFRONT_CHECKOUT_ENDPOINTS={"pay": {"zip": "postal_code", "state": "region"}},
        STOREFRONT_CHECKOUT_FIELDS={"dob": "birth_date"},
    )
    client = app.test_client()
    form = {"country": "US", "state": "OR", "zip": "97205", "city": "Portland", "dob": "1980-07-04"}
    assert client.post("/pay", data=form).get_data(as_text=True) == "paid allowed"
    assert client.post("/pay", data={**form, "dob": "2012-01-01"}).status_code == 422


def test_endpoint_loader_wins_over_the_general_one(tmp_path: Path) -> None:
    ext = StorefrontCompliance()

    @ext.checkout_loader
    def general(endpoint: str) -> dict[str, Any]:
        return {"birth_date": "2012-01-01"}

    @ext.checkout_loader(endpoint="pay")
    def for_pay(endpoint: str) -> dict[str, Any]:
        return {"address": {"country": "US", "region": "OR", "postal_code": "97205"}, "birth_date": "1980-01-01",
                "items": [{"sku": "K", "category": "kratom"}], "order_ref": "ORD-7"}  # fmt: skip

    app = small_shop(tmp_path, ext, STOREFRONT_CHECKOUT_ENDPOINTS=["pay"])
    assert app.test_client().post("/pay").get_data(as_text=True) == "paid allowed"
    rows = list(get_state(app).enforcement.audit.entries())  # type: ignore[union-attr]
    assert rows[-1].order_ref == "ORD-7"


def test_a_loader_that_raises_fails_closed(tmp_path: Path) -> None:
    ext = StorefrontCompliance()

    @ext.checkout_loader
    def broken(endpoint: str) -> dict[str, Any]:
        raise KeyError("cart")

    app = small_shop(tmp_path, ext, STOREFRONT_CHECKOUT_ENDPOINTS=["pay"])
    response = app.test_client().post("/pay", headers={"Accept": "application/json"})
    assert response.status_code == 422 and response.get_json()["reasons"][0]["code"] == "checkout.unreadable"


def test_decorator_with_its_own_fields(tmp_path: Path) -> None:
    client = small_shop(tmp_path).test_client()
    form = {"country": "US", "state": "OR", "zip": "97205", "dob": "1980-07-04"}
    assert client.post("/express", data=form).get_data(as_text=True) == "express ok"
    blocked = client.post("/express", data={**form, "dob": "2015-01-01"})
    assert blocked.status_code == 422 and "age.under_minimum" in blocked.get_data(as_text=True)


def test_bare_decorator_reads_our_key_names_and_json_bodies(tmp_path: Path) -> None:
    client = small_shop(tmp_path).test_client()
    body = {"country": "US", "region": "OR", "postal_code": "97205", "birth_date": "1980-07-04"}
    assert client.post("/plain", json=body).get_data(as_text=True) == "plain ok"
    refused = client.post("/plain", json={**body, "birth_date": "1990-02-30"})
    assert refused.status_code == 422 and refused.get_json()["status"] == "unverifiable"


def test_unguarded_endpoints_are_left_alone(tmp_path: Path) -> None:
    client = small_shop(tmp_path, STOREFRONT_CHECKOUT_ENDPOINTS=["pay"]).test_client()
    assert client.post("/newsletter", data={"email": "a@b.example"}).get_data(as_text=True) == "subscribed"
    assert list(get_state(client.application).enforcement.audit.entries()) == []  # type: ignore[union-attr]


def test_blocked_page_template_can_be_overridden(tmp_path: Path) -> None:
    app = small_shop(tmp_path, STOREFRONT_CHECKOUT_ENDPOINTS=["pay"])
    from jinja2 import ChoiceLoader, DictLoader

    app.jinja_loader = ChoiceLoader([DictLoader({"storefront/checkout_blocked.html": "custom {{ decision.status }}"}), app.jinja_loader])  # type: ignore[list-item]
    response = app.test_client().post("/pay", data={"country": "US"})
    assert response.status_code == 422 and response.get_data(as_text=True) == "custom unverifiable"


def test_session_is_read_by_the_loader_not_trusted_from_the_form(shop: Flask) -> None:
    with shop.test_request_context("/checkout/place", method="POST"):
        session["checkout"] = {"country": "US", "region": "OR", "postal_code": "97205", "dob_day": "1", "dob_month": "1", "dob_year": "1980"}
        session["cart"] = {KRATOM: 1}
        from storefront_plugin.checkout import gather

        found = gather("place_order", {})
        assert found.address["region"] == "OR" and found.birth_date == {"day": "1", "month": "1", "year": "1980"}
        assert found.items and found.items[0]["sku"] == KRATOM


@pytest.mark.parametrize("body", [b"[" * 30_000 + b"]" * 30_000, b'{"a": ' * 8_000 + b"1" + b"}" * 8_000, b"{not json"])
def test_an_unreadable_json_body_fails_closed_without_a_traceback(
    buyer: FlaskClient, body: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    response = buyer.post("/checkout", data=body, content_type="application/json")
    assert response.status_code == 422 and response.get_json()["status"] == "unverifiable"
    assert not [r for r in caplog.records if r.exc_info], "an unreadable body is the buyer's input, not our failure"
