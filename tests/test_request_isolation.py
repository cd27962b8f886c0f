"""Per-request state stays with its request even when an app context is already pushed.

pytest-flask pushes a request context for every test that uses the ``app``
fixture, so test-client requests in these tests share one ``g``: exactly the
situation in which state kept on ``g`` would leak from one request into the next.
"""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from storefront_plugin.gate import COOKIE_NAME
from storefront_plugin.tokens import issue_token


def test_a_gate_page_does_not_mark_the_next_page_uncacheable(app: Flask, client: FlaskClient) -> None:
    assert client.get("/storefront/age").headers["Cache-Control"].count("no-store") == 1
    # An education page is never gated: nothing from the gate page may follow it.
    follow = client.get("/storefront/")
    assert "no-store" not in follow.headers.get("Cache-Control", "")


def test_the_location_of_one_request_is_not_reused(app_factory) -> None:  # type: ignore[no-untyped-def]
    shop = app_factory({"STOREFRONT_TRUST_GEO_HEADERS": ["CF-IPCountry"]})
    token = issue_token(shop.config["SECRET_KEY"], threshold=18, method="confirmed", policy_version="1")
    with shop.test_request_context():  # one app context for both requests, as in pytest-flask
        client = shop.test_client()
        client.set_cookie(COOKIE_NAME, token)
        assert client.get("/", headers={"CF-IPCountry": "US", "CF-Region-Code": "TX"}).status_code == 200
        # Florida asks 21: an 18 token must be asked again, whatever the last request saw.
        assert client.get("/", headers={"CF-IPCountry": "US", "CF-Region-Code": "FL"}).status_code == 302


def test_the_language_of_one_request_is_not_reused(app: Flask, client: FlaskClient) -> None:
    assert 'lang="de"' in client.get("/storefront/?lang=de").get_data(as_text=True)
    client.delete_cookie("storefront_lang")
    assert 'lang="fr"' in client.get("/storefront/", headers={"Accept-Language": "fr"}).get_data(as_text=True)
