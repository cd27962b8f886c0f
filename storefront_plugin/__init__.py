"""Compliance for Flask shops that sell kratom: age gate, shipping rules, disclaimers, education pages."""

from __future__ import annotations

from .errors import ConfigurationError, StorefrontError
from .extension import StorefrontCompliance, StorefrontState, get_state
from .rules import Rule, Ruleset
from .shipping_app import check_shipping

__all__ = [
    "ConfigurationError",
    "Rule",
    "Ruleset",
    "StorefrontCompliance",
    "StorefrontError",
    "StorefrontState",
    "check_shipping",
    "get_state",
]

__version__ = "0.1.0"
