"""The answer to "may this order ship here / may this person buy this?".

Pure data, free of Flask: shipping checks, checkout checks, the HTTP API, the
CLI and the templates all speak this one type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["allowed", "blocked", "unverifiable"]

ALLOWED: Status = "allowed"
BLOCKED: Status = "blocked"
UNVERIFIABLE: Status = "unverifiable"

_SEVERITY = {ALLOWED: 0, UNVERIFIABLE: 1, BLOCKED: 2}


@dataclass(frozen=True)
class Reason:
    """Why a decision is what it is.

    ``code`` is stable and machine-readable (``shipping.banned``,
    ``address.unknown_postal_code``, ``age.under_minimum``); ``message`` is
    for people and already translated when made inside a request.
    """

    code: str
    message: str
    jurisdiction: str | None = None
    rule_id: str | None = None
    source: str | None = None
    as_of: str | None = None
    confidence: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "message": self.message,
            "jurisdiction": self.jurisdiction,
            "rule_id": self.rule_id,
            "source": self.source,
        }


@dataclass(frozen=True)
class Decision:
    """A fail-closed verdict: only ``status == "allowed"`` lets an order through."""

    status: Status
    reasons: tuple[Reason, ...] = ()
    #: Highest minimum age any matched rule sets at the destination (None: no rule sets one).
    required_age: int | None = None
    #: Jurisdiction codes that were resolved, e.g. ("US", "US-FL", "US-FL/Sarasota County").
    jurisdictions: tuple[str, ...] = ()
    rules_version: str = ""
    #: How age was verified, for the audit log ("self-declared", a verifier's name, or "").
    verification_method: str = ""
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def allowed(self) -> bool:
        return self.status == ALLOWED

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(r.code for r in self.reasons)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of ``api/shipping-check`` and ``api/checkout-check``."""
        return {
            "allowed": self.allowed,
            "status": self.status,
            "reasons": [r.as_dict() for r in self.reasons],
            "rules_version": self.rules_version,
        }


def worst(*statuses: Status) -> Status:
    """Combine statuses: blocked beats unverifiable beats allowed."""
    return max(statuses, key=_SEVERITY.__getitem__, default=ALLOWED)
