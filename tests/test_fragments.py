"""Fragments rendered once and reused (disclaimer, product notice) never show one page another's content."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, render_template_string

from storefront_plugin import StorefrontCompliance


def _shop(tmp_path: Path) -> Flask:
    # A merchant override that prints a per-product field: the cache must key on it.
    (tmp_path / "storefront").mkdir()
    (tmp_path / "storefront" / "_product_notice.html").write_text(
        "<p class=notice>{{ product.name }} · {{ _sf('Warnings') }}</p>", encoding="utf-8"
    )
    app = Flask("fragments", template_folder=str(tmp_path))
    app.config.update(SECRET_KEY="x", STOREFRONT_AGE_GATE_MODE="off")
    StorefrontCompliance(app)

    @app.route("/p/<sku>")
    def product(sku: str) -> str:
        item = {"sku": sku, "name": f"Product {sku}", "category": "kratom"}
        return render_template_string("<body>{{ storefront_product_notice(item) }}</body>", item=item)

    @app.route("/nosku/<name>")
    def nosku(name: str) -> str:
        return render_template_string("<body>{{ storefront_product_notice(item) }}</body>", item={"name": name, "category": "kratom"})

    return app


def test_product_notice_is_per_sku_and_language(tmp_path: Path) -> None:
    client = _shop(tmp_path).test_client()
    assert "Product A · Warnings" in client.get("/p/A").get_data(as_text=True)
    assert "Product B · Warnings" in client.get("/p/B").get_data(as_text=True)
    assert "Product A · Advertencias" in client.get("/p/A?lang=es").get_data(as_text=True)
    client.delete_cookie("storefront_lang")
    assert "Product A · Warnings" in client.get("/p/A").get_data(as_text=True)


def test_products_without_a_sku_are_rendered_each_time(tmp_path: Path) -> None:
    client = _shop(tmp_path).test_client()
    assert "first" in client.get("/nosku/first").get_data(as_text=True)
    assert "second" in client.get("/nosku/second").get_data(as_text=True)


def test_disclaimer_singular_and_plural_do_not_mix(app_factory) -> None:  # type: ignore[no-untyped-def]
    app = app_factory({"STOREFRONT_AGE_GATE_MODE": "off"})

    @app.route("/one")
    def one() -> str:
        return render_template_string("<body>Claim{{ storefront_claim_marker() }}</body>")

    @app.route("/none")
    def none() -> str:
        return "<html><body>Nothing claimed</body></html>"

    client = app.test_client()
    assert "This statement has not been evaluated" in client.get("/one").get_data(as_text=True)
    assert "These statements have not been evaluated" in client.get("/none").get_data(as_text=True)
    assert "This statement has not been evaluated" in client.get("/one").get_data(as_text=True)
