"""The extension contract: init_app, per-app state, one object serving two apps."""

from __future__ import annotations

import pytest
from flask import Flask

from storefront_plugin import StorefrontCompliance, get_state
from storefront_plugin.extension import StorefrontState
from tests.conftest import make_app


def test_init_app_stores_state_in_extensions(app: Flask) -> None:
    state = app.extensions["storefront"]
    assert isinstance(state, StorefrontState)
    assert state.settings["STOREFRONT_URL_PREFIX"] == "/storefront"


def test_constructor_with_app_initialises_it() -> None:
    app = Flask("direct")
    app.config["SECRET_KEY"] = "direct-secret"  # the age gate signs its cookie with it
    ext = StorefrontCompliance(app)
    assert get_state(app).extension is ext


def test_one_object_serves_two_apps_with_different_settings() -> None:
    ext = StorefrontCompliance()
    first = make_app({"STOREFRONT_URL_PREFIX": "/learn", "STOREFRONT_SHOP_NAME": "First"}, ext)
    second = make_app({"STOREFRONT_URL_PREFIX": "/info", "STOREFRONT_SHOP_NAME": "Second"}, ext)
    assert get_state(first).extension is get_state(second).extension is ext
    assert get_state(first) is not get_state(second)

    one, two = first.test_client(), second.test_client()
    assert one.get("/learn/").status_code == 200 and one.get("/info/").status_code == 404
    assert two.get("/info/").status_code == 200 and two.get("/learn/").status_code == 404
    assert b"First" in one.get("/learn/").data and b"Second" not in one.get("/learn/").data
    assert b"Second" in two.get("/info/").data


def test_blueprint_name_and_prefix_come_from_config() -> None:
    app = make_app({"STOREFRONT_BLUEPRINT_NAME": "compliance", "STOREFRONT_URL_PREFIX": ""})
    assert "compliance" in app.blueprints
    with app.test_request_context():
        from flask import url_for

        assert url_for("compliance.index") == "/"


def test_init_twice_on_one_app_is_an_error(app: Flask) -> None:
    with pytest.raises(RuntimeError, match="already initialised"):
        StorefrontCompliance().init_app(app)


def test_get_state_without_init_says_how_to_fix() -> None:
    with pytest.raises(RuntimeError, match="init_app"):
        get_state(Flask("bare"))


def test_defaults_are_visible_in_app_config(app: Flask) -> None:
    assert app.config["STOREFRONT_BASE_TEMPLATE"] == "storefront/base.html"


def test_cli_group_lists_config(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(args=["storefront", "config"])
    assert result.exit_code == 0, result.output
    assert "STOREFRONT_URL_PREFIX = '/storefront'" in result.output
