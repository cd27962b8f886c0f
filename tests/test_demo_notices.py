"""The demo shop shows product notices on product pages and the Prop 65 warning to California checkouts."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from examples.demo_shop import create_app
from examples.demo_shop.catalogue import PRODUCTS

P65 = "known to the State of California to cause cancer and birth defects or other reproductive harm"
CALIFORNIA = {"name": "Pat Doe", "line1": "1 Market St", "city": "San Francisco", "region": "CA", "postal_code": "94105",
              "country": "US", "dob_day": "4", "dob_month": "7", "dob_year": "1980"}  # fmt: skip


@pytest.fixture
def client(tmp_path: Path) -> FlaskClient:
    # California's statewide rule is switched off here so the order reaches the review step.
    shop = create_app({"TESTING": True, "STOREFRONT_AUDIT_DATABASE_URL": f"sqlite:///{tmp_path}/a.sqlite3",
                       "STOREFRONT_DISABLED_RULES": ["us-ca"]})  # fmt: skip
    client = shop.test_client()
    assert client.post("/storefront/age", data={"day": "4", "month": "7", "year": "1980", "next": "/"}).status_code == 303
    return client


@pytest.mark.parametrize("product", PRODUCTS, ids=lambda p: p.sku)
def test_product_pages_carry_the_notice_for_restricted_products(client: FlaskClient, product) -> None:  # type: ignore[no-untyped-def]
    html = client.get(f"/product/{product.sku}").get_data(as_text=True)
    assert ("sf-product-notice" in html) == (product.category == "kratom")
    assert (P65 in html) == (product.category == "kratom")
    assert html.count("data-storefront-disclaimer") == 1


def test_california_review_shows_prop65_before_the_order_is_placed(client: FlaskClient) -> None:
    client.post("/cart/add", data={"sku": PRODUCTS[0].sku})
    assert client.post("/checkout", data=CALIFORNIA).status_code == 302
    html = client.get("/checkout/review").get_data(as_text=True)
    assert P65 in html and html.index(P65) < html.index("Place order")


def test_other_states_review_has_no_prop65(client: FlaskClient) -> None:
    client.post("/cart/add", data={"sku": PRODUCTS[0].sku})
    oregon = {**CALIFORNIA, "city": "Portland", "region": "OR", "postal_code": "97205"}
    assert client.post("/checkout", data=oregon).status_code == 302
    assert P65 not in client.get("/checkout/review").get_data(as_text=True)
