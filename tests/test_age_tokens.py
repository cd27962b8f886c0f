"""The age-gate token: signed, expiring, versioned, and free of birth dates."""

from __future__ import annotations

import base64
import json
import time

from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

from storefront_plugin.tokens import SALT, issue_token, read_token

KEY = "test-secret"
DAY = 86400


def _payload(token: str) -> dict[str, object]:
    body = token.split(".")[0]
    data: dict[str, object] = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    return data


def test_round_trip() -> None:
    token = issue_token(KEY, threshold=21, method="birthdate", policy_version="3")
    read = read_token(KEY, token, max_age=30 * DAY)
    assert read is not None
    assert (read.threshold, read.method, read.policy_version) == (21, "birthdate", "3")
    assert abs(read.issued_at - time.time()) < 3600


def test_token_holds_only_threshold_method_version_and_time() -> None:
    token = issue_token(KEY, threshold=18, method="birthdate", policy_version="1")
    assert set(_payload(token)) == {"a", "m", "p", "t"}


def test_another_key_is_a_forgery() -> None:
    token = issue_token("other-key", threshold=21, method="birthdate", policy_version="1")
    assert read_token(KEY, token, max_age=DAY) is None


def test_edited_payload_is_a_forgery() -> None:
    token = issue_token(KEY, threshold=18, method="birthdate", policy_version="1")
    body, rest = token.split(".", 1)
    raised = base64.urlsafe_b64encode(json.dumps({**_payload(token), "a": 99}).encode()).rstrip(b"=").decode()
    assert read_token(KEY, f"{raised}.{rest}", max_age=DAY) is None


def test_value_signed_for_another_purpose_is_refused() -> None:
    # Same SECRET_KEY, other salt: a Flask session cookie or another extension's token.
    other = URLSafeTimedSerializer(KEY, salt="itsdangerous").dumps({"a": 21, "m": "x", "p": "1", "t": 0})
    assert read_token(KEY, str(other), max_age=DAY) is None
    session = SecureCookieSessionInterface()
    assert session.salt != SALT


def test_malformed_payload_signed_with_our_key_is_refused() -> None:
    serializer = URLSafeTimedSerializer(KEY, salt=SALT)
    for payload in ({"a": "21", "m": "x", "p": "1", "t": 1}, {"a": True, "m": "x", "p": "1", "t": 1}, [21], {"a": 21}):
        assert read_token(KEY, str(serializer.dumps(payload)), max_age=DAY) is None


def test_garbage_is_refused() -> None:
    for token in (None, "", "abc", "a.b.c", "x" * 5000):
        assert read_token(KEY, token, max_age=DAY) is None


def test_expiry() -> None:
    now = time.time()
    old = issue_token(KEY, threshold=18, method="birthdate", policy_version="1", now=now - 31 * DAY)
    assert read_token(KEY, old, max_age=30 * DAY) is None
    recent = issue_token(KEY, threshold=18, method="birthdate", policy_version="1", now=now - 29 * DAY)
    assert read_token(KEY, recent, max_age=30 * DAY) is not None


def test_token_from_the_future_is_refused() -> None:
    later = issue_token(KEY, threshold=18, method="birthdate", policy_version="1", now=time.time() + DAY)
    assert read_token(KEY, later, max_age=30 * DAY) is None


def test_satisfies_needs_the_age_and_the_policy_version() -> None:
    token = read_token(KEY, issue_token(KEY, threshold=18, method="confirmed", policy_version="1"), max_age=DAY)
    assert token is not None
    assert token.satisfies(18, "1")
    assert not token.satisfies(21, "1")
    assert not token.satisfies(18, "2")


def test_a_non_canonical_spelling_of_the_signature_is_refused() -> None:
    token = issue_token(KEY, threshold=18, method="birthdate", policy_version="1")
    head, last = token[:-1], token[-1]
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    # 20 signature bytes leave 2 spare bits in the last character: its 3 siblings decode identically.
    base = alphabet.index(last) & ~3
    siblings = [alphabet[base + i] for i in range(4) if alphabet[base + i] != last]
    assert read_token(KEY, token, max_age=DAY) is not None
    for other in siblings:
        assert read_token(KEY, head + other, max_age=DAY) is None
