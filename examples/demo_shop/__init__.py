"""A small shop that mounts storefront_plugin, to see and test every feature."""

from .app import create_app

__all__ = ["create_app"]
