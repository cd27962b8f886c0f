"""The demo shop: catalogue, product pages, a session cart, a two-step checkout.

The plugin is mounted with the lines marked "storefront_plugin" below; the rest
is an ordinary small Flask shop.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from typing import Any

from babel import Locale
from flask import Flask, abort, flash, redirect, render_template, request, session, url_for

from storefront_plugin import StorefrontCompliance  # storefront_plugin

from .catalogue import BY_SKU, PRODUCTS, Product

ADDRESS_FIELDS = ("name", "line1", "line2", "city", "county", "region", "postal_code", "country")
REQUIRED_FIELDS = ("name", "line1", "city", "postal_code", "country")
MAX_QUANTITY = 20

compliance = StorefrontCompliance()  # storefront_plugin

#: Our date-of-birth form fields -> the plugin's keys (address fields already use its names).
DOB_FIELDS = {"dob_day": "birth_day", "dob_month": "birth_month", "dob_year": "birth_year"}


@compliance.checkout_loader  # storefront_plugin
def load_checkout(endpoint: str) -> dict[str, Any]:
    """Where the plugin finds the checkout data: the cart always, the session on the last step."""
    found: dict[str, Any] = {"items": cart_items()}
    if endpoint == "place_order":
        data = session.get("checkout") or {}
        found["address"] = {k: data.get(k, "") for k in ADDRESS_FIELDS}
        found["birth_date"] = {"day": data.get("dob_day"), "month": data.get("dob_month"), "year": data.get("dob_year")}
    return found


def create_app(config: Mapping[str, Any] | None = None, plugin: bool = True) -> Flask:
    """Build the demo shop; ``config`` overrides settings (tests use it).

    ``plugin=False`` builds the same shop without storefront_plugin, the baseline
    the benchmarks compare against: the plugin's template calls then render nothing.
    """
    app = Flask(__name__, instance_relative_config=True)
    app.config.update(
        SECRET_KEY=os.environ.get("DEMO_SECRET_KEY", "demo-only-not-secret"),
        STOREFRONT_SHOP_NAME="Leaf & Kettle",
        STOREFRONT_BASE_TEMPLATE="shop/plugin_layout.html",
        STOREFRONT_PROP65_CHEMICAL="lead",  # storefront_plugin: California warning on products and CA checkouts
        # storefront_plugin: the hard gate guards both checkout POSTs. Step 1 carries the form
        # (our field names mapped to the plugin's keys); step 3 carries nothing, so
        # load_checkout() below tells the plugin where its data is.
        STOREFRONT_CHECKOUT_ENDPOINTS={"checkout": DOB_FIELDS, "place_order": None},
    )
    if config:
        app.config.update(config)
    if plugin:
        compliance.init_app(app)  # storefront_plugin
    else:
        _without_plugin(app)

    app.add_url_rule("/", "home", home)
    app.add_url_rule("/product/<sku>", "product", product)
    app.add_url_rule("/cart", "cart", cart)
    app.add_url_rule("/cart/add", "cart_add", cart_add, methods=["POST"])
    app.add_url_rule("/cart/remove", "cart_remove", cart_remove, methods=["POST"])
    app.add_url_rule("/checkout", "checkout", checkout, methods=["GET", "POST"])
    app.add_url_rule("/checkout/review", "review", review)
    app.add_url_rule("/checkout/place", "place_order", place_order, methods=["POST"])
    app.add_url_rule("/order/<ref>", "confirmation", confirmation)
    app.add_url_rule("/robots.txt", "robots", robots)
    app.context_processor(lambda: {"cart_count": sum(_cart().values())})
    return app


def _without_plugin(app: Flask) -> None:
    """Inert stand-ins for the plugin's template globals, so the shop's templates still render."""
    app.jinja_env.globals.update(
        storefront_lang_attr=lambda: "en",
        storefront_language_switcher=lambda: "",
        storefront_endpoint=None,
        storefront_product_notice=lambda product: "",
        storefront_prop65_warning=lambda data: "",
    )


def _cart() -> dict[str, int]:
    raw = session.get("cart", {})
    return {sku: int(qty) for sku, qty in raw.items() if sku in BY_SKU} if isinstance(raw, dict) else {}


def cart_lines() -> list[tuple[Product, int]]:
    return [(BY_SKU[sku], qty) for sku, qty in _cart().items()]


def cart_items() -> list[dict[str, object]]:
    """The cart as the item mappings the plugin's checks take."""
    return [p.as_item(qty) for p, qty in cart_lines()]


