"""Compliance for Flask shops that sell kratom: age gate, shipping rules, disclaimers, education pages."""

from __future__ import annotations

from .errors import ConfigurationError, StorefrontError
from .extension import StorefrontCompliance, StorefrontState, get_state

__all__ = [
    "ConfigurationError",
    "StorefrontCompliance",
    "StorefrontError",
    "StorefrontState",
    "get_state",
]

__version__ = "0.1.0"
