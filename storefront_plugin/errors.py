"""Exceptions the plugin raises on purpose."""

from __future__ import annotations


class StorefrontError(Exception):
    """Base class of every error the plugin raises deliberately."""


class ConfigurationError(StorefrontError):
    """A ``STOREFRONT_*`` setting is wrong; the message names the key and the fix."""
