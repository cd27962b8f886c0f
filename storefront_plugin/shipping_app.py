"""The Flask side of the shipping check: per-app rules, our gettext, the public calls.

``init_app`` calls :func:`install`, which loads and validates the default
rules plus ``STOREFRONT_RULES_FILES`` (a broken file raises
:class:`~storefront_plugin.errors.ConfigurationError` and stops start-up) and
keeps them, with a :class:`~storefront_plugin.shipping.ShippingChecker`, in the
app's :class:`~storefront_plugin.extension.StorefrontState`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

# Modules, not names: extension imports this module, and the decision path
# must not pay for an import statement on every call.
from . import extension as _extension
from . import i18n, zipindex
from .decision import Decision
from .request_state import current_request
from .rules_loader import load_ruleset
from .settings import (
    DEFAULT_COUNTRY,
    DISABLED_RULES,
    LICENSES,
    PRELOAD_ZIP_INDEX,
    RULES_FILES,
    UNCERTAIN_RULES,
)
from .shipping import ShippingChecker

if TYPE_CHECKING:
    from .extension import StorefrontState
    from .rules import Rule

__all__ = ["ShippingMethods", "check_shipping", "checker", "install"]


def _language() -> str:
    # Part of the decision cache key: messages are translated per request locale.
    req = current_request()
    return i18n.request_locale(req)[1] if req is not None else ""  # kept on the request by i18n


def _translate(template: str, **variables: Any) -> str:
    return i18n.gettext(template, **variables)


def _place_name(rule: Rule) -> str:
    return i18n.rule_place_name(rule)


def install(state: StorefrontState) -> None:
    """Load this app's rules and build its checker (called by ``init_app``)."""
    paths: tuple[str, ...] = state.get(RULES_FILES)
    disabled: tuple[str, ...] = state.get(DISABLED_RULES)
    licenses: tuple[str, ...] = state.get(LICENSES)
    ruleset = load_ruleset(paths, disabled=disabled)
    state.ruleset = ruleset
    state.shipping = ShippingChecker(
        ruleset,
        licenses=licenses,
        uncertain=state.get(UNCERTAIN_RULES),  # type: ignore[arg-type]  # validated by settings
        default_country=state.get(DEFAULT_COUNTRY),
        translate=_translate,
        language=_language,
        place_name=_place_name,
    )
    if state.get(PRELOAD_ZIP_INDEX):
        zipindex.preload()


def checker(state: StorefrontState | None = None) -> ShippingChecker:
    """The shipping checker of ``state`` (default: the current app's)."""
    if state is None:
        state = _extension.get_state()
    if state.shipping is None:  # pragma: no cover - install() always sets it
        raise RuntimeError("storefront_plugin's shipping rules are not loaded on this app")
    return state.shipping


def check_shipping(
    address: Mapping[str, Any], items: Sequence[Mapping[str, Any]] | None = None, on: date | None = None
) -> Decision:
    """May ``items`` ship to ``address`` on ``on`` (default today)? Needs an app context.

    ``items`` are mappings with ``sku``, ``category`` and optional
    ``attributes``; None means the whole order counts as restricted. The
    answer is fail-closed: only ``decision.allowed`` lets the order through.
    """
    return checker().check(address, items, on)


class ShippingMethods:
    """``StorefrontCompliance.check_shipping``: the shipping check on the current app."""

    def check_shipping(
        self, address: Mapping[str, Any], items: Sequence[Mapping[str, Any]] | None = None, on: date | None = None
    ) -> Decision:
        """See :func:`storefront_plugin.check_shipping`; uses the current app's rules and settings."""
        return check_shipping(address, items, on)
