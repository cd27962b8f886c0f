"""The demo shop works end to end in the test client, with the plugin mounted."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient

from examples.demo_shop import create_app
from examples.demo_shop.catalogue import PRODUCTS

ADDRESS = {
    "name": "Pat Doe",
    "line1": "1 Main St",
    "city": "Portland",
    "region": "OR",
    "postal_code": "97205",
    "country": "US",
    "dob_day": "4",
    "dob_month": "7",
    "dob_year": "1980",
}


@pytest.fixture
def shop_client(shop: Flask) -> FlaskClient:
    """A visitor who has passed the shop's age gate."""
    client = shop.test_client()
    passed = client.post("/storefront/age", data={"day": "4", "month": "7", "year": "1980", "next": "/"})
    assert passed.status_code == 303
    return client


def test_catalogue_has_restricted_and_unrestricted_products() -> None:
    categories = {p.category for p in PRODUCTS}
    assert {"kratom", "accessory"} <= categories
    forms = {p.attributes.get("form") for p in PRODUCTS if p.category == "kratom"}
    assert {"powder", "capsule"} <= forms


def test_home_lists_every_product(shop_client: FlaskClient) -> None:
    page = shop_client.get("/").get_data(as_text=True)
    for product in PRODUCTS:
        assert product.name in page


@pytest.mark.parametrize("product", PRODUCTS, ids=lambda p: p.sku)
def test_product_pages(shop_client: FlaskClient, product) -> None:  # type: ignore[no-untyped-def]
    response = shop_client.get(f"/product/{product.sku}")
    assert response.status_code == 200
    assert product.price in response.get_data(as_text=True)


def test_unknown_product_is_404(shop_client: FlaskClient) -> None:
    assert shop_client.get("/product/NOPE").status_code == 404


def test_plugin_pages_use_the_shop_layout(shop_client: FlaskClient) -> None:
    page = shop_client.get("/storefront/").get_data(as_text=True)
    assert "Leaf &amp; Kettle" in page and "/static/style.css" in page


def test_cart_add_and_remove(shop_client: FlaskClient) -> None:
    sku = PRODUCTS[0].sku
    shop_client.post("/cart/add", data={"sku": sku, "quantity": "2"})
    page = shop_client.get("/cart").get_data(as_text=True)
    assert PRODUCTS[0].name in page and "Cart (2)" in page
    shop_client.post("/cart/remove", data={"sku": sku})
    assert "Your cart is empty" in shop_client.get("/cart").get_data(as_text=True)


def test_cart_rejects_unknown_sku_and_clamps_quantity(shop_client: FlaskClient) -> None:
    assert shop_client.post("/cart/add", data={"sku": "X"}).status_code == 400
    shop_client.post("/cart/add", data={"sku": PRODUCTS[3].sku, "quantity": "9999"})
    assert "Cart (20)" in shop_client.get("/cart").get_data(as_text=True)


def test_checkout_requires_fields(shop_client: FlaskClient) -> None:
    shop_client.post("/cart/add", data={"sku": PRODUCTS[3].sku})
    # Everything the plugin needs is there; the shop still wants a name and a street.
    partial = {k: v for k, v in ADDRESS.items() if k not in ("name", "line1")}
    response = shop_client.post("/checkout", data=partial)
    assert response.status_code == 400
    assert "Please fill in: name, line1" in response.get_data(as_text=True)


def test_checkout_without_a_birth_date_is_stopped_by_the_plugin(shop_client: FlaskClient) -> None:
    shop_client.post("/cart/add", data={"sku": PRODUCTS[0].sku})
    response = shop_client.post("/checkout", data={"name": "Pat"})
    assert response.status_code == 422
    assert 'data-code="age.missing"' in response.get_data(as_text=True)


def test_checkout_review_place_and_confirm(shop_client: FlaskClient) -> None:
    shop_client.post("/cart/add", data={"sku": PRODUCTS[3].sku})
    assert shop_client.get("/checkout").status_code == 200
    response = shop_client.post("/checkout", data=ADDRESS)
    assert response.status_code == 302 and response.headers["Location"].endswith("/checkout/review")
    assert "Portland" in shop_client.get("/checkout/review").get_data(as_text=True)
    placed = shop_client.post("/checkout/place")
    assert placed.status_code == 302
    ref = re.search(r"/order/(LK-[0-9A-F]+)", placed.headers["Location"]).group(1)  # type: ignore[union-attr]
    confirmation = shop_client.get(f"/order/{ref}").get_data(as_text=True)
    assert ref in confirmation and PRODUCTS[3].name in confirmation
    assert "Your cart is empty" in shop_client.get("/cart").get_data(as_text=True)


def test_checkout_with_empty_cart_goes_back_to_cart(shop_client: FlaskClient) -> None:
    assert shop_client.get("/checkout").headers["Location"].endswith("/cart")


def test_robots_txt(shop_client: FlaskClient) -> None:
    response = shop_client.get("/robots.txt")
    assert response.status_code == 200 and response.mimetype == "text/plain"


def test_shop_runs_without_the_plugin() -> None:
    """The benchmarks' baseline: the same shop, templates and all, with no plugin mounted."""
    bare = create_app({"TESTING": True}, plugin=False)
    assert "storefront" not in bare.extensions
    client = bare.test_client()
    for product in PRODUCTS:
        page = client.get(f"/product/{product.sku}")
        assert page.status_code == 200 and product.name in page.get_data(as_text=True)
    assert client.get("/storefront/").status_code == 404
