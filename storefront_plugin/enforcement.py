"""Per-app wiring of the age gate and the checkout hook.

``init_app`` calls :func:`install`, which builds an :class:`Enforcement`
(the geo locator, the audit store, the verifier and the guarded endpoints of
one app), keeps it on the app's :class:`~.extension.StorefrontState`, and
registers the request hooks. :class:`EnforcementMethods` gives the extension
object ``check_checkout`` and the ``checkout_loader`` decorator.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, TypeVar, overload

from flask import Flask

from .audit import AuditStore
from .errors import ConfigurationError
from .geoip import GeoLocator
from .settings import (
    AGE_GATE_MODE,
    AGE_VERIFIER,
    AUDIT_DATABASE_URL,
    AUDIT_LOCK_TIMEOUT,
    CHECKOUT_ENDPOINTS,
    CHECKOUT_FIELDS,
    GATE_EXEMPT_USER_AGENTS,
    GEOIP_DB,
    MIN_AGE,
    NOTICE_CATEGORIES,
    TRUST_GEO_HEADERS,
)
from .tokens import AgeToken
from .verification import AgeVerifier, SelfDeclaration

if TYPE_CHECKING:
    from .decision import Decision
    from .extension import StorefrontState

__all__ = ["CheckoutLoader", "Enforcement", "EnforcementMethods", "install"]

#: ``loader(endpoint)`` returns any of the keys ``address``, ``birth_date``,
#: ``items``, ``order_ref`` (a mapping), or None to add nothing.
CheckoutLoader = Callable[[str], "Mapping[str, Any] | None"]
L = TypeVar("L", bound=CheckoutLoader)


@dataclass
class Enforcement:
    """What the gate and the checkout hook need for one app."""

    locator: GeoLocator
    audit: AuditStore
    verifier: AgeVerifier
    #: Guarded endpoint -> its field map (shop field -> our key), global map merged in.
    endpoints: dict[str, dict[str, str]]
    user_agents: tuple[re.Pattern[str], ...]
    #: The highest age the gate can ever ask for: STOREFRONT_MIN_AGE or any rule's min_age.
    highest_age: int = 0
    #: Whether the visitor's location can raise the gate's age: some rule above
    #: STOREFRONT_MIN_AGE sits at a level our sources can see (the bundled table
    #: knows countries only; states need a trusted header or a MaxMind file).
    location_matters: bool = True
    #: Product categories whose buyers must show their age: those any rule covers,
    #: plus STOREFRONT_NOTICE_CATEGORIES (lower case).
    restricted_categories: frozenset[str] = frozenset()
    #: Gate cookies whose signature already checked out -> what they say (bounded).
    verified_tokens: dict[tuple[str | bytes, str], AgeToken] = field(default_factory=dict)


def install(app: Flask, state: StorefrontState) -> None:
    """Build the app's :class:`Enforcement` (the hooks that use it are in :mod:`.hooks`)."""
    if state.get(AGE_GATE_MODE) != "off" and not app.config.get("SECRET_KEY"):
        raise ConfigurationError(
            "SECRET_KEY is not set: the age gate signs its cookie with it. Set app.config['SECRET_KEY'] "
            "to a long random value before init_app, or set STOREFRONT_AGE_GATE_MODE = 'off'."
        )
    url = state.get(AUDIT_DATABASE_URL) or AuditStore.default_url(app.instance_path)
    rules = state.ruleset.rules if state.ruleset else ()
    older = [r for r in rules if r.min_age is not None and r.min_age > state.get(MIN_AGE)]
    sees_states = bool(state.get(TRUST_GEO_HEADERS)) or state.get(GEOIP_DB) is not None
    common = state.get(CHECKOUT_FIELDS)
    state.enforcement = Enforcement(
        locator=GeoLocator(state.get(TRUST_GEO_HEADERS), state.get(GEOIP_DB)),
        audit=AuditStore(url, lock_timeout=state.get(AUDIT_LOCK_TIMEOUT)),
        verifier=state.get(AGE_VERIFIER) or SelfDeclaration(),
        endpoints={name: {**common, **fields} for name, fields in state.get(CHECKOUT_ENDPOINTS).items()},
        user_agents=tuple(re.compile(p, re.IGNORECASE) for p in state.get(GATE_EXEMPT_USER_AGENTS)),
        highest_age=max([state.get(MIN_AGE)] + [r.min_age for r in older if r.min_age is not None]),
        location_matters=any(r.level == "country" or (sees_states and r.level == "state") for r in older),
        restricted_categories=frozenset(c for r in rules for c in r.categories)
        | frozenset(c.lower() for c in state.get(NOTICE_CATEGORIES)),
    )


class EnforcementMethods:
    """Methods of :class:`~.extension.StorefrontCompliance` for checkout enforcement."""

    @property
    def checkout_loaders(self) -> dict[str | None, CheckoutLoader]:
        """Registered loaders by endpoint (``None``: every guarded endpoint)."""
        loaders: dict[str | None, CheckoutLoader] = vars(self).setdefault("_checkout_loaders", {})
        return loaders

    @overload
    def checkout_loader(self, func: L) -> L: ...

    @overload
    def checkout_loader(self, func: None = None, *, endpoint: str | None = None) -> Callable[[L], L]: ...

    def checkout_loader(self, func: L | None = None, *, endpoint: str | None = None) -> L | Callable[[L], L]:
        """Register where a guarded endpoint's checkout data comes from.

        Use it for steps whose POST carries no form fields (the data sits in
        the session or the database)::

            @compliance.checkout_loader
            def load(endpoint):
                data = session.get("checkout", {})
                return {"address": data, "birth_date": data.get("dob"), "items": cart_items()}

        ``@compliance.checkout_loader(endpoint="place_order")`` registers one for
        that endpoint only; it wins over the general one. What a loader returns
        overrides what came from the form.
        """

        def register(f: L) -> L:
            self.checkout_loaders[endpoint] = f
            return f

        return register(func) if func is not None else register

    def check_checkout(
        self,
        address: Mapping[str, Any] | None,
        birth_date: Any,
        items: Sequence[Mapping[str, Any]] | None = None,
        on: date | None = None,
        *,
        order_ref: str | None = None,
    ) -> Decision:
        """The one checkout decision (shipping rules, age at the destination, products); see :func:`.checkout.check_checkout`."""
        from .checkout import check_checkout

        return check_checkout(address, birth_date, items, on, order_ref=order_ref)

    def decide_checkout(
        self,
        address: Mapping[str, Any] | None,
        birth_date: Any,
        items: Sequence[Mapping[str, Any]] | None = None,
        on: date | None = None,
        *,
        order_ref: str | None = None,
    ) -> Decision:
        """The same decision without recording it, for previews; see :func:`.checkout.decide_checkout`."""
        from .checkout import decide_checkout

        return decide_checkout(address, birth_date, items, on, order_ref=order_ref)
