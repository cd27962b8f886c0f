"""Oversized and malformed input gets a clear 400 or 413, never a 500, on every endpoint that reads a body."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from flask import Flask

from tests.security.helpers import ADULT, ALLOWED_ADDRESS, CHECKOUT_API, GATE, SHIPPING_API, audit_rows, shop

APIS = [SHIPPING_API, CHECKOUT_API]
LONG = "x" * 10_000

MALFORMED: list[bytes] = [
    b"",
    b"   ",
    b"{",
    b"null",
    b"[]",
    b'"address"',
    b"12",
    b"\xff\xfe\xfd",  # not UTF-8
    b'{"address": {"country": "\xc3\x28"}}',  # invalid UTF-8 inside a string
    b'{"address": {"country": "\xed\xa0\x80"}}',  # an encoded surrogate
    b"\xef\xbb\xbf" + b'{"address": {}}',  # a BOM
    b"[" * 30_000 + b"]" * 30_000,  # deep nesting, under the size limit
    b'{"address": ' + b'{"a": ' * 8_000 + b"1" + b"}" * 8_001,  # deep nesting inside an object
    b'{"address": {"country": NaN}}',
    b'{"address": {"country": "US"}, "items": [{"sku": "a", "category": "kratom", "attributes": [1]}]}',
    b'{"address": {"country": "US"}, "address": 5}',
    b'{"address": {"country": 1e999}}',
]
WRONG_TYPES: list[dict[str, Any]] = [
    {"address": None},
    {"address": []},
    {"address": "US"},
    {"address": {"country": ["US"]}},
    {"address": {"postal_code": 10001, "country": "US"}},
    {"address": {"region": {"code": "NY"}, "country": "US"}},
    {"address": {"line1": True, "country": "US"}},
    {"address": ALLOWED_ADDRESS, "items": "kratom"},
    {"address": ALLOWED_ADDRESS, "items": [None]},
    {"address": ALLOWED_ADDRESS, "items": [{"sku": ["a"], "category": "kratom"}]},
    {"address": ALLOWED_ADDRESS, "items": [{"sku": "a", "category": "kratom", "attributes": {"7-oh": True}}]},
]
CHECKOUT_WRONG_TYPES: list[dict[str, Any]] = [
    {"address": ALLOWED_ADDRESS, "birth_date": 19800704},
    {"address": ALLOWED_ADDRESS, "birth_date": ["1980", "07", "04"]},
    {"address": ALLOWED_ADDRESS, "birth_date": True},
    {"address": ALLOWED_ADDRESS, "birth_date": "1980-07-04", "order_ref": 42},
    {"address": ALLOWED_ADDRESS, "birth_date": "1980-07-04", "order_ref": {"id": 1}},
]


@pytest.fixture(scope="module")
def shop_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return shop(tmp_path_factory.mktemp("malformed"))


def _error(response: Any, status: int) -> str:
    assert response.status_code == status, response.get_data(as_text=True)[:200]
    assert response.mimetype == "application/json"
    message = response.get_json()["error"]
    assert isinstance(message, str) and len(message) > 10
    return str(message)


@pytest.mark.parametrize("url", APIS)
@pytest.mark.parametrize("body", MALFORMED, ids=range(len(MALFORMED)))
def test_malformed_bodies_get_400(shop_app: Flask, url: str, body: bytes) -> None:
    before = audit_rows(shop_app)
    _error(shop_app.test_client().post(url, data=body, content_type="application/json"), 400)
    assert audit_rows(shop_app) == before  # nothing half-read is recorded


@pytest.mark.parametrize("url", APIS)
@pytest.mark.parametrize("body", WRONG_TYPES, ids=range(len(WRONG_TYPES)))
def test_wrong_types_get_400(shop_app: Flask, url: str, body: dict[str, Any]) -> None:
    _error(shop_app.test_client().post(url, json=body), 400)


@pytest.mark.parametrize("body", CHECKOUT_WRONG_TYPES, ids=range(len(CHECKOUT_WRONG_TYPES)))
def test_checkout_wrong_types_get_400(shop_app: Flask, body: dict[str, Any]) -> None:
    _error(shop_app.test_client().post(CHECKOUT_API, json=body), 400)


@pytest.mark.parametrize("url", APIS)
def test_a_1_mb_body_gets_413(shop_app: Flask, url: str) -> None:
    body = json.dumps({"address": ALLOWED_ADDRESS, "padding": "x" * 1_048_576}).encode()
    message = _error(shop_app.test_client().post(url, data=body, content_type="application/json"), 413)
    assert "65536" in message


@pytest.mark.parametrize("url", APIS)
def test_a_1_mb_body_without_content_length_gets_413(shop_app: Flask, url: str) -> None:
    # Chunked uploads carry no Content-Length: the reader stops at the limit instead of reading on.
    stream = io.BytesIO(b'{"address": {"country": "' + b"x" * 1_048_576 + b'"}}')
    response = shop_app.test_client().post(
        url,
        input_stream=stream,
        content_type="application/json",
        headers={"Transfer-Encoding": "chunked"},
        environ_base={"wsgi.input_terminated": True},  # what gunicorn says after de-chunking
    )
    _error(response, 413)


def test_the_size_limit_is_configurable(tmp_path_factory: pytest.TempPathFactory) -> None:
    small = shop(tmp_path_factory.mktemp("small"), {"STOREFRONT_MAX_JSON_BYTES": 300})
    body = {"address": ALLOWED_ADDRESS, "birth_date": "1980-07-04"}
    assert small.test_client().post(CHECKOUT_API, json=body).status_code == 200
    assert "300" in _error(small.test_client().post(CHECKOUT_API, json={**body, "pad": "x" * 300}), 413)
    large = shop(tmp_path_factory.mktemp("large"), {"STOREFRONT_MAX_JSON_BYTES": 2_000_000})
    response = large.test_client().post(CHECKOUT_API, json={**body, "pad": "x" * 1_048_576})
    assert response.status_code == 200 and response.get_json()["status"] == "allowed"


@pytest.mark.parametrize("url", APIS)
@pytest.mark.parametrize("field", ["country", "region", "county", "city", "postal_code", "line1", "line2"])
def test_a_10000_character_address_field_gets_400_naming_it(shop_app: Flask, url: str, field: str) -> None:
    body = {"address": {**ALLOWED_ADDRESS, field: LONG}, "birth_date": "1980-07-04"}
    message = _error(shop_app.test_client().post(url, json=body), 400)
    assert f"address.{field}" in message


@pytest.mark.parametrize("key", ["birth_date", "order_ref"])
def test_a_10000_character_checkout_field_gets_400(shop_app: Flask, key: str) -> None:
    body = {"address": ALLOWED_ADDRESS, "birth_date": "1980-07-04", key: LONG}
    assert key in _error(shop_app.test_client().post(CHECKOUT_API, json=body), 400)


def test_a_long_order_ref_is_refused_rather_than_cut(shop_app: Flask) -> None:
    body = {"address": ALLOWED_ADDRESS, "birth_date": "1980-07-04"}
    assert shop_app.test_client().post(CHECKOUT_API, json={**body, "order_ref": "R" * 128}).status_code == 200
    _error(shop_app.test_client().post(CHECKOUT_API, json={**body, "order_ref": "R" * 129}), 400)


@pytest.mark.parametrize(
    "form",
    [
        {"day": LONG, "month": LONG, "year": LONG},
        {"day": "4", "month": "7", "year": "1980" + "9" * 9_996},  # regression: was cut to "1980" and passed
        {"day": "4\x00", "month": "7", "year": "1980"},
        {"day": "٤", "month": "٧", "year": "١٩٨٠"},  # Arabic-Indic digits
        {"day": "4", "month": "7", "year": "-1980"},
        {"day": "4", "month": "7", "year": "1e3"},
    ],
)
def test_the_gate_refuses_oversized_and_odd_fields_with_400(shop_app: Flask, form: dict[str, str]) -> None:
    client = shop_app.test_client()
    response = client.post(GATE, data={**form, "next": "/"})
    assert response.status_code == 400
    assert "not a date we can use" in response.get_data(as_text=True)
    assert client.get_cookie("storefront_age") is None


def test_the_gate_refuses_a_1_mb_form_with_413(shop_app: Flask) -> None:
    client = shop_app.test_client()
    response = client.post(GATE, data={**ADULT, "next": "/", "pad": "x" * 1_048_576})
    assert response.status_code == 413
    assert client.get_cookie("storefront_age") is None
    stream = io.BytesIO(b"day=4&month=7&year=1980&pad=" + b"x" * 1_048_576)
    chunked = client.post(
        GATE,
        input_stream=stream,
        content_type="application/x-www-form-urlencoded",
        headers={"Transfer-Encoding": "chunked"},
        environ_base={"wsgi.input_terminated": True},
    )
    assert chunked.status_code == 413


def test_the_gate_form_limit_follows_the_setting(tmp_path_factory: pytest.TempPathFactory) -> None:
    app = shop(tmp_path_factory.mktemp("gate-limit"), {"STOREFRONT_MAX_JSON_BYTES": 2_000_000})
    response = app.test_client().post(GATE, data={**ADULT, "next": "/", "pad": "x" * 1_048_576})
    assert response.status_code == 303


@pytest.mark.parametrize(
    "body",
    [b"[" * 100_000, b"\xff\xfe", b'{"country": {"a": 1}}', b'{"birth_date": [1, [2, [3]]]}', b"{" * 50],
    ids=range(5),
)
def test_the_checkout_hook_fails_closed_on_malformed_json(shop_app: Flask, body: bytes) -> None:
    response = shop_app.test_client().post("/checkout", data=body, content_type="application/json")
    assert response.status_code == 422
    assert response.get_json()["allowed"] is False