def home() -> str:
    return render_template("shop/home.html", products=PRODUCTS)


def product(sku: str) -> str:
    item = BY_SKU.get(sku)
    if item is None:
        abort(404)
    return render_template("shop/product.html", product=item)


def cart() -> str:
    lines = cart_lines()
    total = sum(p.price_cents * q for p, q in lines)
    return render_template("shop/cart.html", lines=lines, total=f"${total / 100:.2f}")


def cart_add() -> Any:
    sku = request.form.get("sku", "")
    if sku not in BY_SKU:
        abort(400)
    try:
        qty = max(1, min(MAX_QUANTITY, int(request.form.get("quantity", "1"))))
    except ValueError:
        qty = 1
    items = _cart()
    items[sku] = min(MAX_QUANTITY, items.get(sku, 0) + qty)
    session["cart"] = items
    flash(f"Added {BY_SKU[sku].name} to your cart.")
    return redirect(url_for("cart"))


def cart_remove() -> Any:
    items = _cart()
    items.pop(request.form.get("sku", ""), None)
    session["cart"] = items
    return redirect(url_for("cart"))


def _countries() -> list[tuple[str, str]]:
    names = Locale.parse("en").territories
    return sorted(((code, name) for code, name in names.items() if len(code) == 2 and code.isalpha()), key=lambda c: c[1])


def checkout() -> Any:
    """Step 1: shipping address and date of birth."""
    if not _cart():
        return redirect(url_for("cart"))
    form = dict(session.get("checkout", {})) if request.method == "GET" else request.form.to_dict()
    errors: list[str] = []
    if request.method == "POST":
        errors = [f for f in REQUIRED_FIELDS if not form.get(f, "").strip()]
        if not all(form.get(k, "").strip() for k in ("dob_day", "dob_month", "dob_year")):
            errors.append("date of birth")
        if not errors:
            session["checkout"] = {k: form.get(k, "").strip()[:200] for k in (*ADDRESS_FIELDS, "dob_day", "dob_month", "dob_year")}
            return redirect(url_for("review"))
    return render_template("shop/checkout.html", form=form, errors=errors, countries=_countries()), (400 if errors else 200)


def review() -> Any:
    """Step 2: look over the order before placing it."""
    data = session.get("checkout")
    if not data or not _cart():
        return redirect(url_for("checkout"))
    return render_template("shop/review.html", data=data, lines=cart_lines())


def place_order() -> Any:
    """Step 3: create the order from the cart and the checkout data in the session."""
    data = session.get("checkout")
    if not data or not _cart():
        return redirect(url_for("checkout"))
    ref = "LK-" + secrets.token_hex(4).upper()
    session["last_order"] = {
        "ref": ref,
        "lines": [[p.sku, q] for p, q in cart_lines()],
        "ship_to": f"{data.get('city', '')}, {data.get('region', '')} {data.get('postal_code', '')}, {data.get('country', '')}",
    }
    session.pop("cart", None)
    session.pop("checkout", None)
    return redirect(url_for("confirmation", ref=ref))


def confirmation(ref: str) -> str:
    order = session.get("last_order")
    if not order or order.get("ref") != ref:
        abort(404)
    lines = [(BY_SKU[sku], qty) for sku, qty in order["lines"] if sku in BY_SKU]
    return render_template("shop/confirmation.html", order=order, lines=lines)


def robots() -> Any:
    return app_text("User-agent: *\nAllow: /\n")


def app_text(body: str) -> Any:
    return body, 200, {"Content-Type": "text/plain; charset=utf-8"}
