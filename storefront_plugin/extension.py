"""The Flask extension object and the per-app state it keeps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from flask import Flask, current_app

from .enforcement import Enforcement, EnforcementMethods
from .content import ContentLibrary
from .fragments import FragmentCache
from .i18n import StorefrontDomain
from .rules import Ruleset
from .settings import BLUEPRINT_NAME, SETTINGS, URL_PREFIX, Setting, resolve
from .shipping import ShippingChecker
from .shipping_app import ShippingMethods

T = TypeVar("T")

EXTENSION_KEY = "storefront"


@dataclass
class StorefrontState:
    """Everything the plugin keeps for one app, stored in ``app.extensions["storefront"]``.

    One :class:`StorefrontCompliance` object may serve several apps; each gets
    its own state, so nothing here is shared between them.
    """

    extension: StorefrontCompliance
    settings: dict[str, Any]
    #: The app this state belongs to: the page path reads its config without a ``current_app`` lookup.
    app: Flask
    domain: StorefrontDomain = field(default_factory=StorefrontDomain)
    #: Age gate and checkout enforcement (geo locator, audit store, verifier, guarded endpoints).
    enforcement: Enforcement | None = None
    #: Shipping rules and the checker deciding with them, set by shipping_app.install at init_app.
    ruleset: Ruleset | None = None
    shipping: ShippingChecker | None = None
    #: Education articles after merchant overrides, loaded when the blueprint registers.
    content: ContentLibrary | None = None
    #: Rendered partials that depend only on the locale, the day and settings
    #: (the disclaimer, product notices), so a page does not rebuild them on every request.
    fragments: FragmentCache = field(default_factory=lambda: FragmentCache(256))
    #: Rendered partials that also depend on the page's URL (the language switcher).
    page_fragments: FragmentCache = field(default_factory=lambda: FragmentCache(2048))
    #: ``(code, name in its own language)`` per offered locale, named on first use.
    languages: list[tuple[str, str]] | None = None

    def get(self, setting: Setting[T]) -> T:
        """The validated value of ``setting`` for this app."""
        value: T = self.settings[setting.key]
        return value

    @property
    def rules(self) -> Ruleset:
        """The validated shipping rules of this app (``rules.active_on(day)``, ``rules.blocking_on(day)``)."""
        if self.ruleset is None:
            raise RuntimeError("shipping rules are loaded by init_app; this state was not initialised")
        return self.ruleset

    @property
    def blueprint_name(self) -> str:
        return self.get(BLUEPRINT_NAME)


def get_state(app: Flask | None = None) -> StorefrontState:
    """The plugin's state for ``app`` (default: the current app)."""
    # One proxy lookup: an attribute read through ``current_app`` costs as much as a dozen plain ones.
    target: Flask = app if app is not None else current_app._get_current_object()  # type: ignore[attr-defined]
    try:
        state: StorefrontState = target.extensions[EXTENSION_KEY]
    except KeyError:
        raise RuntimeError(
            "storefront_plugin is not initialised on this app: call StorefrontCompliance(app) "
            "or compliance.init_app(app) first."
        ) from None
    return state


class StorefrontCompliance(EnforcementMethods, ShippingMethods):
    """Mounts the storefront compliance plugin into a Flask app.

    ``StorefrontCompliance(app)`` or, for app factories,
    ``compliance = StorefrontCompliance()`` then ``compliance.init_app(app)``.
    """

    def __init__(self, app: Flask | None = None) -> None:
        if app is not None:
            self.init_app(app)

    def init_app(self, app: Flask) -> None:
        """Apply defaults, validate settings, and register the blueprint, hooks and CLI."""
        # Imported here: the blueprint and CLI modules import this one.
        from . import templating
        from .blueprint import create_blueprint
        from .cli import storefront_cli
        from .enforcement import install as install_enforcement
        from .hooks import install as install_hooks
        from .shipping_app import install as install_shipping

        if EXTENSION_KEY in app.extensions:
            raise RuntimeError("storefront_plugin is already initialised on this app; call init_app once per app.")
        for key, setting in SETTINGS.items():
            app.config.setdefault(key, setting.default)
        state = StorefrontState(extension=self, settings=resolve(app.config), app=app)
        install_shipping(state)  # loads and validates the rules: a broken file stops start-up here
        app.extensions[EXTENSION_KEY] = state

        app.register_blueprint(create_blueprint(state.blueprint_name), url_prefix=state.get(URL_PREFIX) or None)
        templating.install(app)
        install_enforcement(app, state)
        install_hooks(app, state)
        if "storefront" not in app.cli.commands:
            app.cli.add_command(storefront_cli)
