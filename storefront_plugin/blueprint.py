"""The blueprint factory: ``init_app`` calls it with the configured name."""

from __future__ import annotations

from flask import Blueprint

from . import checkout_api, csrf, gate, pages
from . import api, education, notices
from .resources import templates_dir


def create_blueprint(name: str) -> Blueprint:
    """A fresh blueprint named ``name`` with every plugin route registered.

    A new object per app, so two apps never share route state. Templates are
    looked up after the app's own folder, which is how a merchant overrides one.
    """
    bp = Blueprint(name, __name__, template_folder=str(templates_dir()))
    pages.register(bp)
    education.register(bp)
    notices.register(bp)
    gate.register(bp)
    checkout_api.register(bp)
    api.register(bp)
    csrf.register(bp)  # refuses cross-site POSTs to the gate and the JSON checks
    return bp
