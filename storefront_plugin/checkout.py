"""The hard gate: "may this person buy this, for delivery there?", decided on the server.

:func:`decide_checkout` combines the shipping rules (:mod:`.shipping_app`),
the age required at the destination and the product restrictions into one
:class:`~.decision.Decision` and asks the identity verifier;
:func:`check_checkout` does that, writes the audit log and sends
``checkout_checked``. The request hook and the
:func:`enforce_checkout` decorator run it before the shop's own checkout views.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from typing import Any, TypeVar, cast, overload

from flask import Request, current_app, g, jsonify, render_template, request
from flask.typing import ResponseReturnValue

from .age import AGE_INVALID, AGE_MISSING, AGE_UNDER_MINIMUM, check_age, earliest_today
from .audit import AuditEntry, AuditUnavailable
from .decision import ALLOWED, BLOCKED, UNVERIFIABLE, Decision, Reason, Status, worst
from .enforcement import Enforcement
from .extension import StorefrontState, get_state
from .i18n import gettext, lazy_gettext, rule_place_name
from .request_state import scratch
from .settings import CHECKOUT_FIELDS, CHECKOUT_KEYS, MIN_AGE, POLICY_VERSION
from . import shipping_app
from .shipping import _cart_key
from .signals import checkout_checked
from .verification import VerificationRequest

__all__ = ["CheckoutInput", "check_checkout", "decide_checkout", "enforce_checkout", "rules_min_age"]

log = logging.getLogger("storefront_plugin.checkout")

F = TypeVar("F", bound=Callable[..., Any])

_ADDRESS_KEYS = ("country", "region", "county", "city", "postal_code", "line1", "line2")
_UNSAFE = frozenset({"POST", "PUT", "PATCH", "DELETE"})

_MESSAGES = {
    AGE_MISSING: lazy_gettext("Please give your date of birth: we check the age of every buyer."),
    AGE_INVALID: lazy_gettext("We could not read that date of birth. Please enter a real date: day, month and year."),
    "age.verification_failed": lazy_gettext("The identity check did not confirm your age."),
    "age.verification_unavailable": lazy_gettext("We could not complete the identity check. Please try again later."),
    "audit.unavailable": lazy_gettext(
        "We cannot take orders at the moment because our compliance records are unavailable. "
        "Your order has not been placed; please try again later."
    ),
    "checkout.unreadable": lazy_gettext("We could not read your checkout details. Please go back and try again."),
    "shipping.unavailable": lazy_gettext("We could not check where this order may ship. Please try again later."),
}


@dataclass(frozen=True)
class CheckoutInput:
    """What the hook found for one guarded request."""

    address: Mapping[str, Any]
    birth_date: Any
    items: Sequence[Mapping[str, Any]] | None = None
    order_ref: str | None = None


# -- the decision ---------------------------------------------------------------


def _enforcement(state: StorefrontState) -> Enforcement:
    if state.enforcement is None:  # pragma: no cover - install() always sets it
        raise RuntimeError("storefront_plugin enforcement is not installed")
    return state.enforcement


def _place(jurisdictions: Sequence[str]) -> list[tuple[str, ...]]:
    places: list[tuple[str, ...]] = []
    for code in jurisdictions:
        country, _, state = code.partition("-")
        places.append((country, state) if state and "/" not in state else (country,))
    return places


def rules_min_age(jurisdictions: Sequence[str], day: date) -> int | None:
    """The highest ``min_age`` of the rules in force on ``day`` for a country or state (``("US", "US-FL")``)."""
    ruleset = get_state().ruleset
    if ruleset is None:
        return None
    ages = [
        rule.min_age
        for place in dict.fromkeys(_place(jurisdictions))
        for rule in ruleset.at(*place)
        if rule.min_age is not None and rule.active_on(day)
    ]
    return max(ages, default=None)


def _shipping(state: StorefrontState, address: Any, items: Any, on: date | None) -> Decision:
    try:
        return shipping_app.checker(state).check(address, items, on)  # check_shipping, on the state we hold
    except Exception:  # a bug must not let an order through, nor end in a 500
        log.exception("shipping check failed; the checkout fails closed")
        return Decision(UNVERIFIABLE, (Reason("shipping.unavailable", str(_MESSAGES["shipping.unavailable"])),))


def _age_reason(state: StorefrontState, shipping: Decision, code: str, required: int) -> Reason:
    if code != AGE_UNDER_MINIMUM:
        return Reason(code, str(_MESSAGES[code]))
    rule = None
    if state.ruleset is not None and required > state.get(MIN_AGE):
        for rule_id in shipping.extra.get("rules", ()):
            found = state.ruleset.get(rule_id)
            if found is not None and found.min_age == required:
                rule = found
                break
    if rule is None:
        return Reason(code, gettext("You must be at least %(age)s years old to buy these products.", age=required))
    return Reason(
        code,
        gettext(
            "You must be at least %(age)s years old to buy these products for delivery to %(place)s.",
            age=required,
            place=rule_place_name(rule),
        ),
        jurisdiction=rule.jurisdiction_label,
        rule_id=rule.id,
        source=rule.source,
        as_of=rule.as_of,
        confidence=rule.confidence,
    )


def _verify(enforcement: Enforcement, address: Any, required: int, shipping: Decision, order_ref: str | None) -> tuple[str, Reason | None, Status]:
    verifier = enforcement.verifier
    try:
        result = verifier.verify(
            VerificationRequest(
                address=address if isinstance(address, Mapping) else {},
                required_age=required,
                jurisdictions=shipping.jurisdictions,
                order_ref=order_ref,
            )
        )
    except Exception:
        log.exception("age verifier %r failed; the checkout fails closed", verifier.name)
        return verifier.name, Reason("age.verification_unavailable", str(_MESSAGES["age.verification_unavailable"])), UNVERIFIABLE
    if result.outcome == "verified":
        return result.method, None, ALLOWED
    code = "age.verification_failed" if result.outcome == "failed" else "age.verification_unavailable"
    status: Status = BLOCKED if result.outcome == "failed" else UNVERIFIABLE
    return result.method, Reason(code, result.message or str(_MESSAGES[code])), status


def _age_applies(state: StorefrontState, items: Sequence[Mapping[str, Any]] | None) -> bool:
    """Whether the buyer's age matters: always without a cart, else if any item is restricted.

    Restricted means a category some rule covers, or one the shop lists in
    STOREFRONT_NOTICE_CATEGORIES; an item we cannot read counts as restricted.
    """
    cart = _cart_key(items)
    if cart is None:
        return True
    restricted = _enforcement(state).restricted_categories
    return any(category is None or category in restricted for category, _attrs in cart)


def decide_checkout(
    address: Mapping[str, Any] | None,
    birth_date: Any,
    items: Sequence[Mapping[str, Any]] | None = None,
    on: date | None = None,
    *,
    order_ref: str | None = None,
) -> Decision:
    """The decision :func:`check_checkout` makes, without recording it; needs an app context.

    The arguments are those of :func:`check_checkout` but ``channel``, which
    only labels the audit entry. The decision is made the same way (shipping
    rules, the age required at the destination, product restrictions, and the
    identity verifier, which is asked as for an order), but nothing is written
    to the audit log and ``checkout_checked`` is not sent. Use it for a
    preview, such as a cart page; it is not a substitute for
    :func:`check_checkout` at the order step, which records every decision and
    fails closed when it cannot.
    """
    state = get_state()
    enforcement = _enforcement(state)
    today = on if isinstance(on, date) else earliest_today()
    shipping = _shipping(state, address, items, on)
    required = max(state.get(MIN_AGE), shipping.required_age or 0)

    reasons = list(shipping.reasons)
    statuses: list[Status] = [shipping.status]
    age = check_age(birth_date, required, today=today)
    method = enforcement.verifier.name
    if not _age_applies(state, items):
        method = "not-required"  # nothing in the cart is age-restricted: a tea infuser needs no birth date
    elif not age.ok:
        assert age.code is not None
        reasons.append(_age_reason(state, shipping, age.code, required))
        statuses.append(BLOCKED if age.code == AGE_UNDER_MINIMUM else UNVERIFIABLE)
    else:
        # A third-party check only makes sense once the declared age is good enough.
        method, reason, status = _verify(enforcement, address, required, shipping, order_ref)
        statuses.append(status)
        if reason is not None:
            reasons.append(reason)

    return Decision(
        status=worst(*statuses),
        reasons=tuple(reasons),
        required_age=required,
        jurisdictions=shipping.jurisdictions,
        rules_version=shipping.rules_version,
        verification_method=method,
        extra=dict(shipping.extra),
    )


def check_checkout(
    address: Mapping[str, Any] | None,
    birth_date: Any,
    items: Sequence[Mapping[str, Any]] | None = None,
    on: date | None = None,
    *,
    order_ref: str | None = None,
    channel: str = "call",
) -> Decision:
    """May this buyer, born on ``birth_date``, order ``items`` for delivery to ``address``?

    Needs an app context. ``birth_date`` is an ISO string, a ``date``, or a
    mapping of ``day``, ``month``, ``year``. ``on`` is the day whose rules and
    age apply (default: today, and for age the calendar day that started last
    on Earth). The decision is written to the audit log; if that fails the
    answer is ``"unverifiable"`` with ``audit.unavailable``.
    """
    state = get_state()
    decision = decide_checkout(address, birth_date, items, on, order_ref=order_ref)
    ref = str(order_ref)[:128] if order_ref is not None else None
    try:
        _enforcement(state).audit.record(
            AuditEntry(
                created_at=datetime.now(timezone.utc),
                status=decision.status,
                reason_codes=decision.codes,
                jurisdictions=decision.jurisdictions,
                rules_version=decision.rules_version,
                policy_version=state.get(POLICY_VERSION),
                verification_method=decision.verification_method,
                channel=channel,
                order_ref=ref,
            )
        )
    except AuditUnavailable:
        # Logged by the store; an order we cannot record is an order we do not take.
        unavailable = Reason("audit.unavailable", str(_MESSAGES["audit.unavailable"]))
        decision = replace(decision, status=worst(decision.status, UNVERIFIABLE), reasons=(*decision.reasons, unavailable))
    checkout_checked.send(
        current_app._get_current_object(),  # type: ignore[attr-defined]
        decision=decision,
        channel=channel,
        endpoint=request.endpoint if _in_request() else None,
        order_ref=ref,
    )
    return decision


def _in_request() -> bool:
    from flask import has_request_context

    return has_request_context()


# -- the hook and the decorator ----------------------------------------------------


def _submitted() -> Mapping[str, Any]:
    if request.is_json:
        try:
            body = request.get_json(silent=True)  # silent covers invalid JSON ...
        except RecursionError:  # ... but not nesting too deep to parse: the same unreadable input
            body = None
        return body if isinstance(body, Mapping) else {}
    return request.form


def gather(endpoint: str, fields: Mapping[str, str]) -> CheckoutInput:
    """The checkout data of this request: mapped form fields, then the registered loader's answer."""
    values: dict[str, Any] = {}
    for name, value in _submitted().items():
        key = fields.get(name, name if name in CHECKOUT_KEYS else None)
        if key is not None and isinstance(value, (str, int)):
            values[key] = value
    address = {key: values[key] for key in _ADDRESS_KEYS if key in values}
    birth: Any = values.get("birth_date")
    if birth is None and any(k in values for k in ("birth_day", "birth_month", "birth_year")):
        birth = {"day": values.get("birth_day"), "month": values.get("birth_month"), "year": values.get("birth_year")}
    found = CheckoutInput(address=address, birth_date=birth, order_ref=values.get("order_ref"))

    loaders = get_state().extension.checkout_loaders
    loader = loaders.get(endpoint) or loaders.get(None)
    if loader is None:
        return found
    extra = loader(endpoint)
    if extra is None:
        return found
    if not isinstance(extra, Mapping):
        raise TypeError(f"checkout loader returned {type(extra).__name__}; return a mapping or None")
    return CheckoutInput(
        address=extra.get("address", found.address),
        birth_date=extra.get("birth_date", found.birth_date),
        items=extra.get("items", found.items),
        order_ref=extra.get("order_ref", found.order_ref),
    )


