"""The soft age gate: both modes, cookie flags, re-asking, exemptions and cache headers."""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Blueprint, Flask, jsonify
from flask.testing import FlaskClient

from storefront_plugin import ConfigurationError, StorefrontCompliance, age_verified
from storefront_plugin.gate import COOKIE_NAME
from storefront_plugin.tokens import issue_token
from tests.conftest import make_app

FLORIDA = {"CF-IPCountry": "US", "CF-Region-Code": "FL"}  # a state whose rules say 21
ADULT = {"day": "4", "month": "7", "year": "1980"}


def gated_app(config: dict[str, Any] | None = None, tmp_path: Path | None = None) -> Flask:
    """A host shop with the kinds of pages the gate must tell apart."""
    settings: dict[str, Any] = {"STOREFRONT_TRUST_GEO_HEADERS": ["CF-IPCountry"]}
    if tmp_path is not None:
        settings["STOREFRONT_AUDIT_DATABASE_URL"] = f"sqlite:///{tmp_path}/audit.sqlite3"
    settings.update(config or {})
    app = make_app(settings)
    app.add_url_rule("/product/<sku>", "product", lambda sku: f"<p>product {sku}</p>")
    app.add_url_rule("/cart", "cart", lambda: "<p>cart</p>")
    app.add_url_rule("/cart/add", "cart_add", lambda: "<p>added</p>", methods=["POST"])
    app.add_url_rule("/robots.txt", "robots", lambda: ("User-agent: *", 200, {"Content-Type": "text/plain"}))
    app.add_url_rule("/sitemap.xml", "sitemap", lambda: ("<urlset/>", 200, {"Content-Type": "application/xml"}))
    app.add_url_rule("/press", "press", lambda: "<p>press</p>")
    app.add_url_rule("/api/stock", "api_stock", lambda: jsonify(stock=3))
    blog = Blueprint("blog", __name__)
    blog.add_url_rule("/blog/", "index", lambda: "<p>blog</p>")
    app.register_blueprint(blog)
    return app


@pytest.fixture
def client(tmp_path: Path) -> FlaskClient:
    return gated_app(tmp_path=tmp_path).test_client()


def _gate_location(response: Any) -> str:
    assert response.status_code == 302, response.status_code
    location: str = response.headers["Location"]
    assert location.startswith("/storefront/age?next=")
    return location


def _token_payload(client: FlaskClient) -> dict[str, Any]:
    cookie = client.get_cookie(COOKIE_NAME)
    assert cookie is not None
    body = cookie.value.split(".")[0]
    data: dict[str, Any] = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    return data


# -- birthdate mode ------------------------------------------------------------------


def test_visitor_without_token_is_sent_to_the_gate_and_back(client: FlaskClient) -> None:
    location = _gate_location(client.get("/product/KR-1?colour=green"))
    page = client.get(location)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'value="/product/KR-1?colour=green"' in html
    passed = client.post("/storefront/age", data={**ADULT, "next": "/product/KR-1?colour=green"})
    assert passed.status_code == 303
    assert passed.headers["Location"] == "/product/KR-1?colour=green"
    assert client.get("/product/KR-1").get_data(as_text=True) == "<p>product KR-1</p>"


def test_birthdate_form_is_accessible_numeric_and_has_no_date_picker(client: FlaskClient) -> None:
    html = client.get("/storefront/age").get_data(as_text=True)
    inputs = re.findall(r"<input[^>]*>", html)
    fields = [i for i in inputs if re.search(r'name="(day|month|year)"', i)]
    assert len(fields) == 3
    for tag in fields:
        assert 'inputmode="numeric"' in tag and 'type="text"' in tag
        ident = re.search(r'id="([^"]+)"', tag).group(1)  # type: ignore[union-attr]
        assert f'<label for="{ident}">' in html
    assert 'type="date"' not in html and "<script" not in html


@pytest.mark.parametrize(("lang", "order"), [("en", ["month", "day", "year"]), ("de", ["day", "month", "year"])])
def test_fields_follow_the_locale_order(client: FlaskClient, lang: str, order: list[str]) -> None:
    html = client.get(f"/storefront/age?lang={lang}").get_data(as_text=True)
    found = re.findall(r'<input id="sf-dob-(day|month|year)"', html)
    assert found == order


