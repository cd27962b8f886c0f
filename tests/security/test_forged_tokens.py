"""Forged, stale and insufficient age tokens are refused over HTTP, and the gate asks again."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from http.cookies import SimpleCookie

import pytest
from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

from storefront_plugin.gate import COOKIE_NAME
from storefront_plugin.tokens import SALT, issue_token
from tests.security.helpers import ADULT, ALLOWED_ADDRESS, FLORIDA, GATE, shop

KEY = "test-secret"
DAY = 86400
POLICY = "2"


@pytest.fixture(scope="module")
def shop_app(tmp_path_factory: pytest.TempPathFactory) -> Flask:
    return shop(tmp_path_factory.mktemp("tokens"), {"STOREFRONT_POLICY_VERSION": POLICY, "SECRET_KEY": KEY})


def _token(threshold: int = 18, policy: str = POLICY, now: float | None = None, key: str = KEY) -> str:
    return issue_token(key, threshold=threshold, method="birthdate", policy_version=policy, now=now)


def _retamper(token: str, **changes: object) -> str:
    body, rest = token.split(".", 1)
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    edited = base64.urlsafe_b64encode(json.dumps({**payload, **changes}).encode()).rstrip(b"=").decode()
    return f"{edited}.{rest}"


def _flip_last(token: str) -> str:
    return token[:-1] + ("A" if token[-1] != "A" else "B")


FORGERIES: dict[str, Callable[[], str]] = {
    "tampered signature": lambda: _flip_last(_token()),
    "tampered payload (age raised)": lambda: _retamper(_token(18), a=99),
    "tampered payload (policy bumped)": lambda: _retamper(_token(18, policy="1"), p=POLICY),
    "signature stripped": lambda: _token().rsplit(".", 2)[0],
    "expired (31 days, cookie lifetime 30)": lambda: _token(now=time.time() - 31 * DAY),
    "issued in the future": lambda: _token(now=time.time() + 2 * DAY),
    "another app's secret": lambda: _token(key="another-shop-secret"),
    "another salt": lambda: str(
        URLSafeTimedSerializer(KEY, salt="other.salt").dumps({"a": 21, "m": "birthdate", "p": POLICY, "t": int(time.time())})
    ),
    "old policy version": lambda: _token(policy="1"),
    "unsigned JSON": lambda: base64.urlsafe_b64encode(b'{"a":99,"m":"x","p":"2","t":1}').decode(),
    "our payload shape, wrong types": lambda: str(
        URLSafeTimedSerializer(KEY, salt=SALT).dumps({"a": "99", "m": "birthdate", "p": POLICY, "t": int(time.time())})
    ),
    "oversized": lambda: _token() + "A" * 2000,
    "garbage": lambda: "\x00\xff;;==..",
}


def _session_cookie_value() -> str:
    """A genuine Flask session cookie of an app with our SECRET_KEY: valid there, worthless to the gate."""
    other = Flask("session_app")
    other.secret_key = KEY
    serializer = SecureCookieSessionInterface().get_signing_serializer(other)
    assert serializer is not None
    return str(serializer.dumps({"a": 99, "m": "birthdate", "p": POLICY, "t": int(time.time())}))


FORGERIES["flask session cookie signed with our key"] = _session_cookie_value


def test_a_genuine_token_is_accepted(shop_app: Flask) -> None:
    # The control: without it, the refusals below could pass because nothing is ever accepted.
    client = shop_app.test_client()
    client.set_cookie(COOKIE_NAME, _token())
    assert client.get("/product/KR-1").status_code == 200


@pytest.mark.parametrize("name", list(FORGERIES))
def test_forged_token_sends_the_visitor_to_the_gate(shop_app: Flask, name: str) -> None:
    client = shop_app.test_client()
    client.set_cookie(COOKIE_NAME, FORGERIES[name]())
    response = client.get("/product/KR-1")
    assert response.status_code == 302, name
    assert response.headers["Location"].startswith(GATE + "?next=")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200 and 'name="day"' in page.get_data(as_text=True)


def test_an_18_token_is_not_enough_where_21_is_required(shop_app: Flask) -> None:
    client = shop_app.test_client()
    client.set_cookie(COOKIE_NAME, _token(18))
    assert client.get("/product/KR-1").status_code == 200  # 18 is enough outside Florida
    response = client.get("/product/KR-1", headers=FLORIDA)
    assert response.status_code == 302
    page = client.get(response.headers["Location"], headers=FLORIDA).get_data(as_text=True)
    assert "at least 21" in page
    client.set_cookie(COOKIE_NAME, _token(21))
    assert client.get("/product/KR-1", headers=FLORIDA).status_code == 200


def test_a_changed_policy_version_asks_everyone_again(tmp_path_factory: pytest.TempPathFactory) -> None:
    token = _token(policy=POLICY)
    later = shop(tmp_path_factory.mktemp("policy"), {"STOREFRONT_POLICY_VERSION": "3", "SECRET_KEY": KEY})
    client = later.test_client()
    client.set_cookie(COOKIE_NAME, token)
    assert client.get("/product/KR-1").status_code == 302


def test_a_soft_gate_token_never_opens_the_checkout(shop_app: Flask) -> None:
    """The hard gate judges the birth date the POST carries, whatever the cookie says."""
    client = shop_app.test_client()
    client.set_cookie(COOKIE_NAME, _token(21))
    response = client.post("/checkout", data=ALLOWED_ADDRESS)
    assert response.status_code == 422
    assert 'data-code="age.missing"' in response.get_data(as_text=True)


def _cookie_attributes(header: str) -> dict[str, str]:
    jar: SimpleCookie = SimpleCookie()
    jar.load(header)
    morsel = jar[COOKIE_NAME]
    flags = {k: str(v) for k, v in morsel.items() if v}
    lowered = header.lower()
    flags["httponly"] = "yes" if "; httponly" in lowered else ""
    flags["secure"] = "yes" if "; secure" in lowered else ""
    return flags


@pytest.mark.parametrize("base_url", ["http://localhost/", "https://localhost/"])
def test_cookie_flags(shop_app: Flask, base_url: str) -> None:
    client = shop_app.test_client()
    response = client.post(GATE, data={**ADULT, "next": "/"}, base_url=base_url)
    headers = [h for h in response.headers.getlist("Set-Cookie") if h.startswith(COOKIE_NAME + "=")]
    assert len(headers) == 1
    flags = _cookie_attributes(headers[0])
    assert flags["httponly"] == "yes"
    assert flags["samesite"] == "Lax"
    assert flags["path"] == "/"
    assert flags["max-age"] == str(30 * DAY)
    assert flags["secure"] == ("yes" if base_url.startswith("https") else "")
    assert "domain" not in flags  # host-only: a sibling subdomain never receives it
    # What the cookie says: no birth date, in any form.
    value = headers[0].split(";", 1)[0].split("=", 1)[1]
    body = value.split(".")[0]
    payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    assert set(payload) == {"a", "m", "p", "t"}
    assert "1980" not in json.dumps(payload) and "07" not in str(payload.get("a"))
