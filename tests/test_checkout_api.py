"""POST <prefix>/api/checkout-check: answers like api/shipping-check; bad input is a 400, never a 500."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient

from storefront_plugin import get_state
from tests.conftest import make_app

URL = "/storefront/api/checkout-check"
PORTLAND = {"country": "US", "region": "OR", "city": "Portland", "postal_code": "97205", "line1": "1 Main St"}
MIAMI = {"country": "US", "region": "FL", "city": "Miami", "postal_code": "33139"}
KRATOM = [{"sku": "KR-1", "category": "kratom"}]


@pytest.fixture
def client(tmp_path: Path) -> FlaskClient:
    return make_app({"STOREFRONT_AUDIT_DATABASE_URL": f"sqlite:///{tmp_path}/audit.sqlite3"}).test_client()


def test_allowed(client: FlaskClient) -> None:
    response = client.post(URL, json={"address": PORTLAND, "birth_date": "1980-07-04", "items": KRATOM, "order_ref": "X-1"})
    assert response.status_code == 200
    body = response.get_json()
    assert body["allowed"] is True and body["status"] == "allowed" and body["reasons"] == []
    assert body["required_age"] == 21 and "US-OR" in body["jurisdictions"] and body["rules_version"]
    rows = list(get_state(client.application).enforcement.audit.entries())  # type: ignore[union-attr]
    assert rows[-1].channel == "api" and rows[-1].order_ref == "X-1"


def test_blocked_answer_is_still_a_200_with_the_reasons(client: FlaskClient) -> None:
    body = client.post(URL, json={"address": MIAMI, "birth_date": {"day": 1, "month": 1, "year": 2010}, "items": KRATOM}).get_json()
    assert body["allowed"] is False and body["status"] == "blocked"
    (reason,) = [r for r in body["reasons"] if r["code"] == "age.under_minimum"]
    assert set(reason) == {"code", "message", "jurisdiction", "rule_id", "source"}
    assert reason["source"].startswith("http")


def test_missing_birth_date_is_unverifiable(client: FlaskClient) -> None:
    body = client.post(URL, json={"address": PORTLAND}).get_json()
    assert body["status"] == "unverifiable" and "age.missing" in [r["code"] for r in body["reasons"]]


@pytest.mark.parametrize(
    "payload",
    [
        b"",
        b"not json",
        b"[1, 2]",
        b'"text"',
        b"\xff\xfe",
        b'{"address": "Portland"}',
        b'{"address": {"country": 5}}',
        b'{"address": {"country": "US"}, "items": "kratom"}',
        b'{"address": {"country": "US"}, "items": [{"sku": 1}]}',
        b'{"address": {"country": "US"}, "birth_date": 19800704}',
        b'{"address": {"country": "US"}, "birth_date": ["1980"]}',
        b'{"address": {"country": "US"}, "order_ref": 12}',
        b"[" * 5000,
    ],
)
def test_bad_input_is_a_400_with_an_error(client: FlaskClient, payload: bytes) -> None:
    response = client.post(URL, data=payload, content_type="application/json")
    assert response.status_code == 400
    assert isinstance(response.get_json()["error"], str)


def test_oversized_body_is_a_413(client: FlaskClient) -> None:
    big: dict[str, Any] = {"address": PORTLAND, "birth_date": "1980-07-04", "pad": "x" * 70000}
    assert client.post(URL, json=big).status_code == 413


def test_get_is_not_allowed(client: FlaskClient) -> None:
    assert client.get(URL).status_code == 405


def test_endpoint_is_not_behind_the_age_gate(client: FlaskClient) -> None:
    response = client.post(URL, json={"address": PORTLAND, "birth_date": "1980-07-04"}, headers={"Accept": "text/html"})
    assert response.status_code == 200