def test_cookie_flags_and_no_birth_date_inside(client: FlaskClient) -> None:
    response = client.post("/storefront/age", data=ADULT)
    header = response.headers["Set-Cookie"]
    assert header.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header
    assert f"Max-Age={30 * 86400}" in header
    payload = _token_payload(client)
    assert set(payload) == {"a", "m", "p", "t"}
    assert "1980" not in json.dumps(payload)
    assert payload["m"] == "birthdate" and payload["p"] == "1"


def test_cookie_is_secure_over_https(tmp_path: Path) -> None:
    client = gated_app(tmp_path=tmp_path).test_client()
    response = client.post("/storefront/age", data=ADULT, base_url="https://shop.example")
    assert "Secure" in response.headers["Set-Cookie"]


def test_cookie_lifetime_is_configurable(tmp_path: Path) -> None:
    client = gated_app({"STOREFRONT_AGE_TOKEN_DAYS": 7}, tmp_path).test_client()
    assert f"Max-Age={7 * 86400}" in client.post("/storefront/age", data=ADULT).headers["Set-Cookie"]


def test_under_age_sees_the_denial_page(client: FlaskClient) -> None:
    year = time.gmtime().tm_year - 16
    response = client.post("/storefront/age", data={"day": "1", "month": "1", "year": str(year)})
    assert response.status_code == 303 and response.headers["Location"] == "/storefront/age/denied"
    assert client.get_cookie(COOKIE_NAME) is None
    denied = client.get("/storefront/age/denied")
    assert denied.status_code == 403 and "adults only" in denied.get_data(as_text=True)
    _gate_location(client.get("/"))


