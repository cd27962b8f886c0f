"""Cross-site requests: the gate POST and the JSON checks refuse them; same-site and script calls work."""

from __future__ import annotations

import pytest
from flask import Flask

from storefront_plugin.csrf import is_same_origin
from storefront_plugin.gate import COOKIE_NAME
from tests.security.helpers import ADULT, ALLOWED_ADDRESS, CHECKOUT_API, GATE, SHIPPING_API, audit_rows, shop

CROSS_SITE = [
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Origin": "http://localhost.evil.example"},
    {"Origin": "http://localhost:8080"},
    {"Origin": "http://evil.example", "Sec-Fetch-Site": "same-origin"},  # Origin wins over a claim
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site"},  # a sibling subdomain is another site for us
    {"Referer": "https://evil.example/page"},
    {"Referer": "http://localhost.evil.example/"},
]
SAME_SITE = [
    {},  # no browser headers at all: curl or a server, not a victim's browser
    {"Origin": "http://localhost"},
    {"Origin": "https://localhost"},  # TLS ended at a proxy: the app sees http
    {"Origin": "http://LOCALHOST:80"},
    {"Sec-Fetch-Site": "same-origin"},
    {"Sec-Fetch-Site": "none"},  # typed into the address bar
    {"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin", "Referer": "http://localhost/storefront/age"},
    {"Referer": "http://localhost/product/1"},
]
BODY = {"address": ALLOWED_ADDRESS, "birth_date": "1980-07-04", "order_ref": "csrf-1"}


@pytest.fixture(scope="module")
def shop_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return shop(tmp_path_factory.mktemp("csrf"))


@pytest.mark.parametrize("headers", CROSS_SITE, ids=range(len(CROSS_SITE)))
def test_cross_site_gate_post_sets_no_cookie(shop_app: Flask, headers: dict[str, str]) -> None:
    client = shop_app.test_client()
    response = client.post(GATE, data={**ADULT, "next": "/product/1"}, headers=headers)
    assert response.status_code == 303
    assert response.headers["Location"] == GATE + "?next=/product/1"  # asked again, on our own page
    assert client.get_cookie(COOKIE_NAME) is None
    assert client.get("/product/1").status_code == 302


@pytest.mark.parametrize("headers", SAME_SITE, ids=range(len(SAME_SITE)))
def test_same_site_gate_post_passes(shop_app: Flask, headers: dict[str, str]) -> None:
    client = shop_app.test_client()
    response = client.post(GATE, data={**ADULT, "next": "/product/1"}, headers=headers)
    assert response.headers["Location"] == "/product/1"
    assert client.get_cookie(COOKIE_NAME) is not None


@pytest.mark.parametrize("url", [SHIPPING_API, CHECKOUT_API])
@pytest.mark.parametrize("headers", CROSS_SITE, ids=range(len(CROSS_SITE)))
def test_cross_site_json_calls_are_refused_and_leave_no_record(shop_app: Flask, url: str, headers: dict[str, str]) -> None:
    before = audit_rows(shop_app)
    response = shop_app.test_client().post(url, json=BODY, headers=headers)
    assert response.status_code == 403
    assert "Cross-site request refused" in response.get_json()["error"]
    assert audit_rows(shop_app) == before


def test_a_cross_site_form_posting_text_plain_json_is_refused(shop_app: Flask) -> None:
    # The classic trick: <form enctype="text/plain"> needs no CORS preflight.
    response = shop_app.test_client().post(
        CHECKOUT_API,
        data='{"address": {"country": "US"}, "birth_date": "1980-07-04", "x": "="}',
        content_type="text/plain",
        headers={"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403


@pytest.mark.parametrize("headers", SAME_SITE, ids=range(len(SAME_SITE)))
def test_same_site_and_script_json_calls_work(shop_app: Flask, headers: dict[str, str]) -> None:
    before = audit_rows(shop_app)
    response = shop_app.test_client().post(CHECKOUT_API, json=BODY, headers=headers)
    assert response.status_code == 200 and response.get_json()["status"] == "allowed"
    assert audit_rows(shop_app) == before + 1


def test_trusted_origins_may_call(tmp_path_factory: pytest.TempPathFactory) -> None:
    app = shop(tmp_path_factory.mktemp("trusted"), {"STOREFRONT_TRUSTED_ORIGINS": ["https://app.example.com"]})
    client = app.test_client()
    ok = client.post(CHECKOUT_API, json=BODY, headers={"Origin": "https://app.example.com", "Sec-Fetch-Site": "cross-site"})
    assert ok.status_code == 200
    for origin in ("http://app.example.com", "https://app.example.com:444", "https://evil.app.example.com"):
        assert client.post(CHECKOUT_API, json=BODY, headers={"Origin": origin}).status_code == 403, origin


def test_reading_pages_is_never_refused(shop_app: Flask) -> None:
    client = shop_app.test_client()
    headers = {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}
    assert client.get(GATE, headers=headers).status_code == 200
    assert client.get("/storefront/legal", headers=headers).status_code == 200


@pytest.mark.parametrize(
    ("origin", "referer", "site", "host", "expected"),
    [
        ("https://shop.example", None, None, "shop.example", True),
        ("https://shop.example:443", None, None, "shop.example", True),
        ("https://shop.example", None, None, "shop.example:443", True),
        ("http://shop.example:8000", None, None, "shop.example:8000", True),
        ("http://shop.example:8001", None, None, "shop.example:8000", False),
        ("https://shop.example.evil", None, None, "shop.example", False),
        ("https://evil.example", None, "same-origin", "shop.example", False),
        ("null", None, None, "shop.example", False),
        ("https://shop.example:99999", None, None, "shop.example", False),
        ("javascript://shop.example", None, None, "shop.example", False),
        (None, "https://shop.example/cart", None, "shop.example", True),
        (None, "https://evil.example/?https://shop.example", None, "shop.example", False),
        (None, None, "cross-site", "shop.example", False),
        (None, None, "Same-Site", "shop.example", False),
        (None, None, "none", "shop.example", True),
        (None, None, None, "shop.example", True),
    ],
)
def test_origin_judgement(origin: str | None, referer: str | None, site: str | None, host: str, expected: bool) -> None:
    assert is_same_origin(origin, referer, site, host, ()) is expected


def test_the_gate_cookie_is_same_site_lax(shop_app: Flask) -> None:
    response = shop_app.test_client().post(GATE, data={**ADULT, "next": "/"})
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(COOKIE_NAME))
    assert "SameSite=Lax" in header and "HttpOnly" in header
