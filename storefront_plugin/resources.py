"""Where the shipped templates and catalogs are, in a checkout, a wheel or an editable install."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path


def templates_dir() -> Path:
    """Folder holding ``storefront/*.html``."""
    # By subpackage name: ``files("storefront_plugin") / "templates"`` breaks in editable installs.
    return Path(str(files("storefront_plugin.templates")))


def translations_dir() -> Path:
    """Folder holding ``<locale>/LC_MESSAGES/storefront.mo``."""
    return Path(str(files("storefront_plugin.translations")))