def _blocked(decision: Decision) -> ResponseReturnValue:
    from .gate import _same_site_path, safe_next, wants_json

    if wants_json(request._get_current_object()):  # type: ignore[attr-defined]
        return jsonify(decision.as_dict()), 422

    # safe_next: a Referer on our host can still carry a path like //evil.example.
    back = request.script_root + safe_next(_same_site_path(request.referrer))
    html = render_template("storefront/checkout_blocked.html", decision=decision, back_url=back)
    return html, 422, {"Cache-Control": "no-store"}


def _judge(endpoint: str, fields: Mapping[str, str]) -> ResponseReturnValue | None:
    try:
        data = gather(endpoint, fields)
    except Exception:
        log.exception("checkout loader for %r failed; the checkout fails closed", endpoint)
        decision = Decision(UNVERIFIABLE, (Reason("checkout.unreadable", str(_MESSAGES["checkout.unreadable"])),))
        return _blocked(decision)
    decision = check_checkout(data.address, data.birth_date, data.items, order_ref=data.order_ref, channel="hook")
    scratch()["checkout_decision"] = decision
    g.storefront_checkout_decision = decision  # for the shop's view, as documented
    return None if decision.allowed else _blocked(decision)


def guard_request(state: StorefrontState | None = None, req: Request | None = None) -> ResponseReturnValue | None:
    """``before_request``: judge a POST to a guarded checkout endpoint before the shop's view runs.

    :mod:`.hooks` passes the app's state and the request object it already holds.
    """
    current = req if req is not None else request
    endpoint = current.endpoint
    if endpoint is None or current.method not in _UNSAFE:
        return None
    fields = _enforcement(state if state is not None else get_state()).endpoints.get(endpoint)
    if fields is None:
        return None
    return _judge(endpoint, fields)


@overload
def enforce_checkout(view: F) -> F: ...


@overload
def enforce_checkout(view: None = None, *, fields: Mapping[str, str] | None = None) -> Callable[[F], F]: ...


def enforce_checkout(view: F | None = None, *, fields: Mapping[str, str] | None = None) -> F | Callable[[F], F]:
    """Decorator alternative to ``STOREFRONT_CHECKOUT_ENDPOINTS``: guard one view's POSTs.

    ``@enforce_checkout`` or ``@enforce_checkout(fields={"dob": "birth_date"})``;
    the registered ``checkout_loader`` applies as for the hook. The decision
    is in ``g.storefront_checkout_decision`` when the view runs.
    """

    def wrap(func: F) -> F:
        @functools.wraps(func)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            endpoint = request.endpoint or func.__name__
            if request.method in _UNSAFE and scratch().get("checkout_decision") is None:
                state = get_state()
                common: dict[str, str] = state.get(CHECKOUT_FIELDS)
                mapping = {**common, **_enforcement(state).endpoints.get(endpoint, {}), **(fields or {})}
                blocked = _judge(endpoint, mapping)
                if blocked is not None:
                    return blocked
            return func(*args, **kwargs)

        return cast(F, guarded)

    return wrap(view) if view is not None else wrap
