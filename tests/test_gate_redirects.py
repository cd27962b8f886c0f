"""After the gate, only same-site relative paths are followed; everything else lands on the home page."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask.testing import FlaskClient

from tests.test_age_gate import ADULT, gated_app

HOSTILE = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example",
    "///evil.example",
    "////evil.example/path",
    "/\\evil.example",
    "\\\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    " //evil.example",
    "\x00//evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "http:evil.example",
    "https:/evil.example",
    "evil.example",
    "evil.example/path",
    "//evil.example@localhost",
    "/x//evil.example",
    "／／evil.example",  # fullwidth solidus
    "%2F%2Fevil.example",
    "/path\\..\\..\\evil",
    "ftp://evil.example/",
    "/storefront/age",  # the gate itself would loop
    "/storefront/age/denied",
    "/" + "a" * 2100,
    "",
]


@pytest.fixture
def client(tmp_path: Path) -> FlaskClient:
    return gated_app(tmp_path=tmp_path).test_client()


def test_there_are_enough_hostile_values() -> None:
    assert len(HOSTILE) >= 20


@pytest.mark.parametrize("target", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_next_lands_on_home(client: FlaskClient, target: str) -> None:
    response = client.post("/storefront/age", data={**ADULT, "next": target})
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("target", HOSTILE[:12], ids=range(12))
def test_hostile_next_is_not_even_echoed_in_the_form(client: FlaskClient, target: str) -> None:
    html = client.get("/storefront/age", query_string={"next": target}).get_data(as_text=True)
    assert 'name="next" value="/"' in html


@pytest.mark.parametrize(
    "target", ["/", "/cart", "/product/KR-1?colour=green&size=2", "/blog/", "/search?q=a%20b", "/p?u=https://x.example"]
)
def test_same_site_paths_are_followed(client: FlaskClient, target: str) -> None:
    response = client.post("/storefront/age", data={**ADULT, "next": target})
    assert response.headers["Location"] == target


def test_the_gate_redirect_keeps_a_path_with_odd_characters(client: FlaskClient) -> None:
    location = client.get("/product/a b").headers["Location"]
    page = client.get(location).get_data(as_text=True)
    assert 'value="/product/a%20b"' in page


def test_app_under_a_script_root(tmp_path: Path) -> None:
    client = gated_app(tmp_path=tmp_path).test_client()
    response = client.post("/storefront/age", data={**ADULT, "next": "/cart"}, base_url="http://localhost/shop/")
    assert response.headers["Location"] == "/shop/cart"
    assert "Path=/shop;" in response.headers["Set-Cookie"]
    gate = gated_app(tmp_path=tmp_path).test_client().get("/cart", base_url="http://localhost/shop/")
    assert gate.headers["Location"] == "/shop/storefront/age?next=/cart"
