"""Disclaimer texts, the Jinja globals, and injection before </body> of the shop's pages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask import Flask, Response, jsonify, redirect, render_template, render_template_string, stream_with_context
from jinja2 import FileSystemLoader

from storefront_plugin.disclaimers import DSHEA_EN, DSHEA_PLURAL_EN, DSHEA_SINGULAR_EN, dshea_text, is_california
from tests.conftest import HOST_PAGE, make_app

REFERENCE_SINGULAR = (
    "This statement has not been evaluated by the Food and Drug Administration. "
    "This product is not intended to diagnose, treat, cure, or prevent any disease."
)
REFERENCE_PLURAL = REFERENCE_SINGULAR.replace("This statement has", "These statements have", 1)
MARK = "data-storefront-disclaimer"

LAYOUT = """<!doctype html><html><head><title>Shop</title></head><body><main>{% block content %}{% endblock %}</main>
<footer>{% block footer %}<p>Shop footer</p>{{ storefront_disclaimer() }}{% endblock %}</footer></body></html>"""
CHECKOUT = """{% extends "layout.html" %}{% block content %}<h1>Checkout</h1>{% endblock %}{% block footer %}{% endblock %}"""
PRODUCT = """{% extends "layout.html" %}{% block content %}<h1>{{ product.name }}</h1>
<p>Supports a calm evening routine.{{ storefront_claim_marker() }}</p>{% if two %}<p>Second statement.{{ storefront_claim_marker() }}</p>{% endif %}
{{ storefront_product_notice(product) }}{% endblock %}"""
REVIEW = """{% extends "layout.html" %}{% block content %}{{ storefront_prop65_warning(address) }}<button>Place order</button>{% endblock %}"""


def host(tmp_path: Path, config: dict[str, Any] | None = None) -> Flask:
    for name, text in {"layout.html": LAYOUT, "checkout.html": CHECKOUT, "product.html": PRODUCT, "review.html": REVIEW}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    app = make_app({"STOREFRONT_AGE_GATE_MODE": "off", **(config or {})})
    app.jinja_loader = FileSystemLoader(str(tmp_path))  # type: ignore[assignment]

    app.add_url_rule("/page", "page", lambda: HOST_PAGE)
    app.add_url_rule("/json", "json", lambda: jsonify(ok=True))
    app.add_url_rule("/text", "text", lambda: Response("<body></body>", mimetype="text/plain"))
    app.add_url_rule("/fragment", "fragment", lambda: "<div>partial</div>")
    app.add_url_rule("/go", "go", lambda: redirect("/page"))
    app.add_url_rule("/checkout", "checkout", lambda: render_template("checkout.html"))
    app.add_url_rule("/footer", "footer", lambda: render_template_string('{% extends "layout.html" %}'))

    def stream() -> Response:
        def chunks():  # type: ignore[no-untyped-def]
            yield "<html><body>"
            yield "</body></html>"

        return Response(stream_with_context(chunks()), mimetype="text/html")

    app.add_url_rule("/stream", "stream", stream)
    app.add_url_rule(
        "/chunked", "chunked", lambda: Response([b"<html><body><main>Two", b" chunks</main></body></html>"], mimetype="text/html")
    )

    def product(kind: str) -> str:
        item = {"name": "Leaf", "category": kind}
        return render_template("product.html", product=item, two=kind == "kratom2")

    app.add_url_rule("/product/<kind>", "product", product)
    app.add_url_rule("/review/<region>", "review", lambda region: render_template("review.html", address={"country": "US", "region": region}))
    return app


def test_dshea_constants_are_the_exact_regulatory_wording() -> None:
    assert DSHEA_SINGULAR_EN == REFERENCE_SINGULAR and DSHEA_PLURAL_EN == REFERENCE_PLURAL
    assert DSHEA_EN == {"singular": REFERENCE_SINGULAR, "plural": REFERENCE_PLURAL}
    assert dshea_text(1) == REFERENCE_SINGULAR
    assert dshea_text(2) == dshea_text(0) == dshea_text(None) == REFERENCE_PLURAL


def test_injected_exactly_once_before_body_end(tmp_path: Path) -> None:
    html = host(tmp_path).test_client().get("/page").get_data(as_text=True)
    assert html.count(MARK) == 1
    assert html.index(MARK) < html.index("</body>") and html.index("</main>") < html.index(MARK)
    for text in (REFERENCE_PLURAL, "pregnant or nursing", "Consult a physician", "alcohol, opioids or benzodiazepines", "under 18"):
        assert text in html
    assert "Alabama" in html and "United Kingdom" in html  # where we do not ship, from the rules


@pytest.mark.parametrize("url", ["/json", "/text", "/stream", "/fragment", "/go"])
def test_non_pages_are_left_alone(tmp_path: Path, url: str) -> None:
    response = host(tmp_path).test_client().get(url)
    assert MARK not in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/page", "/chunked"])
def test_injected_page_keeps_a_true_content_length(tmp_path: Path, url: str) -> None:
    response = host(tmp_path).test_client().get(url)
    body = response.get_data()
    assert body.count(MARK.encode()) == 1 and body.endswith(b"</body></html>")
    assert response.headers["Content-Length"] == str(len(body))


def test_page_that_already_has_it_is_not_injected_again(tmp_path: Path) -> None:
    html = host(tmp_path).test_client().get("/footer").get_data(as_text=True)
    assert html.count(MARK) == 1 and "Shop footer" in html
    assert html.index(MARK) < html.index("</footer>")  # the shop's own placement was kept


def test_checkout_with_emptied_footer_still_shows_it(tmp_path: Path) -> None:
    html = host(tmp_path).test_client().get("/checkout").get_data(as_text=True)
    assert "Shop footer" not in html
    assert html.count(MARK) == 1 and REFERENCE_PLURAL in html


def test_injection_can_be_switched_off(tmp_path: Path) -> None:
    client = host(tmp_path, {"STOREFRONT_INJECT_DISCLAIMER": False}).test_client()
    assert MARK not in client.get("/page").get_data(as_text=True)
    assert client.get("/footer").get_data(as_text=True).count(MARK) == 1  # placed by hand: still there


def test_claim_marker_links_to_the_disclaimer_and_sets_number(tmp_path: Path) -> None:
    client = host(tmp_path).test_client()
    one = client.get("/product/kratom").get_data(as_text=True)
    assert 'href="#storefront-disclaimer"' in one and 'id="storefront-disclaimer"' in one
    assert REFERENCE_SINGULAR in one and REFERENCE_PLURAL not in one
    two = client.get("/product/kratom2").get_data(as_text=True)
    assert two.count('class="sf-claim-marker"') == 2 and REFERENCE_PLURAL in two


def test_product_notice_only_for_restricted_categories(tmp_path: Path) -> None:
    client = host(tmp_path).test_client()
    assert "sf-product-notice" in client.get("/product/kratom").get_data(as_text=True)
    assert "sf-product-notice" not in client.get("/product/accessory").get_data(as_text=True)
    assert "Keep out of reach of children." in client.get("/product/kratom").get_data(as_text=True)


def test_prop65_on_product_pages_and_for_california_checkouts(tmp_path: Path) -> None:
    client = host(tmp_path, {"STOREFRONT_PROP65_CHEMICAL": "lead"}).test_client()
    warning = "WARNING: Consuming this product can expose you to lead, which is known to the State of California"
    assert warning in client.get("/product/kratom").get_data(as_text=True)
    review = client.get("/review/CA").get_data(as_text=True)
    assert warning in review and review.index(warning) < review.index("Place order")
    assert warning not in client.get("/review/OR").get_data(as_text=True)


def test_no_prop65_unless_configured(tmp_path: Path) -> None:
    client = host(tmp_path).test_client()
    assert "P65Warnings" not in client.get("/product/kratom").get_data(as_text=True)
    assert "P65Warnings" not in client.get("/review/CA").get_data(as_text=True)


def test_prop65_endpoint_wording(tmp_path: Path) -> None:
    client = host(tmp_path, {"STOREFRONT_PROP65_CHEMICAL": "lead", "STOREFRONT_PROP65_ENDPOINT": "reproductive"}).test_client()
    html = client.get("/product/kratom").get_data(as_text=True)
    assert "to cause birth defects or other reproductive harm. For more information go to www.P65Warnings.ca.gov/food." in html


@pytest.mark.parametrize(
    ("address", "expected"),
    [({"country": "US", "region": "CA"}, True), ({"country": "us", "region": "california"}, True),
     ({"country": "US", "region": "OR"}, False), ({"country": "MX", "region": "CA"}, False), (None, False)],
)
def test_is_california(address: Any, expected: bool) -> None:
    assert is_california(address) is expected


def test_age_notice_follows_the_shop_minimum(tmp_path: Path) -> None:
    html = host(tmp_path, {"STOREFRONT_MIN_AGE": 21}).test_client().get("/page").get_data(as_text=True)
    assert "Not for sale to anyone under 21" in html


@pytest.mark.parametrize("charset", ["us-ascii", "x-no-such-charset"])
def test_page_in_a_narrow_or_unknown_charset_gets_it_as_character_references(tmp_path: Path, charset: str) -> None:
    app = host(tmp_path)
    app.add_url_rule("/ascii", "ascii", lambda: Response("<html><body><p>Tienda</p></body></html>", content_type=f"text/html; charset={charset}"))
    response = app.test_client().get("/ascii?lang=es")
    body = response.get_data()
    assert response.status_code == 200 and body.count(MARK.encode()) == 1
    assert body.isascii() and b"&#" in body  # Spanish accents written as references, not a 500
