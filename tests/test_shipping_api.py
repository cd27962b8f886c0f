"""POST <prefix>/api/shipping-check: decisions as JSON, 400 for bad input, 413 for big bodies, never 500."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask

from storefront_plugin import StorefrontCompliance, check_shipping, get_state
from tests.conftest import make_app

URL = "/storefront/api/shipping-check"


def test_blocked_address_answers_with_reasons(app: Flask) -> None:
    response = app.test_client().post(URL, json={"address": {"country": "US", "region": "CA", "postal_code": "92101"}})
    assert response.status_code == 200
    body = response.get_json()
    assert body["allowed"] is False and body["status"] == "blocked"
    assert body["rules_version"].startswith("default@")
    reason = next(r for r in body["reasons"] if r["rule_id"] == "us-ca-san-diego")
    assert set(reason) == {"code", "message", "jurisdiction", "rule_id", "source"}
    assert reason["jurisdiction"] == "US-CA / San Diego"


def test_allowed_cart_of_unrestricted_items(app: Flask) -> None:
    body = {"address": {"country": "GB"}, "items": [{"sku": "t1", "category": "tea"}]}
    response = app.test_client().post(URL, json=body)
    assert response.get_json()["allowed"] is True


@pytest.mark.parametrize(
    "payload",
    [
        b"{not json",
        b"",
        b"[1, 2]",
        b'"text"',
        b"\xff\xfe",
        b"[" * 5000 + b"]" * 5000,
        b'{"address": "US"}',
        b'{"address": {"country": 5}}',
        b'{"address": {"country": "US", "postal_code": ["1"]}}',
        b'{"address": {"country": "GB"}, "items": {"sku": "a"}}',
        b'{"address": {"country": "GB"}, "items": [{"sku": "a"}]}',
        b'{"address": {"country": "GB"}, "items": [{"sku": 1, "category": "kratom"}]}',
        b'{"address": {"country": "GB"}, "items": [{"sku": "a", "category": "kratom", "attributes": "7-oh"}]}',
    ],
)
def test_malformed_input_gets_400_with_error(app: Flask, payload: bytes) -> None:
    response = app.test_client().post(URL, data=payload, content_type="application/json")
    assert response.status_code == 400
    assert isinstance(response.get_json()["error"], str) and response.get_json()["error"]


def test_oversized_body_gets_413(app_factory: Any) -> None:
    app = app_factory({"STOREFRONT_MAX_JSON_BYTES": 100})
    small = app.test_client().post(URL, json={"address": {"country": "DE"}})
    assert small.status_code == 200
    big = app.test_client().post(URL, json={"address": {"country": "DE", "line1": "x" * 200}})
    assert big.status_code == 413
    assert "100" in big.get_json()["error"]


def test_chunked_oversized_body_gets_413(app_factory: Any) -> None:
    # No Content-Length (a server that de-chunks sets wsgi.input_terminated): the limit holds while reading.
    app = app_factory({"STOREFRONT_MAX_JSON_BYTES": 100})
    body = b'{"address": {"line1": "' + b"x" * 500 + b'"}}'
    response = app.test_client().post(
        URL, input_stream=io.BytesIO(body), headers={"Transfer-Encoding": "chunked", "Content-Type": "application/json"},
        environ_overrides={"wsgi.input_terminated": True},
    )
    assert response.status_code == 413


def test_get_is_not_allowed(app: Flask) -> None:
    assert app.test_client().get(URL).status_code == 405


def test_module_function_and_method_use_the_current_apps_rules(tmp_path: Any) -> None:
    shop = tmp_path / "shop.toml"
    shop.write_text("[dataset]\nas_of = 2026-11-01\ndisable = ['gb']\n", encoding="utf-8")
    extension = StorefrontCompliance()
    strict = make_app(extension=extension)
    relaxed = make_app({"STOREFRONT_RULES_FILES": [str(shop)]}, extension=extension)
    with strict.app_context():
        assert check_shipping({"country": "GB"}).status == "blocked"
        assert extension.check_shipping({"country": "GB"}).status == "blocked"
    with relaxed.app_context():
        assert check_shipping({"country": "GB"}).status == "allowed"
        assert extension.check_shipping({"country": "GB"}).status == "allowed"
        assert get_state().rules.get("gb") is None


def test_default_country_setting_applies(app_factory: Any) -> None:
    app = app_factory({"STOREFRONT_DEFAULT_COUNTRY": "United Kingdom"})
    body = app.test_client().post(URL, json={"address": {"postal_code": "SW1A 1AA"}}).get_json()
    assert body["status"] == "blocked"


def test_licence_setting_lifts_a_licence_rule(app_factory: Any) -> None:
    address = {"country": "TH"}
    assert make_app().test_client().post(URL, json={"address": address}).get_json()["status"] == "blocked"
    licensed = app_factory({"STOREFRONT_LICENSES": ["TH-NCB-import"]})
    assert licensed.test_client().post(URL, json={"address": address}).get_json()["status"] == "allowed"


def test_messages_follow_the_request_language(app: Flask) -> None:
    # Until catalogs translate them, every language gets the English text; the cache keys on language.
    client = app.test_client()
    english = client.post(URL + "?lang=en", json={"address": {"country": "GB"}}).get_json()
    german = client.post(URL + "?lang=de", json={"address": {"country": "GB"}}).get_json()
    assert english["reasons"][0]["code"] == german["reasons"][0]["code"] == "shipping.banned"
    assert "United Kingdom" in english["reasons"][0]["message"]
