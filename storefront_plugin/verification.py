"""Identity verification: the ``AgeVerifier`` protocol and the default self-declaration.

Some states want more than a typed birth date for online sales (West
Virginia asks for an approved age-verification mechanism). A merchant plugs
in a third-party service by setting ``STOREFRONT_AGE_VERIFIER`` to an object
with a ``name`` and a ``verify`` method; the plugin calls it for every
checkout after the birth date has passed the age check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, runtime_checkable

__all__ = ["AgeVerifier", "SelfDeclaration", "VerificationRequest", "VerificationResult"]

Outcome = Literal["verified", "failed", "unavailable"]


@dataclass(frozen=True)
class VerificationRequest:
    """What a verifier is told about one checkout.

    ``address`` is the shop's address mapping as given (a verifier may need
    it to match an identity record); the plugin never logs or stores it.
    """

    address: Mapping[str, Any]
    required_age: int
    jurisdictions: tuple[str, ...]
    order_ref: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class VerificationResult:
    """A verifier's answer. Only ``"verified"`` lets the order through."""

    outcome: Outcome
    #: Recorded in the audit log as the verification method, e.g. "acme-idv".
    method: str
    #: Shown to the buyer when the outcome is not "verified" (already translated).
    message: str = ""


@runtime_checkable
class AgeVerifier(Protocol):
    """A third-party identity or age check.

    ``verify`` must not raise for a person who simply fails; it returns
    ``"failed"``. Use ``"unavailable"`` when the service cannot answer. An
    exception is treated like ``"unavailable"`` and logged: the order fails closed.
    """

    name: str

    def verify(self, request: VerificationRequest) -> VerificationResult: ...


class SelfDeclaration:
    """The default: the buyer's declared birth date is the evidence."""

    name = "self-declared"

    def verify(self, request: VerificationRequest) -> VerificationResult:
        return VerificationResult("verified", self.name)
