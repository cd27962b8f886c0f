"""HTML pages of the blueprint that are not gate or API views: the home is the education index."""

from __future__ import annotations

from flask import Blueprint

from . import education


def register(bp: Blueprint) -> None:
    """Attach the page routes to ``bp``."""
    bp.add_url_rule("/", "index", index)


def index() -> str:
    """The plugin's home: the way into the education and legal pages."""
    return education.index()
