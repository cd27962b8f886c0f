"""Shared fixtures: a minimal host shop with the plugin, built by a factory that takes config overrides."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from storefront_plugin import StorefrontCompliance

HOST_PAGE = "<!doctype html><html lang='en'><head><title>Host</title></head><body><main><h1>Host shop</h1></main></body></html>"


def make_app(config: dict[str, Any] | None = None, extension: StorefrontCompliance | None = None) -> Flask:
    """A tiny host shop with the plugin mounted; ``config`` overrides any setting."""
    app = Flask("host_shop")
    app.config.update(TESTING=True, SECRET_KEY="test-secret")
    app.config.update(config or {})

    @app.route("/")
    def home() -> str:
        return HOST_PAGE

    (extension or StorefrontCompliance()).init_app(app)
    return app


@pytest.fixture
def app_factory() -> Callable[..., Flask]:
    return make_app


@pytest.fixture
def app() -> Flask:
    return make_app()


@pytest.fixture
def shop(tmp_path: Path) -> Flask:
    """The demo shop, plugin mounted, with its audit log in ``tmp_path``."""
    from examples.demo_shop import create_app

    return create_app({"TESTING": True, "STOREFRONT_AUDIT_DATABASE_URL": f"sqlite:///{tmp_path}/audit.sqlite3"})


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    return app.test_cli_runner()
