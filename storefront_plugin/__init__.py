"""Compliance for Flask shops that sell kratom: age gate, shipping rules, disclaimers, education pages."""

from __future__ import annotations

from .checkout import check_checkout, decide_checkout, enforce_checkout
from .claims import Finding, check_paths, check_text
from .decision import Decision, Reason
from .disclaimers import DSHEA_EN
from .errors import ConfigurationError, StorefrontError
from .extension import StorefrontCompliance, StorefrontState, get_state
from .jurisdictions import country_name, jurisdiction_name, subdivision_name
from .rules import Rule, Ruleset
from .shipping_app import check_shipping
from .signals import age_verified, checkout_checked
from .verification import AgeVerifier, SelfDeclaration, VerificationRequest, VerificationResult

__all__ = [
    "DSHEA_EN",
    "AgeVerifier",
    "ConfigurationError",
    "Decision",
    "Finding",
    "Reason",
    "Rule",
    "Ruleset",
    "SelfDeclaration",
    "StorefrontCompliance",
    "StorefrontError",
    "StorefrontState",
    "VerificationRequest",
    "VerificationResult",
    "age_verified",
    "check_checkout",
    "check_paths",
    "check_text",
    "check_shipping",
    "checkout_checked",
    "country_name",
    "decide_checkout",
    "enforce_checkout",
    "get_state",
    "jurisdiction_name",
    "subdivision_name",
]

__version__ = "0.1.0"