@pytest.mark.parametrize(
    "form",
    [
        {"day": "30", "month": "2", "year": "1990"},
        {"day": "aa", "month": "2", "year": "1990"},
        {"day": "1", "month": "2", "year": "90"},
        {"day": "1", "month": "1", "year": "2999"},
    ],
)
def test_impossible_dates_are_asked_again_and_kept(client: FlaskClient, form: dict[str, str]) -> None:
    response = client.post("/storefront/age", data={**form, "next": "/cart"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert 'role="alert"' in html and 'aria-invalid="true"' in html
    assert f'value="{form["day"]}"' in html and f'value="{form["year"]}"' in html
    assert 'value="/cart"' in html
    assert client.get_cookie(COOKIE_NAME) is None


def test_empty_form_asks_for_the_date(client: FlaskClient) -> None:
    response = client.post("/storefront/age", data={})
    assert response.status_code == 400 and "Please enter your date of birth" in response.get_data(as_text=True)


# -- confirm mode ----------------------------------------------------------------------


@pytest.fixture
def confirm_client(tmp_path: Path) -> FlaskClient:
    return gated_app({"STOREFRONT_AGE_GATE_MODE": "confirm"}, tmp_path).test_client()


def test_confirm_mode_has_two_buttons_and_no_date_fields(confirm_client: FlaskClient) -> None:
    html = confirm_client.get("/storefront/age").get_data(as_text=True)
    assert 'name="answer" value="yes"' in html and 'name="answer" value="no"' in html
    assert 'name="day"' not in html
    assert "18 or older" in html


def test_confirm_yes_passes(confirm_client: FlaskClient) -> None:
    response = confirm_client.post("/storefront/age", data={"answer": "yes", "next": "/cart"})
    assert response.headers["Location"] == "/cart"
    assert _token_payload(confirm_client)["m"] == "confirmed"
    assert confirm_client.get("/cart").status_code == 200


def test_confirm_no_is_denied(confirm_client: FlaskClient) -> None:
    response = confirm_client.post("/storefront/age", data={"answer": "no"})
    assert response.headers["Location"] == "/storefront/age/denied"
    _gate_location(confirm_client.get("/"))


def test_confirm_without_an_answer_asks_again(confirm_client: FlaskClient) -> None:
    assert confirm_client.post("/storefront/age", data={"answer": "maybe"}).status_code == 400


# -- tokens over time ----------------------------------------------------------------------


def test_forged_cookie_is_ignored(client: FlaskClient) -> None:
    forged = issue_token("not-the-shop-key", threshold=99, method="birthdate", policy_version="1")
    client.set_cookie(COOKIE_NAME, forged)
    _gate_location(client.get("/"))


def test_expired_cookie_is_ignored(client: FlaskClient) -> None:
    old = issue_token("test-secret", threshold=18, method="birthdate", policy_version="1", now=time.time() - 31 * 86400)
    client.set_cookie(COOKIE_NAME, old)
    _gate_location(client.get("/"))
    fresh = issue_token("test-secret", threshold=18, method="birthdate", policy_version="1", now=time.time() - 86400)
    client.set_cookie(COOKIE_NAME, fresh)
    assert client.get("/").status_code == 200


def test_raising_the_policy_version_asks_everyone_again(tmp_path: Path) -> None:
    first = gated_app({"STOREFRONT_POLICY_VERSION": "2026-01"}, tmp_path)
    client = first.test_client()
    client.post("/storefront/age", data=ADULT)
    assert client.get("/").status_code == 200
    token = client.get_cookie(COOKIE_NAME)
    assert token is not None

    raised = gated_app({"STOREFRONT_POLICY_VERSION": "2026-02"}, tmp_path).test_client()
    raised.set_cookie(COOKIE_NAME, token.value)
    _gate_location(raised.get("/"))


def test_an_18_token_does_not_satisfy_a_21_state(confirm_client: FlaskClient) -> None:
    confirm_client.post("/storefront/age", data={"answer": "yes"})
    assert _token_payload(confirm_client)["a"] == 18
    assert confirm_client.get("/").status_code == 200
    # The same visitor, now seen in Florida, is asked again: for 21.
    location = _gate_location(confirm_client.get("/", headers=FLORIDA))
    assert "21 or older" in confirm_client.get(location, headers=FLORIDA).get_data(as_text=True)
    confirm_client.post("/storefront/age", data={"answer": "yes"}, headers=FLORIDA)
    assert _token_payload(confirm_client)["a"] == 21
    assert confirm_client.get("/", headers=FLORIDA).status_code == 200


def test_birthdate_pass_at_18_remembers_21_for_those_old_enough(client: FlaskClient) -> None:
    client.post("/storefront/age", data=ADULT)
    assert _token_payload(client)["a"] == 21
    assert client.get("/", headers=FLORIDA).status_code == 200


def test_a_20_year_old_passes_at_18_but_not_in_florida(client: FlaskClient) -> None:
    year = time.gmtime().tm_year - 21  # 20 this year, whatever the day
    client.post("/storefront/age", data={"day": "31", "month": "12", "year": str(year)})
    assert _token_payload(client)["a"] == 18
    assert client.get("/").status_code == 200
    _gate_location(client.get("/", headers=FLORIDA))
    denied = client.post("/storefront/age", data={"day": "31", "month": "12", "year": str(year)}, headers=FLORIDA)
    assert denied.headers["Location"] == "/storefront/age/denied"


def test_geo_header_is_ignored_unless_trusted(tmp_path: Path) -> None:
    client = gated_app({"STOREFRONT_TRUST_GEO_HEADERS": [], "STOREFRONT_AGE_GATE_MODE": "confirm"}, tmp_path).test_client()
    client.post("/storefront/age", data={"answer": "yes"})
    assert client.get("/", headers=FLORIDA).status_code == 200


def test_min_age_setting_raises_the_gate(tmp_path: Path) -> None:
    client = gated_app({"STOREFRONT_MIN_AGE": 21, "STOREFRONT_AGE_GATE_MODE": "confirm"}, tmp_path).test_client()
    assert "21 or older" in client.get("/storefront/age").get_data(as_text=True)


# -- what is gated ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/robots.txt", "/sitemap.xml", "/static/style.css", "/storefront/", "/storefront/age", "/no-such-page"],
)
def test_never_gated(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code != 302


def test_json_requests_are_not_gated(client: FlaskClient) -> None:
    assert client.get("/api/stock", headers={"Accept": "application/json"}).status_code == 200
    assert client.post("/cart/add", json={"sku": "X"}).status_code == 200
    _gate_location(client.get("/press", headers={"Accept": "text/html,*/*;q=0.8"}))


@pytest.mark.parametrize(
    ("exempt", "open_paths", "gated_paths"),
    [
        (["press"], ["/press"], ["/", "/blog/"]),
        (["blog"], ["/blog/"], ["/press"]),
        (["/product"], ["/product/X"], ["/press"]),
    ],
)
def test_gate_exempt(tmp_path: Path, exempt: list[str], open_paths: list[str], gated_paths: list[str]) -> None:
    client = gated_app({"STOREFRONT_GATE_EXEMPT": exempt}, tmp_path).test_client()
    for path in open_paths:
        assert client.get(path).status_code == 200, path
    for path in gated_paths:
        _gate_location(client.get(path))


def test_gate_only_the_listed_endpoints(tmp_path: Path) -> None:
    client = gated_app({"STOREFRONT_GATE_ONLY": ["product", "cart"]}, tmp_path).test_client()
    assert client.get("/").status_code == 200 and client.get("/blog/").status_code == 200
    _gate_location(client.get("/product/X"))
    _gate_location(client.get("/cart"))


def test_user_agent_exemption_is_off_by_default(client: FlaskClient) -> None:
    _gate_location(client.get("/", headers={"User-Agent": "Googlebot/2.1"}))


def test_user_agent_exemption_never_reaches_the_cart(tmp_path: Path) -> None:
    client = gated_app({"STOREFRONT_GATE_EXEMPT_USER_AGENTS": ["Googlebot"]}, tmp_path).test_client()
    bot = {"User-Agent": "Mozilla/5.0 (compatible; Googlebot/2.1)"}
    assert client.get("/press", headers=bot).status_code == 200
    _gate_location(client.get("/cart", headers=bot))
    _gate_location(client.get("/press", headers={"User-Agent": "Mozilla/5.0"}))


def test_a_posted_form_returns_to_the_page_it_came_from(client: FlaskClient) -> None:
    response = client.post("/cart/add", headers={"Referer": "http://localhost/product/KR-1"})
    assert response.headers["Location"] == "/storefront/age?next=/product/KR-1"
    foreign = client.post("/cart/add", headers={"Referer": "https://evil.example/x"})
    assert foreign.headers["Location"] == "/storefront/age?next=/"


def test_gate_off(tmp_path: Path) -> None:
    client = gated_app({"STOREFRONT_AGE_GATE_MODE": "off"}, tmp_path).test_client()
    assert client.get("/").status_code == 200
    assert client.get("/storefront/age?next=/cart").headers["Location"] == "/cart"


# -- caching ----------------------------------------------------------------------------------


def test_cache_headers(client: FlaskClient) -> None:
    redirect = client.get("/")
    assert "Cookie" in redirect.headers["Vary"] and "no-store" in redirect.headers["Cache-Control"]
    gate = client.get("/storefront/age")
    assert "no-store" in gate.headers["Cache-Control"]
    client.post("/storefront/age", data=ADULT)
    page = client.get("/")
    assert "Cookie" in page.headers["Vary"]
    assert "private" in page.headers["Cache-Control"] and "public" not in page.headers["Cache-Control"]
    ungated = client.get("/robots.txt")
    assert "Cookie" not in ungated.headers.get("Vary", "")


# -- start-up, signals, two apps ------------------------------------------------------------------


def test_missing_secret_key_stops_start_up() -> None:
    app = Flask("no_key")
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        StorefrontCompliance(app)
    quiet = Flask("no_key_no_gate")
    quiet.config["STOREFRONT_AGE_GATE_MODE"] = "off"
    StorefrontCompliance(quiet)


@pytest.fixture
def received() -> Iterator[list[dict[str, Any]]]:
    seen: list[dict[str, Any]] = []

    def listener(sender: Flask, **extra: Any) -> None:
        seen.append({"sender": sender, **extra})

    age_verified.connect(listener)
    yield seen
    age_verified.disconnect(listener)


def test_age_verified_signal(tmp_path: Path, received: list[dict[str, Any]]) -> None:
    app = gated_app(tmp_path=tmp_path)
    app.test_client().post("/storefront/age", data=ADULT)
    assert len(received) == 1
    event = received[0]
    assert event["sender"] is app and event["threshold"] == 21 and event["method"] == "birthdate"
    assert "1980" not in repr(event)


def test_one_extension_two_apps_two_gates(tmp_path: Path) -> None:
    ext = StorefrontCompliance()
    confirm = make_app({"STOREFRONT_AGE_GATE_MODE": "confirm", "STOREFRONT_AUDIT_DATABASE_URL": f"sqlite:///{tmp_path}/1.db"}, ext)
    off = make_app({"STOREFRONT_AGE_GATE_MODE": "off", "STOREFRONT_AUDIT_DATABASE_URL": f"sqlite:///{tmp_path}/2.db"}, ext)
    assert confirm.test_client().get("/").status_code == 302
    assert off.test_client().get("/").status_code == 200
