"""HTML pages of the blueprint that are not education, gate or API views."""

from __future__ import annotations

from flask import Blueprint, render_template


def register(bp: Blueprint) -> None:
    """Attach the page routes to ``bp``."""
    bp.add_url_rule("/", "index", index)


def index() -> str:
    """The plugin's home: the way into the education and legal pages."""
    return render_template("storefront/index.html")
