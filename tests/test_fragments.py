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


def _switcher_shop(tmp_path: Path, **config: object) -> Flask:
    # A merchant override of the switcher that shows what it was rendered for.
    (tmp_path / "storefront").mkdir(exist_ok=True)
    (tmp_path / "storefront" / "_language_switcher.html").write_text(
        "<nav>{% for code, label, url, current in storefront_language_links() %}"
        "<a href='{{ url }}'{% if current %} aria-current=true{% endif %}>{{ code }}</a>{% endfor %}</nav>",
        encoding="utf-8",
    )
    app = Flask("switcher", template_folder=str(tmp_path))
    app.config.update(SECRET_KEY="x", STOREFRONT_AGE_GATE_MODE="off", **config)
    StorefrontCompliance(app)

    @app.route("/page/<name>")
    def page(name: str) -> str:
        return render_template_string("<body>{{ storefront_language_switcher() }}</body>")

    return app


def test_cached_switcher_is_per_page_query_and_language(tmp_path: Path) -> None:
    client = _switcher_shop(tmp_path).test_client()
    first = client.get("/page/a?ref=mail").get_data(as_text=True)
    assert "href='/page/a?ref=mail&amp;lang=es'" in first
    assert "aria-current=true>en<" in first
    assert "href='/page/b?ref=mail&amp;lang=es'" in client.get("/page/b?ref=mail").get_data(as_text=True)
    assert "href='/page/a?ref=web&amp;lang=es'" in client.get("/page/a?ref=web").get_data(as_text=True)
    german = client.get("/page/a?ref=mail&lang=de").get_data(as_text=True)
    assert "aria-current=true>de<" in german
    client.delete_cookie("storefront_lang")
    assert client.get("/page/a?ref=mail").get_data(as_text=True) == first


def test_switcher_links_keep_the_apps_mount_point(tmp_path: Path) -> None:
    client = _switcher_shop(tmp_path).test_client()
    mounted = client.get("/page/a", environ_overrides={"SCRIPT_NAME": "/shop"}).get_data(as_text=True)
    assert "href='/shop/page/a?lang=fr'" in mounted
    assert "href='/page/a?lang=fr'" in client.get("/page/a").get_data(as_text=True)


def test_template_edits_show_at_once_while_templates_reload(tmp_path: Path) -> None:
    app = _switcher_shop(tmp_path, TEMPLATES_AUTO_RELOAD=True)
    client = app.test_client()
    assert "<nav>" in client.get("/page/a").get_data(as_text=True)
    (tmp_path / "storefront" / "_language_switcher.html").write_text("<nav class=edited></nav>", encoding="utf-8")
    assert "<nav class=edited>" in client.get("/page/a").get_data(as_text=True)


def test_a_full_cache_starts_afresh() -> None:
    from storefront_plugin.fragments import FragmentCache

    cache = FragmentCache(limit=2)
    renders: list[str] = []

    def render(text: str) -> str:
        renders.append(text)
        return text

    assert cache.get("a", lambda: render("A")) == "A"
    assert cache.get("a", lambda: render("again")) == "A"  # a hit does not render
    cache.get("b", lambda: render("B"))
    assert cache.get("c", lambda: render("C")) == "C"
    assert len(cache) == 1 and renders == ["A", "B", "C"]
