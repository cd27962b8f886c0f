"""The JSON API: ``POST <prefix>/api/shipping-check``, and the body reader every endpoint shares.

Contract of every JSON endpoint: 200 with the answer, 400 with
``{"error": "..."}`` for a body that is not the JSON object we expect, 413
when the body is larger than ``STOREFRONT_MAX_JSON_BYTES``, and never a 500
(a failure inside becomes a fail-closed ``"unverifiable"`` decision).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from .address import ADDRESS_KEYS
from .decision import UNVERIFIABLE, Decision, Reason
from .i18n import gettext
from .settings import MAX_JSON_BYTES

__all__ = ["JsonBodyError", "failed_closed", "read_json_object", "register", "validate_address", "validate_items"]

logger = logging.getLogger(__name__)

#: Longest address field the API reads; no real address line comes near it.
MAX_FIELD_CHARS = 200


def register(bp: Blueprint) -> None:
    """Attach the shipping-check endpoint to ``bp``."""
    bp.add_url_rule("/api/shipping-check", "api_shipping_check", shipping_check, methods=["POST"])


class JsonBodyError(Exception):
    """The request body cannot be used; ``response()`` is the 400 or 413 to send."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.message = message
        self.status = status

    def response(self) -> ResponseReturnValue:
        return jsonify({"error": self.message}), self.status


def read_json_object(max_bytes: int | None = None) -> dict[str, Any]:
    """The current request's body parsed as a JSON object.

    Reuse this in every JSON endpoint so they share one size limit and one
    error shape::

        try:
            body = read_json_object()
            address = validate_address(body.get("address"))
        except JsonBodyError as exc:
            return exc.response()

    ``max_bytes`` defaults to ``STOREFRONT_MAX_JSON_BYTES``. Raises
    :class:`JsonBodyError` with status 413 for a larger body (checked against
    Content-Length before reading, and while reading chunked bodies) and 400
    for an empty body, invalid UTF-8 or JSON, or JSON that is not an object.
    """
    if max_bytes is None:
        from .extension import get_state

        max_bytes = get_state().get(MAX_JSON_BYTES)
    too_big = gettext("The request body is larger than %(limit)s bytes.", limit=max_bytes)
    if request.content_length is not None and request.content_length > max_bytes:
        raise JsonBodyError(too_big, 413)
    data = request.stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise JsonBodyError(too_big, 413)
    if not data.strip():
        raise JsonBodyError(gettext("Send a JSON object in the request body."))
    try:
        body = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise JsonBodyError(gettext("The request body is not valid JSON.")) from None
    if not isinstance(body, dict):
        raise JsonBodyError(gettext("The request body must be a JSON object."))
    return body


def validate_address(value: object) -> dict[str, Any]:
    """``value`` as an address mapping whose known fields are strings or null, else JsonBodyError."""
    if not isinstance(value, Mapping):
        raise JsonBodyError(gettext('"address" must be an object with country, region, county, city and postal_code.'))
    for key in (*ADDRESS_KEYS, "line1", "line2"):
        field = value.get(key)
        if field is not None and not isinstance(field, str):
            raise JsonBodyError(gettext('"address.%(field)s" must be a string.', field=key))
        if field is not None and len(field) > MAX_FIELD_CHARS:
            raise JsonBodyError(
                gettext('"address.%(field)s" is longer than %(limit)s characters.', field=key, limit=MAX_FIELD_CHARS)
            )
    return dict(value)


def validate_items(value: object) -> list[dict[str, Any]] | None:
    """``value`` as a list of items (``sku`` and ``category`` strings, optional ``attributes`` list), else JsonBodyError."""
    if value is None:
        return None
    problem = gettext('"items" must be a list of objects, each with "sku" and "category" strings.')
    if not isinstance(value, list):
        raise JsonBodyError(problem)
    for item in value:
        if not isinstance(item, Mapping) or not isinstance(item.get("sku"), str) or not isinstance(item.get("category"), str):
            raise JsonBodyError(problem)
        attributes = item.get("attributes")
        if attributes is not None and not (isinstance(attributes, list) and all(isinstance(a, str) for a in attributes)):
            raise JsonBodyError(gettext('"attributes" of an item must be a list of strings.'))
    return [dict(item) for item in value]


def failed_closed(exc: BaseException, rules_version: str = "") -> Decision:
    """The decision to send when checking itself failed: logged, and never allowed."""
    logger.exception("storefront_plugin: a check failed; answering unverifiable", exc_info=exc)
    message = gettext("We could not check this order just now; please try again or contact us.")
    return Decision(UNVERIFIABLE, (Reason("internal.error", message),), rules_version=rules_version)


def shipping_check() -> ResponseReturnValue:
    """``{"address": {...}, "items": [...]}`` -> the decision as JSON."""
    from .shipping_app import checker

    try:
        body = read_json_object()
        address = validate_address(body.get("address"))
        items = validate_items(body.get("items"))
    except JsonBodyError as exc:
        return exc.response()
    check = checker()
    try:
        decision = check.check(address, items)
    except Exception as exc:  # noqa: BLE001 - never a 500: fail closed instead
        decision = failed_closed(exc, check.ruleset.version)
    payload = decision.as_dict()
    payload["required_age"] = decision.required_age
    payload["jurisdictions"] = list(decision.jurisdictions)
    return jsonify(payload), 200
