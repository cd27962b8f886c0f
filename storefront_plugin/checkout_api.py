"""``POST <prefix>/api/checkout-check``: the checkout decision for script-driven and express checkouts.

Takes ``{"address": {...}, "birth_date": "1990-04-30" | {"day", "month", "year"}, "items": [...],
"order_ref": "..."}`` and answers like ``api/shipping-check`` (the body reader
and validators are shared with it): 200 with the decision whatever its
status, 400 with ``{"error"}`` for input it cannot read, 413 for an
oversized body. Never a 500: a failure inside is a fail-closed decision.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import Blueprint, jsonify
from flask.typing import ResponseReturnValue

from .api import MAX_FIELD_CHARS, JsonBodyError, failed_closed, read_json_object, validate_address, validate_items
from .checkout import check_checkout
from .i18n import gettext

__all__ = ["register"]

MAX_ORDER_REF_CHARS = 128


def register(bp: Blueprint) -> None:
    """Attach the endpoint to the blueprint."""
    bp.add_url_rule("/api/checkout-check", "api_checkout_check", checkout_check, methods=["POST"])


def checkout_check() -> ResponseReturnValue:
    """``{"address", "birth_date", "items", "order_ref"}`` -> the checkout decision as JSON."""
    try:
        body = read_json_object()
        address = validate_address(body.get("address"))
        items = validate_items(body.get("items"))
        birth = body.get("birth_date")
        if not (birth is None or isinstance(birth, (str, Mapping))) or (isinstance(birth, str) and len(birth) > MAX_FIELD_CHARS):
            raise JsonBodyError(
                gettext('"birth_date" must be a string like "1990-04-30" or an object with day, month and year.')
            )
        ref = body.get("order_ref")
        if ref is not None and not isinstance(ref, str):
            raise JsonBodyError(gettext('"order_ref" must be a string.'))
        if ref is not None and len(ref) > MAX_ORDER_REF_CHARS:  # the audit column's width: never cut a reference short
            raise JsonBodyError(gettext('"order_ref" is longer than %(limit)s characters.', limit=MAX_ORDER_REF_CHARS))
    except JsonBodyError as exc:
        return exc.response()
    try:
        decision = check_checkout(address, birth, items, order_ref=ref, channel="api")
    except Exception as exc:  # noqa: BLE001 - never a 500: fail closed instead
        decision = failed_closed(exc)
    payload = decision.as_dict()
    payload["required_age"] = decision.required_age
    payload["jurisdictions"] = list(decision.jurisdictions)
    return jsonify(payload), 200
