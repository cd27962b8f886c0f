"""The signed age-gate token: what a visitor proved, never who they are.

The token is an itsdangerous ``URLSafeTimedSerializer`` payload keyed by the
app's ``SECRET_KEY`` with our own salt, so it cannot be forged, replayed as
another Flask signed value, or kept past its lifetime. It holds the age
threshold passed, the method, the policy version and the time of issue;
never a birth date.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadData, BadSignature, TimestampSigner, URLSafeTimedSerializer
from itsdangerous.encoding import base64_decode, base64_encode

__all__ = ["AgeToken", "SALT", "issue_token", "read_token"]

#: Keeps our signatures apart from every other value signed with SECRET_KEY.
SALT = "storefront_plugin.age-gate.v1"


@dataclass(frozen=True)
class AgeToken:
    """What a valid token says."""

    threshold: int
    method: str
    policy_version: str
    issued_at: int

    def satisfies(self, required_age: int, policy_version: str) -> bool:
        """True when this token covers ``required_age`` under the current policy."""
        return self.policy_version == policy_version and self.threshold >= required_age


def _serializer(secret_key: str | bytes, now: float | None) -> URLSafeTimedSerializer:
    if now is None:
        return URLSafeTimedSerializer(secret_key, salt=SALT)
    stamp = int(now)

    class _FixedClock(TimestampSigner):
        # The timestamp itsdangerous signs (and checks max_age against) comes
        # from here, so tokens can be issued or read "as of" a given moment.
        def get_timestamp(self) -> int:
            return stamp

    return URLSafeTimedSerializer(secret_key, salt=SALT, signer=_FixedClock)


def _canonical(token: str) -> bool:
    """True when the timestamp and signature are in their one canonical base64 spelling.

    Base64 leaves spare low bits in the last character, so several spellings
    decode to the same signature; accepting only the canonical one makes a
    token unforgeable to the letter, not just to the bytes.
    """
    parts = token.rsplit(".", 2)
    if len(parts) != 3:
        return False
    try:
        return all(base64_encode(base64_decode(part)).decode("ascii") == part for part in parts[1:])
    except (BadData, UnicodeError):
        return False


def issue_token(
    secret_key: str | bytes, *, threshold: int, method: str, policy_version: str, now: float | None = None
) -> str:
    """A signed token for a visitor who showed they are at least ``threshold``."""
    issued = int(now if now is not None else time.time())
    payload = {"a": threshold, "m": method, "p": policy_version, "t": issued}
    return str(_serializer(secret_key, now).dumps(payload))


def read_token(
    secret_key: str | bytes, token: str | None, *, max_age: int, now: float | None = None
) -> AgeToken | None:
    """The token's content, or ``None`` if it is missing, forged, malformed or older than ``max_age`` seconds."""
    if not token or len(token) > 1024 or not _canonical(token):
        return None
    try:
        data: Any = _serializer(secret_key, now).loads(token, max_age=max_age)
    except BadSignature:  # also covers SignatureExpired and BadPayload
        return None
    if not isinstance(data, dict):
        return None
    threshold, method, version, issued = data.get("a"), data.get("m"), data.get("p"), data.get("t")
    if not (isinstance(threshold, int) and not isinstance(threshold, bool) and 0 < threshold < 150):
        return None
    if not isinstance(method, str) or not isinstance(version, str):
        return None
    if not isinstance(issued, int) or isinstance(issued, bool):
        return None
    return AgeToken(threshold=threshold, method=method, policy_version=version, issued_at=issued)
